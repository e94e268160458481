import type { CorpusSnapshot } from '../../src/digest/compose.js';
import type { DocumentInfo, Evidence, Knowledge, Meeting } from '../../src/knowledge/types.js';

export function doc(id: string, lang: string, title: string | null, outlet: string | null, published: string | null): DocumentInfo {
  return { id, file: `${id}.txt`, lang, title, outlet, published, source: `https://news.example/${id}`, sentences: 5, warnings: [], areas: [] };
}

export function ev(document: string, sentence: number, text: string, lang: string): Evidence {
  return { document, sentence, text, lang };
}

export function meeting(id: string, date: string | null, sources: Evidence[]): Meeting {
  return {
    id, date, place: 'Hanoi', country: 'Vietnam', occasion: null, kind: 'talks',
    participants: [
      { name: 'Pham Minh Chinh', role: 'Prime Minister', country: 'VN', personId: 'pham-minh-chinh' },
      { name: 'Ishiba Shigeru', role: 'Prime Minister', country: 'JP', personId: 'ishiba-shigeru' },
    ],
    areas: ['semiconductors'], sources, reports: [], conflicts: [],
  };
}

/** A corpus of `documents`, each with a meeting-free knowledge entry, plus optional extra facts. */
export function snapshot(documents: DocumentInfo[], extra: Partial<Knowledge> = {}, hashes?: Record<string, string>): CorpusSnapshot {
  return {
    knowledge: { documents, meetings: [], plans: [], areas: [], figures: [], ...extra },
    hashes: hashes ?? Object.fromEntries(documents.map((d) => [d.id, `hash-${d.id}`])),
  };
}
