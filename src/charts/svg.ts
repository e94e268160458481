/**
 * Charts as SVG text, drawn from a series (series.ts). Pure string building: no DOM, no fonts measured; text is
 * set in the font family FONT_FAMILY that the PNG adapter loads from the npm package, so a chart looks the same
 * on every machine.
 */
import { LEVEL_COLORS, LEVELS, levelLabel } from './levels.js';
import type { AreaSeries, TimelineSeries } from './series.js';
import type { CounterpartSeries } from './counterparts.js';
import { ct, type ChartLang } from './strings.js';

export const FONT_FAMILY = 'DejaVu Sans';
/** The family name inside the Noto Sans JP files of @embedpdf/fonts-jp (its name table says "Noto Sans Japanese"). */
export const JAPANESE_FONT_FAMILY = 'Noto Sans Japanese';
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

/** Japanese charts set text in Noto Sans JP first (its kana and kanji), DejaVu for what it lacks (Vietnamese names). */
export function fontFamilyFor(lang: ChartLang): string {
  return lang === 'ja' ? `${JAPANESE_FONT_FAMILY}, ${FONT_FAMILY}` : FONT_FAMILY;
}

/**
 * About how wide `content` is set at `size` px, to place what follows it (legend entries): no font is measured
 * here, so a Latin character counts about 0.62 em and a full-width one (kana, kanji) 1 em.
 */
export function textWidth(content: string, size = 12): number {
  let em = 0;
  for (const c of content) em += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(c) ? 1 : 0.62;
  return em * size;
}

function svgDocument(width: number, height: number, body: string[], lang: ChartLang = 'en'): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${fontFamilyFor(lang)}" font-size="12" fill="${INK}">`,
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
export function timelineSvg(series: TimelineSeries, title: string, lang: ChartLang = 'en'): string {
  const W = CHART_WIDTH;
  const H = TIMELINE_HEIGHT;
  const x0 = 56;
  const x1 = W - 24;
  const y0 = 96;
  const y1 = H - 96;
  const body: string[] = [text(24, 32, title, 'font-size="18" font-weight="bold"')];

  let lx = legend(body, 24, 48, lang);
  const planned = ct(lang, 'planned');
  body.push(`<path d="M${n1(lx + 6)} 48 l6 6 l-6 6 l-6 -6 z" fill="none" stroke="${PLAN}" stroke-width="1.5"/>`, text(lx + 18, 58, planned));
  lx += 40 + textWidth(planned);
  if (series.milestones.length) {
    body.push(`<line x1="${n1(lx)}" y1="48" x2="${n1(lx)}" y2="60" stroke="${MILESTONE}" stroke-width="2" stroke-dasharray="3 2"/>`, text(lx + 8, 58, ct(lang, 'milestone')));
  }

  const totals = series.periods.map((p) => LEVELS.reduce((s, l) => s + p.meetings[l], 0));
  const max = Math.max(1, ...totals);
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const y = (v: number) => y1 - (v / top) * (y1 - y0);
  for (let v = 0; v <= top; v += step) {
    body.push(`<line x1="${x0}" y1="${n1(y(v))}" x2="${x1}" y2="${n1(y(v))}" stroke="${GRID}"/>`, text(x0 - 8, y(v) + 4, String(v), `text-anchor="end" fill="${MUTED}"`));
  }
  body.push(text(x0 - 44, y0 - 14, ct(lang, 'axisMeetings'), `fill="${MUTED}"`));

  const band = (x1 - x0) / Math.max(1, series.periods.length);
  const barWidth = Math.max(1, band * 0.72);
  const every = labelEvery(series.periods.length);
  const planY = y1 + 48;
  body.push(text(x0 - 8, planY + 4, ct(lang, 'axisPlans'), `text-anchor="end" fill="${MUTED}"`));
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

  return svgDocument(W, H, body, lang);
}

