import { describe, it, expect } from 'vitest';
import { createEngine } from '../../src/briefing/engine.js';
import { composeDigest } from '../../src/digest/compose.js';
import { RELATIONSHIP, relationshipOf } from '../../src/knowledge/relationship.js';
import type { Knowledge } from '../../src/knowledge/types.js';

const EMPTY: Knowledge = { documents: [], meetings: [], plans: [], areas: [], figures: [] };
/** A made-up pair: nothing in the code may assume Vietnam and Japan. */
const PAIR = relationshipOf({ sides: ['CL', 'NZ'], names: { CL: 'Chile', NZ: 'New Zealand' } });

describe('relationshipOf', () => {
  it('names the relationship from its sides, in order', () => {
    expect(PAIR).toEqual({ sides: ['CL', 'NZ'], names: new Map([['CL', 'Chile'], ['NZ', 'New Zealand']]), label: 'Chile–New Zealand' });
  });

  it('reads this deployment’s pair from relationship.json', () => {
    expect(RELATIONSHIP.sides).toEqual(['VN', 'JP']);
    expect(RELATIONSHIP.label).toBe('Vietnam–Japan');
  });

  it('refuses a side without a name (a built-in name is not a name)', () => {
    expect(() => relationshipOf({ sides: ['CL', 'toString'], names: { CL: 'Chile' } })).toThrow('side toString has no name');
  });
});

describe('createEngine with another relationship', () => {
  it('titles the briefing and help with that pair and suggests its countries', async () => {
    const engine = createEngine(EMPTY, [], { relationship: PAIR });
    expect((await engine.briefing()).title).toBe('Chile–New Zealand briefing');
    expect((await engine.help()).title).toBe('attache — Chile–New Zealand briefings');
    expect(engine.suggest('country', 'new', 25)).toEqual([{ name: 'New Zealand', value: 'New Zealand' }]);
    expect(engine.suggest('country', 'viet', 25)).toEqual([]);
  });

  it('keeps the configured pair by default', async () => {
    expect((await createEngine(EMPTY, []).briefing()).title).toBe('Vietnam–Japan briefing');
    expect(composeDigest(EMPTY, [], { since: null }).title).toBe('Vietnam–Japan digest');
  });
});
