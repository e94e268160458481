/**
 * Language identification: script shortcuts first (kana → ja, hangul → ko, han → zh, Thai → th, Arabic → ar),
 * Vietnamese by its own letters, then franc-min's trigram models restricted to the supported languages (scored
 * here, see closestModel). Answers ISO 639-1, or 'und'.
 */
import { data as FRANC_DATA } from 'franc-min/data.js';
import languages from './data/languages.json' with { type: 'json' };

const FRANC_TO_ISO1: Record<string, string> = languages.franc;
/**
 * franc-min's models for the supported languages, by franc script name: every trigram of the script's models gets a
 * number, and each model is its rank per number (-1: not in it), so a text's trigrams are looked up once, not once
 * per model.
 */
interface ScriptModels {
  trigramIds: Map<string, number>;
  models: Array<[code: string, ranks: Int32Array]>;
}
const MODELS: Record<'Latin' | 'Cyrillic', ScriptModels> = { Latin: scriptModels('Latin'), Cyrillic: scriptModels('Cyrillic') };

function scriptModels(script: 'Latin' | 'Cyrillic'): ScriptModels {
  const trigramIds = new Map<string, number>();
  const ranked: Array<[string, string[]]> = [];
  for (const [code, model] of Object.entries(FRANC_DATA[script] ?? {})) {
    if (!(code in FRANC_TO_ISO1)) continue;
    const trigrams = model.split('|');
    for (const trigram of trigrams) if (!trigramIds.has(trigram)) trigramIds.set(trigram, trigramIds.size);
    ranked.push([code, trigrams]);
  }
  const models = ranked.map(([code, trigrams]): [string, Int32Array] => {
    const ranks = new Int32Array(trigramIds.size).fill(-1);
    // A trigram listed twice keeps its last rank, as a Map read from the list did.
    trigrams.forEach((trigram, rank) => (ranks[trigramIds.get(trigram)!] = rank));
    return [code, ranks];
  });
  return { trigramIds, models };
}
const MAX_DIFFERENCE = 300;
const VIETNAMESE = new Set(Array.from(languages.vietnameseLetters, (ch) => ch.codePointAt(0)!));

type Script = 'latin' | 'cyrillic' | 'han' | 'kana' | 'hangul' | 'thai' | 'arabic' | 'other';

function scriptOf(code: number): Script | null {
  if (code < 0x80) return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) ? 'latin' : null;
  if (code >= 0x2000 && code <= 0x2bff) return null;
  if (code >= 0x3000 && code <= 0x303f) return null;
  if (code >= 0xff00 && code <= 0xff65) return null;
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0xc0 && code <= 0x24f) || (code >= 0x1e00 && code <= 0x1eff)) {
    return code === 0xd7 || code === 0xf7 ? null : 'latin';
  }
  if (code >= 0x400 && code <= 0x52f) return 'cyrillic';
  if ((code >= 0x3040 && code <= 0x30ff) || (code >= 0x31f0 && code <= 0x31ff) || (code >= 0xff66 && code <= 0xff9d)) return 'kana';
  if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff)) return 'han';
  if ((code >= 0xac00 && code <= 0xd7af) || (code >= 0x1100 && code <= 0x11ff) || (code >= 0x3130 && code <= 0x318f)) return 'hangul';
  if (code >= 0x0e00 && code <= 0x0e7f) return 'thai';
  if ((code >= 0x0600 && code <= 0x06ff) || (code >= 0x0750 && code <= 0x077f) || (code >= 0xfb50 && code <= 0xfdff) || (code >= 0xfe70 && code <= 0xfeff)) return 'arabic';
  if (/\p{L}/u.test(String.fromCharCode(code))) return 'other';
  return null;
}

/** The scripts in the order a tie between their counts keeps (null: not a letter). */
const SCRIPTS: Array<Script | null> = [null, 'latin', 'cyrillic', 'han', 'kana', 'hangul', 'thai', 'arabic', 'other'];
/**
 * Per BMP code unit, filled on first sight (0: not yet): its script's index in SCRIPTS plus one, and VIETNAMESE_BIT
 * for a letter only Vietnamese uses. A text's sample is read a code unit at a time, without a string per character.
 */
const BMP_SCRIPT = new Uint8Array(0x10000);
const VIETNAMESE_BIT = 0x40;

/**
 * Detects the language of a text (a cleaned article body). Looks at the first `sampleChars` characters.
 * @example detectLanguage('Der japanische Botschafter betonte, dass Japan entschlossen sei.') // 'de'
 * @example detectLanguage('12345 !!!') // 'und'
 */
