/**
 * A figure's amount in the reader's language: "USD 42.5 bn" in English, "42,5 tỷ USD" in Vietnamese, "425億ドル" in
 * Japanese. Each language counts in its own large units (bn/m; tỷ/triệu; 兆/億/万), rounded to two decimals of that
 * unit as the English form is; smaller amounts are written in full with the language's digit grouping.
 */
import type { Figure } from '../knowledge/types.js';
import { INTL_TAG, say, type Lang } from './lang.js';
import { unitIn } from './names.js';

/** Large units, the largest first: an amount is written in the first one it reaches. */
const SCALES: Readonly<Record<'vi' | 'ja', readonly [number, string][]>> = {
  vi: [[1e12, 'nghìn tỷ'], [1e9, 'tỷ'], [1e6, 'triệu']],
  ja: [[1e12, '兆'], [1e8, '億'], [1e4, '万']],
};

const CURRENCY = /^[A-Z]{3}$/;
const DECIMALS = new Map<string, Intl.NumberFormat>();
const decimals = (lang: Lang) => {
  let f = DECIMALS.get(lang);
  if (!f) DECIMALS.set(lang, (f = new Intl.NumberFormat(INTL_TAG[lang], { maximumFractionDigits: 2 })));
  return f;
};

/** 42500000000 → "42,5 tỷ" (vi), "425億" (ja). */
function scaled(value: number, lang: 'vi' | 'ja'): string {
  const joiner = lang === 'vi' ? ' ' : '';
  for (const [scale, word] of SCALES[lang]) {
    if (Math.abs(value) >= scale) return `${decimals(lang).format(value / scale)}${joiner}${word}`;
  }
  return decimals(lang).format(value);
}

/** A figure's amount with its unit in Vietnamese or Japanese: "50 tỷ USD", "500億ドル", "500 người", "500人", "11%". */
export function localAmount(f: Figure, lang: 'vi' | 'ja'): string {
  if (f.unit === '%') return say(lang, 'figure.percent', { value: decimals(lang).format(f.value) });
  const amount = scaled(f.value, lang);
  if (!f.unit) return amount;
  const unit = unitIn(f.unit, lang);
  // Japanese writes every unit right after the number (500億ドル, 500人); Vietnamese after a space (50 tỷ USD).
  if (lang === 'ja') return `${amount}${unit === f.unit && !CURRENCY.test(f.unit) ? ' ' : ''}${unit}`;
  return `${amount} ${unit}`;
}
