/**
 * `attache eval DIR`: reads the labels beside the articles and prints precision, recall and F1 per field.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Evaluation, Label } from '../knowledge/evaluate.js';
import type { LabeledStatement, StatementEvaluation } from '../knowledge/evaluate-statements.js';

/** The labels of a folder: every NNN.json holding a `meetings` list (other JSON files are not labels). */
export async function readLabels(dir: string): Promise<Label[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const labels: Label[] = [];
  for (const file of files) {
    const raw = JSON.parse(await readFile(join(dir, file), 'utf8')) as Omit<Label, 'document'> & { meetings?: Label['meetings'] };
    if (!Array.isArray(raw.meetings)) continue;
    labels.push({ document: file.replace(/\.json$/, ''), lang: raw.lang, published: raw.published ?? null, meetings: raw.meetings, areas: raw.areas ?? [] });
  }
  return labels;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The score table as text. */
export function evalReport(result: Evaluation, labeled: number, dir: string): string {
  const out = [`Evaluated ${labeled} labeled documents in ${dir}`, '', '            precision  recall     F1      (tp/fp/fn)'];
  for (const key of ['meetings', 'participants', 'places', 'areas'] as const) {
    const s = result[key];
    out.push(`${key.padEnd(12)}${pct(s.precision).padStart(9)}${pct(s.recall).padStart(9)}${pct(s.f1).padStart(9)}    (${s.tp}/${s.fp}/${s.fn})`);
  }
  const d = result.dates;
  out.push(`dates       exact ${d.exact}/${d.matched} (${pct(d.matched ? d.exact / d.matched : 1)}), not contradicting ${d.compatible}/${d.matched}`);
  if (result.misses.length) out.push('', 'Misses:', ...result.misses.map((m) => `  - ${m}`));
  if (result.falseFinds.length) out.push('', 'False finds:', ...result.falseFinds.map((m) => `  - ${m}`));
  return out.join('\n');
}

/** Labeled statements per document, from the labels that carry a `statements` list (shared/STATEMENTS.md). */
export async function readStatementLabels(dir: string): Promise<Map<string, LabeledStatement[]>> {
  const out = new Map<string, LabeledStatement[]>();
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
    const raw = JSON.parse(await readFile(join(dir, file), 'utf8')) as { statements?: LabeledStatement[] };
    if (Array.isArray(raw.statements)) out.set(file.replace(/\.json$/, ''), raw.statements);
  }
  return out;
}

/** The statement scores as text: overall and per act, then misses and false finds. */
export function statementReport(result: StatementEvaluation, documents: number): string {
  const out = ['', `Statements (${documents} documents with statement labels)`, '              precision  recall     F1      (tp/fp/fn)'];
  for (const [key, s] of [['overall', result.overall] as const, ...Object.entries(result.acts)]) {
    out.push(`${key.padEnd(14)}${pct(s.precision).padStart(7)}${pct(s.recall).padStart(9)}${pct(s.f1).padStart(9)}    (${s.tp}/${s.fp}/${s.fn})`);
  }
  if (result.misses.length) out.push('', 'Statement misses:', ...result.misses.map((m) => `  - ${m}`));
  if (result.falseFinds.length) out.push('', 'Statement false finds:', ...result.falseFinds.map((m) => `  - ${m}`));
  return out.join('\n');
}
