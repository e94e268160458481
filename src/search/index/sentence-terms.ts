/**
 * A sentence's term ids as the index adds it: the analysis of analyze() (same terms, same order), but a word seen
 * recently in the same language costs one lookup in a cache keyed by the text's own characters — no string cut
 * out of the sentence, no stopword check, no stemming, no term dictionary lookup.
 */
import { scan, wordTerm, type RunSink, type Token } from '../analyze.js';

/** Cache slots per language (direct-mapped: a colliding word replaces the one in its slot, so memory is bounded). */
const SLOTS = 1 << 15;
const MASK = SLOTS - 1;

/** Word → term id (-1: no term, a stopword) of one language, by the FNV-1a hash scan() computes while it reads. */
class WordIds {
  readonly words: (string | undefined)[] = new Array<string | undefined>(SLOTS);
  readonly ids = new Int32Array(SLOTS);
}

export class SentenceTerms implements RunSink {
  /** Term ids of the last sentence analysed, repeats kept, in text order: ids[0 .. count). */
  ids = new Int32Array(256);
  count = 0;
  private lang = '';
  private cache: WordIds | null = null;
  private caches = new Map<string, WordIds>();

  /** @param intern id of a term, added to the dictionary when absent */
  constructor(private readonly intern: (term: string) => number) {}

  /** Forgets every cached id (the dictionary was renumbered). */
  clear(): void {
    this.caches.clear();
    this.cache = null;
  }

  /** Analyses `text` of a document in `lang` into ids[0 .. count). */
  analyse(text: string, lang: string): void {
    if (lang !== this.lang || !this.cache) {
      this.lang = lang;
      let cache = this.caches.get(lang);
      if (!cache) this.caches.set(lang, (cache = new WordIds()));
      this.cache = cache;
    }
    this.count = 0;
    scan(text, this);
  }

  simple(norm: string, from: number, to: number, digits: boolean, hash: number): void {
    // A lone letter or digit carries nothing (as in tokenize()).
    if (to - from < 2) return;
    const cache = this.cache!;
    const slot = hash & MASK;
    const known = cache.words[slot];
    let id: number;
    if (known !== undefined && known.length === to - from && norm.startsWith(known, from)) {
      id = cache.ids[slot]!;
    } else {
      const word = norm.slice(from, to);
      const term = digits ? word : wordTerm(word, this.lang);
      id = term ? this.intern(term) : -1;
      // A slice of 13+ characters is a view that keeps the whole sentence alive: keep a copy of the word alone.
      cache.words[slot] = word.length > 12 ? (' ' + word).slice(1) : word;
      cache.ids[slot] = id;
    }
    if (id >= 0) this.push(id);
  }

  token(text: string, kind: Token['kind']): void {
    const term = kind === 'word' ? wordTerm(text, this.lang) : text;
    if (term) this.push(this.intern(term));
  }

  private push(id: number): void {
    if (this.count === this.ids.length) {
      const bigger = new Int32Array(this.ids.length * 2);
      bigger.set(this.ids);
      this.ids = bigger;
    }
    this.ids[this.count++] = id;
  }
}
