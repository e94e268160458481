/**
 * Charts as SVG text, drawn from a series (series.ts). Pure string building: no DOM, no fonts measured; text is
 * set in the font family FONT_FAMILY that the PNG adapter loads from the npm package, so a chart looks the same
 * on every machine.
 */
import { LEVEL_COLORS, LEVEL_LABELS, LEVELS } from './levels.js';
import type { AreaSeries, TimelineSeries } from './series.js';

export const FONT_FAMILY = 'DejaVu Sans';
export const CHART_WIDTH = 960;
export const TIMELINE_HEIGHT = 440;
const AREA_ROW_HEIGHT = 26;
const INK = '#212121';
const MUTED = '#616161';
const GRID = '#e0e0e0';
const PLAN = '#6d4c41';
const MILESTONE = '#ef6c00';
const HEAT_LOW = [245, 245, 245] as const;
const HEAT_HIGH = [198, 40, 40] as const;
/** At most this many x-axis labels, so they never overlap. */
const MAX_X_LABELS = 12;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const n1 = (x: number) => Math.round(x * 10) / 10;

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${n1(x)}" y="${n1(y)}" ${attrs}>${escapeXml(content)}</text>`;
}

function svgDocument(width: number, height: number, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}" font-size="12" fill="${INK}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
  ].join('\n');
}

/** A step giving at most about 5 grid lines up to `max` (1, 2, 5 × 10^k). */
function niceStep(max: number): number {
  const raw = Math.max(1, max / 5);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
}

function labelEvery(count: number): number {
  return Math.max(1, Math.ceil(count / MAX_X_LABELS));
}

/** Meetings per period as stacked bars by level; plans in a lane of their own under the axis; milestones dashed. */
export function timelineSvg(series: TimelineSeries, title: string): string {
  const W = CHART_WIDTH;
  const H = TIMELINE_HEIGHT;
  const x0 = 56;
  const x1 = W - 24;
  const y0 = 96;
  const y1 = H - 96;
  const body: string[] = [text(24, 32, title, 'font-size="18" font-weight="bold"')];

  let lx = 24;
  for (const level of LEVELS) {
    body.push(`<rect x="${lx}" y="48" width="12" height="12" fill="${LEVEL_COLORS[level]}"/>`, text(lx + 18, 58, LEVEL_LABELS[level]));
    lx += 30 + LEVEL_LABELS[level].length * 7.5;
  }
  body.push(`<path d="M${lx + 6} 48 l6 6 l-6 6 l-6 -6 z" fill="none" stroke="${PLAN}" stroke-width="1.5"/>`, text(lx + 18, 58, 'Planned (not a meeting)'));
  lx += 200;
  if (series.milestones.length) {
    body.push(`<line x1="${lx}" y1="48" x2="${lx}" y2="60" stroke="${MILESTONE}" stroke-width="2" stroke-dasharray="3 2"/>`, text(lx + 8, 58, 'Milestone'));
  }

  const totals = series.periods.map((p) => LEVELS.reduce((s, l) => s + p.meetings[l], 0));
  const max = Math.max(1, ...totals);
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const y = (v: number) => y1 - (v / top) * (y1 - y0);
  for (let v = 0; v <= top; v += step) {
    body.push(`<line x1="${x0}" y1="${n1(y(v))}" x2="${x1}" y2="${n1(y(v))}" stroke="${GRID}"/>`, text(x0 - 8, y(v) + 4, String(v), `text-anchor="end" fill="${MUTED}"`));
  }
  body.push(text(x0 - 44, y0 - 14, 'Meetings', `fill="${MUTED}"`));

  const band = (x1 - x0) / Math.max(1, series.periods.length);
  const barWidth = Math.max(1, band * 0.72);
  const every = labelEvery(series.periods.length);
  const planY = y1 + 48;
  body.push(text(x0 - 8, planY + 4, 'Plans', `text-anchor="end" fill="${MUTED}"`));
  // Milestones first, so the bars stand in front of their dashed lines.
  series.milestones.forEach((m, i) => {
    const index = series.periods.findIndex((p) => p.period === m.period);
    const cx = x0 + band * (index + 0.5);
    const ly = y0 - 6 + (i % 2) * 12 - 12;
    const anchor = cx > W - 220 ? 'end' : 'start';
    body.push(
      `<line x1="${n1(cx)}" y1="${ly + 4}" x2="${n1(cx)}" y2="${y1}" stroke="${MILESTONE}" stroke-width="2" stroke-dasharray="5 4"/>`,
      text(cx + (anchor === 'start' ? 4 : -4), ly, m.label, `text-anchor="${anchor}" fill="${MILESTONE}" font-size="11"`),
    );
  });
  series.periods.forEach((p, i) => {
    const cx = x0 + band * (i + 0.5);
    let acc = 0;
    for (const level of LEVELS) {
      const count = p.meetings[level];
      if (!count) continue;
      body.push(`<rect x="${n1(cx - barWidth / 2)}" y="${n1(y(acc + count))}" width="${n1(barWidth)}" height="${n1(y(acc) - y(acc + count))}" fill="${LEVEL_COLORS[level]}"/>`);
      acc += count;
    }
    if (i % every === 0) body.push(text(cx, y1 + 18, p.label, `text-anchor="middle" fill="${MUTED}" font-size="11"`));
    if (p.plans) {
      const r = Math.min(9, Math.max(5, band * 0.35));
      body.push(`<path d="M${n1(cx)} ${n1(planY - r)} l${n1(r)} ${n1(r)} l${n1(-r)} ${n1(r)} l${n1(-r)} ${n1(-r)} z" fill="#ffffff" stroke="${PLAN}" stroke-width="1.5"/>`);
      if (p.plans > 1) body.push(text(cx, planY + r + 13, String(p.plans), `text-anchor="middle" fill="${PLAN}" font-size="11"`));
    }
  });
  body.push(`<line x1="${x0}" y1="${y1}" x2="${x1}" y2="${y1}" stroke="${INK}"/>`);

  return svgDocument(W, H, body);
}

