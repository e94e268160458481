/**
 * What a question asks, recognized by patterns that are data per language (`../data/intents.json`: English,
 * Vietnamese, Japanese). Each pattern is a regular expression over the folded question (lowercase, no final "?"),
 * with named groups for its slots (`a`, `b`, `office`, `year`, `act`, `topic`, `place`).
 */
import type { StatementAct } from '../../knowledge/types.js';
import intentData from '../data/intents.json' with { type: 'json' };

export type Intent =
  | { kind: 'lastMet'; a: string; b: string; lang: string }
  | { kind: 'metWhom'; a: string; year: number | null; lang: string }
  | { kind: 'office'; office: string; year: number | null; lang: string }
  | { kind: 'statementsOn'; act: StatementAct | null; topic: string; lang: string }
  | { kind: 'figures'; topic: string; lang: string }
  | { kind: 'next'; lang: string }
  | { kind: 'occasion'; place: string; lang: string };

type IntentKind = Intent['kind'];
interface LanguagePatterns {
  lastMet: string[];
  metWhom: string[];
  office: string[];
  statementsOn: string[];
  figures: string[];
  next: string[];
  occasion: string[];
  acts: Partial<Record<StatementAct, string[]>>;
}

/** Kinds in the order they are tried: the specific before the general ("who is …" last). */
const ORDER: readonly IntentKind[] = ['lastMet', 'metWhom', 'statementsOn', 'figures', 'next', 'occasion', 'office'];
const LANGUAGES = ['en', 'vi', 'ja'] as const;
const DATA = intentData as unknown as Record<(typeof LANGUAGES)[number], LanguagePatterns> & { roles: Record<string, string[]> };

const COMPILED = new Map(LANGUAGES.map((lang) => [lang, new Map(ORDER.map((kind) => [kind, DATA[lang][kind].map((p) => new RegExp(p, 'u'))]))]));

/** English role titles and the words for them in every UI language (`roles` in intents.json). */
export const ROLE_WORDS: Readonly<Record<string, readonly string[]>> = DATA.roles;

/** The language a question is written in, as far as intents go: Japanese script, Vietnamese letters, else English. */
export function questionLanguage(question: string): 'en' | 'vi' | 'ja' {
  if (/[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u.test(question)) return 'ja';
  if (/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu.test(question)) return 'vi';
  return 'en';
}

const foldQuestion = (q: string): string => q.normalize('NFC').toLowerCase().replace(/[\s?？!！。.]+$/u, '').replace(/\s+/g, ' ').trim();

function actOf(word: string | undefined, lang: 'en' | 'vi' | 'ja'): StatementAct | null {
  if (!word) return null;
  for (const [act, words] of Object.entries(DATA[lang].acts) as [StatementAct, string[]][]) if (words.includes(word)) return act;
  return null;
}

const yearOf = (y: string | undefined): number | null => (y ? Number(y) : null);

/** The intent of a question, or null when no pattern fits (the answer then falls back to retrieval). */
export function intentOf(question: string): Intent | null {
  const q = foldQuestion(question);
  const first = questionLanguage(question);
  for (const lang of [first, ...LANGUAGES.filter((l) => l !== first)]) {
    for (const kind of ORDER) {
      for (const re of COMPILED.get(lang)!.get(kind)!) {
        const m = re.exec(q);
        if (!m) continue;
        const g = m.groups ?? {};
        const s = (k: string) => (g[k] ?? '').trim();
        switch (kind) {
          case 'lastMet': if (s('a') && s('b')) return { kind, a: s('a'), b: s('b'), lang }; break;
          case 'metWhom': if (s('a')) return { kind, a: s('a'), year: yearOf(g.year), lang }; break;
          case 'office': if (s('office')) return { kind, office: s('office'), year: yearOf(g.year), lang }; break;
          case 'statementsOn': if (s('topic')) return { kind, act: actOf(g.act, lang), topic: s('topic'), lang }; break;
          case 'figures': if (s('topic')) return { kind, topic: s('topic'), lang }; break;
          case 'next': return { kind, lang };
          case 'occasion': if (s('place')) return { kind, place: s('place'), lang }; break;
        }
      }
    }
  }
  return null;
}
