/**
 * A figure's amount in the reader's language: "USD 42.5 bn" in English, "42,5 tỷ USD" in Vietnamese, "425億ドル" in
 * Japanese. Vietnamese counts in its large units (nghìn tỷ/tỷ/triệu), rounded to two decimals of the unit as the English
 * form is; Japanese writes a whole amount exactly in 兆/億/万 (1万2500人, 1234万5678円), as Japanese news does.
 * Smaller amounts are written in full with the language's digit grouping.
 */
import type { Figure } from '../knowledge/types.js';
import { INTL_TAG, say, type Lang } from './lang.js';
import { unitIn } from './names.js';

/** Vietnamese large units, the largest first: an amount is written in the first one it reaches. */
const VI_SCALES: readonly [number, string][] = [[1e12, 'nghìn tỷ'], [1e9, 'tỷ'], [1e6, 'triệu']];
/** Japanese units of four digits each, the largest first. */
const JA_UNITS: readonly [bigint, string][] = [[10n ** 12n, '兆'], [10n ** 8n, '億'], [10n ** 4n, '万']];

const CURRENCY = /^[A-Z]{3}$/;
const DECIMALS = new Map<string, Intl.NumberFormat>();
const decimals = (lang: Lang) => {
  let f = DECIMALS.get(lang);
  if (!f) DECIMALS.set(lang, (f = new Intl.NumberFormat(INTL_TAG[lang], { maximumFractionDigits: 2 })));
  return f;
};

/** 42500000000 → "42,5 tỷ"; 300000 → "300.000". */
function vietnamese(value: number): string {
  for (const [scale, word] of VI_SCALES) if (Math.abs(value) >= scale) return `${decimals('vi').format(value / scale)} ${word}`;
  return decimals('vi').format(value);
}

/** 42500000000 → "425億", 12500 → "1万2500": each nonzero group of four digits with its unit. */
function japanese(value: number): string {
  if (!Number.isSafeInteger(value) || Math.abs(value) < 1e4) return decimals('ja').format(value);
  let rest = BigInt(Math.abs(value));
  let out = value < 0 ? '-' : '';
  for (const [unit, word] of JA_UNITS) {
    const part = rest / unit;
    if (part > 0n) out += `${part}${word}`;
    rest %= unit;
  }
  return rest > 0n ? `${out}${rest}` : out;
}

/** A figure's amount with its unit in Vietnamese or Japanese: "50 tỷ USD", "500億ドル", "500 người", "500人", "11%". */
export function localAmount(f: Figure, lang: 'vi' | 'ja'): string {
  if (f.unit === '%') return say(lang, 'figure.percent', { value: decimals(lang).format(f.value) });
  const amount = lang === 'vi' ? vietnamese(f.value) : japanese(f.value);
  if (!f.unit) return amount;
  const unit = unitIn(f.unit, lang);
  // Japanese writes its units right after the number (500億ドル, 500人), a unit left in English after a space;
  // Vietnamese after a space (50 tỷ USD).
  if (lang === 'ja') return `${amount}${unit === f.unit && !CURRENCY.test(f.unit) ? ' ' : ''}${unit}`;
  return `${amount} ${unit}`;
}
