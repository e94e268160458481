/**
 * Cooperation areas (GUIDE §4): the taxonomy, and which areas a text names as a field of cooperation,
 * agreement, discussion or of the relationship.
 *
 * Language knowledge lives in `data/areas/<lang>.json`:
 *
 * ```json
 * { "context":     ["cooperat", "agree", …],   // the sentence is about cooperation / agreement / relations
 *   "cooperation": ["cooperat", "coordinat", …],// stricter: working together at / for something
 *   "negative":    ["mekong delta", …],         // phrases that swallow a trigger ("Mekong Delta" is not the Mekong forum)
 *   "venues":      ["asean", "apec", "UN$"],     // forums that count for `multilateral` only with a `cooperation` word
 *   "clitics":     ["و", "ال", …],              // optional: prefixes a word may carry before a trigger (Arabic)
 *   "areas": { "semiconductors": ["semiconduct", "chip$"], … } }
 * ```
 *
 * Trigger syntax (the lexicon matcher's, lexicon.ts, shared with `cues.ts` and `figures.ts`): lowercase stem or phrase, matched at a word start and extended by any
 * inflection (prefix-stem); a trailing `$` demands a word end (`"ai$"`, `"oda$"`); a leading `*` lets it match inside
 * a word (German compounds: `"*investition"` in "Gesamtinvestitionsvolumen"); `~` lets the word go on before the
 * rest of a phrase (`"политическ~ довери"` matches "политическое доверие" and "политического доверия"); a trigger
 * with an uppercase letter
 * is matched case-sensitively (`"UN$"`, `"AI$"`); triggers written in Han, kana, Hangul or Thai script match at any
 * position (these scripts do not separate words). At one position the longest trigger wins; a negative phrase that
 * wins removes the match.
 *
 * Decision rules (documented because they are policy, not accident):
 * - Sentence rule (`findAreas`): a trigger counts when its sentence carries a context word.
 * - Document rule (`documentAreas`): a document whose title or at least {@link FRAMING_MIN_SENTENCES} sentences carry a
 *   context word is framed as a cooperation text; in it, a trigger also counts in a sentence that has no context word
 *   of its own when a neighbouring sentence (±1) does.
 * - A forum named as a venue ("on the sidelines of the ASEAN summit", "beim APEC-Gipfel") is not `multilateral`:
 *   a venue counts only when the same sentence has a `cooperation` word (coordinate, cooperate, support …).
 *   Phrases such as "regional and international issues", "multilateral forums", CPTPP, ADMM count as ordinary triggers.
 */
import { perLanguage } from './per-language.js';
import type { AreaId, AreaMention } from './types.js';
import { compileLexicon, matchLexicon, type LexiconIndex } from './lexicon.js';

import ar from './data/areas/ar.json' with { type: 'json' };
import de from './data/areas/de.json' with { type: 'json' };
import en from './data/areas/en.json' with { type: 'json' };
import es from './data/areas/es.json' with { type: 'json' };
import fr from './data/areas/fr.json' with { type: 'json' };
import id from './data/areas/id.json' with { type: 'json' };
import it from './data/areas/it.json' with { type: 'json' };
import ja from './data/areas/ja.json' with { type: 'json' };
import ko from './data/areas/ko.json' with { type: 'json' };
import pt from './data/areas/pt.json' with { type: 'json' };
import ru from './data/areas/ru.json' with { type: 'json' };
import th from './data/areas/th.json' with { type: 'json' };
import tl from './data/areas/tl.json' with { type: 'json' };
import vi from './data/areas/vi.json' with { type: 'json' };
import zh from './data/areas/zh.json' with { type: 'json' };

/** The taxonomy in GUIDE order, with English labels. */
export const AREAS: readonly { id: AreaId; label: string }[] = [
  { id: 'politics-diplomacy', label: 'Politics & diplomacy' },
  { id: 'defense-security', label: 'Defence & security' },
  { id: 'cybersecurity', label: 'Cybersecurity' },
  { id: 'maritime', label: 'Maritime' },
  { id: 'economy-trade', label: 'Economy & trade' },
  { id: 'investment', label: 'Investment' },
  { id: 'oda-finance', label: 'ODA & finance' },
  { id: 'infrastructure', label: 'Infrastructure' },
  { id: 'energy', label: 'Energy' },
  { id: 'climate-green', label: 'Climate & green transformation' },
  { id: 'digital', label: 'Digital transformation' },
  { id: 'semiconductors', label: 'Semiconductors' },
  { id: 'science-innovation', label: 'Science & innovation' },
  { id: 'technology-transfer', label: 'Technology transfer' },
  { id: 'education-training', label: 'Education & training' },
  { id: 'labor', label: 'Labour' },
  { id: 'people-culture-tourism', label: 'People, culture & tourism' },
  { id: 'local-cooperation', label: 'Local cooperation' },
  { id: 'agriculture', label: 'Agriculture' },
  { id: 'health', label: 'Health' },
  { id: 'justice-law', label: 'Justice & law' },
  { id: 'disaster', label: 'Disaster' },
  { id: 'multilateral', label: 'Multilateral' },
];

/** A document is framed as a cooperation text when at least this many sentences carry a context word. */
export const FRAMING_MIN_SENTENCES = 2;

// ---------------------------------------------------------------------------------------------------------------
// Areas

