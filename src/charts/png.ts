/**
 * SVG → PNG with resvg (a prebuilt binary inside the npm package: no compile step, no system library), off the
 * event loop. Text is set only in fonts from npm packages, never in system fonts, so a chart renders the same on a
 * fresh machine: DejaVu Sans (`dejavu-fonts-ttf`) for Latin and Vietnamese, and for Japanese charts Noto Sans JP
 * (`@embedpdf/fonts-jp`, OpenType files resvg reads as they are; see docs/charts.md for why this package).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { lazyPackage } from '../corpus/lazy-package.js';
import { FONT_FAMILY } from './svg.js';
import { textAsPaths } from './text-paths.js';

const require = createRequire(import.meta.url);
/** The renderer (a native module), loaded with the first chart: a start draws none. */
const resvg = lazyPackage<typeof import('@resvg/resvg-js')>('@resvg/resvg-js');
const FONT_FILES = ['dejavu-fonts-ttf/ttf/DejaVuSans.ttf', 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'].map((f) => require.resolve(f));
/**
 * Only the two weights the charts use, of the seven the package ships, and only for Japanese charts: resvg reads
 * every font it is given on each render, and 9 MB of CJK outlines are wasted on an English chart.
 */
const JAPANESE_FONT_FILES = ['NotoSansJP-Regular.otf', 'NotoSansJP-Bold.otf'].map((f) => join(dirname(require.resolve('@embedpdf/fonts-jp')), '..', 'fonts', f));

export interface Png {
  png: Buffer;
  width: number;
  height: number;
}

export interface PngOptions {
  /** Load the Japanese font (a chart with Japanese text). */
  japanese?: boolean;
}

export function fontFiles(options: PngOptions = {}): string[] {
  return options.japanese ? [...FONT_FILES, ...JAPANESE_FONT_FILES] : FONT_FILES;
}

const fontOptions = (files: string[]) => ({ loadSystemFonts: false, fontFiles: files, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY });

export async function pngOf(svg: string, options: PngOptions = {}): Promise<Png> {
  const files = fontFiles(options);
  // Labels come as cached outlines (text-paths.ts): when none is left as text, the render needs no font at all.
  // New labels stay text this once, and the fonts are loaded for them.
  const prepared = textAsPaths(svg, { files, family: FONT_FAMILY });
  const image = await resvg().renderAsync(prepared.svg, {
    font: fontOptions(prepared.remaining ? files : []),
    // Bars and cells are axis-aligned rectangles: crisp edges look sharper and render faster than anti-aliasing.
    shapeRendering: 1,
  });
  const png = image.asPng();
  prepared.learn();
  return { png, width: image.width, height: image.height };
}
