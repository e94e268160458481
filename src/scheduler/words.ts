/**
 * A cron schedule in words, as a subscriber reads it: "every Monday at 08:00, Asia/Ho_Chi_Minh", "thứ Hai hằng tuần
 * lúc 08:00, Asia/Ho_Chi_Minh", "毎週月曜日 08:00（Asia/Ho_Chi_Minh）". The words are templates (`schedule.*` of
 * briefing/data/templates). Expressions with no short reading (steps on minutes, both
 * day of month and weekday restricted) are shown as the cron text.
 */
import { listOf, say, type Lang } from '../briefing/lang.js';
import { parseCron } from './schedule.js';

/** More times of day than this are not listed one by one. */
const MAX_TIMES = 4;

const pad = (n: number) => String(n).padStart(2, '0');

function monthName(lang: Lang, month: number): string {
  return say(lang, `schedule.month.${month}`);
}

function timesOf(lang: Lang, minutes: number[], hours: number[]): string | null {
  if (minutes.length * hours.length <= MAX_TIMES) return say(lang, 'schedule.at', { times: listOf(lang, hours.flatMap((h) => minutes.map((m) => `${pad(h)}:${pad(m)}`))) });
  if (minutes.length === 1 && hours.length === 24) return say(lang, 'schedule.everyHour', { minute: pad(minutes[0]!) });
  return null;
}

function daysOf(lang: Lang, days: Set<number>, weekdays: Set<number>): string | null {
  const everyDate = days.size === 31;
  const everyWeekday = weekdays.size === 7;
  if (everyDate && everyWeekday) return say(lang, 'schedule.everyDay');
  if (everyDate) {
    const set = [...weekdays].sort((a, b) => a - b);
    if (set.join() === '1,2,3,4,5') return say(lang, 'schedule.weekdays');
    // Sunday last, as a week reads in the two countries.
    const ordered = [...set.filter((d) => d !== 0), ...set.filter((d) => d === 0)];
    return say(lang, 'schedule.weekly', { days: listOf(lang, ordered.map((d) => say(lang, `schedule.weekday.${d}`))) });
  }
  if (everyWeekday) {
    const list = [...days].sort((a, b) => a - b).map((day) => say(lang, 'schedule.day', { day }));
    return say(lang, 'schedule.monthDays', { days: listOf(lang, list), n: list.length });
  }
  return null;
}

/**
 * "every Monday at 08:00, Asia/Ho_Chi_Minh" in `lang` (English by default); the cron text ("cron 0 8 13 * 5, UTC")
 * when there is no short reading.
 */
export function scheduleInWords(cron: string, timezone: string, lang: Lang = 'en'): string {
  const fields = parseCron(cron);
  const times = fields && timesOf(lang, fields.minutes, fields.hours);
  const days = fields && daysOf(lang, fields.days, fields.weekdays);
  if (!fields || !times || !days) return say(lang, 'schedule.cron', { cron, timezone });
  const months = fields.months.size === 12 ? '' : say(lang, 'schedule.months', { months: listOf(lang, [...fields.months].sort((a, b) => a - b).map((m) => monthName(lang, m))) });
  const hourly = fields.minutes.length * fields.hours.length > MAX_TIMES;
  const when = say(lang, hourly ? 'schedule.whenHourly' : 'schedule.when', { days, months, times });
  return say(lang, 'schedule.full', { when, timezone });
}
