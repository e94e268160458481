/**
 * Test helper: Documents built straight from the seed files (one paragraph per line, a naive sentence split),
 * so the search tests do not depend on the corpus loader.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Document, Sentence } from '../../src/corpus/types.js';

export const SEEDS_DIR = fileURLToPath(new URL('../../seeds/', import.meta.url));

/** Language of each seed, by file-name prefix (the seeds are known data). */
const SEED_LANG: Record<string, string> = { '000': 'de', '001': 'de', '002': 'ru', '003': 'fr', '004': 'id' };

/** Splits text into sentences: one paragraph per non-empty line, then at . ! ? followed by a capital or digit. */
export function naiveSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = 0;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    for (const part of trimmed.split(/(?<=[.!?])\s+(?=[\p{Lu}\d«"„])/u)) {
      if (part.trim()) out.push({ index: out.length + 1, text: part.trim(), paragraph });
    }
    paragraph++;
  }
  return out;
}

/** A Document from raw text (test data). */
export function makeDocument(id: string, lang: string, text: string, extra: Partial<Document> = {}): Document {
  const sentences = naiveSentences(text);
  return {
    id,
    file: `${id}.txt`,
    lang,
    title: sentences[0]?.text ?? null,
    outlet: null,
    published: null,
    source: null,
    sentences,
    warnings: [],
    hash: createHash('sha256').update(text).digest('hex'),
    bytes: Buffer.byteLength(text),
    ...extra,
  };
}

/** The five seed articles as Documents. */
export function seedDocuments(): Document[] {
  return readdirSync(SEEDS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => makeDocument(f.replace(/\.txt$/, ''), SEED_LANG[f.slice(0, 3)] ?? 'und', readFileSync(SEEDS_DIR + f, 'utf8')));
}
