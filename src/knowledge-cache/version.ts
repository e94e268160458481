/**
 * The cache version: EXTRACTOR_VERSION and a hash of every source and data file of the extractor (src/corpus and
 * src/knowledge, .ts and .json), so a code or lexicon change rebuilds the cache once.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump to force a rebuild (the extractor's code and data files are hashed automatically). */
export const EXTRACTOR_VERSION = 4;

/** Folders whose code and data files are part of the cache version: what produces a document's facts. */
export const DATA_DIRS: readonly string[] = [
  fileURLToPath(new URL('../knowledge/', import.meta.url)),
  fileURLToPath(new URL('../corpus/', import.meta.url)),
];

const VERSIONED = /\.(json|ts)$/;

function versionedFilesUnder(dir: string): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .flatMap((e) => (e.isDirectory() ? versionedFilesUnder(join(dir, e.name)) : VERSIONED.test(e.name) ? [join(dir, e.name)] : []))
    .sort();
}

/**
 * The cache version: EXTRACTOR_VERSION plus a hash of the names and bytes of every .ts and .json file under
 * `dataDirs` (about 1 MB, read once at start-up).
 */
export function cacheVersion(dataDirs: readonly string[] = DATA_DIRS, extractorVersion: number | string = EXTRACTOR_VERSION): string {
  const h = createHash('sha256');
  for (const dir of dataDirs) {
    for (const file of versionedFilesUnder(dir)) {
      h.update(file.slice(dir.length)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return `x${extractorVersion}-${h.digest('hex').slice(0, 16)}`;
}

/** Folders whose code and data decide the engine's rankings (briefing/rankings.ts) beyond what the cache version covers. */
export const RANKING_DIRS: readonly string[] = [fileURLToPath(new URL('../briefing/', import.meta.url))];

let rankings: string | undefined;

/**
 * The version of the code that ranks statements and meetings (src/briefing, hashed like the cache version): rankings
 * kept in a knowledge snapshot by another version are made again rather than trusted.
 */
export function rankingsVersion(): string {
  return (rankings ??= cacheVersion(RANKING_DIRS, 'r1'));
}
