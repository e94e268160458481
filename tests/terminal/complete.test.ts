import { describe, expect, it } from 'vitest';
import { completeLine, type CompletionSource } from '../../src/terminal/complete.js';
import { isPartialDate, parseCommandLine, sessionArgv, UsageError } from '../../src/terminal/args.js';
import type { Suggestion, SuggestKind } from '../../src/briefing/views.js';

/** The bot's autocomplete, stubbed with a few names per kind; records what it was asked. */
function source(): CompletionSource & { asked: [SuggestKind, string][] } {
  const asked: [SuggestKind, string][] = [];
  const names: Record<string, string[]> = {
    with: ['Ishiba Shigeru', 'Vietnam'],
    place: ['Lima', 'Tokyo'],
    area: ['semiconductors', 'oda-finance'],
    source: ['003_86fea495d9a89ce1'],
  };
  return {
    asked,
    years: () => ['2025', '2024'],
    engine: {
      suggest(kind, prefix): Suggestion[] {
        asked.push([kind, prefix]);
        return (names[kind] ?? []).filter((n) => n.toLowerCase().includes(prefix.toLowerCase())).map((n) => ({ name: n, value: n }));
      },
    },
  };
}

describe('completeLine', () => {
  it('completes command names, with or without the slash, and the session words', () => {
    expect(completeLine('me', source())).toEqual([['meetings '], 'me']);
    expect(completeLine('/co', source())).toEqual([['/cooperation '], '/co']);
    expect(completeLine('qu', source())).toEqual([['quit '], 'qu']);
    expect(completeLine('st', source())).toEqual([[], 'st']);
  });

  it('completes option names in both spellings', () => {
    expect(completeLine('meetings --y', source())).toEqual([['--year '], '--y']);
    expect(completeLine('meetings pl', source())).toEqual([['place:'], 'pl']);
  });

  it('completes values from the bot’s autocomplete, quoting names with spaces', () => {
    const s = source();
    expect(completeLine('meetings --with Ishi', s)).toEqual([['"Ishiba Shigeru" '], 'Ishi']);
    expect(s.asked).toEqual([['with', 'Ishi']]);
    expect(completeLine('/meetings place:Li', s)).toEqual([['place:Lima '], 'place:Li']);
    expect(completeLine('cooperation semi', s)).toEqual([['semiconductors '], 'semi']);
    expect(completeLine('meetings --year 202', s)).toEqual([['2025 ', '2024 '], '202']);
  });

  it('keeps what was typed when several candidates do not extend it', () => {
    expect(completeLine('meetings --with i', source())).toEqual([['i', '"Ishiba Shigeru" ', 'Vietnam '], 'i']);
  });
});

describe('parseCommandLine', () => {
  it('checks values and ranges, and keeps a rest positional whole', () => {
    const parsed = parseCommandLine(['ask', 'who', 'met', '--json', 'in', 'Lima?']);
    expect([parsed.spec.name, parsed.positional, [...parsed.values]]).toEqual(['ask', 'who met in Lima?', [['json', true]]]);
    expect(() => parseCommandLine(['timeline', '--from', '2024-06', '--to', '2024-05-31'])).toThrow(UsageError);
    expect(() => parseCommandLine(['timeline', '--from', '2024-06', '--to', '2024-05-31'])).toThrow('--from 2024-06 is after --to 2024-05-31');
    expect(parseCommandLine(['timeline', '--from', '2024-05', '--to', '2024-05-31']).values.get('to')).toBe('2024-05-31');
  });

  it('accepts real calendar dates only', () => {
    expect(['2024', '2024-02', '2024-02-29'].map(isPartialDate)).toEqual([true, true, true]);
    expect(['2023-02-29', '2024-13', '24', '2024-1-5', 'garbage'].map(isPartialDate)).toEqual([false, false, false, false, false]);
  });
});

describe('sessionArgv', () => {
  it('reads the Discord spelling and shell quotes into the command line’s argv', () => {
    expect(sessionArgv('/meetings with:Pham Minh Chinh year:2024')).toEqual(['meetings', '--with', 'Pham Minh Chinh', '--year', '2024']);
    expect(sessionArgv('meetings --with "Luong Cuong" --json')).toEqual(['meetings', '--with', 'Luong Cuong', '--json']);
    expect(sessionArgv('/frobnicate now')).toEqual(['frobnicate', 'now']);
  });
});
