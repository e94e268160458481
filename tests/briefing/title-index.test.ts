import { describe, expect, it } from 'vitest';
import { titleIndex } from '../../src/briefing/title-index.js';
import { normalizeName } from '../../src/knowledge/people.js';

describe('the titles of the /sources autocomplete', () => {
  const titles = ['Hà Nội hosts talks', null, 'Talks in TOKYO', 'Semiconductor deal', 'Ханой и Токио', '東京で会談', 'talks, again'];
  const index = titleIndex(titles);
  /** What a search of each folded title finds, in order: what the index must give. */
  const oneByOne = (q: string, max: number) => {
    const found: number[] = [];
    titles.forEach((t, i) => {
      if (found.length < max && normalizeName(t ?? '').includes(q)) found.push(i);
    });
    return found;
  };

  it('finds the first titles holding a folded query, in order, as a search of each title would', () => {
    for (const q of ['talks', 'tokyo', 'ha noi', 'ханои', '東京', 's', 'deal', 'nothing here', 'talks in']) {
      for (const max of [1, 2, 25]) expect([...index.matching(normalizeName(q), max)], `${q} ${max}`).toEqual(oneByOne(normalizeName(q), max));
    }
  });

  it('folds in steps to the same index', () => {
    const stepped = titleIndex(titles);
    let steps = 1;
    while (!stepped.foldSome(2)) steps++;
    expect(steps).toBe(Math.ceil(titles.length / 2));
    expect(stepped.foldSome(2)).toBe(true);
    for (const q of ['talks', 'tokyo', '東京', 's']) expect([...stepped.matching(normalizeName(q), 25)]).toEqual(oneByOne(normalizeName(q), 25));
  });

  it('matches no query across two titles, and every title for an empty one', () => {
    // 'deal' ends one title and 'ханои' starts the next: together they are no title.
    expect(index.matching(`${normalizeName('deal')}${normalizeName('Ханой')}`, 25).size).toBe(0);
    expect([...index.matching('', 3)]).toEqual([0, 1, 2]);
    expect(titleIndex([]).matching('a', 5).size).toBe(0);
  });
});
