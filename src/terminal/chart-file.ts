/** `attache timeline --chart FILE`: the chart /timeline attaches, written to a file. */
import { writeFile } from 'node:fs/promises';
import { createCharts, type ChartImage } from '../charts/charts.js';
import type { Knowledge } from '../knowledge/types.js';

export interface ChartFileRequest {
  command: 'timeline';
  from?: string;
  to?: string;
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

/** Draws the meetings chart of the range into `file`; null (nothing written) when nothing in the range is dated. */
export async function writeChartFile(knowledge: Knowledge, request: ChartFileRequest, file: string): Promise<ChartFileInfo | null> {
  const chart = await createCharts(() => knowledge).timeline({ ...(request.from ? { from: request.from } : {}), ...(request.to ? { to: request.to } : {}) });
  if (!chart) return null;
  await writeFile(file, chart.png);
  return { file, width: chart.width, height: chart.height, alt: chart.alt, summary: chart.summary, data: chart.data };
}

/** The line the terminal prints under the view. */
export function chartLine(info: ChartFileInfo | null, file: string): string {
  return info ? `Chart: ${info.file} (${info.width}×${info.height}) — ${info.summary}` : `No chart written to ${file}: nothing dated to draw.`;
}
