/**
 * The model-backed engine: wraps the deterministic engine. ask() retrieves evidence passages and has the model
 * answer from them; briefing/meetings/cooperation/timeline views are rewritten in the user's language. Any
 * failure returns the deterministic view with a one-line footer note.
 */
import type { Document } from '../corpus/types.js';
import type { Citation, Engine, View } from '../briefing/views.js';
import type { Passage } from '../search/passages.js';
import { isFallback, type FallbackReason, type Writer, type WriterLog } from './writer.js';
import { renumberCitations, repairNote } from './verify.js';
import type { FactsOf } from './facts.js';

/** Footer line when the model could not be used. */
export const FALLBACK_NOTE = 'model unavailable: answered from extracted facts';

const REASON_TEXT: Partial<Record<FallbackReason, string>> = {
  'budget-exhausted': 'daily model budget used up',
  'rate-limited': 'model rate-limited',
  timeout: 'model timed out',
  'server-error': 'model server error',
  unreachable: 'model unreachable',
  malformed: 'model reply unreadable',
  incomplete: 'model answer incomplete',
  unverifiable: 'model answer could not be verified',
  'no-answer': 'model found no answer in the sources',
};

export interface ModelEngineDeps {
  /** Document by id, for citation titles and links. */
  lookup?: (id: string) => Pick<Document, 'title' | 'source'> | undefined;
  /** The extracted facts of an evidence sentence (facts.ts `sentenceFacts(knowledge)`): an answer may state them. */
  factsOf?: FactsOf;
  log?: WriterLog;
}

export interface ModelEngine extends Engine {
  /** ask() that reports the verified partial answer as it streams (the caller throttles message edits). */
  askStream(question: string, locale: string | undefined, onView: (partial: View) => void): Promise<View>;
}

function note(reason: FallbackReason): string {
  const why = REASON_TEXT[reason];
  return why ? `${FALLBACK_NOTE} (${why})` : FALLBACK_NOTE;
}

function withFooter(view: View, line: string | null): View {
  if (!line) return view;
  return { ...view, footer: view.footer ? `${view.footer} · ${line}` : line };
}

/**
 * A view's lines rewritten by the model in `locale` from the same citations (checked like answers); the view itself,
 * with a one-line note, when the model cannot.
 */
export async function rewriteView(writer: Writer, view: View, locale?: string): Promise<View> {
  if (!writer.enabled) return view;
  const res = await writer.summarize({ view, locale });
  if (isFallback(res)) {
    if (res.fallback === 'no-evidence' || res.fallback === 'no-key') return view;
    return withFooter(view, note(res.fallback));
  }
  const line = [`written by ${res.model}`, repairNote(res.repairs)].filter(Boolean).join(' · ');
  return withFooter({ ...view, intro: res.intro ?? view.intro, sections: res.sections }, line);
}

/** Wraps `base` with a model writer. With a disabled writer, returns base's views unchanged. */
export function createModelEngine(
  base: Engine,
  writer: Writer,
  retrieve: (question: string) => Passage[] | Promise<Passage[]>,
  deps: ModelEngineDeps = {},
): ModelEngine {
  const citationOf = (p: Passage, n: number): Citation => {
    const doc = deps.lookup?.(p.document);
    return {
      n, document: p.document, sentence: p.sentence, quote: p.text, lang: p.lang,
      title: doc?.title ?? null, outlet: p.outlet, published: p.published, link: doc?.source ?? null,
    };
  };

  const fallbackView = async (reason: FallbackReason, make: () => Promise<View>): Promise<View> => {
    const view = await make();
    if (reason === 'no-key' || reason === 'no-evidence') return view;
    return withFooter(view, note(reason));
  };

  /** Builds the answer view from verified text: citations renumbered 1..k in order of first citation. */
  const answerView = (question: string, text: string, cited: number[], passages: Passage[], footer: string | null): View => {
    const byN = new Map(passages.map((p) => [p.n, p]));
    const map = new Map(cited.map((n, i) => [n, i + 1]));
    const body = renumberCitations(text, map);
    return {
      kind: 'answer',
      title: question.length > 256 ? `${question.slice(0, 255)}…` : question,
      intro: null,
      sections: [{ heading: '', lines: body.split('\n').filter((l) => l.trim()) }],
      items: [],
      citations: cited.map((n, i) => citationOf(byN.get(n)!, i + 1)),
      empty: null,
      footer,
    };
  };

  /** One deadline (OPENAI_TIMEOUT_MS) covers retrieval's embeddings and the answer, retries included. */
  async function ask(question: string, locale?: string, onView?: (partial: View) => void): Promise<View> {
    if (!writer.enabled) return base.ask(question, locale);
    return writer.within(() => askWithin(question, locale, onView));
  }

  async function askWithin(question: string, locale?: string, onView?: (partial: View) => void): Promise<View> {
    let passages: Passage[];
    try {
      passages = await retrieve(question);
    } catch (err) {
      deps.log?.warn({ err: String(err) }, 'retrieval failed');
      return fallbackView('error', () => base.ask(question, locale));
    }
    const factsOf = deps.factsOf;
    const facts = factsOf ? new Map(passages.map((p) => [p.n, factsOf(p.document, p.sentence)])) : undefined;
    const request = { question, evidence: passages, locale, ...(facts ? { facts } : {}) };
    const res = onView
      ? await writer.answerStream(request, (text) => {
          const cited = [...new Set([...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))].filter((n) => passages.some((p) => p.n === n));
          onView(answerView(question, text, cited, passages, null));
        })
      : await writer.answer(request);
    if (isFallback(res)) return fallbackView(res.fallback, () => base.ask(question, locale));
    const footer = [`written by ${res.model} from ${res.citations.length} cited source sentence${res.citations.length === 1 ? '' : 's'}`, repairNote(res.repairs)]
      .filter(Boolean)
      .join(' · ');
    return answerView(question, res.text, res.citations, passages, footer);
  }

  const rewrite = async (make: () => Promise<View>, locale?: string): Promise<View> => rewriteView(writer, await make(), locale);

  return {
    briefing: (topic, locale) => rewrite(() => base.briefing(topic, locale), locale),
    meetings: (query, locale) => rewrite(() => base.meetings(query, locale), locale),
    cooperation: (area, locale) => rewrite(() => base.cooperation(area, locale), locale),
    timeline: (query, locale) => rewrite(() => base.timeline(query, locale), locale),
    ask: (question, locale) => ask(question, locale),
    askStream: (question, locale, onView) => ask(question, locale, onView),
    sources: (id, locale) => base.sources(id, locale),
    help: (locale) => base.help(locale),
    suggest: (kind, prefix, limit) => base.suggest(kind, prefix, limit),
  };
}
