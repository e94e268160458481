/**
 * The assembler's candidate index: meeting groups (by number, in the order they were filed) under a key (a
 * participant or a pair of them) and a tier (a date prefix, an occasion, or '*').
 *
 * Two levels instead of one map of "key|tier" strings: at 100,000 articles that map held about 3.6 million keys,
 * each a concatenated string with its flat copy and a list of its own, mostly of one group. Here a key's tiers share
 * one map, each tier string is held once for the whole index, and a slot of one group holds the number itself.
 */
export interface MeetingSlots {
  /** Files group `g` under (key, tier), after the groups already there (unless it is the last of them). */
  add(key: string, tier: string, g: number): void;
  /** Takes group `g` out of (key, tier). */
  remove(key: string, tier: string, g: number): void;
  /** The groups under (key, tier), oldest first: a number when there is one. */
  get(key: string, tier: string): number | readonly number[] | undefined;
  /**
   * Copies each list of groups to its exact size (a list pushed to keeps room for 16 more): for once everything is
   * filed (a restore), as most slots then stay as they are.
   */
  compact(): void;
}

export function createMeetingSlots(): MeetingSlots {
  const byKey = new Map<string, Map<string, number | number[]>>();
  /** Each tier string once ('=2024-05-12' is a tier of thousands of keys). */
  const tiers = new Map<string, string>();
  const tierOf = (tier: string): string => {
    const known = tiers.get(tier);
    if (known !== undefined) return known;
    tiers.set(tier, tier);
    return tier;
  };
  return {
    add(key, tier, g) {
      let slots = byKey.get(key);
      if (!slots) byKey.set(key, (slots = new Map()));
      const list = slots.get(tier);
      if (list === undefined) slots.set(tierOf(tier), g);
      else if (typeof list === 'number') {
        if (list !== g) slots.set(tier, [list, g]);
      } else if (list[list.length - 1] !== g) list.push(g);
    },
    remove(key, tier, g) {
      const slots = byKey.get(key);
      const list = slots?.get(tier);
      if (list === undefined) return;
      if (typeof list === 'number') {
        if (list !== g) return;
      } else {
        const at = list.indexOf(g);
        if (at < 0) return;
        if (list.length > 1) {
          list.splice(at, 1);
          return;
        }
      }
      slots!.delete(tier);
      if (!slots!.size) byKey.delete(key);
    },
    get: (key, tier) => byKey.get(key)?.get(tier),
    compact() {
      for (const slots of byKey.values()) for (const [tier, list] of slots) if (typeof list !== 'number' && list.length > 2) slots.set(tier, list.slice());
    },
  };
}
