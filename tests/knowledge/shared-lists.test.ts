/** Copy-on-write lists (src/knowledge/shared-lists.ts): a list handed out never changes; runs are cut out by identity. */
import { describe, expect, it } from 'vitest';
import { createSharedLists } from '../../src/knowledge/shared-lists.js';

const items = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ tag, i }));

describe('shared lists', () => {
  it('changes a list in place until it is handed out, then copies it once', () => {
    const shared = createSharedLists();
    const list = items(3, 'a');
    expect(shared.writable(list)).toBe(list);
    const handed = shared.handOut(list);
    const copy = shared.writable(list);
    expect(copy).not.toBe(list);
    expect(copy).toEqual(list);
    copy.push({ tag: 'b', i: 0 });
    expect(handed).toHaveLength(3);
    // The copy was never handed out: changed in place from then on.
    expect(shared.writable(copy)).toBe(copy);
  });

  it('appends and splices in place until handed out, then makes the changed copy in one step', () => {
    const shared = createSharedLists();
    const list = items(3, 'a');
    const [x, y] = items(2, 'x');
    expect(shared.appended(list, [x!])).toBe(list);
    expect(shared.spliced(list, 0, 1, [y!])).toBe(list);
    expect(list).toEqual([y, list[1], list[2], x]);
    const handed = shared.handOut(list);
    const before = [...handed];
    const longer = shared.appended(handed, [x!, y!]);
    expect(longer).not.toBe(handed);
    expect(longer).toEqual([...before, x, y]);
    const shorter = shared.spliced(handed, 1, 2);
    expect(shorter).toEqual([before[0], before[3]]);
    expect(handed).toEqual(before);
    // Nothing to append: the list as it is, handed out or not.
    expect(shared.appended(handed, [])).toBe(handed);
    // The copies were never handed out: changed in place from then on.
    expect(shared.appended(longer, [x!])).toBe(longer);
    expect(shared.spliced(shorter, 0, 0, [x!])).toBe(shorter);
    // Items that are lists stay items.
    const nested = shared.handOut([[1], [2]]);
    expect(shared.appended(nested, [[3, 4]])).toEqual([[1], [2], [3, 4]]);
  });

  it('cuts a run of items out by the first one, and copies a handed-out list rather than change it', () => {
    const shared = createSharedLists();
    const [a, b, c] = [items(4, 'a'), items(3, 'b'), items(2, 'c')];
    const list = [...a, ...b, ...c];
    const inPlace = shared.without(list, b);
    expect(inPlace).toBe(list);
    expect(inPlace).toEqual([...a, ...c]);
    const handed = shared.handOut(inPlace);
    const cut = shared.without(handed, a);
    expect(cut).toEqual(c);
    expect(handed).toEqual([...a, ...c]);
    // Nothing to cut, or not there: the list as it is.
    expect(shared.without(cut, [])).toBe(cut);
    expect(shared.without(cut, items(1, 'z'))).toBe(cut);
  });

  it('filters items that do not sit together, in order, by identity (equal objects stay)', () => {
    const shared = createSharedLists();
    const [a, b] = [items(3, 'a'), items(3, 'b')];
    const list = [a[0]!, b[0]!, a[1]!, b[1]!, a[2]!, b[2]!];
    expect(shared.without(list, a)).toEqual(b);
    const twin = { ...b[0]! };
    expect(shared.without([b[0]!, twin, b[1]!], [b[1]!, b[0]!])).toEqual([twin]);
    // A run that starts at the list's end and would run past it.
    expect(shared.without([a[0]!, a[1]!], [a[1]!, a[2]!])).toEqual([a[0]!]);
  });

  it('gives a copy the items of the change and nothing of its spare room, however much is added', () => {
    const shared = createSharedLists();
    const list = shared.handOut(items(5, 'a'));
    // Removed then added back, as a live change does: more items than the copy's spare room, then fewer.
    const cut = shared.spliced(list, 1, 2);
    const many = items(300, 'm');
    const grown = shared.spliced(cut, 1, 0, many);
    expect(grown).toBe(cut);
    expect(grown).toEqual([list[0], ...many, list[3], list[4]]);
    expect(grown.includes(null as never)).toBe(false);
    expect(shared.appended(shared.handOut(grown), [list[1]!])).toEqual([list[0], ...many, list[3], list[4], list[1]]);
    // An empty list handed out.
    const empty = shared.handOut([] as { tag: string; i: number }[]);
    expect(shared.appended(empty, [list[2]!])).toEqual([list[2]]);
    expect(empty).toEqual([]);
    expect(list).toEqual(items(5, 'a'));
  });

  it('makes a copy ahead of a change only of a long list handed out, and the change takes it once', () => {
    const shared = createSharedLists(4);
    const short = shared.handOut(items(3, 's'));
    const kept = items(6, 'k');
    // Too short, or not handed out (changed in place): no copy ahead.
    expect(shared.copyAhead(short)).toBe(false);
    expect(shared.copyAhead(kept)).toBe(false);
    const list = shared.handOut(items(6, 'a'));
    expect(shared.copyAhead(list)).toBe(true);
    // One copy ahead per list.
    expect(shared.copyAhead(list)).toBe(false);
    const changed = shared.spliced(list, 1, 2, items(1, 'x'));
    expect(changed).not.toBe(list);
    expect(changed).toEqual([list[0], { tag: 'x', i: 0 }, list[3], list[4], list[5]]);
    expect(list).toEqual(items(6, 'a'));
    // The copy was taken: a second change of the handed-out list copies it again, from the list as handed out.
    const again = shared.writable(list);
    expect(again).not.toBe(changed);
    expect(again).toEqual(list);
    // The change's list, not handed out, has no copy made ahead and changes in place.
    expect(shared.copyAhead(changed)).toBe(false);
    expect(shared.appended(changed, items(1, 'y'))).toBe(changed);
  });
});
