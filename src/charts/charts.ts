/**
 * The charts the surfaces attach: `/timeline` (meetings over time by level), `/cooperation` (area activity over
 * time) and `/meetings with:` (who the person met). Each image comes with its alt text, a short line of its numbers
 * and the series behind it (for `--json`), in the reader's language. Renders are cached per corpus state: a new
 * knowledge object (the corpus changed) starts a new cache.
 */
import type { AreaId, Knowledge } from '../knowledge/types.js';
import type { MeetingQuery, TimelineQuery } from '../briefing/views.js';
import { pngOf } from './png.js';
import { areaSeries, timelineSeries, type AreaSeries, type TimelineSeries } from './series.js';
import { counterpartSeries, type CounterpartSeries } from './counterparts.js';
import { localAreas, localCounterparts, localTimeline, type AreaLabel, type NameLabel } from './localize.js';
import { ct, needsJapaneseFont, type ChartLang } from './strings.js';
import { areaSvg, counterpartsSvg, timelineSvg } from './svg.js';
import { areaAlt, areaSummary, counterpartsAlt, counterpartsSummary, timelineAlt, timelineSummary } from './text.js';

export interface ChartImage {
  /** Attachment file name: 'timeline.png', 'cooperation.png', 'meetings.png'. */
  name: string;
  png: Buffer;
  width: number;
  height: number;
  /** Alt text (≤ 1024 characters, Discord's attachment description limit). */
  alt: string;
  /** One line of the numbers, shown under the image. */
  summary: string;
  /** The numbers behind the image, labels in English whatever the chart's language. */
  data: TimelineSeries | AreaSeries | CounterpartSeries;
}

export interface Charts {
  /** Meetings over time in the range, or null when no meeting or plan in it is dated. */
  timeline(query?: TimelineQuery, lang?: ChartLang): Promise<ChartImage | null>;
  /** Area activity over time with `area` marked, or null when no dated article names an area. */
  cooperation(area?: AreaId | null, lang?: ChartLang): Promise<ChartImage | null>;
  /** Who `query.with` met, or null without `with` or when too few meetings make the list enough (counterparts.ts). */
  meetings(query: MeetingQuery, lang?: ChartLang): Promise<ChartImage | null>;
}

export interface ChartOptions {
  /** Cooperation area labels in the reader's language (English without it). */
  areaLabel?: AreaLabel;
  /** People's and countries' names in the reader's language, for the /meetings chart (as held without it). */
  nameLabel?: NameLabel;
}

/** Charts kept per corpus state (different ranges, areas, people and languages). */
export const CHART_CACHE_MAX = 64;

export function timelineTitle(query: TimelineQuery, lang: ChartLang = 'en'): string {
  const range = [query.from && ct(lang, 'rangeFrom', { date: query.from }), query.to && ct(lang, 'rangeTo', { date: query.to })].filter(Boolean).join(' ');
  return `${ct(lang, 'timelineTitle')}${range ? ` ${range}` : ''}`;
}

/** The PNG of `svg`, with the Japanese font loaded only when the chart has Japanese text (a ja chart, a name typed in kanji). */
const render = (svg: string, lang: ChartLang) => pngOf(svg, { japanese: lang === 'ja' || needsJapaneseFont(svg) });

async function timelineChart(knowledge: Knowledge, query: TimelineQuery, lang: ChartLang): Promise<ChartImage | null> {
  const series = timelineSeries(knowledge, query);
  if (!series) return null;
  const shown = localTimeline(series, lang);
  const image = await render(timelineSvg(shown, timelineTitle(query, lang), lang), lang);
  return { name: 'timeline.png', ...image, alt: timelineAlt(shown, lang), summary: timelineSummary(shown, lang), data: series };
}

async function areaChart(knowledge: Knowledge, area: AreaId | null, lang: ChartLang, options: ChartOptions): Promise<ChartImage | null> {
  const series = areaSeries(knowledge, area);
  if (!series) return null;
  const shown = localAreas(series, lang, options.areaLabel);
  const image = await render(areaSvg(shown, ct(lang, 'cooperationTitle'), lang), lang);
  return { name: 'cooperation.png', ...image, alt: areaAlt(shown, lang), summary: areaSummary(shown, lang), data: series };
}

async function meetingsChart(knowledge: Knowledge, query: MeetingQuery, lang: ChartLang, options: ChartOptions): Promise<ChartImage | null> {
  const series = counterpartSeries(knowledge, query);
  if (!series) return null;
  const shown = localCounterparts(series, lang, options.nameLabel);
  const image = await render(counterpartsSvg(shown, ct(lang, 'counterpartsTitle', { subject: shown.subject }), lang), lang);
  return { name: 'meetings.png', ...image, alt: counterpartsAlt(shown, lang), summary: counterpartsSummary(shown, lang), data: series };
}

/** Charts of whatever knowledge `current()` returns now (the live corpus swaps it when articles change). */
export function createCharts(current: () => Knowledge, options: ChartOptions = {}): Charts {
  const caches = new WeakMap<Knowledge, Map<string, Promise<ChartImage | null>>>();
  const cached = (key: string, make: (k: Knowledge) => Promise<ChartImage | null>): Promise<ChartImage | null> => {
    const knowledge = current();
    let cache = caches.get(knowledge);
    if (!cache) caches.set(knowledge, (cache = new Map()));
    const hit = cache.get(key);
    if (hit) return hit;
    const made = make(knowledge);
    cache.set(key, made);
    made.catch(() => cache.delete(key));
    if (cache.size > CHART_CACHE_MAX) cache.delete(cache.keys().next().value!);
    return made;
  };
  return {
    timeline: (query = {}, lang = 'en') => cached(`timeline:${lang}:${query.from ?? ''}:${query.to ?? ''}`, (k) => timelineChart(k, query, lang)),
    cooperation: (area = null, lang = 'en') => cached(`areas:${lang}:${area ?? ''}`, (k) => areaChart(k, area, lang, options)),
    meetings: (query, lang = 'en') =>
      cached(`meetings:${lang}:${JSON.stringify([query.with?.trim() ?? '', query.year ?? null, query.place ?? ''])}`, (k) => meetingsChart(k, query, lang, options)),
  };
}
