import { loadCorpusDir } from '../src/io/corpus-dir.js';
import { syntheticCorpus } from './synth.js';
import { createPeopleContext, findPeople } from '../src/knowledge/people.js';
const { dir } = syntheticCorpus(1000);
const { documents } = await loadCorpusDir(dir);
const t = performance.now();
for (let r = 0; r < 2; r++) for (const d of documents) { const c = createPeopleContext(); for (const s of d.sentences) findPeople(s.text, d.lang, c); }
console.log(performance.now() - t);
