/**
 * Language identification: script shortcuts first (kana → ja, hangul → ko, han → zh, Thai → th, Arabic → ar),
 * Vietnamese by its own letters, then franc-min's trigram models restricted to the supported languages (scored
 * here, see closestModel). Answers ISO 639-1, or 'und'.
 */
import { data as FRANC_DATA } from 'franc-min/data.js';
import languages from './data/languages.json' with { type: 'json' };

const FRANC_TO_ISO1: Record<string, string> = languages.franc;
/** Trigram rank tables of franc-min's models, for the supported languages only, by franc script name. */
const MODELS: Record<'Latin' | 'Cyrillic', Array<[string, Map<string, number>]>> = { Latin: [], Cyrillic: [] };
for (const script of ['Latin', 'Cyrillic'] as const) {
  for (const [code, model] of Object.entries(FRANC_DATA[script] ?? {})) {
    if (!(code in FRANC_TO_ISO1)) continue;
    MODELS[script].push([code, new Map(model.split('|').map((trigram, rank) => [trigram, rank]))]);
  }
}
const MAX_DIFFERENCE = 300;
const VIETNAMESE = new Set(languages.vietnameseLetters);

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

/**
 * Detects the language of a text (a cleaned article body). Looks at the first `sampleChars` characters.
 * @example detectLanguage('Der japanische Botschafter betonte, dass Japan entschlossen sei.') // 'de'
 * @example detectLanguage('12345 !!!') // 'und'
 */
export function detectLanguage(text: string): string {
  const sample = text.length > languages.sampleChars ? text.slice(0, languages.sampleChars) : text;
  const counts: Record<Script, number> = { latin: 0, cyrillic: 0, han: 0, kana: 0, hangul: 0, thai: 0, arabic: 0, other: 0 };
  let letters = 0;
  let vietnamese = 0;
  for (const ch of sample) {
    const script = scriptOf(ch.codePointAt(0)!);
    if (script === null) continue;
    counts[script]++;
    letters++;
    if (VIETNAMESE.has(ch)) vietnamese++;
  }
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

/**
 * franc's trigram distance (same cleaning, same scoring, same models as franc-min), computed with Maps: franc
 * itself costs about 1 ms per 1,000 characters, which dominated parsing. Returns the closest franc code.
 */
function closestModel(text: string, script: 'Latin' | 'Cyrillic'): string | null {
  const cleaned = ` ${text.replace(/[\u0021-\u0040]+/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase()} `;
  const counts = new Map<string, number>();
  for (let i = 0; i + 3 <= cleaned.length; i++) {
    const trigram = cleaned.slice(i, i + 3);
    counts.set(trigram, (counts.get(trigram) ?? 0) + 1);
  }
  const tuples = [...counts].sort((a, b) => a[1] - b[1]);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const [code, model] of MODELS[script]) {
    let distance = 0;
    for (const [trigram, count] of tuples) {
      const rank = model.get(trigram);
      distance += rank === undefined ? MAX_DIFFERENCE : Math.abs(count - rank - 1);
      if (distance >= bestDistance) break;
    }
    if (distance < bestDistance) {
      bestDistance = distance;
      best = code;
    }
  }
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
