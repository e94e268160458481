/**
 * Whether JSON carries a value exactly: JSON.parse(JSON.stringify(value)) has the same fields, in the same order,
 * with the same values. Plain data (extracted facts, documents) is sent and stored as JSON when it is: JSON.parse
 * is faster than v8's deserialize and its objects take less heap (an object deserialized by v8 gets its fields one
 * by one, and most of them end up in a separate property array).
 */

/**
 * True when `value` is JSON-exact: strings, booleans, null, finite numbers other than -0, and arrays (without holes)
 * and plain objects of such values. Not: undefined anywhere (JSON drops the field or writes null), NaN, infinities,
 * -0, functions, symbols, bigints, and objects of a class (a Map, a Date). Shared objects are exact but come back as
 * copies; cyclic ones are never data here.
 */
export function jsonExact(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !jsonExact(value[i])) return false;
        return true;
      } else {
        const proto = Object.getPrototypeOf(value) as unknown;
        if (proto !== Object.prototype && proto !== null) return false;
        for (const key in value) if (!jsonExact((value as Record<string, unknown>)[key])) return false;
        return true;
      }
    default:
      return false;
  }
}
