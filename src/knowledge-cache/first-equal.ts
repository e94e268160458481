/**
 * Objects by value without a key string per object: the first object met that is `equal` to one, looked for among
 * those of its `group` (a field's value). Used to share equal facts in memory (codec.ts) and to write each value once
 * in the knowledge image (knowledge-image.ts).
 */

/** Bounds for a finder that lives as long as the process: groups kept, and objects kept per group. */
export interface FirstEqualBounds {
  /** Past this many groups all are dropped (sharing is lost for a while, never a value). */
  groups: number;
  /** Past this many objects in a group, later ones are not kept (rather than each compared with all before it). */
  perGroup: number;
}

/** `o`'s first equal object met so far (`o` itself when none). */
export function firstEqual<T>(group: (o: T) => unknown, equal: (a: T, b: T) => boolean, bounds?: FirstEqualBounds): (o: T) => T {
  const groups = new Map<unknown, T[]>();
  const maxGroups = bounds?.groups ?? Infinity;
  const perGroup = bounds?.perGroup ?? Infinity;
  return (o) => {
    const key = group(o);
    let same = groups.get(key);
    if (same === undefined) {
      if (groups.size >= maxGroups) groups.clear();
      groups.set(key, (same = []));
    }
    for (const known of same) if (equal(known, o)) return known;
    if (same.length < perGroup) same.push(o);
    return o;
  };
}
