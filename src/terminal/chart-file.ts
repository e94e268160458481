/** `attache timeline --chart FILE` and `attache meetings --with X --chart FILE`: the chart Discord attaches, as a file. */
import { writeFile } from 'node:fs/promises';
import { createCharts, type ChartImage } from '../charts/charts.js';
import { MIN_COUNTERPARTS, MIN_MEETINGS } from '../charts/counterparts.js';
import type { MeetingQuery } from '../briefing/views.js';
import type { Knowledge } from '../knowledge/types.js';

export type ChartFileRequest =
  | { command: 'timeline'; from?: string; to?: string }
  | { command: 'meetings'; query: MeetingQuery };

/** What `--json` adds to the view: where the chart went and the numbers behind it. */
export interface ChartFileInfo {
  file: string;
  width: number;
  height: number;
  alt: string;
  summary: string;
  data: ChartImage['data'];
}

function chartOf(knowledge: Knowledge, request: ChartFileRequest): Promise<ChartImage | null> {
  const charts = createCharts(() => knowledge);
  if (request.command === 'meetings') return charts.meetings(request.query);
  return charts.timeline({ ...(request.from ? { from: request.from } : {}), ...(request.to ? { to: request.to } : {}) });
}

/** Draws the chart into `file`; null (nothing written) when there is nothing to draw. */
export async function writeChartFile(knowledge: Knowledge, request: ChartFileRequest, file: string): Promise<ChartFileInfo | null> {
  const chart = await chartOf(knowledge, request);
  if (!chart) return null;
  await writeFile(file, chart.png);
  return { file, width: chart.width, height: chart.height, alt: chart.alt, summary: chart.summary, data: chart.data };
}

/** The line the terminal prints under the view. */
export function chartLine(info: ChartFileInfo | null, file: string, command: ChartFileRequest['command'] = 'timeline'): string {
  if (info) return `Chart: ${info.file} (${info.width}×${info.height}) — ${info.summary}`;
  return command === 'meetings'
    ? `No chart written to ${file}: it needs --with and at least ${MIN_MEETINGS} meetings with ${MIN_COUNTERPARTS} different people.`
    : `No chart written to ${file}: nothing dated to draw.`;
}
