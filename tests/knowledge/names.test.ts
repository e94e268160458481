import { describe, it, expect } from 'vitest';
import { NameTrie, textStream } from '../../src/knowledge/names.js';

const spans = (text: string, ms: { from: number; to: number }[]): string[] => {
  const s = textStream(text);
  return ms.map((m) => text.slice(s.starts[m.from], s.ends[m.to - 1]));
};

describe('NameTrie.scan', () => {
  const trie = new NameTrie<string>();
  trie.add('Anna Berg', 'ab');
  trie.add('Berg', 'b');
  trie.add('Carl', 'c');

  it('finds the longest match at each word start, left to right', () => {
    const text = 'Anna Berg met Carl and Berg.';
    expect(spans(text, trie.scan(textStream(text), []))).toEqual(['Anna Berg', 'Carl', 'Berg']);
  });

  it('passes over the matches starting at a covered stream index', () => {
    const text = 'Anna Berg met Carl and Berg.';
    const stream = textStream(text);
    const covered = new Uint8Array(stream.length);
    // Cover 'Carl' (stream index of its first character onwards, four characters).
    const carl = stream.starts.indexOf(text.indexOf('Carl'));
    covered.fill(1, carl, carl + 4);
    expect(spans(text, trie.scan(stream, [], covered))).toEqual(['Anna Berg', 'Berg']);
    // Covering only a later character of a match does not stop it: only its first index counts.
    const late = new Uint8Array(stream.length);
    late[carl + 1] = 1;
    expect(spans(text, trie.scan(stream, [], late))).toEqual(['Anna Berg', 'Carl', 'Berg']);
  });
});
