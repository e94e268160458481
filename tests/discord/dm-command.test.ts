import { describe, expect, it } from 'vitest';
import { dmQuestion, parseDmCommand, runDmCommand } from '../../src/discord/dm-command.js';
import type { Engine, View } from '../../src/briefing/views.js';

describe('parseDmCommand', () => {
  it('reads a command with name:value options, values running to the next option', () => {
    expect(parseDmCommand('/meetings with:Ishiba Shigeru year:2024')).toEqual({ name: 'meetings', options: new Map([['with', 'Ishiba Shigeru'], ['year', '2024']]) });
    expect(parseDmCommand('  /Cooperation semiconductors  ')).toEqual({ name: 'cooperation', options: new Map([['', 'semiconductors']]) });
    expect(parseDmCommand('/timeline from:2024 to:2024-12')).toEqual({ name: 'timeline', options: new Map([['from', '2024'], ['to', '2024-12']]) });
  });

  it('leaves questions, /ask and commands we do not have to the question path', () => {
    expect([parseDmCommand('When did they meet?'), parseDmCommand('/ask when?'), parseDmCommand('/weather Hanoi'), parseDmCommand('a/meetings')]).toEqual([null, null, null, null]);
    expect([dmQuestion('/ask question: When did they meet?'), dmQuestion('/ask When?'), dmQuestion('What about /ask?')]).toEqual(['When did they meet?', 'When?', 'What about /ask?']);
  });
});

describe('runDmCommand', () => {
  const calls: unknown[] = [];
  const answer = (kind: View['kind']): View => ({ kind, title: kind, intro: null, sections: [], items: [], citations: [], empty: null, footer: null });
  const engine = {
    meetings: async (q: unknown, l: unknown) => (calls.push(['meetings', q, l]), answer('meetings')),
    cooperation: async (a: unknown, l: unknown) => (calls.push(['cooperation', a, l]), answer('cooperation')),
  } as unknown as Engine;

  it('asks the engine what the slash command would, the free text filling the main option', async () => {
    await runDmCommand(engine, parseDmCommand('/meetings Ishiba year:2024 place:Lima')!, 'en');
    await runDmCommand(engine, parseDmCommand('/cooperation area:oda finance')!, 'en');
    expect(calls).toEqual([['meetings', { with: 'Ishiba', place: 'Lima', year: 2024 }, 'en'], ['cooperation', 'oda finance', 'en']]);
  });

  it('refuses a year that is not one', async () => {
    await expect(runDmCommand(engine, parseDmCommand('/meetings year:soon')!, 'en')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'year must be a year such as 2024, not “soon”.' });
  });
});
