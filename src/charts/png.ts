/**
 * SVG → PNG with resvg (a prebuilt binary inside the npm package: no compile step, no system library), off the
 * event loop. Text is set only in the DejaVu Sans files of the `dejavu-fonts-ttf` package, never in system fonts,
 * so a chart renders the same on a fresh machine.
 */
import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';
import { FONT_FAMILY } from './svg.js';

const require = createRequire(import.meta.url);
const FONT_FILES = ['dejavu-fonts-ttf/ttf/DejaVuSans.ttf', 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'].map((f) => require.resolve(f));

export interface Png {
  png: Buffer;
  width: number;
  height: number;
}

export async function pngOf(svg: string): Promise<Png> {
  const image = await renderAsync(svg, {
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    // Bars and cells are axis-aligned rectangles: crisp edges look sharper and render faster than anti-aliasing.
    shapeRendering: 1,
  });
  return { png: image.asPng(), width: image.width, height: image.height };
}
