/**
 * The questions an engine puts to its search while idle (src/briefing/retrieval-warmup.ts, engine.prepare), and the
 * app asking it of the first engine over an index only.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { warmupQuestions } from '../../src/briefing/retrieval-warmup.js';
import { createEngine } from '../../src/briefing/engine.js';
import { buildApp } from '../../src/app.js';
import { loadCorpusDir } from '../../src/corpus-folder/load.js';
import type { CorpusDocument } from '../../src/corpus/types.js';

const SEEDS = join(import.meta.dirname, '../../seeds');

/** Documents by id and language, and their sentences by number (written here). */
function corpus(entries: Array<[id: string, lang: string, sentences: Record<number, string>]>) {
  const documents = entries.map(([id, lang]) => ({ id, lang }) as unknown as CorpusDocument);
  const text = new Map(entries.map(([id, , sentences]) => [id, sentences]));
  return { documents, sentenceText: (document: string, sentence: number) => text.get(document)?.[sentence] };
}

describe('warmupQuestions', () => {
  it('takes each language’s first long sentence, its first two words, and those words beside the next language’s', () => {
    const { documents, sentenceText } = corpus([
      ['a', 'en', { 0: 'Short title', 1: 'The ministers agreed on a new rail loan in Hanoi.' }],
      ['b', 'en', { 0: 'Another English sentence that is long enough.' }],
      ['c', 'ja', { 1: '両国の首脳は半導体と人材育成の協力で一致した。' }],
      ['d', 'de', { 0: 'Die Minister vereinbarten ein neues Abkommen.' }],
    ]);
    expect(warmupQuestions(documents, sentenceText)).toEqual([
      'The ministers agreed on a new rail loan in Hanoi.', 'The ministers',
      '両国の首脳は半導体と人材育成の協力で一致した。',
      'Die Minister vereinbarten ein neues Abkommen.', 'Die Minister',
      'The ministers 両国の首脳は半導体と人材育成の協力で一致した。', '両国の首脳は半導体と人材育成の協力で一致した。 Die Minister',
    ]);
  });

  it('passes over a language after three articles without a long sentence, and reads no further article of it', () => {
    const read: string[] = [];
    const { documents, sentenceText } = corpus([
      ['a', 'ko', { 0: '짧다' }], ['b', 'ko', {}], ['c', 'ko', { 0: '짧은 문장' }], ['d', 'ko', { 0: '이 문장은 충분히 길어서 질문이 될 수 있습니다.' }],
      ['e', 'fr', { 0: 'Les deux ministres ont signé un accord.' }], ['f', 'fr', { 0: 'Un autre article en français, assez long.' }],
    ]);
    const questions = warmupQuestions(documents, (document, sentence) => {
      read.push(document);
      return sentenceText(document, sentence);
    });
    expect(questions).toEqual(['Les deux ministres ont signé un accord.', 'Les deux']);
    expect(new Set(read)).toEqual(new Set(['a', 'b', 'c', 'e']));
  });
});

describe('engine.prepare with a warm-up', () => {
  it('asks one question per step once its search is prepared, keeps nothing, and then says it is done', async () => {
    const { documents } = await loadCorpusDir(SEEDS);
    const app = buildApp(documents, []);
    const asked: string[] = [];
    const engine = createEngine(app.knowledge, documents, {
      retrieve: (question, limit) => (asked.push(question), app.retrieve(question, limit)), sentenceText: app.textOf, warmRetrieval: true,
    });
    let steps = 1;
    while (!engine.prepare!()) steps++;
    const expected = warmupQuestions(documents, app.textOf);
    expect(new Set(documents.map((d) => d.lang)).size).toBeGreaterThan(1);
    expect(asked).toEqual(expected);
    expect(steps).toBeGreaterThanOrEqual(expected.length);
    expect(engine.prepare!()).toBe(true);
    expect(asked).toHaveLength(expected.length);
  });

  it('asks nothing without warmRetrieval, and the app asks it of the first engine over an index only', async () => {
    const { documents, warnings } = await loadCorpusDir(SEEDS);
    const first = buildApp(documents, warnings);
    const asked: string[] = [];
    const search = first.index.search.bind(first.index);
    first.index.search = (query, options) => (asked.push(query), search(query, options));
    const second = buildApp(documents, warnings, first.knowledge, { index: first.index });
    while (!second.engine.prepare!());
    expect(asked).toEqual([]);
    while (!first.engine.prepare!());
    expect(asked).toEqual(warmupQuestions(documents, first.textOf));
  });
});

describe('warmupQuestions of long sentences', () => {
  it('asks at most 12 words or 80 characters of a sentence', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`);
    const han = '両国の首脳は半導体と人材育成とエネルギーとインフラと防衛装備品の移転と農業と観光の分野における協力を一層強化していくことで一致し共同声明を発表した後に記者会見に臨んだ';
    const { documents, sentenceText } = corpus([['a', 'en', { 0: words.join(' ') }], ['b', 'ja', { 0: han }]]);
    const [long, two, ja] = warmupQuestions(documents, sentenceText);
    expect(long).toBe(words.slice(0, 12).join(' '));
    expect(two).toBe('word0 word1');
    expect(han.length).toBeGreaterThan(80);
    expect(ja).toBe(han.slice(0, 80));
    // Beside the English words in a mixed question, the same 80 characters.
    expect(warmupQuestions(documents, sentenceText).at(-1)).toBe(`word0 word1 ${han.slice(0, 80)}`);
  });
});
