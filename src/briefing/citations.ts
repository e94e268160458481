import { evidenceText, type DocumentInfo, type Evidence, type SentenceText } from '../knowledge/types.js';
import type { Citation } from './views.js';
import { clip, trimQuote } from './text.js';

/** 'https://www.nhandan.vn/a/b' → 'nhandan.vn' (a source is named by its outlet or domain, never by a file hash). */
export function domainOf(link: string | null): string | null {
  if (!link) return null;
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:www\.)?([^/:?#]+)/i.exec(link);
  return m ? m[1]!.toLowerCase() : null;
}

/** How a reader knows a document: its outlet, else its link's domain, else its title, else its id. */
export function sourceName(doc: DocumentInfo | undefined, id: string): string {
  return doc?.outlet ?? domainOf(doc?.source ?? null) ?? (doc?.title ? `“${clip(doc.title, 60)}”` : id);
}

/**
 * Numbers evidence sentences for one view: the same sentence always gets the same [n], in order of first use. The
 * quote is the sentence, trimmed by clause around `focus` (the offset of the words that answer) when it is long.
 */
export class CitationList {
  private readonly byKey = new Map<string, Citation>();

  /** `textOf` reads the quotes of lean evidence (whose text stayed on disk). */
  constructor(private readonly documents: ReadonlyMap<string, DocumentInfo>, private readonly textOf?: SentenceText) {}

  /** Returns the marker ("[3]") for a piece of evidence, registering it on first use. */
  cite(evidence: Evidence, focus?: number): string {
    return `[${this.number(evidence, focus)}]`;
  }

  /** Markers for several pieces of evidence, at most `max`, deduplicated: "[1][4]". */
  citeAll(evidence: Evidence[], max = 3): string {
    // Only the sentences shown are numbered: no citation is listed that the text does not use.
    const shown = [...new Map(evidence.map((e) => [`${e.document}#${e.sentence}`, e])).values()].slice(0, max);
    return shown.map((e) => `[${this.number(e)}]`).join('');
  }

  number(evidence: Evidence, focus = 0): number {
    const key = `${evidence.document}#${evidence.sentence}`;
    const known = this.byKey.get(key);
    if (known) return known.n;
    const doc = this.documents.get(evidence.document);
    const citation: Citation = {
      n: this.byKey.size + 1,
      document: evidence.document,
      sentence: evidence.sentence,
      quote: trimQuote(evidenceText(evidence, this.textOf), focus),
      lang: evidence.lang,
      title: doc?.title ?? null,
      outlet: doc?.outlet ?? domainOf(doc?.source ?? null) ?? (doc?.title ? `“${clip(doc.title, 60)}”` : null),
      published: doc?.published ?? null,
      link: doc?.source ?? null,
    };
    this.byKey.set(key, citation);
    return citation.n;
  }

  list(): Citation[] {
    return [...this.byKey.values()];
  }
}
