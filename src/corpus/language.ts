/**
 * Language identification: script shortcuts first (kana → ja, hangul → ko, han → zh, Thai → th, Arabic → ar),
 * Vietnamese by its own letters, then franc-min restricted to the supported languages. Answers ISO 639-1, or 'und'.
 */
import { franc } from 'franc-min';
import languages from './data/languages.json' with { type: 'json' };

const FRANC_TO_ISO1: Record<string, string> = languages.franc;
const FRANC_ONLY = Object.keys(FRANC_TO_ISO1);
const VIETNAMESE = new Set(languages.vietnameseLetters);

type Script = 'latin' | 'cyrillic' | 'han' | 'kana' | 'hangul' | 'thai' | 'arabic' | 'other';

function scriptOf(code: number): Script | null {
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
  const code = franc(sample, { only: FRANC_ONLY, minLength: languages.minLetters });
  return FRANC_TO_ISO1[code] ?? 'und';
}
