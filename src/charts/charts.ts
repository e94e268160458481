/**
 * The charts the surfaces attach: `/timeline` (meetings over time by level) and `/cooperation` (area activity over
 * time). Each image comes with its alt text, a short line of its numbers and the series behind it (for `--json`).
 * Renders are cached per corpus state: a new knowledge object (the corpus changed) starts a new cache.
 */
import type { AreaId, Knowledge } from '../knowledge/types.js';
import type { TimelineQuery } from '../briefing/views.js';
import { pngOf } from './png.js';
import { areaSeries, timelineSeries, type AreaSeries, type TimelineSeries } from './series.js';
import { areaSvg, timelineSvg } from './svg.js';
import { areaAlt, areaSummary, timelineAlt, timelineSummary } from './text.js';

export interface ChartImage {
  /** Attachment file name: 'timeline.png', 'cooperation.png'. */
  name: string;
  png: Buffer;
  width: number;
  height: number;
  /** Alt text (≤ 1024 characters, Discord's attachment description limit). */
  alt: string;
  /** One line of the numbers, shown under the image. */
  summary: string;
  data: TimelineSeries | AreaSeries;
}

export interface Charts {
  /** Meetings over time in the range, or null when no meeting or plan in it is dated. */
  timeline(query?: TimelineQuery): Promise<ChartImage | null>;
  /** Area activity over time with `area` marked, or null when no dated article names an area. */
  cooperation(area?: AreaId | null): Promise<ChartImage | null>;
}

/** Charts kept per corpus state (different ranges and areas). */
export const CHART_CACHE_MAX = 64;

export function timelineTitle(query: TimelineQuery): string {
  const range = [query.from && `from ${query.from}`, query.to && `to ${query.to}`].filter(Boolean).join(' ');
  return `Vietnam–Japan meetings${range ? ` ${range}` : ''}`;
}

async function timelineChart(knowledge: Knowledge, query: TimelineQuery): Promise<ChartImage | null> {
  const series = timelineSeries(knowledge, query);
  if (!series) return null;
  const image = await pngOf(timelineSvg(series, timelineTitle(query)));
  return { name: 'timeline.png', ...image, alt: timelineAlt(series), summary: timelineSummary(series), data: series };
}

async function areaChart(knowledge: Knowledge, area: AreaId | null): Promise<ChartImage | null> {
  const series = areaSeries(knowledge, area);
  if (!series) return null;
  const image = await pngOf(areaSvg(series, 'Cooperation areas over time'));
  return { name: 'cooperation.png', ...image, alt: areaAlt(series), summary: areaSummary(series), data: series };
}

/** Charts of whatever knowledge `current()` returns now (the live corpus swaps it when articles change). */
export function createCharts(current: () => Knowledge): Charts {
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
    timeline: (query = {}) => cached(`timeline:${query.from ?? ''}:${query.to ?? ''}`, (k) => timelineChart(k, query)),
    cooperation: (area = null) => cached(`areas:${area ?? ''}`, (k) => areaChart(k, area)),
  };
}
