/**
 * Store keys. A subscription is one record per channel (`digest:sub:<channel>`); `digest:subscriptions` is the list
 * of subscribed channels, changed only through `Store.update` (compare-and-set), so admins subscribing different
 * channels at the same instant from different processes never drop each other's entry. Its format is unchanged
 * (a JSON array of channel ids), so a bot upgraded in place reads the subscriptions it already had.
 */
export const K = {
  index: 'digest:subscriptions',
  sub: (ch: string) => `digest:sub:${ch}`,
  cursor: (ch: string) => `digest:cursor:${ch}`,
  last: (ch: string) => `digest:last:${ch}`,
  lastPosted: (ch: string) => `digest:last-posted:${ch}`,
  lost: (ch: string) => `digest:lost:${ch}`,
  claim: (ch: string, slot: string) => `digest:claim:${ch}:${slot}`,
};
