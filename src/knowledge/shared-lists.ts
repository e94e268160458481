/**
 * Lists an assembler hands out with a knowledge and keeps changing afterwards. A knowledge handed out never changes
 * under its reader, yet copying every list at each knowledge() costs tens of milliseconds at 100,000 articles: the
 * lists are handed out as they are and copied by the first change after that (copy on write), so a change copies
 * only the lists it touches, once. The copy is the change itself (toSpliced), not a copy then the change: a copy
 * has no spare room, so a push onto it copied the whole list a second time.
 */
export interface SharedLists {
  /** `list`, from now on handed out: the next change copies it first. */
  handOut<T>(list: T[]): T[];
  /** `list` if it was not handed out, else a copy of it to change in its place (for several changes in a row). */
  writable<T>(list: T[]): T[];
  /** `list` with `items` appended: in place, or one copy that holds them when it was handed out. */
  appended<T>(list: T[], items: readonly T[]): T[];
  /** `list` spliced (`deleteCount` items at `at` replaced by `items`): in place, or one copy when it was handed out. */
  spliced<T>(list: T[], at: number, deleteCount: number, items?: readonly T[]): T[];
  /**
   * `list` without the items of `run`: one document's items, which sit together and in order in a list kept in
   * document order, are found by the first one and cut out with one splice; items that do not sit so are filtered
   * out by identity instead.
   */
  without<T>(list: T[], run: readonly T[]): T[];
}

export function createSharedLists(): SharedLists {
  const handed = new WeakSet<readonly unknown[]>();
  const spliced = <T>(list: T[], at: number, deleteCount: number, items: readonly T[] = []): T[] => {
    // toSpliced is several times slower on a holey list than slice then splice: the assembler's lists are packed
    // (pushed, or decoded packed from the knowledge image).
    if (handed.has(list)) return list.toSpliced(at, deleteCount, ...items);
    list.splice(at, deleteCount, ...items);
    return list;
  };
  return {
    handOut(list) {
      handed.add(list);
      return list;
    },
    writable: (list) => (handed.has(list) ? list.slice() : list),
    appended(list, items) {
      if (!items.length) return list;
      if (handed.has(list)) return list.toSpliced(list.length, 0, ...items);
      for (const x of items) list.push(x);
      return list;
    },
    spliced,
    without(list, run) {
      if (!run.length) return list;
      const at = list.indexOf(run[0]!);
      if (at < 0) return list;
      let together = at + run.length <= list.length;
      for (let i = 1; together && i < run.length; i++) together = list[at + i] === run[i];
      if (!together) {
        const mine = new Set<unknown>(run);
        return list.filter((x) => !mine.has(x));
      }
      return spliced(list, at, run.length);
    },
  };
}
