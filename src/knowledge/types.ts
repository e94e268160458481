/** Shared shapes of the knowledge layer. Pure data, no behaviour. */

export type AreaId =
  | 'politics-diplomacy' | 'defense-security' | 'cybersecurity' | 'maritime' | 'economy-trade' | 'investment'
  | 'oda-finance' | 'infrastructure' | 'energy' | 'climate-green' | 'digital' | 'semiconductors'
  | 'science-innovation' | 'technology-transfer' | 'education-training' | 'labor' | 'people-culture-tourism'
  | 'local-cooperation' | 'agriculture' | 'health' | 'justice-law' | 'disaster' | 'multilateral';

export type MeetingKind = 'talks' | 'visit' | 'call' | 'reception' | 'sidelines' | 'dialogue' | 'forum' | 'other';

/** A date as precise as the text allows. Missing parts are null; never guessed. */
export interface DateParts {
  year: number | null;
  month: number | null;
  day: number | null;
}

/** A date mention found in a sentence. `parts` are already resolved against the anchor where the text allows. */
export interface DateMention {
  parts: DateParts;
  /** End of a range ("27-30 November"), when the text gives one. */
  until: DateParts | null;
  /** True for relative phrases ("last December", "Am Sonntag"), resolved against the anchor. */
  relative: boolean;
  /** True when the year is not written and there is no publication date: it is the document's first year hint. */
  hinted?: boolean;
  start: number;
  end: number;
  text: string;
}

/** What a date is resolved against. */
export interface DateAnchor {
  /** Publication date 'YYYY-MM-DD' or null. */
  published: string | null;
  /** Years the document itself pins (e.g. 'APEC-2024', '2+2 in 2025'), most specific first. */
  yearHints: number[];
}

/** A registry entry: one real person. */
export interface Person {
  /** Stable kebab id, e.g. 'ishiba-shigeru'. */
  id: string;
  /** Canonical English name, Family Given: 'Ishiba Shigeru', 'Pham Minh Chinh'. */
  name: string;
  /** ISO 3166-1 alpha-2: 'VN', 'JP'. */
  country: string;
  offices: Office[];
  /** Every written form: scripts, orders, with/without diacritics. */
  variants: string[];
}

export interface Office {
  /** English office title: 'Prime Minister', 'President', 'Minister of Foreign Affairs' … */
  role: string;
  /** 'YYYY-MM-DD' | 'YYYY-MM' | 'YYYY' */
  from: string;
  /** null while in office */
  to: string | null;
}

/** A person found in a sentence, from the registry or from a title ("Premierminister X"). */
export interface PersonMention {
  /** Registry id, or null for someone found only by title. */
  personId: string | null;
  /** Canonical name (registry) or the name as written (Latin) / transliterated (other scripts). */
  name: string;
  /** The name exactly as it appears in the text. */
  written: string;
  /** Office named next to the name in the text, in English, or null. */
  role: string | null;
  /** Country from the registry or from an adjective next to the name ('japanischer'), ISO alpha-2, or null. */
  country: string | null;
  start: number;
  end: number;
}

export interface PlaceMention {
  /** English city/province name, or null when only a country is named. */
  place: string | null;
  /** English country name, or null. */
  country: string | null;
  start: number;
  end: number;
  text: string;
}

export interface OccasionMention {
  /** Series id: 'asean-summit', 'apec', 'g20', 'g7', 'unga', 'nikkei-forum', … */
  series: string;
  /** English label without year: 'ASEAN Summit', 'APEC', 'G20 Summit'. */
  label: string;
  year: number | null;
  /** Host city / country when the series pins it for that year, else null. */
  place: string | null;
  country: string | null;
  start: number;
  end: number;
  text: string;
}

export interface CountryMention {
  /** ISO alpha-2. */
  code: string;
  /** 'name' ('Japan', 'Nhật Bản') or 'adjective' ('japanisch', 'японский'). */
  form: 'name' | 'adjective';
  start: number;
  end: number;
  text: string;
}

export interface AreaMention {
  area: AreaId;
  trigger: string;
  start: number;
  end: number;
}

/** A sentence cited as evidence. */
export interface Evidence {
  document: string;
  sentence: number;
  /**
   * The sentence as written; '' in knowledge loaded lean (a large corpus keeps sentence text on disk): read it with
   * the SentenceText the loader gives (the engine and the digest do).
   */
  text: string;
  lang: string;
}

