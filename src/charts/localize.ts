/**
 * A series with its labels in the reader's language, for drawing and the words beside it. The series themselves
 * (and the `--json` data) keep English labels; only what is shown changes.
 */
import { periodLabel } from './periods.js';
import { milestoneLabel, type AreaSeries, type TimelineSeries } from './series.js';
import type { CounterpartSeries } from './counterparts.js';
import type { ChartLang } from './strings.js';

/** An area's label in a language ('Semiconductors' → 'Bán dẫn'); the surfaces that have translations pass one. */
export type AreaLabel = (englishLabel: string, lang: ChartLang) => string;

/**
 * A person's or a country's name in a language, as the series holds it in English ('Vietnam' → 'Việt Nam',
 * 'ベトナム'; 'Ishiba Shigeru' → '石破茂'); the surfaces that have the registry's forms pass one.
 */
export type NameLabel = (englishName: string, lang: ChartLang) => string;

export function localTimeline(series: TimelineSeries, lang: ChartLang): TimelineSeries {
  if (lang === 'en') return series;
  return {
    ...series,
    periods: series.periods.map((p) => ({ ...p, label: periodLabel(p.period, lang) })),
    milestones: series.milestones.map((m) => ({ ...m, label: milestoneLabel(m, lang) })),
  };
}

export function localAreas(series: AreaSeries, lang: ChartLang, areaLabel?: AreaLabel): AreaSeries {
  if (lang === 'en') return series;
  return {
    ...series,
    periods: series.periods.map((p) => ({ ...p, label: periodLabel(p.period, lang) })),
    rows: series.rows.map((r) => ({ ...r, label: areaLabel?.(r.label, lang) ?? r.label })),
  };
}

/** Who the subject met, with the subject and the counterparts named in `lang` ("Việt Nam đã gặp những ai"). */
export function localCounterparts(series: CounterpartSeries, lang: ChartLang, nameLabel?: NameLabel): CounterpartSeries {
  if (lang === 'en' || !nameLabel) return series;
  return { ...series, subject: nameLabel(series.subject, lang), rows: series.rows.map((r) => ({ ...r, name: nameLabel(r.name, lang) })) };
}