function heat(count: number, max: number): string {
  const t = max > 0 ? Math.sqrt(count / max) : 0;
  const c = HEAT_LOW.map((lo, i) => Math.round(lo + (HEAT_HIGH[i]! - lo) * t));
  return `rgb(${c.join(',')})`;
}

/** Height of the area heat map for `rows` rows. */
export function areaChartHeight(rows: number): number {
  return 96 + rows * AREA_ROW_HEIGHT + 48;
}

/** Areas × periods heat map: darker is more articles naming the area; the asked area is marked. */
export function areaSvg(series: AreaSeries, title: string): string {
  const W = CHART_WIDTH;
  const H = areaChartHeight(series.rows.length);
  const x0 = 236;
  const x1 = W - 24;
  const y0 = 80;
  const body: string[] = [text(24, 32, title, 'font-size="18" font-weight="bold"')];
  const max = Math.max(1, ...series.rows.flatMap((r) => r.counts));
  body.push(text(24, 56, `Articles naming each area, by ${series.granularity}; darker is more (most in one cell: ${max}).`, `fill="${MUTED}"`));
  const cell = (x1 - x0) / Math.max(1, series.periods.length);
  series.rows.forEach((row, r) => {
    const y = y0 + r * AREA_ROW_HEIGHT;
    const focus = row.area === series.focus;
    body.push(text(x0 - 10, y + 17, `${focus ? '▶ ' : ''}${row.label} (${row.total})`, `text-anchor="end"${focus ? ' font-weight="bold"' : ''}`));
    row.counts.forEach((count, c) => {
      const x = x0 + c * cell;
      body.push(`<rect x="${n1(x)}" y="${y + 2}" width="${n1(Math.max(1, cell - 1))}" height="${AREA_ROW_HEIGHT - 3}" fill="${heat(count, max)}"/>`);
      if (count > 0 && cell >= 20) {
        body.push(text(x + cell / 2, y + 18, String(count), `text-anchor="middle" font-size="11" fill="${count / max > 0.45 ? '#ffffff' : INK}"`));
      }
    });
    if (focus) body.push(`<rect x="${x0 - 1}" y="${y + 1}" width="${n1(x1 - x0 + 1)}" height="${AREA_ROW_HEIGHT - 1}" fill="none" stroke="${INK}" stroke-width="1.5"/>`);
  });
  const every = labelEvery(series.periods.length);
  const yl = y0 + series.rows.length * AREA_ROW_HEIGHT + 18;
  series.periods.forEach((p, c) => {
    if (c % every === 0) body.push(text(x0 + c * cell + cell / 2, yl, p.label, `text-anchor="middle" fill="${MUTED}" font-size="11"`));
  });
  return svgDocument(W, H, body);
}
