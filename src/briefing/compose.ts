/**
 * Deterministic English composition: facts → short sentences. Every sentence it writes restates extracted fields of
 * one fact, and the caller attaches that fact's evidence markers.
 */
import type { AreaId, Figure, Meeting, Participant, Plan } from '../knowledge/types.js';
import { AREAS } from '../knowledge/areas.js';
import { meetingWhen } from './meeting-dates.js';

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

export function personLabel(p: Participant): string {
  return p.role ? `${p.role} ${p.name}` : p.name;
}

const VERBS: Record<Meeting['kind'], string> = {
  talks: 'held talks with',
  visit: 'met',
  call: 'spoke by phone with',
  reception: 'received',
  sidelines: 'met',
  dialogue: 'held a dialogue with',
  forum: 'took part in a forum with',
  other: 'met',
};

/** "16 Nov 2024, Lima (APEC 2024)"; a partial date narrowed by what is known: "Oct–Nov 2025, Kuala Lumpur" */
export function meetingHeader(m: Meeting): string {
  const where = m.place ? (m.country && m.country !== m.place ? `${m.place}, ${m.country}` : m.place) : m.country;
  const head = [meetingWhen(m), where].filter(Boolean).join(', ');
  return m.occasion ? `${head} (${m.occasion})` : head;
}

/** "President Luong Cuong met Prime Minister Ishiba Shigeru" / "Prime Minister Ishiba Shigeru visited Vietnam" */
export function meetingAction(m: Meeting): string {
  const [first, ...others] = m.participants;
  if (!first) return 'A meeting took place';
  if (others.length === 0) {
    return m.kind === 'visit' && m.country ? `${personLabel(first)} visited ${m.country}` : `${personLabel(first)} ${m.kind === 'visit' ? 'made a visit' : 'attended'}`;
  }
  const rest = others.map(personLabel);
  const list = rest.length > 1 ? `${rest.slice(0, -1).join(', ')} and ${rest.at(-1)}` : rest[0];
  return `${personLabel(first)} ${VERBS[m.kind]} ${list}`;
}

/** One line: "16 Nov 2024, Lima (APEC 2024): President Luong Cuong met Prime Minister Ishiba Shigeru — defense …" */
export function meetingSummary(m: Meeting, maxAreas = 6): string {
  const areas = m.areas.slice(0, maxAreas).map((a) => lowerLabel(areaLabel(a)));
  const more = m.areas.length > maxAreas ? ` and ${m.areas.length - maxAreas} more` : '';
  return `${meetingHeader(m)}: ${meetingAction(m)}${areas.length ? ` — ${areas.join(', ')}${more}` : ''}.`;
}

export function planSummary(p: Plan): string {
  const when = p.date ? formatHumanDate(p.date) : 'date not announced';
  const where = p.place ?? p.country;
  const who = p.participants.map(personLabel).join(', ');
  const what = p.kind === 'invitation' ? 'Invitation' : p.kind === 'visit' ? 'Planned visit' : 'Scheduled meeting';
  return `${what}${who ? ` — ${who}` : ''} (${[when, where].filter(Boolean).join(', ')})`;
}

const SCALES: [number, string][] = [[1e12, 'tn'], [1e9, 'bn'], [1e6, 'm'], [1e3, 'k']];

/** 42500000000 USD → "USD 42.5 bn"; 11 % → "11 %". */
export function formatFigure(f: Figure): string {
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

export function figureSummary(f: Figure): string {
  const what = f.measure ? `${f.measure[0]!.toUpperCase()}${f.measure.slice(1)}` : 'Figure';
  return `${what}: ${formatFigure(f)}${f.period ? ` (${f.period})` : ''}`;
}
