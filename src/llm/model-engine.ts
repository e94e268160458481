/**
 * The model-backed engine: wraps the deterministic engine. ask() retrieves evidence passages and has the model
 * answer from them; briefing/meetings/cooperation/timeline views are rewritten in the user's language. Any
 * failure returns the deterministic view with a one-line footer note.
 */
import type { Document } from '../corpus/types.js';
import type { Citation, Engine, View } from '../briefing/views.js';
import { langOf, say } from '../briefing/lang.js';
import type { Passage } from '../search/passages.js';
import { isFallback, type FallbackReason, type Writer, type WriterLog } from './writer.js';
import { renumberCitations, repairNote } from './verify.js';
import type { FactsOf } from './facts.js';

/** Footer line when the model could not be used (English; `model.fallback` of the templates in every language). */
export const FALLBACK_NOTE = say('en', 'model.fallback');

/** The reasons the footer names (`model.reason.<reason>`); any other reason gets the note alone. */
const NAMED_REASONS: ReadonlySet<FallbackReason> = new Set<FallbackReason>([
  'budget-exhausted', 'rate-limited', 'timeout', 'server-error', 'unreachable', 'malformed', 'incomplete', 'unverifiable', 'no-answer',
]);

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

/** The footer note of a fallback in the reader's language: "model unavailable: … (model timed out)". */
function note(reason: FallbackReason, locale: string | undefined): string {
  const lang = langOf(locale);
  return NAMED_REASONS.has(reason) ? say(lang, 'model.fallbackWhy', { why: say(lang, `model.reason.${reason}`) }) : say(lang, 'model.fallback');
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
    return withFooter(view, note(res.fallback, locale));
  }
  const lang = langOf(locale);
  const line = [say(lang, 'model.writtenBy', { model: res.model }), repairNote(res.repairs, lang)].filter(Boolean).join(' · ');
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

  const fallbackView = async (reason: FallbackReason, locale: string | undefined, make: () => Promise<View>): Promise<View> => {
    const view = await make();
    if (reason === 'no-key' || reason === 'no-evidence') return view;
    return withFooter(view, note(reason, locale));
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
      return fallbackView('error', locale, () => base.ask(question, locale));
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
    if (isFallback(res)) return fallbackView(res.fallback, locale, () => base.ask(question, locale));
    const lang = langOf(locale);
    const footer = [say(lang, 'model.writtenFrom', { model: res.model, n: res.citations.length }), repairNote(res.repairs, lang)]
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
    prepare: () => base.prepare?.() ?? true,
  };
}
