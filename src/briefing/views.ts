/**
 * Platform-neutral view models: what every surface (terminal, Discord, digest) renders.
 * Text is plain (no markdown); citation markers `[n]` in text refer to `citations[n-1]`.
 */

export interface Citation {
  /** 1-based number used in `[n]` markers. */
  n: number;
  document: string;
  sentence: number;
  /** The evidence sentence in its own language. */
  quote: string;
  lang: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  link: string | null;
}

export interface ViewSection {
  heading: string;
  /** One fact per line, each ending with its `[n]` markers. */
  lines: string[];
}

/** One entry of a paginated list (a meeting, a timeline event) with its own detail view. */
export interface ViewItem {
  id: string;
  /** Short label (≤ 100 chars) for a select menu. */
  label: string;
  /** One-line summary shown in the list page. */
  summary: string;
  detail: View;
}

export type ViewKind =
  | 'briefing' | 'meetings' | 'meeting' | 'cooperation' | 'timeline' | 'answer' | 'sources' | 'source' | 'digest' | 'help' | 'notice';

export interface View {
  kind: ViewKind;
  title: string;
  /** A short paragraph under the title, or null. */
  intro: string | null;
  sections: ViewSection[];
  /** For list views (meetings, timeline): the entries to paginate. Empty otherwise. */
  items: ViewItem[];
  citations: Citation[];
  /** What to say when there is nothing to show (the view is then otherwise empty). */
  empty: string | null;
  /** One line under everything: provenance, "written by model X", fallbacks. */
  footer: string | null;
}

/** Queries a surface can ask. All optional fields are filters. */
export interface MeetingQuery {
  /** A person (any variant/script) or a country (name or ISO code). */
  with?: string;
  year?: number;
  place?: string;
}

export interface TimelineQuery {
  /** 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' */
  from?: string;
  to?: string;
}

export type SuggestKind = 'person' | 'country' | 'place' | 'area' | 'with' | 'source';

export interface Suggestion {
  /** What the user sees (≤ 100 chars). */
  name: string;
  /** What the command receives (≤ 100 chars). */
  value: string;
}

/**
 * The engine every adapter talks to. The deterministic implementation lives in `briefing/engine.ts`;
 * the model-backed one wraps it and falls back to it.
 */
export interface Engine {
  briefing(topic?: string, locale?: string): Promise<View>;
  meetings(query: MeetingQuery, locale?: string): Promise<View>;
  cooperation(area: string, locale?: string): Promise<View>;
  timeline(query: TimelineQuery, locale?: string): Promise<View>;
  ask(question: string, locale?: string): Promise<View>;
  sources(id?: string, locale?: string): Promise<View>;
  help(locale?: string): Promise<View>;
  /** Autocomplete: at most `limit` suggestions, answered from memory. */
  suggest(kind: SuggestKind, prefix: string, limit?: number): Suggestion[];
  /**
   * Builds one more part of what the views build on first use (one step: call again while idle); true once all is
   * built. An engine that builds nothing ahead may leave it out.
   */
  prepare?(): boolean;
}
