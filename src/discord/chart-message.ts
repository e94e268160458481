/**
 * A chart attached to a rendered view: the PNG as a file (its alt text as the attachment's description), shown by a
 * second embed whose footer is the line of numbers under the image. Within Discord's limits: the chart embed's text
 * counts towards the 6000 characters of the message, so the line is cut (or left out) to fit beside the view.
 */
import type { APIEmbed } from 'discord.js';
import type { ChartImage } from '../charts/charts.js';
import { LIMITS, cutText, embedLength, type RenderedMessage } from './render.js';

const CHART_COLOR = 0x1565c0;
/** Discord's limit on an attachment description (alt text). */
const ALT_MAX = 1024;

export interface MessageFile {
  attachment: Buffer;
  name: string;
  description: string;
}

export type MessageWithFiles = RenderedMessage & { files?: MessageFile[] };

/** The embed showing `chart` (by its attachment name) with its summary line under it. */
export function chartEmbed(chart: ChartImage, room: number): APIEmbed {
  const embed: APIEmbed = { color: CHART_COLOR, image: { url: `attachment://${chart.name}` } };
  const line = cutText(chart.summary, Math.min(LIMITS.footer, room));
  if (line) embed.footer = { text: line };
  return embed;
}

/** `message` with `chart` attached under its embeds; the message unchanged when there is no chart or no room. */
export function withChart(message: RenderedMessage, chart: ChartImage | null | undefined): MessageWithFiles {
  if (!chart || message.embeds.length >= LIMITS.embeds) return message;
  const used = message.embeds.reduce((sum, e) => sum + embedLength(e), 0);
  return {
    ...message,
    embeds: [...message.embeds, chartEmbed(chart, LIMITS.embedTotal - used)],
    files: [{ attachment: chart.png, name: chart.name, description: cutText(chart.alt, ALT_MAX) }],
  };
}
