/**
 * Snowball stemmers (via @orama/stemmers) keyed by ISO 639-1 language, memoized in a bounded cache.
 * Languages without an entry (vi, ja, zh, ko, th, tl …) are not stemmed.
 */
import { stemmer as ar } from '@orama/stemmers/arabic';
import { stemmer as bg } from '@orama/stemmers/bulgarian';
import { stemmer as da } from '@orama/stemmers/danish';
import { stemmer as de } from '@orama/stemmers/german';
import { stemmer as el } from '@orama/stemmers/greek';
import { stemmer as en } from '@orama/stemmers/english';
import { stemmer as es } from '@orama/stemmers/spanish';
import { stemmer as fi } from '@orama/stemmers/finnish';
import { stemmer as fr } from '@orama/stemmers/french';
import { stemmer as hu } from '@orama/stemmers/hungarian';
import { stemmer as hy } from '@orama/stemmers/armenian';
import { stemmer as id } from '@orama/stemmers/indonesian';
import { stemmer as it } from '@orama/stemmers/italian';
import { stemmer as lt } from '@orama/stemmers/lithuanian';
import { stemmer as ne } from '@orama/stemmers/nepali';
import { stemmer as nl } from '@orama/stemmers/dutch';
import { stemmer as no } from '@orama/stemmers/norwegian';
import { stemmer as pt } from '@orama/stemmers/portuguese';
import { stemmer as ro } from '@orama/stemmers/romanian';
import { stemmer as ru } from '@orama/stemmers/russian';
import { stemmer as sr } from '@orama/stemmers/serbian';
import { stemmer as sv } from '@orama/stemmers/swedish';
import { stemmer as ta } from '@orama/stemmers/tamil';
import { stemmer as tr } from '@orama/stemmers/turkish';
import { stemmer as uk } from '@orama/stemmers/ukrainian';

type Stem = (word: string) => string;

const STEMMERS: Readonly<Record<string, Stem>> = {
  ar, bg, da, de, el, en, es, fi, fr, hu, hy, id, it, lt, ne, nl, no, nb: no, pt, ro, ru, sr, sv, ta, tr, uk,
  // Malay shares Indonesian's affix system.
  ms: id,
};

/**
 * A string → string memo of bounded size for an open vocabulary: two generations; when the young one is full it
 * becomes the old one (the previous old one is dropped), and a hit in the old one is copied into the young one,
 * so frequent words stay cached while at most 2 × `limit` entries are held.
 */
export class BoundedMemo {
  private young = new Map<string, string>();
  private old = new Map<string, string>();
  constructor(readonly limit: number) {}

  get(key: string): string | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: string, value: string): void {
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}

/** Stems cached per language: at most 2 × MEMO_LIMIT words each (languages are a closed set of ISO codes). */
const MEMO_LIMIT = 16_384;
const memos = new Map<string, BoundedMemo>();

/** True when `lang` has a stemmer. */
export function hasStemmer(lang: string): boolean {
  return Object.hasOwn(STEMMERS, lang);
}

/** Languages that have a stemmer. */
export function stemmerLanguages(): string[] {
  return Object.keys(STEMMERS);
}

/**
 * Stem of a lowercased word in `lang`; the word itself when the language has no stemmer
 * or the stemmer fails on it.
 * @example stem('halbleitern', 'de') === 'halbleit'
 */
export function stem(word: string, lang: string): string {
  const fn = STEMMERS[lang];
  if (!fn) return word;
  let memo = memos.get(lang);
  if (!memo) {
    memo = new BoundedMemo(MEMO_LIMIT);
    memos.set(lang, memo);
  }
  const hit = memo.get(word);
  if (hit !== undefined) return hit;
  let out: string;
  try {
    out = fn(word) || word;
  } catch {
    out = word;
  }
  memo.set(word, out);
  return out;
}
