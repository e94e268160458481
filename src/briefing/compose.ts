/**
 * Deterministic composition: facts → short sentences in the reader's language (templates of data/templates/). Every sentence it writes restates extracted fields of
 * one fact, and the caller attaches that fact's evidence markers.
 */
import type { AreaId, Figure, Meeting, Participant, Plan } from '../knowledge/types.js';
import { AREAS } from '../knowledge/areas.js';
import { meetingWhen } from './meeting-dates.js';
import { joined, listOf, say, type Lang } from './lang.js';
import { areaIn, countryIn, measureIn, nameIn, placeIn, withRole } from './names.js';
import { dateIn } from './local-dates.js';
import { localAmount } from './amounts.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2024-11-16' → '16 Nov 2024', '2024-11' → 'Nov 2024', '2024' → '2024', null → 'date unknown'. */
export function formatHumanDate(date: string | null): string {
  if (!date) return 'date unknown';
  const [y, m, d] = date.split('-');
  if (d) return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
  if (m) return `${MONTHS[Number(m) - 1]} ${y}`;
  return y!;
}

export function areaLabel(id: AreaId): string {
  return AREAS.find((a) => a.id === id)?.label ?? id;
}

/** 'Digital transformation' → 'digital transformation', but 'ODA & finance' keeps its acronym. */
export function lowerLabel(label: string): string {
  return label.replace(/\p{L}+/gu, (w) => (w.length > 1 && w === w.toUpperCase() ? w : w.toLowerCase()));
}

export function personLabel(p: Participant, lang: Lang = 'en'): string {
  return withRole(nameIn(p.name, lang, p.personId), p.role, p.country, lang);
}

/** "16 Nov 2024", "16 thg 11, 2024", "2024年11月16日"; null: "date unknown" in the language. */
export function dateLabel(date: string | null, lang: Lang = 'en'): string {
  return dateIn(date, lang, formatHumanDate);
}

/** An area's label inside a sentence: lower case where the language has case ('digital transformation'). */
export function areaInSentence(id: AreaId, lang: Lang = 'en'): string {
  return lowerLabel(areaIn(id, lang));
}

/** "16 Nov 2024, Lima (APEC 2024)"; a partial date narrowed by what is known: "Oct–Nov 2025, Kuala Lumpur" */
export function meetingHeader(m: Meeting, lang: Lang = 'en'): string {
  const place = m.place ? placeIn(m.place, lang) : null;
  const country = m.country ? countryIn(m.country, lang) : null;
  const where = place ? (country && m.country !== m.place ? say(lang, 'meeting.header.place', { place, country }) : place) : country;
  const when = meetingWhen(m, lang);
  const head = where ? say(lang, 'meeting.header', { when, where }) : when;
  return m.occasion ? say(lang, 'meeting.header.occasion', { head, occasion: m.occasion }) : head;
}

/** "President Luong Cuong met Prime Minister Ishiba Shigeru" / "Prime Minister Ishiba Shigeru visited Vietnam" */
export function meetingAction(m: Meeting, lang: Lang = 'en'): string {
  const [first, ...others] = m.participants;
  if (!first) return say(lang, 'meeting.none');
  const a = personLabel(first, lang);
  if (others.length === 0) {
    if (m.kind === 'visit' && m.country) return say(lang, 'meeting.visited', { a, country: countryIn(m.country, lang) });
    return say(lang, m.kind === 'visit' ? 'meeting.madeVisit' : 'meeting.attended', { a });
  }
  return say(lang, `meeting.${m.kind}`, { a, b: listOf(lang, others.map((p) => personLabel(p, lang))) });
}

/** One line: "16 Nov 2024, Lima (APEC 2024): President Luong Cuong met Prime Minister Ishiba Shigeru — defense …" */
export function meetingSummary(m: Meeting, maxAreas = 6, lang: Lang = 'en'): string {
  const areas = m.areas.slice(0, maxAreas).map((a) => areaInSentence(a, lang));
  const more = m.areas.length > maxAreas ? say(lang, 'meeting.moreAreas', { n: m.areas.length - maxAreas }) : '';
  return say(lang, 'meeting.summary', {
    header: meetingHeader(m, lang),
    action: meetingAction(m, lang),
    areas: areas.length ? say(lang, 'meeting.areas', { areas: `${joined(lang, areas)}${more}` }) : '',
  });
}

/** "Scheduled meeting (Dec 2025, Tokyo)", "Cuộc gặp theo lịch (thg 12 2025, Tokyo)", "会談予定（2025年12月、東京）" */
export function planSummary(p: Plan, lang: Lang = 'en'): string {
  const when = p.date ? dateLabel(p.date, lang) : say(lang, 'plan.undated');
  const where = p.place ? placeIn(p.place, lang) : p.country ? countryIn(p.country, lang) : null;
  const who = joined(lang, p.participants.map((x) => personLabel(x, lang)));
  const what = say(lang, `plan.${p.kind}`);
  return say(lang, 'plan.summary', { what, who: who ? say(lang, 'plan.who', { who }) : '', whenWhere: joined(lang, [when, where].filter((x): x is string => !!x)) });
}

const SCALES: [number, string][] = [[1e12, 'tn'], [1e9, 'bn'], [1e6, 'm'], [1e3, 'k']];

/** 42500000000 USD → "USD 42.5 bn" ("42,5 tỷ USD", "425億ドル"); 11 % → "11 %". */
export function formatFigure(f: Figure, lang: Lang = 'en'): string {
  if (lang !== 'en') return localAmount(f, lang);
  if (f.unit === '%') return `${f.value} %`;
  let amount = `${f.value}`;
  for (const [scale, suffix] of SCALES) {
    if (Math.abs(f.value) >= scale && scale >= 1e6) {
      amount = `${Number((f.value / scale).toFixed(2))} ${suffix}`;
      break;
    }
  }
  if (Math.abs(f.value) < 1e6) amount = f.value.toLocaleString('en-US');
  const currency = f.unit && /^[A-Z]{3}$/.test(f.unit);
  return currency ? `${f.unit} ${amount}` : `${amount}${f.unit ? ` ${f.unit}` : ''}`;
}

/** What a figure measures, capitalized to begin its line: "Bilateral trade", "Kim ngạch thương mại song phương". */
export function figureMeasure(f: Figure, lang: Lang = 'en'): string {
  const measure = f.measure ? measureIn(f.measure, lang) : null;
  return measure ? `${measure[0]!.toUpperCase()}${measure.slice(1)}` : say(lang, 'figure.unnamed');
}

/** " (2025-01/2025-10)", " (by 2030)", " (đến năm 2030)", "（2030年まで）"; '' without a period. */
export function figurePeriod(f: Figure, lang: Lang = 'en'): string {
  if (!f.period) return '';
  const by = /^by (\d{4})$/.exec(f.period);
  return say(lang, 'figure.period', { period: by ? say(lang, 'figure.byYear', { year: by[1]! }) : f.period });
}

export function figureSummary(f: Figure, lang: Lang = 'en'): string {
  return say(lang, 'figure.summary', { what: figureMeasure(f, lang), amount: formatFigure(f, lang), period: figurePeriod(f, lang) });
}
