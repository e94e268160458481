/** A DM's refusals (a question too long, a cooldown) are written in the language of the message. */
import { describe, it, expect } from 'vitest';
import { ChannelType } from 'discord.js';
import { createDmHandler } from '../../src/discord/dm.js';

function dm(content: string, replies: string[]) {
  return {
    content, author: { bot: false, id: 'u1' }, id: 'm1', inGuild: () => false,
    channel: { type: ChannelType.DM, sendTyping: async () => undefined, send: async () => undefined },
    reply: async (m: { content?: string; embeds?: Array<{ data?: { description?: string }; description?: string }> }) => {
      const embed = m.embeds?.[0] as { data?: { description?: string }; description?: string } | undefined;
      replies.push(m.content || embed?.data?.description || embed?.description || '');
    },
  } as never;
}

const log = { info: () => {}, warn: () => {}, error: () => {} } as never;

describe('DM refusals', () => {
  it('say a question is too long in Vietnamese, Japanese or English, as it is written', async () => {
    const replies: string[] = [];
    const handle = createDmHandler({ engine: {} as never, limiter: { dm: () => ({ ok: true }) } as never, questionMaxChars: 10, log });
    await handle(dm('Ai là đại sứ Nhật Bản tại Việt Nam?', replies));
    await handle(dm('日本の首相はベトナムで誰と会いましたか', replies));
    await handle(dm('Who is the Japanese ambassador?', replies));
    expect(replies).toEqual([
      'Câu hỏi của bạn dài 35 ký tự; giới hạn là 10. Hãy rút gọn.',
      '質問は 19 文字です。上限は 10 文字です。短くしてください。',
      'Your question is 31 characters long; the limit is 10. Please shorten it.',
    ]);
  });

  it('ask to wait in the language of the message', async () => {
    const replies: string[] = [];
    const handle = createDmHandler({ engine: {} as never, limiter: { dm: () => ({ ok: false, retryAfterMs: 5000 }) } as never, questionMaxChars: 10, log, clock: () => 0 });
    await handle(dm('Nhật Bản và Việt Nam đã thỏa thuận gì?', replies));
    expect(replies).toEqual(['Vui lòng đợi 5 giây trước khi hỏi tiếp (<t:5:R>).']);
  });
});
