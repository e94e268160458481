/**
 * Lists an assembler hands out with a knowledge and keeps changing afterwards. A knowledge handed out never changes
 * under its reader, yet copying every list at each knowledge() costs tens of milliseconds at 100,000 articles: the
 * lists are handed out as they are and copied by the first change after that (copy on write), so a change copies
 * only the lists it touches, once. A copy keeps spare room at its end (ROOM): a live change removes an article and
 * adds it back, and growing a copy made to its exact size copied the whole list a second time (712,000 statements:
 * 9 against 4.4 ms, and as much garbage again). A copy may also be made ahead, while idle (copyAhead): the next change
 * then takes it instead of copying (at 100,000 articles the copies were over half of a change's time).
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
  /**
   * Makes ahead the copy the next change of `list` will need, when `list` was handed out, is long enough for a copy
   * to cost (`copyAheadMin`) and has none yet; true when one was made (a step of idle work). The copy is the list as
   * it is: a list handed out never changes.
   */
  copyAhead(list: readonly unknown[]): boolean;
}

/**
 * Spare slots a copy keeps at its end: what an article's facts add back to a list (its statements, a few dozen) fits
 * without the list growing. A packed list of nulls: a holey one would make the copy holey, and V8 splices and copies a
 * holey list several times slower.
 */
const ROOM: readonly null[] = Array.from({ length: 256 }, () => null);

/** Lists shorter than this get no copy made ahead: copied when changed, in well under a millisecond. */
export const COPY_AHEAD_MIN = 4096;

/**
 * A copy of `list` to change: the same items, with ROOM's spare slots left at its end. Cutting the length back keeps
 * the elements packed, and the capacity too, but for a list shorter than ROOM (V8 trims a backing store more than
 * half unused): copying one costs nothing anyway.
 */
function roomyCopy<T>(list: readonly T[]): T[] {
  const copy = (list as T[]).concat(ROOM as T[]);
  copy.length = list.length;
  return copy;
}

/** `copyAheadMin`: lists shorter than this get no copy made ahead (COPY_AHEAD_MIN). */
export function createSharedLists(copyAheadMin = COPY_AHEAD_MIN): SharedLists {
  const handed = new WeakSet<readonly unknown[]>();
  // Weak: a list let go (replaced without a change, or with the assembler) takes its copy made ahead with it.
  const ahead = new WeakMap<readonly unknown[], unknown[]>();
  const writable = <T>(list: T[]): T[] => {
    if (!handed.has(list)) return list;
    const copy = ahead.get(list) as T[] | undefined;
    if (!copy) return roomyCopy(list);
    // Taken once: the copy is the caller's to change from now on.
    ahead.delete(list);
    return copy;
  };
  const spliced = <T>(list: T[], at: number, deleteCount: number, items: readonly T[] = []): T[] => {
    const mine = writable(list);
    mine.splice(at, deleteCount, ...items);
    return mine;
  };
  return {
    handOut(list) {
      handed.add(list);
      return list;
    },
    writable,
    appended(list, items) {
      if (!items.length) return list;
      const mine = writable(list);
      for (const x of items) mine.push(x);
      return mine;
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
    copyAhead(list) {
      if (list.length < copyAheadMin || !handed.has(list) || ahead.has(list)) return false;
      ahead.set(list, roomyCopy(list));
      return true;
    },
  };
}
