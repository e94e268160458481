/** The model engine's footer notes in the reader's language (templates model.*); English as before. */
import { describe, it, expect } from 'vitest';
import type { Engine, View } from '../../src/briefing/views.js';
import { createModelEngine, FALLBACK_NOTE, rewriteView } from '../../src/llm/model-engine.js';
import { repairNote, type Repair } from '../../src/llm/verify.js';
import type { Writer } from '../../src/llm/writer.js';

const VIEW: View = { kind: 'briefing', title: 'T', intro: null, sections: [{ heading: 'H', lines: ['One [1].'] }], items: [], citations: [], empty: null, footer: null };

function writer(summary: Awaited<ReturnType<Writer['summarize']>>, answer: Awaited<ReturnType<Writer['answer']>> = { fallback: 'timeout' }): Writer {
  return {
    enabled: true, model: 'test-model',
    summarize: async () => summary,
    answer: async () => answer,
    answerStream: async () => answer,
    extract: async () => ({ fallback: 'no-key' }),
    embed: async () => null,
    budgetLeft: async () => null,
    within: (fn) => fn(),
  };
}

const REPAIRS = [
  { kind: 'uncited-claim', sentence: 'a' },
  { kind: 'uncited-claim', sentence: 'b' },
  { kind: 'unsupported-claim', sentence: 'c' },
  { kind: 'mention-removed', sentence: 'd' },
] as unknown as Repair[];

describe('model footers', () => {
  it('say why the model was not used, in English, Vietnamese and Japanese', async () => {
    const timedOut = writer({ fallback: 'timeout' });
    expect((await rewriteView(timedOut, VIEW, 'en-US')).footer).toBe(`${FALLBACK_NOTE} (model timed out)`);
    expect((await rewriteView(timedOut, VIEW, 'vi')).footer).toBe('mô hình không khả dụng: trả lời từ dữ kiện đã trích xuất (mô hình quá thời gian chờ)');
    expect((await rewriteView(timedOut, VIEW, 'ja')).footer).toBe('モデル利用不可：抽出した事実から回答（モデルがタイムアウト）');
    expect((await rewriteView(writer({ fallback: 'error' }), VIEW, 'ja')).footer).toBe('モデル利用不可：抽出した事実から回答');
  });

  it('name the model and what was repaired', async () => {
    const written = writer({ intro: null, sections: VIEW.sections, citations: [1], repairs: REPAIRS, model: 'm1', cached: false });
    expect((await rewriteView(written, VIEW, 'en')).footer).toBe(
      'written by m1 · 2 unverified sentences removed, 1 sentence not supported by its sources removed, 1 mention removed',
    );
    expect((await rewriteView(written, VIEW, 'vi')).footer).toBe('do m1 viết · đã bỏ 2 câu chưa kiểm chứng, đã bỏ 1 câu không được nguồn xác nhận, đã bỏ 1 lượt nhắc tên');
    expect((await rewriteView(written, VIEW, 'ja')).footer).toBe('m1 が作成 · 未検証の 2 文を削除、出典に裏付けのない 1 文を削除、メンション 1 件を削除');
    expect(repairNote([])).toBeNull();
  });

  it('write an answer\'s footer in the asker\'s language', async () => {
    const base = { ask: async () => ({ ...VIEW, kind: 'answer' }) } as unknown as Engine;
    const passages = [{ n: 1, document: 'd', sentence: 0, text: 'x', lang: 'en', outlet: null, published: null }] as never;
    const answered = writer({ fallback: 'timeout' }, { text: 'One [1].', citations: [1], repairs: [], model: 'm1' } as never);
    const engine = createModelEngine(base, answered, async () => passages);
    expect((await engine.ask('q', 'ja')).footer).toBe('m1 が引用元の 1 文から作成');
    expect((await engine.ask('q', 'vi')).footer).toBe('do m1 viết từ 1 câu nguồn được trích dẫn');
    expect((await engine.ask('q', 'en')).footer).toBe('written by m1 from 1 cited source sentence');
    const failing = createModelEngine(base, writer({ fallback: 'timeout' }, { fallback: 'rate-limited' }), async () => passages);
    expect((await failing.ask('q', 'vi')).footer).toBe('mô hình không khả dụng: trả lời từ dữ kiện đã trích xuất (mô hình bị giới hạn tần suất)');
  });
});
