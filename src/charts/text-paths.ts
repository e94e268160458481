/**
 * Chart labels as outlines, laid out once. resvg spends most of a chart's render laying out text (shaping each
 * label against the font's tables: about 0.5 ms a label, 16 of a timeline's 30 ms), and the same labels come back
 * render after render ('Q4 2024', 'Leaders', the axis numbers, a title). So each distinct label is laid out once,
 * by resvg itself (its usvg output converts text to paths) in a worker thread (label-worker.cjs), and later SVGs
 * carry the cached outlines instead of the <text>: the render then loads no font and shapes nothing.
 * A render never waits for the worker: labels not laid out yet stay text, drawn by resvg with the fonts as before,
 * and once that render is done (not during it: on 2 cores they would slow each other) the worker lays them out for
 * the next render. If the worker cannot be used, labels simply stay text.
 */
import { Worker } from 'node:worker_threads';

/** Labels kept (about 2 KB each); past this, the oldest are dropped and laid out again if they come back. */
export const LABEL_CACHE_MAX = 4000;

export interface LabelFonts {
  /** The font files to lay labels out with (never system fonts). */
  files: readonly string[];
  /** The family for text that names none. */
  family: string;
}

interface Label {
  attrs: string;
  content: string;
}

/** The <text> elements svg.ts writes: x, y, other attributes, escaped content. */
const TEXT = /<text x="(-?[\d.]+)" y="(-?[\d.]+)"([^>]*)>([^<]*)<\/text>/g;
/** The root attributes a label inherits (family, size, fill). */
const ROOT = /^<svg\b[^>]*>/;
const INHERITED = /\s(font-family|font-size|fill)="[^"]*"/g;

const cache = new Map<string, string>();

/** Drops every cached outline (the bench measures a first render with it). */
export function forgetLabels(): void {
  cache.clear();
}

function remember(key: string, paths: string): void {
  cache.set(key, paths);
  if (cache.size > LABEL_CACHE_MAX) cache.delete(cache.keys().next().value!);
}

type Reply = { id: number; paths: Array<string | null> } | { id: number; error: string };

let worker: Worker | null = null;
let broken = false;
let nextId = 0;
const waiting = new Map<number, (paths: Array<string | null> | null) => void>();

function stopWorker(): void {
  broken = true;
  worker = null;
  for (const resolve of waiting.values()) resolve(null);
  waiting.clear();
}

/** The outlines of `labels`, from the worker (started on first use); null when it cannot answer. */
function layOut(labels: Label[], inherited: string, fonts: LabelFonts): Promise<Array<string | null> | null> {
  if (broken) return Promise.resolve(null);
  if (!worker) {
    try {
      worker = new Worker(new URL('./label-worker.cjs', import.meta.url));
      worker.on('message', (reply: Reply) => {
        const resolve = waiting.get(reply.id);
        waiting.delete(reply.id);
        if (waiting.size === 0) worker?.unref();
        resolve?.('paths' in reply ? reply.paths : null);
      });
      worker.on('error', stopWorker);
      worker.on('exit', stopWorker);
    } catch {
      stopWorker();
      return Promise.resolve(null);
    }
  }
  const id = nextId++;
  // Held only while it has work: an idle worker never keeps the process alive.
  worker.ref();
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    worker!.postMessage({ id, labels, inherited, files: [...fonts.files], family: fonts.family });
  });
}

const inFlight = new Set<string>();
let settled: Promise<void> = Promise.resolve();

/** Resolves when the labels asked for so far are laid out (tests wait on it instead of sleeping). */
export function labelsSettled(): Promise<void> {
  return settled;
}

export interface WithPaths {
  svg: string;
  /** Labels left as text: the render needs the fonts for them. */
  remaining: number;
  /** Sends the labels left as text to the worker, to be outlines next time (call it after rendering). */
  learn(): void;
}

/**
 * `svg` with every label whose outlines are cached drawn as paths, anti-aliased (the chart's crisp-edge setting is
 * for its bars); the others stay text this time.
 */
export function textAsPaths(svg: string, fonts: LabelFonts): WithPaths {
  const inherited = ((ROOT.exec(svg)?.[0] ?? '').match(INHERITED) ?? []).join('');
  // The fonts loaded are part of the key: a kanji laid out without the Japanese font is a box, not the kanji.
  const scope = `${fonts.files.join('|')}\u0000${inherited}\u0000`;
  const missing = new Map<string, Label>();
  let remaining = 0;
  const out = svg.replace(TEXT, (whole, x: string, y: string, attrs: string, content: string) => {
    const key = `${scope}${attrs}\u0000${content}`;
    const paths = cache.get(key);
    if (paths === undefined) {
      remaining++;
      if (!inFlight.has(key)) missing.set(key, { attrs, content });
      return whole;
    }
    return paths ? `<g transform="translate(${x} ${y})" shape-rendering="geometricPrecision">${paths}</g>` : '';
  });
  const learn = () => {
    const keys = [...missing.keys()].filter((key) => !inFlight.has(key) && !cache.has(key));
    if (!keys.length) return;
    for (const key of keys) inFlight.add(key);
    const done = layOut(keys.map((key) => missing.get(key)!), inherited, fonts).then((laid) => {
      keys.forEach((key, i) => {
        inFlight.delete(key);
        if (typeof laid?.[i] === 'string') remember(key, laid[i]);
      });
    });
    settled = Promise.all([settled, done]).then(() => undefined);
  };
  return { svg: out, remaining, learn };
}