/** The level legend (a swatch and a label each) from (x, y); returns where the next entry may start. */
function legend(body: string[], x: number, y: number, lang: ChartLang): number {
  for (const level of LEVELS) {
    const label = levelLabel(level, lang);
    body.push(`<rect x="${n1(x)}" y="${y}" width="12" height="12" fill="${LEVEL_COLORS[level]}"/>`, text(x + 18, y + 10, label));
    x += 30 + textWidth(label);
  }
  return x;
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
export function areaSvg(series: AreaSeries, title: string, lang: ChartLang = 'en'): string {
  const W = CHART_WIDTH;
  const H = areaChartHeight(series.rows.length);
  const x0 = 236;
  const x1 = W - 24;
  const y0 = 80;
  const body: string[] = [text(24, 32, title, 'font-size="18" font-weight="bold"')];
  const max = Math.max(1, ...series.rows.flatMap((r) => r.counts));
  body.push(text(24, 56, ct(lang, 'heatCaption', { granularity: ct(lang, `granularity.${series.granularity}`), max }), `fill="${MUTED}"`));
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
  return svgDocument(W, H, body, lang);
}

const BAR_ROW_HEIGHT = 30;
/** Names longer than this are cut with … so the label column stays readable. */
const NAME_MAX = 30;

/** Height of the counterparts chart for `rows` bars (the "others" bar included). */
export function counterpartsChartHeight(rows: number): number {
  return 92 + rows * BAR_ROW_HEIGHT + 40;
}

const cutName = (name: string) => ([...name].length > NAME_MAX ? `${[...name].slice(0, NAME_MAX - 1).join('')}…` : name);

/** One horizontal bar per counterpart (most meetings first), split by level, the rest summed in a last "others" bar. */
export function counterpartsSvg(series: CounterpartSeries, title: string, lang: ChartLang = 'en'): string {
  const bars = [
    ...series.rows.map((r) => ({ label: cutName(r.name), meetings: r.meetings, total: r.total, others: false })),
    ...(series.others ? [{ label: ct(lang, 'others', { count: series.others.counterparts }), ...series.others, others: true }] : []),
  ];
  const W = CHART_WIDTH;
  const H = counterpartsChartHeight(bars.length);
  const x0 = 260;
  const x1 = W - 56;
  const y0 = 84;
  const y1 = y0 + bars.length * BAR_ROW_HEIGHT;
  const body: string[] = [text(24, 32, title, 'font-size="18" font-weight="bold"')];
  legend(body, 24, 48, lang);
  const max = Math.max(1, ...bars.map((b) => b.total));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const x = (v: number) => x0 + (v / top) * (x1 - x0);
  for (let v = 0; v <= top; v += step) {
    body.push(`<line x1="${n1(x(v))}" y1="${y0}" x2="${n1(x(v))}" y2="${y1}" stroke="${GRID}"/>`, text(x(v), y1 + 16, String(v), `text-anchor="middle" fill="${MUTED}" font-size="11"`));
  }
  body.push(text(x1, y1 + 32, ct(lang, 'axisMeetings'), `text-anchor="end" fill="${MUTED}" font-size="11"`));
  bars.forEach((bar, i) => {
    const y = y0 + i * BAR_ROW_HEIGHT;
    body.push(text(x0 - 10, y + 19, bar.label, `text-anchor="end"${bar.others ? ` fill="${MUTED}"` : ''}`));
    let acc = 0;
    for (const level of LEVELS) {
      const n = bar.meetings[level];
      if (!n) continue;
      body.push(`<rect x="${n1(x(acc))}" y="${y + 5}" width="${n1(x(acc + n) - x(acc))}" height="${BAR_ROW_HEIGHT - 10}" fill="${LEVEL_COLORS[level]}"${bar.others ? ' fill-opacity="0.55"' : ''}/>`);
      acc += n;
    }
    body.push(text(x(acc) + 6, y + 19, String(bar.total), `fill="${MUTED}"`));
  });
  body.push(`<line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y1}" stroke="${INK}"/>`);
  return svgDocument(W, H, body, lang);
}
