/**
 * Lookups keyed by data (a heading, a locale, an option name from Discord) into plain objects read from JSON: only
 * the object's own keys count, so "toString" or "constructor" finds nothing instead of a built-in of Object.prototype.
 */

/** `record[key]` when `key` is one of the record's own keys, else undefined. */
export function ownValue<V>(record: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
