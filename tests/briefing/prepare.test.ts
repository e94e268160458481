/**
 * engine.prepare() (src/briefing/context.ts, engine.ts): what the views build on first use, built ahead one step per
 * call; the views are the same whether it ran or not.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadCorpusDir } from '../../src/corpus-folder/load.js';
import { buildApp } from '../../src/app.js';
import type { Engine } from '../../src/briefing/views.js';

const SEEDS = join(import.meta.dirname, '../../seeds');

/** Views that read every prepared list: briefings, filtered meetings, areas, answers, timeline, sources, autocomplete. */
async function views(engine: Engine, ids: readonly string[]) {
  return [
    // Each document's own source view: its meetings found by a pass over them, or by the index once prepared.
    ...(await Promise.all(ids.map((id) => engine.sources(id, 'en-US')))), engine.suggest('source', 'vi', 25),
    await engine.briefing(undefined, 'en-US'), await engine.briefing('Ishiba', 'ja'), await engine.meetings({ with: 'Japan', year: 2025 }, 'en-US'),
    await engine.cooperation('semiconductors', 'de'), await engine.ask('What did the two sides agree on energy?', 'en-US'),
    await engine.ask('Ishiba Vietnam', 'fr'), await engine.timeline({ from: '2024' }, 'en-US'), await engine.sources(undefined, 'en-US'),
    engine.suggest('with', 'Ph', 25), engine.suggest('place', 'To', 25), engine.suggest('area', 'en', 25),
  ];
}

describe('engine.prepare', () => {
  it('builds ahead in several steps, then says so, and the views are those of an engine never prepared', async () => {
    const { documents, warnings } = await loadCorpusDir(SEEDS);
    const app = buildApp(documents, warnings);
    const prepared = buildApp(documents, warnings, app.knowledge, { index: app.index }).engine;
    let steps = 1;
    while (!prepared.prepare!()) steps++;
    expect(steps).toBeGreaterThan(10);
    expect(prepared.prepare!()).toBe(true);
    const ids = documents.map((d) => d.id);
    // The documents' source views list meetings (the seeds report several in each), not only 'none'.
    const reported = (await Promise.all(ids.map((id) => app.engine.sources(id, 'en-US')))).map((v) => v.sections[1]!.lines);
    expect(reported.filter((lines) => lines.length > 1).length).toBeGreaterThan(1);
    expect(await views(prepared, ids)).toEqual(await views(buildApp(documents, warnings, app.knowledge, { index: app.index }).engine, ids));
  });
});
