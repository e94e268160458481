import { describe, expect, it } from 'vitest';
import type { Knowledge, Meeting, Participant } from '../../src/knowledge/types.js';
import { createCharts } from '../../src/charts/charts.js';
import { counterpartSeries, COUNTERPART_ROWS } from '../../src/charts/counterparts.js';
import { LEVEL_COLORS } from '../../src/charts/levels.js';
import { CHART_WIDTH, counterpartsChartHeight } from '../../src/charts/svg.js';
import { decodePng, inkedPixels, pixelsOfColour } from '../helpers/png.js';

const person = (name: string, role: string | null, country: string, personId: string | null = null): Participant => ({ name, role, country, personId });
const PM_VN = person('Pham Minh Chinh', 'Prime Minister', 'VN', 'pham-minh-chinh');
const NA_VN = person('Tran Thanh Man', 'Chairman of the National Assembly', 'VN', 'tran-thanh-man');
const ISHIBA = person('Ishiba Shigeru', null, 'JP', 'ishiba-shigeru');
const FM_JP = person('Iwaya Takeshi', 'Minister of Foreign Affairs', 'JP');
const AMB = person('Ito Naoki', 'Ambassador to Vietnam', 'JP');

function meeting(id: string, date: string | null, participants: Participant[]): Meeting {
  return { id, date, place: null, country: null, occasion: null, kind: 'talks', participants, areas: [], sources: [], reports: [], conflicts: [] };
}

const KNOWLEDGE: Knowledge = {
  meetings: [
    meeting('a', '2024-11-16', [PM_VN, ISHIBA]),
    meeting('b', '2025-01-10', [PM_VN, ISHIBA]),
    // The Chairman travels with the Prime Minister: same side, no counterpart of his.
    meeting('c', '2024-11-20', [PM_VN, NA_VN, FM_JP]),
    meeting('d', '2025-02', [PM_VN, AMB]),
    meeting('e', '2025-03-01', [NA_VN, FM_JP]),
  ],
  plans: [],
  documents: [],
  areas: [],
  figures: [],
};

describe('counterpartSeries', () => {
  it('counts the meetings with each counterpart by level, most first, leaving out the subject and their own side', () => {
    const series = counterpartSeries(KNOWLEDGE, { with: 'Pham Minh Chinh' })!;
    expect(series.subject).toBe('Pham Minh Chinh');
    expect(series.rows.map((r) => [r.name, r.total, r.meetings])).toEqual([
      ['Ishiba Shigeru', 2, { leaders: 2, ministers: 0, parliament: 0, other: 0 }],
      ['Ito Naoki', 1, { leaders: 1, ministers: 0, parliament: 0, other: 0 }],
      ['Iwaya Takeshi', 1, { leaders: 1, ministers: 0, parliament: 0, other: 0 }],
    ]);
    expect(series.others).toBeNull();
    expect(series.totals).toEqual({ meetings: 4, counterparts: 3, byLevel: { leaders: 4, ministers: 0, parliament: 0, other: 0 } });
  });

  it('applies the year filter of the list, and names a country asked by its code', () => {
    expect(counterpartSeries(KNOWLEDGE, { with: 'Pham Minh Chinh', year: 2025 })).toBeNull();
    const vietnam = counterpartSeries(KNOWLEDGE, { with: 'VN' })!;
    expect(vietnam.subject).toBe('Vietnam');
    expect(vietnam.rows.map((r) => [r.name, r.total])).toEqual([['Ishiba Shigeru', 2], ['Iwaya Takeshi', 2], ['Ito Naoki', 1]]);
  });

  it('draws nothing when the list says as much: no `with`, fewer than 3 meetings, or one counterpart only', () => {
    expect(counterpartSeries(KNOWLEDGE, {})).toBeNull();
    expect(counterpartSeries(KNOWLEDGE, { with: 'Tran Thanh Man' })).toBeNull();
    const same = { ...KNOWLEDGE, meetings: [0, 1, 2].map((i) => meeting(`s${i}`, '2024-01-01', [PM_VN, ISHIBA])) };
    expect(counterpartSeries(same, { with: 'Pham Minh Chinh' })).toBeNull();
  });

  it('sums the counterparts past the top bars as others, counting a meeting with two of them once', () => {
    const jp = (letter: string) => person(`Japanese ${letter}`, 'Governor', 'JP');
    // Seven counterparts met three times each fill the top bars; H alone, then I and J together, are the rest.
    const many = [...'ABCDEFG'].flatMap((l) => [1, 2, 3].map((i) => meeting(`${l}${i}`, '2024-05-01', [PM_VN, jp(l)])));
    many.push(meeting('h', '2024-06-01', [PM_VN, jp('H')]), meeting('ij', '2024-06-02', [PM_VN, jp('I'), jp('J')]));
    const series = counterpartSeries({ meetings: many }, { with: 'Pham Minh Chinh' })!;
    expect(series.rows).toHaveLength(COUNTERPART_ROWS - 1);
    expect(series.others).toEqual({ counterparts: 3, meetings: { leaders: 2, ministers: 0, parliament: 0, other: 0 }, total: 2 });
    expect(series.totals).toMatchObject({ meetings: 23, counterparts: 10 });
  });
});

describe('the meetings chart', () => {
  it('renders a PNG of the stated size with the bars in the level colour, its alt text and line of numbers', async () => {
    const chart = (await createCharts(() => KNOWLEDGE).meetings({ with: 'Pham Minh Chinh' }))!;
    const image = decodePng(chart.png);
    expect([image.width, image.height]).toEqual([CHART_WIDTH, counterpartsChartHeight(3)]);
    expect(inkedPixels(image)).toBeGreaterThan(5000);
    // Four meetings' worth of leaders bars, well beyond the 12 × 12 legend swatch.
    expect(pixelsOfColour(image, LEVEL_COLORS.leaders)).toBeGreaterThan(2000);
    expect(pixelsOfColour(image, LEVEL_COLORS.ministers)).toBe(144);
    expect(chart.name).toBe('meetings.png');
    expect(chart.summary).toBe('Pham Minh Chinh: 4 meetings with 3 counterparts: Ishiba Shigeru 2, Ito Naoki 1, Iwaya Takeshi 1.');
    expect(chart.alt).toMatch(/^Horizontal bar chart of the people Pham Minh Chinh met: .* Pham Minh Chinh: 4 meetings/);
    expect(chart.data).toMatchObject({ kind: 'counterparts', totals: { meetings: 4, counterparts: 3 } });
  });

  it('is cached per corpus state, query and language', async () => {
    let knowledge = KNOWLEDGE;
    const charts = createCharts(() => knowledge);
    const first = await charts.meetings({ with: 'Pham Minh Chinh' });
    expect(await charts.meetings({ with: 'Pham Minh Chinh' })).toBe(first);
    expect(await charts.meetings({ with: 'Pham Minh Chinh' }, 'vi')).not.toBe(first);
    knowledge = { ...KNOWLEDGE, meetings: KNOWLEDGE.meetings.slice(0, 2) };
    expect(await charts.meetings({ with: 'Pham Minh Chinh' })).toBeNull();
  });
});
