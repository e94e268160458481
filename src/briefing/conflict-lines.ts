/**
 * What the sources of a meeting disagree on, in the reader's language. The extraction writes each disagreement as
 * one English line (`Meeting.conflicts`: "place: Hanoi (a) vs Tokyo (b)", "date: 2024-11-16 (a) vs 2024-11-17 (b)"),
 * which `extract --json` keeps; here a line is read back into its field and its values with their documents, and
 * written again from the `conflict.*` templates, with the place or the date in the reader's language.
 */
import { dateLabel } from './compose.js';
import { joined, say, type Lang } from './lang.js';
import { placeIn } from './names.js';

/** One disagreement: the field and each value with the documents that give it. */
export interface Conflict {
  field: 'place' | 'date';
  values: Array<{ value: string; documents: string[] }>;
}

const LINE = /^(place|date): (.+)$/s;
const VALUE = /^(.+) \(([^()]+)\)$/s;

/** The parts of one line the extraction wrote, or null when it is not of the shape above. */
export function parseConflict(line: string): Conflict | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const values: Conflict['values'] = [];
  for (const part of m[2]!.split(' vs ')) {
    const v = VALUE.exec(part);
    if (!v) return null;
    values.push({ value: v[1]!, documents: v[2]!.split(', ') });
  }
  return values.length > 1 ? { field: m[1] as Conflict['field'], values } : null;
}

/** A meeting's disagreements in `lang`; English reads them exactly as the extraction wrote them. */
export function conflictLines(conflicts: readonly string[], lang: Lang): string[] {
  if (lang === 'en') return [...conflicts];
  return conflicts.map((line) => {
    const conflict = parseConflict(line);
    if (!conflict) return line;
    const shown = (value: string) => (conflict.field === 'place' ? placeIn(value, lang) : dateLabel(value, lang));
    const values = conflict.values.map((v) => say(lang, 'conflict.value', { value: shown(v.value), documents: joined(lang, v.documents) }));
    return say(lang, `conflict.${conflict.field}`, { values: values.join(say(lang, 'conflict.versus')) });
  });
}
