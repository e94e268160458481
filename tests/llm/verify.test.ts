import { describe, it, expect } from 'vitest';
import { needsCitation, renumberCitations, repairNote, stripMentions, verifyCitations } from '../../src/llm/verify.js';

describe('verifyCitations', () => {
  it('keeps cited sentences and drops one citing a passage that does not exist', () => {
    const v = verifyCitations('Japan will take 250 doctoral students [2]. Japan pledged 9 billion dollars [9].', [1, 2, 3]);
    expect(v).toEqual({
      text: 'Japan will take 250 doctoral students [2].',
      citations: [2],
      repairs: [{ kind: 'unknown-citation', sentence: 'Japan pledged 9 billion dollars [9].' }],
      citedSentences: 1,
      totalSentences: 2,
    });
  });

  it('drops an uncited sentence that states a fact but keeps a short connective', () => {
    const v = verifyCitations(
      'In short:\nVietnam asked Japan to train chip engineers [1][3]. Prime Minister Ishiba visited Hanoi in 2025.',
      [{ n: 1 }, { n: 3 }],
    );
    expect(v.text).toBe('In short:\nVietnam asked Japan to train chip engineers [1][3].');
    expect(v.citations).toEqual([1, 3]);
    expect(v.repairs).toEqual([{ kind: 'uncited-claim', sentence: 'Prime Minister Ishiba visited Hanoi in 2025.' }]);
  });

  it('reads [1, 2] lists, citations after the period, diacritics and Japanese sentence ends', () => {
    expect(verifyCitations('Nhật Bản sẽ tiếp nhận khoảng 250 nghiên cứu sinh. [1, 2] Đó là kế hoạch [2].', [1, 2]).text)
      .toBe('Nhật Bản sẽ tiếp nhận khoảng 250 nghiên cứu sinh. [1, 2] Đó là kế hoạch [2].');
    const ja = verifyCitations('日本は約250人の博士課程学生を受け入れる。[2] 石破茂首相は2025年にハノイを訪問した。', [1, 2]);
    expect(ja.text).toBe('日本は約250人の博士課程学生を受け入れる。[2]');
    expect(ja.repairs.map((r) => r.kind)).toEqual(['uncited-claim']);
  });

  it('removes @everyone, @here and user mentions and reports it', () => {
    const v = verifyCitations('@everyone Japan will help Vietnam train engineers [1]. <@123456789012345678>', [1]);
    expect(v.text).toBe('Japan will help Vietnam train engineers [1].');
    expect(v.repairs.map((r) => r.kind)).toEqual(['mention-removed']);
    expect(stripMentions('ping @here and <@&42> now')).toBe('ping and now');
  });

  it('keeps bullet structure', () => {
    expect(verifyCitations('- Lima talks [1].\n- Tokyo visit [4].\n- Kuala Lumpur [2].', [1, 2]).text).toBe('- Lima talks [1].\n- Kuala Lumpur [2].');
  });
});

describe('needsCitation', () => {
  it('flags names, digits and long sentences, not short connectives', () => {
    expect(needsCitation('Ishiba met Luong Cuong.')).toBe(true);
    expect(needsCitation('Trade grew by 5 percent.')).toBe(true);
    expect(needsCitation('the two sides said they would deepen their partnership across many fields.')).toBe(true);
    expect(needsCitation('Here is what the sources say.')).toBe(false);
    expect(needsCitation('Вот что говорят источники.')).toBe(false);
    expect(needsCitation('Об этом говорили Лыонг Кыонг и Исиба.')).toBe(true);
  });
});

describe('renumberCitations and repairNote', () => {
  it('renumbers markers and splits lists', () => {
    expect(renumberCitations('A [3]. B [1, 3]. C [7].', new Map([[3, 1], [1, 2]]))).toBe('A [1]. B [2][1]. C [7].');
  });
  it('says what was repaired', () => {
    expect(repairNote([])).toBe(null);
    expect(repairNote([{ kind: 'uncited-claim', sentence: 'x' }, { kind: 'unknown-citation', sentence: 'y' }, { kind: 'mention-removed', sentence: 'z' }]))
      .toBe('2 unverified sentences removed, 1 mention removed');
  });
});

describe('splitSentences', () => {
  it('splits Chinese/Japanese text with no spaces after 。 and keeps markers with their sentence', async () => {
    const { splitSentences } = await import('../../src/llm/verify.js');
    expect(splitSentences('日本将接收250名博士生[2]。越南希望加强合作。[1]')).toEqual(['日本将接收250名博士生[2]。', '越南希望加强合作。[1]']);
    expect(splitSentences('Ito spoke [1]. Then [2] followed! Why? [3]')).toEqual(['Ito spoke [1].', 'Then [2] followed!', 'Why? [3]']);
  });
});
