/**
 * Figures with their modality: a forecast, a target, an estimate, a lower bound or a sum under consideration is
 * never shown as a measured fact. The words that mark each are data per language (`data/modality.json`), looked
 * for in the figure's own sentence (a lower bound and an estimate right before the figure).
 */
import type { Figure } from '../knowledge/types.js';
import { figureMeasure, figurePeriod, figureSummary, formatFigure } from './compose.js';
import { say, type Lang } from './lang.js';
import modalityData from './data/modality.json' with { type: 'json' };

export interface Modality {
  lowerBound: boolean;
  estimate: boolean;
  kind: 'fact' | 'forecast' | 'target' | 'considering';
}

type Words = Record<'lowerBound' | 'forecast' | 'target' | 'estimate' | 'considering', string[]>;
const DATA = modalityData as Record<string, Words>;
/** A lower bound or an estimate word at most this many characters before the figure qualifies it. */
const BEFORE = 30;

const has = (text: string, words: readonly string[] | undefined): boolean => (words ?? []).some((w) => text.includes(w));

/** The modality of a figure in its sentence (`sentence`: its text). Without a lexicon, a fact. */
export function figureModality(f: Figure, sentence: string): Modality {
  const words = Object.hasOwn(DATA, f.evidence.lang) ? DATA[f.evidence.lang]! : undefined;
  const text = sentence.toLowerCase();
  const at = Math.max(0, text.indexOf(f.text.toLowerCase()));
  const before = text.slice(Math.max(0, at - BEFORE), at);
  const kind = has(text, words?.considering) ? 'considering' : has(text, words?.forecast) ? 'forecast' : has(text, words?.target) ? 'target' : 'fact';
  return { lowerBound: has(before, words?.lowerBound), estimate: has(before, words?.estimate), kind };
}

/** "Bilateral trade: expected to exceed USD 50 bn", "Doctoral students: target of 500 people (by 2030)" (in `lang`) */
export function figureLine(f: Figure, sentence: string, lang: Lang = 'en'): string {
  const m = figureModality(f, sentence);
  if (m.kind === 'fact' && !m.lowerBound && !m.estimate) return figureSummary(f, lang);
  const plain = formatFigure(f, lang);
  const amount = m.lowerBound ? say(lang, 'figure.moreThan', { amount: plain }) : m.estimate ? say(lang, 'figure.about', { amount: plain }) : plain;
  const said = m.kind === 'forecast' ? say(lang, m.lowerBound ? 'figure.forecastExceed' : 'figure.forecastReach', { amount: m.lowerBound ? plain : amount })
    : m.kind === 'target' ? say(lang, 'figure.target', { amount })
      : m.kind === 'considering' ? say(lang, 'figure.considering', { amount })
        : amount;
  return say(lang, 'figure.summary', { what: figureMeasure(f, lang), amount: said, period: figurePeriod(f, lang) });
}
