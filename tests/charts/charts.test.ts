import { describe, expect, it } from 'vitest';
import type { AreaId, DocumentInfo, Knowledge, Meeting, Participant, Plan } from '../../src/knowledge/types.js';
import { createCharts } from '../../src/charts/charts.js';
import { levelOfRole, meetingLevel, LEVEL_COLORS } from '../../src/charts/levels.js';
import { timelineSeries, areaSeries } from '../../src/charts/series.js';
import { granularityFor, periodRange } from '../../src/charts/periods.js';
import { CHART_WIDTH, TIMELINE_HEIGHT, areaChartHeight } from '../../src/charts/svg.js';
import { decodePng, inkedPixels, pixelsOfColour } from '../helpers/png.js';

const person = (name: string, role: string | null, country: string, personId: string | null = null): Participant => ({ name, role, country, personId });
const PM_VN = person('Pham Minh Chinh', 'Prime Minister', 'VN', 'pham-minh-chinh');
const FM_JP = person('Iwaya Takeshi', 'Minister of Foreign Affairs', 'JP');
const NA_VN = person('Tran Thanh Man', 'Chairman of the National Assembly', 'VN', 'tran-thanh-man');
const AMB = person('Ito Naoki', 'Ambassador to Vietnam', 'JP');

function meeting(id: string, date: string | null, participants: Participant[]): Meeting {
  return { id, date, place: null, country: null, occasion: null, kind: 'talks', participants, areas: [], sources: [], reports: [], conflicts: [] };
}

function plan(id: string, date: string): Plan {
  return { id, date, place: null, country: null, kind: 'visit', participants: [], summary: 'a visit', sources: [] };
}

function doc(id: string, published: string | null, areas: AreaId[]): DocumentInfo {
  return { id, file: `${id}.txt`, lang: 'en', title: null, outlet: null, published, source: null, sentences: 3, warnings: [], areas };
}

const KNOWLEDGE: Knowledge = {
  meetings: [
    meeting('a', '2024-11-16', [PM_VN, person('Ishiba Shigeru', null, 'JP', 'ishiba-shigeru')]),
    meeting('b', '2024-11-20', [FM_JP, person('Bui Thanh Son', 'Minister of Foreign Affairs', 'VN')]),
    meeting('c', '2025-02-03', [NA_VN, FM_JP]),
    meeting('d', '2025-02', [AMB, person('Nguyen Van A', 'Mayor', 'VN')]),
    meeting('e', '2025', [PM_VN, FM_JP]),
    meeting('f', null, [PM_VN]),
  ],
  plans: [plan('p', '2025-03')],
  documents: [
    doc('d1', '2024-11-17', ['semiconductors', 'digital']),
    doc('d2', '2024-12-01', ['semiconductors']),
    doc('d3', '2025-02-04', ['energy', 'semiconductors']),
    doc('d4', null, ['energy']),
  ],
  areas: [],
  figures: [],
};

describe('levelOfRole', () => {
  it('places heads of state and government, ministers, parliament and everyone else', () => {
    expect(['Prime Minister', 'President', 'Deputy Prime Minister', 'Minister of Defense', 'Chairman of the National Assembly', 'President of the House of Councillors', 'President of JICA', null].map(levelOfRole))
      .toEqual(['leaders', 'leaders', 'ministers', 'ministers', 'parliament', 'parliament', 'other', 'other']);
  });

  it('takes a meeting to the level of its highest participant, reading the registry when the text names no role', () => {
    expect(KNOWLEDGE.meetings.map(meetingLevel)).toEqual(['leaders', 'ministers', 'parliament', 'other', 'leaders', 'leaders']);
    expect(meetingLevel(meeting('x', '2024-11-16', [person('Ishiba Shigeru', null, 'JP', 'ishiba-shigeru')]))).toBe('leaders');
    expect(meetingLevel(meeting('x', null, [person('Ishiba Shigeru', null, 'JP', 'ishiba-shigeru')]))).toBe('other');
  });
});

describe('periods', () => {
  it('uses months up to three years, quarters up to ten, years beyond', () => {
    expect([granularityFor('2024-01', '2026-12'), granularityFor('2024-01', '2027-01'), granularityFor('2016', '2025'), granularityFor('2000', '2025')])
      .toEqual(['month', 'quarter', 'quarter', 'year']);
    expect(periodRange('2024-Q3', '2025-Q2', 'quarter')).toEqual(['2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2']);
  });
});

