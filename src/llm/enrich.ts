/**
 * Model-assisted extraction for a live corpus (OPENAI_EXTRACT=true): the model reads each article once (its answer
 * is cached per content hash and model by the writer), and its facts are merged into the deterministic ones
 * (knowledge/model-facts.ts) — it can fill gaps and add cited facts, never override the rules.
 */
import type { CorpusDocument, SentenceSource } from '../corpus/types.js';
import { withSentences } from '../corpus/documents.js';
import type { DocumentFacts } from '../knowledge/extract.js';
import { mergeModelFacts, type ModelFacts } from '../knowledge/model-facts.js';
import { isFallback, type Writer } from './writer.js';

export interface Enrichment {
  /** Facts with what the model added for their document, when it has read that version of it. */
  apply(facts: DocumentFacts[], documents: () => readonly CorpusDocument[]): DocumentFacts[];
  /** Reads every document not read yet, one at a time; resolves with how many gained model facts. */
  run(documents: readonly CorpusDocument[]): Promise<number>;
}

/** `sentences`: reads a lean document's sentences back (the live corpus's), when the model reads or cites it. */
export function createEnrichment(writer: Writer, log: { warn(obj: object, msg?: string): void }, sentences?: SentenceSource): Enrichment {
  /** Document id → the content hash the model read and what it found. */
  const read = new Map<string, { hash: string; facts: ModelFacts }>();
  const failed = new Set<string>();
  return {
    apply(facts, documents) {
      if (read.size === 0) return facts;
      const byId = new Map(documents().map((d) => [d.id, d]));
      return facts.map((f) => {
        const model = read.get(f.info.id);
        const doc = byId.get(f.info.id);
        return model && doc && doc.hash === model.hash ? mergeModelFacts(f, model.facts, withSentences(doc, sentences)) : f;
      });
    },
    async run(documents) {
      let added = 0;
      for (const doc of documents) {
        if (read.get(doc.id)?.hash === doc.hash || failed.has(doc.hash)) continue;
        const result = await writer.extract(withSentences(doc, sentences));
        if (isFallback(result)) {
          // A budget or outage stops the pass; the next one (after the next corpus change) tries again.
          if (result.fallback !== 'malformed') {
            log.warn({ document: doc.id, reason: result.fallback }, 'model extraction paused');
            break;
          }
          failed.add(doc.hash);
          continue;
        }
        read.set(doc.id, { hash: doc.hash, facts: result });
        added++;
      }
      return added;
    },
  };
}
