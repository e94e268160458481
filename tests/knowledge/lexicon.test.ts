import { describe, it, expect } from 'vitest';
import { compileLexicon, matchLexicon } from '../../src/knowledge/lexicon.js';

const hits = (index: ReturnType<typeof compileLexicon<string>>, text: string): [string, string][] =>
  matchLexicon(index, text).map((h) => [h.tag, text.slice(h.start, h.end)]);

describe('matchLexicon', () => {
  // An index with in-word triggers only in Han script reads a text without Han at its word starts alone, a text with
  // some Han at every position: both must give what the trigger syntax says.
  const index = compileLexicon<string>([['meet', 'meet'], ['talk', 'talks$'], ['ministry', '外務省'], ['invest', '*invest']]);
  const hanOnly = compileLexicon<string>([['meet', 'meet'], ['talk', 'talks$'], ['ministry', '外務省']]);

  it('matches word-start triggers, with their inflection, and not inside a word', () => {
    expect(hits(hanOnly, 'They meet often; the meetings and talks went on. Remeet, talkshow.')).toEqual([
      ['meet', 'meet'], ['meet', 'meetings'], ['talk', 'talks'],
    ]);
  });

  it('matches Han triggers inside a run of Han, beside Latin words', () => {
    expect(hits(hanOnly, 'meet 日本外務省 talks')).toEqual([['meet', 'meet'], ['ministry', '外務省'], ['talk', 'talks']]);
  });

  it('matches a `*` trigger inside a word', () => {
    expect(hits(index, 'Reinvestment talks')).toEqual([['invest', 'investment'], ['talk', 'talks']]);
  });
});
