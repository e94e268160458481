/**
 * Which cooperation area a user means, from an area id, its English label, an alias in a UI language
 * (`data/area-aliases.json`: English, Vietnamese, Japanese) or the start of a label word. Words match whole:
 * "AI" is science & innovation, never the "ai" inside "training".
 */
import type { AreaId } from '../knowledge/types.js';
import { AREAS } from '../knowledge/areas.js';
import { normalizeName } from '../knowledge/people.js';
import aliasData from './data/area-aliases.json' with { type: 'json' };

/** A label word's prefix is taken only from this length on ("semi" → semiconductors; "ai" is not a prefix). */
const MIN_PREFIX = 4;

const fold = (s: string): string => normalizeName(s).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

const ALIASES: readonly [AreaId, string][] = Object.entries(aliasData as Record<string, string[]>)
  .flatMap(([id, list]) => list.map((a) => [id as AreaId, fold(a)] as [AreaId, string]))
  // Longer aliases first: "technology transfer" before "technology".
  .sort((a, b) => b[1].length - a[1].length);

function containsWords(text: string, phrase: string): boolean {
  if (CJK.test(phrase)) return text.includes(phrase);
  return ` ${text} `.includes(` ${phrase} `);
}

/** Every area a text names by whole-word alias or label, in the order of the taxonomy, e.g. for a question. */
export function areasNamedIn(text: string): AreaId[] {
  let rest = fold(text);
  const found = new Set<AreaId>();
  for (const [id, alias] of ALIASES) {
    if (alias && containsWords(rest, alias)) {
      found.add(id);
      // A longer alias consumes its words ("technology transfer" is not also "technology").
      rest = ` ${rest} `.split(CJK.test(alias) ? alias : ` ${alias} `).join(' ').trim();
    }
  }
  return AREAS.map((a) => a.id).filter((id) => found.has(id));
}

/** Finds the taxonomy area a user means: id, label, alias, or the start (4+ letters) of a label word; else null. */
export function resolveArea(input: string): AreaId | null {
  const raw = input.trim();
  const q = fold(raw);
  if (!q) return null;
  const exact = AREAS.find((a) => a.id === raw || fold(a.label) === q || a.id.replace(/-/g, ' ') === q);
  if (exact) return exact.id;
  const alias = ALIASES.find(([, a]) => a === q);
  if (alias) return alias[0];
  const named = areasNamedIn(raw);
  if (named.length === 1) return named[0]!;
  if (q.length < MIN_PREFIX) return null;
  const prefix = AREAS.find((a) => fold(a.label).split(' ').some((w) => w.length >= q.length && w.startsWith(q)));
  return prefix?.id ?? null;
}