export function detectLanguage(text: string): string {
  const sample = text.length > languages.sampleChars ? text.slice(0, languages.sampleChars) : text;
  const byScript = new Int32Array(SCRIPTS.length);
  let vietnamese = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.codePointAt(i)!;
    if (code > 0xffff) {
      i++;
      const script = SCRIPTS.indexOf(scriptOf(code));
      byScript[script] = byScript[script]! + 1;
      continue;
    }
    const known = BMP_SCRIPT[code]! || (BMP_SCRIPT[code] = SCRIPTS.indexOf(scriptOf(code)) + 1 + (VIETNAMESE.has(code) ? VIETNAMESE_BIT : 0));
    const script = (known & ~VIETNAMESE_BIT) - 1;
    byScript[script] = byScript[script]! + 1;
    if (known & VIETNAMESE_BIT) vietnamese++;
  }
  const counts = {} as Record<Script, number>;
  for (const script of SCRIPTS) if (script !== null) counts[script] = byScript[SCRIPTS.indexOf(script)]!;
  const letters = byScript.reduce((sum, n) => sum + n, 0) - byScript[0]!;
  if (letters < languages.minLetters) return 'und';
  const cjk = counts.han + counts.kana;
  const ranked = (Object.keys(counts) as Script[]).sort((a, b) => counts[b] - counts[a]);
  let top = ranked[0]!;
  if ((top === 'han' || top === 'kana') && counts.hangul > 0 && counts.hangul >= cjk * 0.3) top = 'hangul';
  switch (top) {
    case 'kana':
      return 'ja';
    case 'han':
      return counts.kana >= cjk * languages.kanaShareForJapanese ? 'ja' : 'zh';
    case 'hangul':
      return 'ko';
    case 'thai':
      return 'th';
    case 'arabic':
      return 'ar';
    case 'other':
      return 'und';
    case 'latin':
      if (vietnamese >= counts.latin * languages.vietnameseRatio) return 'vi';
      break;
    case 'cyrillic':
      break;
  }
  const code = closestModel(sample.slice(0, languages.francSampleChars), top === 'cyrillic' ? 'Cyrillic' : 'Latin');
  const lang = code ? (FRANC_TO_ISO1[code] ?? 'und') : 'und';
  return disambiguate(lang, sample);
}

/** closestModel's scratch: counts by trigram number, all zero between calls. */
let trigramCounts = new Int32Array(0);

/**
 * franc's trigram distance (same cleaning, same scoring, same models as franc-min), computed over numbered trigrams:
 * franc itself costs about 1 ms per 1,000 characters, which dominated parsing. A model's distance is a sum over the
 * text's distinct trigrams, so their order does not change which model is closest (franc sorts them; a sort per text
 * cost more than the sums). Returns the closest franc code.
 */
function closestModel(text: string, script: 'Latin' | 'Cyrillic'): string | null {
  const cleaned = ` ${text.replace(/[\u0021-\u0040]+/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase()} `;
  const { trigramIds, models } = MODELS[script];
  // Trigrams of some model, counted by number; the others are missed by every model alike.
  const counts = trigramCounts.length < trigramIds.size ? (trigramCounts = new Int32Array(trigramIds.size)) : trigramCounts;
  const seen: number[] = [];
  const missing = new Set<string>();
  for (let i = 0; i + 3 <= cleaned.length; i++) {
    const trigram = cleaned.slice(i, i + 3);
    const id = trigramIds.get(trigram);
    if (id === undefined) missing.add(trigram);
    else if ((counts[id] = counts[id]! + 1) === 1) seen.push(id);
  }
  const base = missing.size * MAX_DIFFERENCE;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const [code, ranks] of models) {
    let distance = base;
    for (let i = 0; i < seen.length && distance < bestDistance; i++) {
      const rank = ranks[seen[i]!]!;
      distance += rank < 0 ? MAX_DIFFERENCE : Math.abs(counts[seen[i]!]! - rank - 1);
    }
    if (distance < bestDistance) {
      bestDistance = distance;
      best = code;
    }
  }
  for (const id of seen) counts[id] = 0;
  return best;
}

interface Confusable {
  languages: string[];
  markers: Record<string, string[]>;
}
const CONFUSABLES = languages.confusables as unknown as Confusable[];

function countMarkers(words: Set<string>, text: string, markers: readonly string[]): number {
  let hits = 0;
  for (const m of markers) if (m.includes(' ') ? text.includes(m) : words.has(m)) hits++;
  return hits;
}

/** Settles a language franc confuses with a neighbour (Indonesian/Malay, Spanish/Portuguese) by marker words. */
function disambiguate(lang: string, sample: string): string {
  const pair = CONFUSABLES.find((c) => c.languages.includes(lang));
  if (!pair) return lang;
  const text = ` ${sample.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const words = new Set(text.split(' '));
  let best = lang;
  let bestHits = countMarkers(words, text, pair.markers[lang] ?? []);
  for (const other of pair.languages) {
    if (other === lang) continue;
    const hits = countMarkers(words, text, pair.markers[other] ?? []);
    if (hits > bestHits) {
      best = other;
      bestHits = hits;
    }
  }
  return best;
}
