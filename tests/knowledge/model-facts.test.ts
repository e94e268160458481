import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpusDir } from '../../src/corpus-folder/load.js';
import type { Document } from '../../src/corpus/types.js';
import { extractDocument } from '../../src/knowledge/extract.js';
import { mergeModelFacts } from '../../src/knowledge/model-facts.js';

let doc: Document;
beforeAll(async () => {
  const { documents } = await loadCorpusDir('seeds');
  doc = documents.find((d) => d.id === '000_6c8d8428f9bc3ae4')!;
});

describe('mergeModelFacts', () => {
  it('fills what the rules left empty, keeps what they found, and adds cited areas', () => {
    const facts = extractDocument(doc);
    const [rules] = facts.meetings;
    expect(rules?.date).toBeNull();
    const merged = mergeModelFacts(facts, {
      meetings: [{
        date: '2025-10-26', place: 'Singapore', country: 'Malaysia', occasion: 'ASEAN Summit 2025', kind: 'talks',
        participants: [{ name: 'Sanae Takaichi', role: null, country: 'JP' }, { name: 'Phạm Minh Chính', role: null, country: 'VN' }],
        areas: ['energy'], sentences: [2, 5],
      }],
      areas: [{ id: 'health', sentences: [3] }],
    }, doc);
    expect(merged.meetings).toHaveLength(1);
    // The rules' place stands; the date they could not resolve comes from the model.
    expect(merged.meetings[0]).toMatchObject({ place: 'Kuala Lumpur', date: { year: 2025, month: 10, day: 26 } });
    expect(merged.info.areas).toContain('health');
    expect(merged.areaMentions.find((m) => m.area === 'health')?.evidence).toMatchObject({ document: doc.id, sentence: 3 });
  });

  it('drops meetings whose participants the registry does not know, or that cite no real sentence', () => {
    const facts = extractDocument(doc);
    const merged = mergeModelFacts(facts, {
      meetings: [
        { date: null, place: null, country: null, occasion: null, kind: 'talks', participants: [{ name: 'Max Mustermann', role: null, country: 'JP' }, { name: 'Pham Minh Chinh', role: null, country: 'VN' }], areas: [], sentences: [4] },
        { date: null, place: null, country: null, occasion: null, kind: 'talks', participants: [{ name: 'Kishida Fumio', role: null, country: 'JP' }, { name: 'To Lam', role: null, country: 'VN' }], areas: [], sentences: [999] },
      ],
      areas: [{ id: 'maritime', sentences: [999] }],
    }, doc);
    expect(merged.meetings).toHaveLength(facts.meetings.length);
    expect(merged.info.areas).toEqual(facts.info.areas);
  });
});