describe('timelineSeries', () => {
  it('counts meetings per month by level, plans apart, a bare-year meeting and an undated one reported as not drawn', () => {
    const series = timelineSeries(KNOWLEDGE, { from: '2024-11', to: '2025-03' })!;
    expect(series.granularity).toBe('month');
    expect(series.periods.map((p) => [p.label, p.meetings, p.plans])).toEqual([
      ['Nov 2024', { leaders: 1, ministers: 1, parliament: 0, other: 0 }, 0],
      ['Dec 2024', { leaders: 0, ministers: 0, parliament: 0, other: 0 }, 0],
      ['Jan 2025', { leaders: 0, ministers: 0, parliament: 0, other: 0 }, 0],
      ['Feb 2025', { leaders: 0, ministers: 0, parliament: 1, other: 1 }, 0],
      ['Mar 2025', { leaders: 0, ministers: 0, parliament: 0, other: 0 }, 1],
    ]);
    expect(series.totals).toEqual({ meetings: 4, plans: 1, byLevel: { leaders: 1, ministers: 1, parliament: 1, other: 1 } });
    expect(series.notShown).toEqual({ undated: 1, imprecise: 1 });
  });

  it('marks a milestone that falls in the range, and none outside it', () => {
    expect(timelineSeries(KNOWLEDGE, { from: '2023-11', to: '2024-12' })!.milestones).toEqual([
      { date: '2023-11-27', label: 'Comprehensive strategic partnership', period: '2023-11' },
    ]);
    expect(timelineSeries(KNOWLEDGE, { from: '2024' })!.milestones).toEqual([]);
  });

  it('is null when nothing in the range is dated', () => {
    expect(timelineSeries(KNOWLEDGE, { from: '2010', to: '2011' })).toBeNull();
  });
});

describe('areaSeries', () => {
  it('counts articles per area and month, the asked area marked, undated articles reported', () => {
    const series = areaSeries(KNOWLEDGE, 'energy')!;
    expect(series.periods.map((p) => p.label)).toEqual(['Nov 2024', 'Dec 2024', 'Jan 2025', 'Feb 2025']);
    expect(series.rows.map((r) => [r.area, r.counts])).toEqual([
      ['semiconductors', [1, 1, 0, 1]],
      ['digital', [1, 0, 0, 0]],
      ['energy', [0, 0, 0, 1]],
    ]);
    expect(series.focus).toBe('energy');
    expect(series.notShown).toEqual({ undated: 1 });
  });
});

describe('createCharts', () => {
  it('renders the timeline as a PNG of the stated size with bars in each level colour present, alt text and a summary line', async () => {
    const chart = (await createCharts(() => KNOWLEDGE).timeline({ from: '2024-11', to: '2025-03' }))!;
    const image = decodePng(chart.png);
    expect([image.width, image.height]).toEqual([CHART_WIDTH, TIMELINE_HEIGHT]);
    expect(inkedPixels(image)).toBeGreaterThan(5000);
    for (const level of ['leaders', 'ministers', 'parliament', 'other'] as const) expect(pixelsOfColour(image, LEVEL_COLORS[level])).toBeGreaterThan(100);
    expect(chart.summary).toBe('4 meetings, Nov 2024–Mar 2025 by month: leaders 1, ministers 1, parliament 1, other 1; 1 plan; busiest Nov 2024 (2); 1 dated only by year not drawn.');
    expect(chart.alt).toContain(chart.summary);
    expect(chart.name).toBe('timeline.png');
  });

  it('draws no bar of a level that has no meeting', async () => {
    const chart = (await createCharts(() => KNOWLEDGE).timeline({ from: '2024-11', to: '2024-12' }))!;
    const image = decodePng(chart.png);
    expect(pixelsOfColour(image, LEVEL_COLORS.leaders)).toBeGreaterThan(100);
    // The legend swatch (12 × 12) is the only parliament colour left.
    expect(pixelsOfColour(image, LEVEL_COLORS.parliament)).toBe(144);
  });

  it('renders the area heat map with one row per active area and caches it per corpus state', async () => {
    let knowledge = KNOWLEDGE;
    const charts = createCharts(() => knowledge);
    const chart = (await charts.cooperation('semiconductors'))!;
    const image = decodePng(chart.png);
    expect([image.width, image.height]).toEqual([CHART_WIDTH, areaChartHeight(3)]);
    expect(inkedPixels(image)).toBeGreaterThan(5000);
    expect(chart.summary).toBe('Most articles: Semiconductors 3, Digital transformation 1, Energy 1; Nov 2024–Feb 2025 by month; Semiconductors: 3 articles, most in Nov 2024 (1).');
    expect(await charts.cooperation('semiconductors')).toBe(chart);
    knowledge = { ...KNOWLEDGE, documents: KNOWLEDGE.documents.slice(0, 1) };
    const fresh = (await charts.cooperation('semiconductors'))!;
    expect(fresh).not.toBe(chart);
    expect(fresh.summary).toBe('Most articles: Digital transformation 1, Semiconductors 1; Nov 2024 by month; Semiconductors: 1 article, most in Nov 2024 (1).');
  });
});
