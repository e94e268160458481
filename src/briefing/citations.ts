import { evidenceText, type DocumentInfo, type Evidence, type SentenceText } from '../knowledge/types.js';
import type { Citation } from './views.js';

/**
 * Numbers evidence sentences for one view: the same sentence always gets the same [n], in order of first use.
 */
export class CitationList {
  private readonly byKey = new Map<string, Citation>();

  /** `textOf` reads the quotes of lean evidence (whose text stayed on disk). */
  constructor(private readonly documents: ReadonlyMap<string, DocumentInfo>, private readonly textOf?: SentenceText) {}

  /** Returns the marker ("[3]") for a piece of evidence, registering it on first use. */
  cite(evidence: Evidence): string {
    return `[${this.number(evidence)}]`;
  }

  /** Markers for several pieces of evidence, at most `max`, deduplicated: "[1][4]". */
  citeAll(evidence: Evidence[], max = 3): string {
    const numbers = [...new Set(evidence.map((e) => this.number(e)))].slice(0, max);
    return numbers.map((n) => `[${n}]`).join('');
  }

  number(evidence: Evidence): number {
    const key = `${evidence.document}#${evidence.sentence}`;
    const known = this.byKey.get(key);
    if (known) return known.n;
    const doc = this.documents.get(evidence.document);
    const citation: Citation = {
      n: this.byKey.size + 1,
      document: evidence.document,
      sentence: evidence.sentence,
      quote: evidenceText(evidence, this.textOf),
      lang: evidence.lang,
      title: doc?.title ?? null,
      outlet: doc?.outlet ?? null,
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
