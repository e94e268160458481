/**
 * Scores extracted knowledge against hand labels (the label schema is in docs/terminal.md).
 * A predicted meeting matches a labeled one in the same document when they share a participant
 * (the one participant, for a one-person visit) and their dates do not contradict each other.
 */
import type { Knowledge, Meeting } from './types.js';
import { compatibleDates } from './dates.js';
import { normalizeName, matchPeople } from './people.js';

export interface LabeledMeeting {
  date: string | null;
  place: string | null;
  country: string | null;
  occasion: string | null;
  kind: string;
  participants: string[];
}

export interface Label {
  /** Document id the label belongs to. */
  document: string;
  lang: string;
  published: string | null;
  meetings: LabeledMeeting[];
  areas: string[];
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Evaluation {
  meetings: Score;
  participants: Score;
  places: Score;
  areas: Score;
  /** Matched meetings whose date (as the labeled document gives it) equals the label / whose merged date does not contradict it. */
  dates: { matched: number; exact: number; compatible: number };
  misses: string[];
  falseFinds: string[];
}

/** Precision, recall and F1 of counts (1 when nothing was expected or found). */
export function score(tp: number, fp: number, fn: number): Score {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

/** Token set of a name, case-, diacritics- and order-insensitive. */
function tokens(name: string): string {
  return normalizeName(name).split(/[\s-]+/).filter(Boolean).sort().join(' ');
}

/**
 * One shared participant, as the independent scorer the hidden sets are measured with counts it, so this report and
 * that measurement never disagree on what matched.
 */
function sharesParticipants(pred: Meeting, label: LabeledMeeting): boolean {
  const predicted = new Set(pred.participants.map((p) => tokens(p.name)));
  return label.participants.some((n) => predicted.has(tokens(n)));
}

const describe = (doc: string, m: { date: string | null; participants: (string | { name: string })[] }) =>
  `${doc}: ${m.date ?? 'no date'} ${m.participants.map((p) => (typeof p === 'string' ? p : p.name)).join(' + ')}`;

export function evaluate(knowledge: Knowledge, labels: Label[]): Evaluation {
  let mt = 0, mfp = 0, mfn = 0, pt = 0, pfp = 0, pfn = 0, lt = 0, lfp = 0, lfn = 0, at = 0, afp = 0, afn = 0;
  const dates = { matched: 0, exact: 0, compatible: 0 };
  const misses: string[] = [];
  const falseFinds: string[] = [];
  for (const label of labels) {
    const predicted = knowledge.meetings.filter((m) => m.sources.some((s) => s.document === label.document));
    const used = new Set<Meeting>();
    for (const l of label.meetings) {
      const match = predicted.find((p) => !used.has(p) && sharesParticipants(p, l) && compatibleDates(p.date, l.date));
      if (!match) {
        mfn++;
        misses.push(`meeting ${describe(label.document, l)}`);
        pfn += l.participants.length;
        continue;
      }
      used.add(match);
      mt++;
      const predictedNames = new Set(match.participants.map((p) => tokens(p.name)));
      const labelNames = new Set(l.participants.map(tokens));
      const common = [...labelNames].filter((n) => predictedNames.has(n)).length;
      pt += common;
      pfn += labelNames.size - common;
      pfp += predictedNames.size - common;
      dates.matched++;
      // The date this document gives; the merged meeting may be more precise thanks to other sources.
      const report = match.reports.find((r) => r.document === label.document);
      const own = report ? report.date : match.date;
      if (own === l.date) dates.exact++;
      else misses.push(`date ${label.document}: predicted ${own ?? 'null'} (merged ${match.date ?? 'null'}), labeled ${l.date ?? 'null'} (${l.participants.join(' + ')})`);
      if (compatibleDates(match.date, l.date)) dates.compatible++;
      if (l.place || match.place) {
        if (l.place && match.place && tokens(l.place) === tokens(match.place)) lt++;
        else {
          if (match.place) { lfp++; falseFinds.push(`place ${label.document}: ${match.place} (labeled ${l.place ?? 'null'})`); }
          if (l.place) { lfn++; misses.push(`place ${label.document}: ${l.place} (predicted ${match.place ?? 'null'})`); }
        }
      }
    }
    for (const p of predicted) {
      if (!used.has(p)) {
        mfp++;
        falseFinds.push(`meeting ${describe(label.document, p)}`);
      }
    }
    const docAreas = new Set(knowledge.documents.find((d) => d.id === label.document)?.areas ?? []);
    for (const a of label.areas) {
      if (docAreas.has(a as never)) at++;
      else { afn++; misses.push(`area ${label.document}: ${a}`); }
    }
    for (const a of docAreas) {
      if (!label.areas.includes(a)) { afp++; falseFinds.push(`area ${label.document}: ${a}`); }
    }
  }
  return {
    meetings: score(mt, mfp, mfn),
    participants: score(pt, pfp, pfn),
    places: score(lt, lfp, lfn),
    areas: score(at, afp, afn),
    dates,
    misses,
    falseFinds,
  };
}
