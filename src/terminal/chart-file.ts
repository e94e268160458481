/** `attache timeline --chart FILE` (and `cooperation AREA --chart FILE`): the chart the bot attaches, written to a file. */
import { writeFile } from 'node:fs/promises';
import { resolveArea } from '../briefing/engine.js';
import { createCharts, type ChartImage } from '../charts/charts.js';
import type { Knowledge } from '../knowledge/types.js';

export interface ChartFileRequest {
  command: string;
  from?: string;
  to?: string;
  /** The area asked for (cooperation). */
  area?: string;
}

/** What `--json` adds to the view: where the chart went and the numbers behind it. */
export interface ChartFileInfo {
  file: string;
  width: number;
  height: number;
  alt: string;
  summary: string;
  data: ChartImage['data'];
}

/** Draws the command's chart into `file`; null (nothing written) when the command has no chart or nothing to draw. */
export async function writeChartFile(knowledge: Knowledge, request: ChartFileRequest, file: string): Promise<ChartFileInfo | null> {
  const charts = createCharts(() => knowledge);
  const chart = request.command === 'timeline'
    ? await charts.timeline({ ...(request.from ? { from: request.from } : {}), ...(request.to ? { to: request.to } : {}) })
    : request.command === 'cooperation'
      ? await charts.cooperation(request.area ? resolveArea(request.area) : null)
      : null;
  if (!chart) return null;
  await writeFile(file, chart.png);
  return { file, width: chart.width, height: chart.height, alt: chart.alt, summary: chart.summary, data: chart.data };
}

/** The line the terminal prints under the view. */
export function chartLine(info: ChartFileInfo | null, file: string): string {
  return info ? `Chart: ${info.file} (${info.width}×${info.height}) — ${info.summary}` : `No chart written to ${file}: nothing dated to draw.`;
}
