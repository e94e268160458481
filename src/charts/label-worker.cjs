/**
 * The worker that lays chart labels out (text-paths.ts): resvg's constructor is synchronous, and laying out a batch
 * of new labels takes tens of milliseconds (well over 100 ms the first time the 9 MB Japanese font is read), so it
 * runs here, off the bot's event loop. Plain CommonJS with no TypeScript: it starts in about 40 ms, without a loader.
 * Asked `{ id, labels: [{ attrs, content }], inherited, files, family }`, it answers `{ id, paths: (string | null)[] }`
 * (the outlines of each label, or null when its output is not plain paths) or `{ id, error }`.
 */
const { parentPort } = require('node:worker_threads');
const { Resvg } = require('@resvg/resvg-js');

/** Coordinates to 2 decimals: a hundredth of a pixel is finer than the raster, and a shorter SVG parses faster. */
const shorten = (paths) => paths.replace(/-?\d+\.\d{3,}/g, (n) => String(Math.round(Number(n) * 100) / 100));

function layOut({ labels, inherited, files, family }) {
  const body = labels.map((l, i) => `<g id="l${i}"><text${l.attrs}>${l.content}</text></g>`).join('');
  const options = { font: { loadSystemFonts: false, fontFiles: files, defaultFontFamily: family, sansSerifFamily: family } };
  const tree = new Resvg(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"${inherited}>${body}</svg>`, options).toString();
  return labels.map((_, i) => {
    const start = tree.indexOf(`<g id="l${i}"`);
    if (start < 0) return null;
    const next = tree.indexOf('<g id="l', start + 1);
    const part = tree.slice(start, next < 0 ? tree.lastIndexOf('</svg>') : next);
    // Only plain outlines are kept; anything else (an image, a clip) stays text for resvg to draw.
    const elements = part.match(/<[a-z][^>]*>/g) ?? [];
    if (elements.some((e) => !/^<(g|path)\b/.test(e))) return null;
    return shorten((part.match(/<path\b[^>]*\/>/g) ?? []).join(''));
  });
}

parentPort.on('message', (request) => {
  try {
    parentPort.postMessage({ id: request.id, paths: layOut(request) });
  } catch (error) {
    parentPort.postMessage({ id: request.id, error: String(error && error.stack ? error.stack : error) });
  }
});
