/**
 * The time zones an admin can pick for a digest, for autocomplete: every zone the runtime knows, under its current
 * IANA name, UTC first.
 */
import { isTimeZone } from '../config.js';

/** At most this many choices (Discord's autocomplete limit). */
const CHOICES_MAX = 25;
/** ICU (Node 20) still lists some zones under their old IANA names; users type the current ones. */
const CURRENT_NAMES: ReadonlyMap<string, string> = new Map([
  ['Asia/Saigon', 'Asia/Ho_Chi_Minh'], ['Asia/Calcutta', 'Asia/Kolkata'], ['Europe/Kiev', 'Europe/Kyiv'],
  ['Asia/Rangoon', 'Asia/Yangon'], ['Asia/Katmandu', 'Asia/Kathmandu'], ['America/Godthab', 'America/Nuuk'],
  ['Atlantic/Faeroe', 'Atlantic/Faroe'], ['Pacific/Enderbury', 'Pacific/Kanton'],
]);

/** Computed once per process (a few hundred names): bounded memoization of a runtime constant. */
let zones: readonly string[] | undefined;

function timeZones(): readonly string[] {
  if (!zones) {
    const all = Intl.supportedValuesOf('timeZone').map((z) => {
      const current = CURRENT_NAMES.get(z);
      return current && isTimeZone(current) ? current : z;
    });
    zones = all.includes('UTC') ? all : ['UTC', ...all];
  }
  return zones;
}

/** Time zones matching what the user typed: prefix matches first, then anywhere (case-insensitive, '_' = ' '). */
export function timeZoneChoices(typed: string): Array<{ name: string; value: string }> {
  const q = typed.trim().toLowerCase().replace(/[\s_]+/g, '_');
  const all = timeZones();
  const starts = all.filter((z) => z.toLowerCase().startsWith(q) || z.toLowerCase().split('/').some((part) => part.startsWith(q)));
  const contains = all.filter((z) => !starts.includes(z) && z.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, CHOICES_MAX).map((z) => ({ name: z, value: z }));
}
