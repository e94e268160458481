/**
 * A cron schedule in words, as a subscriber reads it: "every Monday at 08:00, Asia/Ho_Chi_Minh". Expressions with no
 * short reading (steps on minutes, both day of month and weekday restricted) are shown as the cron text.
 */
import { parseCron } from './schedule.js';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** More times of day than this are not listed one by one. */
const MAX_TIMES = 4;

function listed(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

function timesOf(minutes: number[], hours: number[]): string | null {
  if (minutes.length * hours.length <= MAX_TIMES) return `at ${listed(hours.flatMap((h) => minutes.map((m) => `${pad(h)}:${pad(m)}`)))}`;
  if (minutes.length === 1 && hours.length === 24) return `every hour at :${pad(minutes[0]!)}`;
  return null;
}

function daysOf(days: Set<number>, weekdays: Set<number>): string | null {
  const everyDate = days.size === 31;
  const everyWeekday = weekdays.size === 7;
  if (everyDate && everyWeekday) return 'every day';
  if (everyDate) {
    const set = [...weekdays].sort((a, b) => a - b);
    if (set.join() === '1,2,3,4,5') return 'every weekday (Monday to Friday)';
    // Sunday last, as a week reads in the two countries.
    return `every ${listed([...set.filter((d) => d !== 0), ...set.filter((d) => d === 0)].map((d) => WEEKDAYS[d]!))}`;
  }
  if (everyWeekday) {
    const list = [...days].sort((a, b) => a - b).map(String);
    return `on day${list.length > 1 ? 's' : ''} ${listed(list)} of the month`;
  }
  return null;
}

/** "every Monday at 08:00, Asia/Ho_Chi_Minh"; the cron text ("cron 0 8 13 * 5, UTC") when there is no short reading. */
export function scheduleInWords(cron: string, timezone: string): string {
  const fields = parseCron(cron);
  const times = fields && timesOf(fields.minutes, fields.hours);
  const days = fields && daysOf(fields.days, fields.weekdays);
  if (!fields || !times || !days) return `cron ${cron}, ${timezone}`;
  const months = fields.months.size === 12 ? '' : ` in ${listed([...fields.months].sort((a, b) => a - b).map((m) => MONTH_NAMES[m - 1]!))}`;
  const when = times.startsWith('every hour') ? `${days}${months}, ${times}` : `${days}${months} ${times}`;
  return `${when}, ${timezone}`;
}
