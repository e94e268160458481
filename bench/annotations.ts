// Prints what the extractors find in each sentence of one article: a tool for looking at misses.
// Usage: npx tsx bench/annotations.ts FILE [--all|--meetings]
import { loadCorpusFile } from '../src/corpus-folder/load.js';
import { annotateDocument } from '../src/knowledge/annotate.js';
import { formatDate } from '../src/knowledge/dates.js';
import { documentMeetings, documentPlans } from '../src/knowledge/meetings.js';

const [file, flag] = process.argv.slice(2);
if (!file) throw new Error('usage: npx tsx bench/annotations.ts FILE [--all]');
const loaded = await loadCorpusFile(file);
if ('warning' in loaded) throw new Error(loaded.warning.reason);
const doc = annotateDocument(loaded.document);
console.log(`${doc.document.id} lang=${doc.document.lang} published=${doc.document.published} hints=${doc.anchor.yearHints}`);
for (const a of doc.sentences) {
  const parts = [
    a.people.length && `people=${a.people.map((p) => `${p.name}/${p.country}/${p.role ?? '-'}${p.personId ? '' : '?'}`).join('; ')}`,
    a.cues.length && `cues=${a.cues.map((c) => `${c.kind}${c.plan ? '(plan)' : ''}:${c.trigger}`).join(', ')}`,
    a.dates.length && `dates=${a.dates.map((d) => `${formatDate(d.parts) ?? '?'}«${d.text}»`).join(', ')}`,
    a.places.length && `places=${a.places.map((p) => `${p.place ?? '-'}/${p.country ?? '-'}`).join(', ')}`,
    a.occasions.length && `occ=${a.occasions.map((o) => `${o.label} ${o.year ?? ''}`).join(', ')}`,
  ].filter(Boolean);
  if (parts.length || flag === '--all') console.log(`${a.sentence.index}: ${a.sentence.text.slice(0, 110)}\n    ${parts.join(' | ')}`);
}
if (flag === '--meetings') {
  for (const m of documentMeetings(doc)) {
    console.log(`MEETING ${m.kind} ${m.date ? formatDate(m.date) : 'no date'} ${m.place ?? '-'}/${m.country ?? '-'} ${m.occasion?.label ?? ''} :: ${m.participants.map((p) => `${p.name}/${p.country}/${p.role ?? '-'}`).join(' + ')} @${m.sentences.join(',')}`);
  }
  for (const p of documentPlans(doc)) console.log(`PLAN ${p.kind} ${p.date ? formatDate(p.date) : '-'} ${p.participants.map((x) => x.name).join(' + ')} @${p.sentence}`);
}
