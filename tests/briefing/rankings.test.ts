/**
 * The engine's rankings (src/briefing/rankings.ts): what the engine computes on first use, kept with a knowledge
 * snapshot, trusted only for the knowledge they were made for and only when they fit it.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadCorpusDir } from '../../src/corpus-folder/load.js';
import { buildApp } from '../../src/app.js';
import { KEY_FIGURES, rankingsFor, rankingsOf } from '../../src/briefing/rankings.js';
import { compareIso } from '../../src/briefing/text.js';
import type { Figure } from '../../src/knowledge/types.js';
import { byKnownDate } from '../../src/briefing/meeting-dates.js';
import { statementOrder } from '../../src/briefing/statement-lines.js';

const SEEDS = join(import.meta.dirname, '../../seeds');

async function seedsApp() {
  const { documents, warnings } = await loadCorpusDir(SEEDS);
  return buildApp(documents, warnings);
}

/** Views that read both rankings: the briefing (statements, latest meetings) and the meeting list. */
async function views(app: Awaited<ReturnType<typeof seedsApp>>) {
  return [await app.engine.briefing(undefined, 'en-US'), await app.engine.meetings({}, 'en-US'), await app.engine.briefing(undefined, 'fr')];
}

describe('engine rankings', () => {
  it('are the orders the engine makes: statements worth showing first, meetings by known date', async () => {
    const { knowledge } = await seedsApp();
    const rankings = rankingsOf(knowledge);
    const published = new Map(knowledge.documents.map((d) => [d.id, d.published ?? null]));
    const statements = knowledge.statements!;
    expect(statements.length).toBeGreaterThan(5);
    expect(Array.from(rankings.statements, (i) => statements[i])).toEqual(statementOrder(statements, (id) => published.get(id) ?? null));
    const { dated, undated } = byKnownDate(knowledge.meetings);
    expect(Array.from(rankings.dated, (i) => knowledge.meetings[i])).toEqual(dated);
    expect(Array.from(rankings.undated, (i) => knowledge.meetings[i])).toEqual(undated);
  });

  it('keep the key figures (newest article first, money first, larger sums first) and each area\'s article count', async () => {
    const { knowledge } = await seedsApp();
    const rankings = rankingsOf(knowledge);
    const published = new Map(knowledge.documents.map((d) => [d.id, d.published ?? '']));
    const money = (f: Figure) => (f.unit && /^[A-Z]{3}$/.test(f.unit) ? 1 : 0);
    const expected = knowledge.figures
      .filter((f) => f.measure && f.unit !== '%')
      .sort((a, b) => compareIso(published.get(b.evidence.document)!, published.get(a.evidence.document)!) || money(b) - money(a) || (money(a) ? b.value - a.value : 0))
      .slice(0, KEY_FIGURES);
    expect(expected.length).toBeGreaterThan(1);
    expect(Array.from(rankings.keyFigures!, (i) => knowledge.figures[i])).toEqual(expected);
    expect(Array.from(rankings.areaArticles!)).toEqual(knowledge.areas.map((a) => new Set(a.mentions.map((e) => e.document)).size));
  });

  it('added later (key figures, area counts) are used when they fit, and computed when absent or not fitting', async () => {
    const app = await seedsApp();
    const rankings = rankingsOf(app.knowledge);
    const briefing = () => app.engine.briefing(undefined, 'en-US');
    const expected = await briefing();
    // Others, for a knowledge nothing has ranked yet: the briefing follows them.
    const fresh = { ...app.knowledge };
    const given = rankingsFor(fresh, { ...rankings, keyFigures: rankings.keyFigures!.slice().reverse(), areaArticles: rankings.areaArticles!.map((n, i) => i) })!;
    expect(given.keyFigures).toBeDefined();
    const misled = await buildApp(app.documents, app.warnings, fresh, { rankings: given }).engine.briefing(undefined, 'en-US');
    expect(misled).not.toEqual(expected);
    // Not fitting (a position past the figures, a count per area missing), or absent (an older snapshot): computed.
    const unfit = { ...app.knowledge };
    const dropped = rankingsFor(unfit, { ...rankings, keyFigures: Uint32Array.of(app.knowledge.figures.length), areaArticles: rankings.areaArticles!.subarray(1) })!;
    expect(dropped).toBeDefined();
    expect([dropped.keyFigures, dropped.areaArticles]).toEqual([undefined, undefined]);
    expect(await buildApp(app.documents, app.warnings, unfit, { rankings: dropped }).engine.briefing(undefined, 'en-US')).toEqual(expected);
    const older = { ...app.knowledge };
    const { keyFigures: _k, areaArticles: _a, ...before } = rankings;
    expect(await buildApp(app.documents, app.warnings, older, { rankings: rankingsFor(older, before)! }).engine.briefing(undefined, 'en-US')).toEqual(expected);
  });

  it('given for the very knowledge, give the views the engine makes without them; and are used', async () => {
    const app = await seedsApp();
    const given = rankingsFor(app.knowledge, rankingsOf(app.knowledge))!;
    expect(given.knowledge).toBe(app.knowledge);
    const ranked = buildApp(app.documents, app.warnings, app.knowledge, { rankings: given });
    expect(await views(ranked)).toEqual(await views(app));
    // Reversed (still one position each), for a knowledge nothing has ranked yet: the briefing follows them, so they
    // are what the engine read.
    const fresh = { ...app.knowledge };
    const reversed = { ...given, knowledge: fresh, statements: given.statements.slice().reverse(), dated: given.dated.slice().reverse() };
    const misled = buildApp(app.documents, app.warnings, fresh, { rankings: reversed });
    expect(await views(misled)).not.toEqual(await views(app));
  });

  it('are made once per knowledge: a snapshot written after the engine ranked it takes the engine\'s', async () => {
    const app = await seedsApp();
    await views(app);
    const first = rankingsOf(app.knowledge);
    const again = rankingsOf(app.knowledge);
    expect(again.statements).toBe(first.statements);
    expect(again.dated).toBe(first.dated);
    // Another knowledge object (equal lists): ranked on its own, to the same order.
    const other = rankingsOf({ ...app.knowledge });
    expect(other.statements).not.toBe(first.statements);
    expect(Array.from(other.statements)).toEqual(Array.from(first.statements));
  });

  it('made for another knowledge object, or not fitting, are not used', async () => {
    const app = await seedsApp();
    const rankings = rankingsOf(app.knowledge);
    const other = { ...app.knowledge };
    const reversed = { ...rankings, statements: rankings.statements.slice().reverse(), dated: rankings.dated.slice().reverse() };
    // An equal knowledge that is not the same object: ranked again by the engine.
    const elsewhere = buildApp(app.documents, app.warnings, app.knowledge, { rankings: { ...reversed, knowledge: other } });
    expect(await views(elsewhere)).toEqual(await views(app));
    const n = rankings.statements.length;
    expect(rankingsFor(app.knowledge, { ...rankings, statements: rankings.statements.subarray(1) })).toBeUndefined();
    expect(rankingsFor(app.knowledge, { ...rankings, statements: new Uint32Array(n) })).toBeUndefined();
    expect(rankingsFor(app.knowledge, { ...rankings, statements: Uint32Array.from(rankings.statements, (i) => (i === 0 ? n : i)) })).toBeUndefined();
    expect(rankingsFor(app.knowledge, { ...rankings, undated: Uint32Array.from([...rankings.undated, rankings.dated[0]!]) })).toBeUndefined();
  });
});
