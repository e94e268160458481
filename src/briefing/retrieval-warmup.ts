/**
 * Questions a fresh engine puts to its search once while idle. A process's first questions of a kind pay for the
 * search's first run: its code compiled, a script's analysis and stemmer set up. At 100,000 articles the first ones
 * took 35–80 ms, against 2–20 ms once warm. The questions come from the corpus: for each language in it, the first
 * sentence of its first article (up to 12 words or 80 characters: a long question; in Han or kana, many bigram
 * groups) and the sentence's first two words, and those words beside another language's. Nothing of their answers
 * is kept.
 */
import type { CorpusDocument } from '../corpus/types.js';
import type { SentenceText } from '../knowledge/types.js';

/** A sentence shorter than this says too little to exercise the search: the next one is taken. */
const MIN_CHARS = 20;
/** Sentence numbers read per document while looking for one long enough (a title-less article starts at 1). */
const SENTENCES_TRIED = 6;
/** A whole-sentence question stops after this many words, or characters (a sentence of Han or kana has no spaces). */
const MAX_WORDS = 12;
const MAX_CHARS = 80;
/** Articles of a language read while looking for such a sentence, before the language is passed over. */
const DOCUMENTS_TRIED = 3;

/**
 * The warm-up questions for `documents`, in order: per language (in order of first appearance), a long sentence cut
 * to MAX_WORDS or MAX_CHARS, then its first two words when that is shorter; then each language's two words beside
 * the next language's.
 * @example warmupQuestions([{ id: 'a', lang: 'en', … }], textOf) // ['The two ministers met in Hanoi on Monday.', 'The two']
 */
export function warmupQuestions(documents: readonly CorpusDocument[], sentenceText: SentenceText): string[] {
  const questions: string[] = [];
  /** Each language's first two words. */
  const pieces: string[] = [];
  /** Articles read per language; DOCUMENTS_TRIED once it has its questions. */
  const tried = new Map<string, number>();
  for (const document of documents) {
    const count = tried.get(document.lang) ?? 0;
    if (count >= DOCUMENTS_TRIED) continue;
    const sentence = firstLongSentence(document.id, sentenceText);
    tried.set(document.lang, sentence === null ? count + 1 : DOCUMENTS_TRIED);
    if (sentence === null) continue;
    // A question as long as a long one a reader asks: a whole sentence of 90 words only makes a longer step.
    const long = sentence.split(/\s+/).slice(0, MAX_WORDS).join(' ').slice(0, MAX_CHARS);
    questions.push(long);
    const words = long.split(/\s+/).slice(0, 2).join(' ');
    if (words.length < long.length) questions.push(words);
    pieces.push(words);
  }
  // Questions mix scripts too (a name in Latin letters beside Japanese): each language's words beside the next's.
  for (let i = 1; i < pieces.length; i++) questions.push(`${pieces[i - 1]} ${pieces[i]}`);
  return questions;
}

function firstLongSentence(documentId: string, sentenceText: SentenceText): string | null {
  for (let i = 0; i < SENTENCES_TRIED; i++) {
    const text = sentenceText(documentId, i)?.trim();
    if (text !== undefined && text.length >= MIN_CHARS) return text;
  }
  return null;
}
