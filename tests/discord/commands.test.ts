import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { commandPayloads, validateCommandPayload } from '../../src/discord/deploy.js';
import { resolveLocale, t } from '../../src/discord/i18n.js';
import { parseCustomId } from '../../src/discord/pagination.js';

describe('command registry', () => {
  it('holds the GUIDE commands once each, every one valid for Discord', () => {
    expect(commands.map((c) => c.data.name)).toEqual(['briefing', 'meetings', 'cooperation', 'timeline', 'ask', 'sources', 'digest', 'help']);
    expect(validateCommandPayload(commandPayloads())).toEqual([]);
  });

  it('localizes every command, subcommand, group and option name and description in vi and ja', () => {
    interface Node { name: string; name_localizations?: Record<string, string> | null; description_localizations?: Record<string, string> | null; options?: Node[] }
    const unlocalized: string[] = [];
    const walk = (node: Node, where: string): void => {
      if (Object.keys(node.name_localizations ?? {}).sort().join() !== 'ja,vi') unlocalized.push(`${where} name`);
      if (Object.keys(node.description_localizations ?? {}).sort().join() !== 'ja,vi') unlocalized.push(`${where} description`);
      for (const option of node.options ?? []) walk(option, `${where} ${option.name}`);
    };
    for (const payload of commandPayloads()) walk(payload as Node, `/${payload.name}`);
    expect(unlocalized).toEqual([]);
  });

  it('localizes /digest down to its subcommands, and a localized name differs from the English one', () => {
    const json = commandPayloads().find((c) => c.name === 'digest') as unknown as {
      name_localizations: Record<string, string>;
      options: Array<{ name: string; name_localizations: Record<string, string>; options?: Array<{ name: string; name_localizations: Record<string, string>; options?: Array<{ name: string; name_localizations: Record<string, string> }> }> }>;
    };
    expect(json.name_localizations).toEqual({ vi: 'bản-tin', ja: 'ダイジェスト' });
    expect(json.options.map((o) => o.name_localizations.vi)).toEqual(['đăng-ký', 'hủy-đăng-ký', 'trạng-thái', 'xem-trước', 'nguồn-tin']);
    expect(json.options.map((o) => o.name_localizations.ja)).toEqual(['購読', '購読解除', '状況', 'プレビュー', 'フィード']);
    const subscribe = json.options[0]!.options!;
    expect(subscribe.map((o) => [o.name, o.name_localizations.vi, o.name_localizations.ja])).toEqual([
      ['channel', 'kênh', 'チャンネル'], ['schedule', 'lịch', 'スケジュール'], ['timezone', 'múi-giờ', 'タイムゾーン'], ['language', 'ngôn-ngữ', '言語'],
    ]);
    expect(json.options[4]!.options![0]!.options![0]).toMatchObject({ name: 'url', name_localizations: { vi: 'địa-chỉ', ja: 'アドレス' } });
  });
});

describe('validateCommandPayload', () => {
  const valid = { name: 'meetings', description: 'Who met whom', options: [{ type: 3, name: 'with', description: 'A person' }] };

  it('accepts lowercase names in any script and refuses near misses', () => {
    expect(validateCommandPayload([{ ...valid, name_localizations: { vi: 'cuộc-gặp', ja: '会談' } }])).toEqual([]);
    expect(validateCommandPayload([{ ...valid, name: 'Meetings' }])).toEqual(['/Meetings: name "Meetings" must be lowercase']);
    expect(validateCommandPayload([{ ...valid, name: 'my meetings' }])).toEqual(['/my meetings: name "my meetings" must be 1–32 letters, digits, - or _']);
    expect(validateCommandPayload([{ ...valid, name: 'a'.repeat(33) }])).toHaveLength(1);
    expect(validateCommandPayload([{ ...valid, name: 'a'.repeat(32) }])).toEqual([]);
  });

  it('checks description lengths, option and choice counts, locales and option order', () => {
    expect(validateCommandPayload([{ ...valid, description: 'x'.repeat(101) }])).toEqual(['/meetings: description must be 1–100 characters (got 101)']);
    const many = Array.from({ length: 26 }, (_, i) => ({ type: 3, name: `o${i}`, description: 'd' }));
    expect(validateCommandPayload([{ ...valid, options: many }])).toEqual(['/meetings: 26 options (at most 25)']);
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` }));
    expect(validateCommandPayload([{ ...valid, options: [{ type: 3, name: 'x', description: 'd', choices }] }])).toEqual(['/meetings option 1: at most 25 choices']);
    expect(validateCommandPayload([{ ...valid, name_localizations: { xx: 'nope' } }])).toEqual(['/meetings: name_localizations has unknown locale "xx"']);
    expect(
      validateCommandPayload([{ ...valid, options: [{ type: 3, name: 'a', description: 'd' }, { type: 3, name: 'b', description: 'd', required: true }] }]),
    ).toEqual(['/meetings option 2: required options must come before optional ones']);
    expect(validateCommandPayload([valid, valid])).toEqual(['/meetings: duplicate command name']);
  });
});

describe('i18n', () => {
  it('resolves Discord locales to a translation or English', () => {
    expect(['vi', 'ja', 'en-US', 'en-GB', 'pt-BR', null].map(resolveLocale)).toEqual(['vi', 'ja', 'en', 'en', 'en', 'en']);
    expect(t('ja', 'error.RATE_LIMITED', { seconds: 5 })).toBe('操作が速すぎます。5 秒後にもう一度お試しください。');
    expect(t('th', 'error.EXPIRED')).toBe('This list has expired. Run the command again.');
  });
});

describe('parseCustomId', () => {
  it('reads page and select ids and refuses anything else', () => {
    expect(parseCustomId('meetings:2:112233445566778899:AbC-_1')).toEqual({ command: 'meetings', target: 2, userId: '112233445566778899', viewKey: 'AbC-_1' });
    expect(parseCustomId('meetings:s:1:k')).toEqual({ command: 'meetings', target: 'select', userId: '1', viewKey: 'k' });
    expect(parseCustomId('meetings:x:1:k')).toBeNull();
    expect(parseCustomId('digest:subscribe')).toBeNull();
  });
});