/** The text of a document's sentence (1-based index), or undefined when unknown. */
export type SentenceText = (document: string, sentence: number) => string | undefined;

/** An evidence's text: its own, else what `textOf` reads. */
export function evidenceText(evidence: Evidence, textOf?: SentenceText): string {
  return evidence.text || textOf?.(evidence.document, evidence.sentence) || '';
}

export interface Participant {
  name: string;
  role: string | null;
  country: string | null;
  personId: string | null;
}

/** One source's account of a meeting (for the "who reported it" list). */
export interface Report {
  document: string;
  lang: string;
  outlet: string | null;
  published: string | null;
  /** The date and place this source alone gives for the meeting (before merging with other sources). */
  date: string | null;
  place: string | null;
  /** Why this report joined the meeting first reported by another article ('same participants on 2024-11-16'). */
  merged?: string;
}

export interface Meeting {
  id: string;
  /** 'YYYY-MM-DD' | 'YYYY-MM' | 'YYYY' | null */
  date: string | null;
  place: string | null;
  country: string | null;
  occasion: string | null;
  kind: MeetingKind;
  participants: Participant[];
  areas: AreaId[];
  sources: Evidence[];
  reports: Report[];
  /** Human-readable disagreements between sources ("date: 2024-11-16 [002] vs 2024-11-17 [007]"). */
  conflicts: string[];
}

/** An announced visit, invitation or scheduled meeting: never a meeting. */
export interface Plan {
  id: string;
  date: string | null;
  place: string | null;
  country: string | null;
  kind: 'visit' | 'invitation' | 'meeting';
  participants: Participant[];
  summary: string;
  sources: Evidence[];
}

export interface Figure {
  /** Numeric value in base units (20 bn → 20000000000). */
  value: number;
  /** 'USD', 'JPY', 'VND', '%', 'people', 'projects', … or null for a bare count. */
  unit: string | null;
  /** What it measures in English when the sentence says ('bilateral trade', 'investment projects'), else null. */
  measure: string | null;
  /** Period or date the figure is for, as precise as the text says ('2025-01/2025-10', '2030'), else null. */
  period: string | null;
  /** The figure exactly as written. */
  text: string;
  evidence: Evidence;
  /** Cooperation areas its sentence names (absent in facts from before this field). */
  areas?: AreaId[];
}

export interface AreaFacts {
  id: AreaId;
  label: string;
  /** One sentence per article naming the area (the article's first), in the order the articles were assembled. */
  mentions: Evidence[];
}

/** Document metadata as the contract exposes it. */
export interface DocumentInfo {
  id: string;
  file: string;
  lang: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  source: string | null;
  sentences: number;
  warnings: string[];
  /** Areas named in this document. */
  areas: AreaId[];
}

/** Acts of a statement (GUIDE §3), in the spirit of CAMEO's verbal cooperation codes. */
export type StatementAct =
  | 'agreed' | 'proposed' | 'pledged' | 'welcomed' | 'called-for' | 'affirmed' | 'signed' | 'announced'
  | 'thanked' | 'invited' | 'congratulated' | 'condoled';

/** Who made a statement: a person, a side (`name` null), or both sides together (`country` 'VN+JP'). */
export interface StatementActor {
  name: string | null;
  /** ISO alpha-2 of the side, 'VN+JP' for a joint act, or null. */
  country: string | null;
  personId: string | null;
  /** Office named in the text or held at the time, in English, or null. */
  role: string | null;
  /** The people of a joint act, when the sentence names them. */
  members?: string[];
}

/** What an identified actor said or did in words in one sentence (STATEMENTS.md). */
export interface Statement {
  actor: StatementActor;
  act: StatementAct;
  addressee: { name: string | null; country: string | null } | null;
  areas: AreaId[];
  /** English object phrase where a rule finds one, else null. */
  object: string | null;
  /** Id of the meeting it belongs to, or null. */
  meeting: string | null;
  /** The sentence, in its own language. */
  evidence: Evidence;
  /** The English sentence the briefing shows (no citation mark). */
  text: string;
  /** Offset of the act's verb in the sentence (a long quote is trimmed around it). */
  at?: number;
}

/** Everything extracted from a corpus. */
export interface Knowledge {
  documents: DocumentInfo[];
  meetings: Meeting[];
  plans: Plan[];
  areas: AreaFacts[];
  figures: Figure[];
  /** Absent in knowledge built before statements existed. */
  statements?: Statement[];
}
