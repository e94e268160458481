import { describe, expect, it } from 'vitest';
import { renderAsync } from '@resvg/resvg-js';
import { fontFiles, pngOf } from '../../src/charts/png.js';
import { labelsSettled, textAsPaths } from '../../src/charts/text-paths.js';
import { FONT_FAMILY } from '../../src/charts/svg.js';
import { decodePng } from '../helpers/png.js';

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="60" font-family="${FONT_FAMILY}" font-size="12" fill="#212121"><rect width="320" height="60" fill="#ffffff"/>`
  + '<text x="8" y="24" font-size="18" font-weight="bold">Các cuộc gặp 2024</text><text x="312" y="50" text-anchor="end" fill="#616161">Q4 2024 · Leaders 3</text></svg>';

describe('labels as cached outlines', () => {
  it('leaves new labels as text once, then draws them from the outlines the worker laid out', async () => {
    const fonts = { files: fontFiles(), family: FONT_FAMILY };
    const first = textAsPaths(SVG, fonts);
    expect(first).toMatchObject({ svg: SVG, remaining: 2 });
    first.learn();
    await labelsSettled();
    const next = textAsPaths(SVG, fonts);
    expect(next.remaining).toBe(0);
    expect(next.svg).not.toContain('<text');
    expect(next.svg).toContain('<g transform="translate(312 50)" shape-rendering="geometricPrecision"><path');
  });

  it('draws the same picture as resvg setting the text itself (anti-aliasing aside)', async () => {
    await pngOf(SVG);
    await labelsSettled();
    const viaPaths = decodePng((await pngOf(SVG)).png);
    const viaText = decodePng((await renderAsync(SVG, { font: { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: FONT_FAMILY }, shapeRendering: 1 })).asPng());
    let differing = 0;
    let worst = 0;
    for (let i = 0; i < viaPaths.pixels.length; i++) {
      const d = Math.abs(viaPaths.pixels[i]! - viaText.pixels[i]!);
      if (d) differing++;
      worst = Math.max(worst, d);
    }
    expect(worst).toBeLessThanOrEqual(32);
    expect(differing).toBeLessThan(viaPaths.pixels.length / 200);
  });
});