/** Shape of `data/areas/<lang>.json`. */
export interface AreaLexiconData {
  context: string[];
  cooperation: string[];
  negative?: string[];
  venues?: string[];
  clitics?: string[];
  areas: Partial<Record<AreaId, string[]>>;
}

type AreaTag = AreaId | 'negative' | 'venue';

interface AreaLanguage {
  triggers: LexiconIndex<AreaTag>;
  context: LexiconIndex<'context' | 'cooperation'>;
}

const AREA_IDS = new Set<string>(AREAS.map((a) => a.id));

const DATA: Record<string, AreaLexiconData> = { ar, de, en, es, fr, id, it, ja, ko, pt, ru, th, tl, vi, zh };

/** Check a lexicon file's shape; throws naming the bad key (data errors must not pass silently). */
export function parseAreaLexicon(lang: string, data: AreaLexiconData): AreaLexiconData {
  for (const key of Object.keys(data.areas)) {
    if (!AREA_IDS.has(key)) throw new Error(`areas/${lang}.json: unknown area id "${key}"`);
  }
  return data;
}

function buildLanguage(lang: string, data: AreaLexiconData): AreaLanguage {
  parseAreaLexicon(lang, data);
  const entries: [AreaTag, string][] = [];
  for (const [area, list] of Object.entries(data.areas) as [AreaId, string[]][]) {
    for (const t of list) entries.push([area, t]);
  }
  for (const t of data.negative ?? []) entries.push(['negative', t]);
  for (const t of data.venues ?? []) entries.push(['venue', t]);
  const ctx: ['context' | 'cooperation', string][] = [];
  // Cooperation first: on a tie (the same word in both lists) the first entry wins, and cooperation implies context.
  for (const t of data.cooperation) ctx.push(['cooperation', t]);
  for (const t of data.context) ctx.push(['context', t]);
  return { triggers: compileLexicon(entries, data.clitics ?? []), context: compileLexicon(ctx, data.clitics ?? []) };
}

/** Each language's lexicon, built when the language is first read (per-language.ts). */
const language = perLanguage(DATA, (data, lang) => buildLanguage(lang, data));

/** Languages that have an area lexicon. */
export const AREA_LANGUAGES: readonly string[] = Object.keys(DATA).sort();

/** Everything the area rules need to know about one sentence. */
export interface SentenceAreaScan {
  /** Area triggers found (venues already resolved: kept only with a cooperation word). */
  mentions: AreaMention[];
  /** The sentence carries a context word (cooperation, agreement, discussion, relations). */
  context: boolean;
  /** The sentence carries a cooperation/coordination word (stricter than `context`). */
  cooperation: boolean;
}

/** Raw scan of one sentence: every trigger, plus whether the sentence carries context. No decision is applied. */
export function scanAreas(text: string, lang: string): SentenceAreaScan {
  const l = language(lang);
  if (!l) return { mentions: [], context: false, cooperation: false };
  const ctxHits = matchLexicon(l.context, text);
  const cooperation = ctxHits.some((h) => h.tag === 'cooperation');
  const context = cooperation || ctxHits.length > 0;
  const mentions: AreaMention[] = [];
  for (const h of matchLexicon(l.triggers, text)) {
    if (h.tag === 'negative') continue;
    if (h.tag === 'venue') {
      if (cooperation) mentions.push({ area: 'multilateral', trigger: h.trigger, start: h.start, end: h.end });
      continue;
    }
    mentions.push({ area: h.tag, trigger: h.trigger, start: h.start, end: h.end });
  }
  return { mentions, context, cooperation };
}

/**
 * Areas named in one sentence as a field of cooperation, agreement, discussion or relations.
 * Sentence rule only: the sentence must carry a context word. A language without a lexicon gives [].
 *
 * @example findAreas('Chinh forderte japanische Zusammenarbeit in Halbleitern.', 'de')
 *   // → [{ area: 'semiconductors', trigger: 'halbleiter', start: 44, end: 55 }]  ("Halbleitern")
 */
export function findAreas(text: string, lang: string): AreaMention[] {
  const s = scanAreas(text, lang);
  return s.context ? s.mentions : [];
}

/**
 * Areas of a whole document: area → indexes (0-based, into `sentences`) of the sentences that name it.
 * Applies the sentence rule and the document rule described at the top of this file.
 */
export function documentAreas(sentences: readonly { text: string }[], lang: string): Map<AreaId, number[]> {
  return documentAreasOfScans(sentences.map((s) => scanAreas(s.text, lang)));
}

/** documentAreas from the sentences' scans (scanAreas of each sentence, in order), when the caller already has them. */
export function documentAreasOfScans(scans: readonly SentenceAreaScan[]): Map<AreaId, number[]> {
  const contextCount = scans.filter((s) => s.context).length;
  const framed = (scans[0]?.context ?? false) || contextCount >= FRAMING_MIN_SENTENCES;
  const out = new Map<AreaId, number[]>();
  scans.forEach((s, i) => {
    if (s.mentions.length === 0) return;
    const counts = s.context || (framed && ((scans[i - 1]?.context ?? false) || (scans[i + 1]?.context ?? false)));
    if (!counts) return;
    for (const m of s.mentions) {
      const list = out.get(m.area);
      if (!list) out.set(m.area, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  // Taxonomy order, so callers get a stable listing.
  return new Map(AREAS.filter((a) => out.has(a.id)).map((a) => [a.id, out.get(a.id) as number[]]));
}
