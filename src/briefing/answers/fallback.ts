/**
 * The fallback answer when the question is not recognized: related meetings and statements from the people and areas
 * it names, then retrieved sentences, ranked so that a sentence that reports a fact (a meeting, a statement) comes
 * before captions and boilerplate (short lines without a verb of their own).
 */
import type { AreaId, Evidence, Meeting } from '../../knowledge/types.js';
import type { EngineContext } from '../context.js';
import { meetingSummary } from '../compose.js';
import { areasNamedIn } from '../area-lookup.js';
import { statementLine } from '../statement-lines.js';
import { clip, firstInOrder, view } from '../text.js';
import type { View, ViewSection } from '../views.js';
import { partyOf } from './parties.js';
import { sourceName } from '../citations.js';
import { say } from '../lang.js';

const MAX_QUOTES = 5;
/** Sentences an answer asks the search for. */
export const RETRIEVED = 12;
/** Related meetings listed under an answer that matched no question type. */
const RELATED = 4;
/** A sentence of fewer words is a caption or a label, ranked below substance. */
const CAPTION_WORDS = 8;
/** Weights of the ranking: retrieval score × these. */
const FACT_BOOST = 2;
const CAPTION_PENALTY = 0.4;

/** Where the question's words first occur in a sentence (the quote is trimmed around it), else 0. */
function focusOf(text: string, question: string): number {
  const t = text.toLowerCase();
  const at = question.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4).map((w) => t.indexOf(w.slice(0, 6))).filter((i) => i >= 0);
  return at.length ? Math.min(...at) : 0;
}

function isCaption(text: string): boolean {
  const t = text.trim();
  const words = t.split(/\s+/).length;
  return (words < CAPTION_WORDS && !/[\p{Script=Han}\p{Script=Hiragana}]/u.test(t)) || !/[.!?。！？"”»]$/u.test(t);
}

export function fallbackAnswer(ctx: EngineContext, question: string, lead: string | null): View {
  const { lang } = ctx;
  const list = ctx.citations();
  const sections: ViewSection[] = [];
  const party = partyOf(question, 'en', ctx.knownPeople());
  const areas: AreaId[] = areasNamedIn(question);
  // The newest few, without gathering every meeting of a much-met person or a busy area (tens of thousands in a large
  // corpus): each list is newest first, so the newest few of all are among each list's first few.
  let related: Meeting[];
  if (party?.people.size) related = ctx.participantIndex().newest([...party.people].map((id) => `id:${id}`), RELATED);
  else {
    const pool = new Set<Meeting>();
    for (const a of areas) for (const m of ctx.areaFacts(a).meetings.slice(0, RELATED)) pool.add(m);
    const rank = ctx.rankOf();
    related = firstInOrder(pool, RELATED, (a, b) => rank.get(a)! - rank.get(b)!);
  }
  // Only a named person or area can pick statements: without one, nothing is looked through (every statement would be).
  const said = party?.people.size || (!party && areas.length)
    ? ctx.notableStatements(4, (s) => !!((party?.people.size && s.actor.personId && party.people.has(s.actor.personId))
      || (!party && s.areas.some((a) => areas.includes(a)))), party?.people.size ? { people: party.people } : { areas })
    : [];
  if (said.length) sections.push({ heading: say(lang, 'heading.whatWasSaid'), lines: said.map((s) => statementLine(s, list, lang)) });
  if (related.length) sections.push({ heading: say(lang, 'heading.relatedMeetings'), lines: related.map((m) => `${meetingSummary(m, 4, lang)} ${list.citeAll(m.sources, 2)}`) });

  const facts = ctx.factSentences();
  const hits = ctx.options.retrieve?.(question, RETRIEVED) ?? [];
  const quotes = hits
    .map((h) => ({ h, e: ctx.sentenceOf(h.document, h.sentence) }))
    .filter((x): x is { h: typeof x.h; e: Evidence } => x.e !== null)
    .map(({ h, e }) => ({ e, score: h.score * (facts.has(e.document, e.sentence) ? FACT_BOOST : 1) * (isCaption(ctx.textOf(e)) ? CAPTION_PENALTY : 1) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_QUOTES);
  if (quotes.length) {
    // The quote itself is shown once, in the citation list; the line names where it comes from.
    sections.push({
      heading: say(lang, 'heading.fromTheSources'),
      lines: quotes.map(({ e }) => {
        const doc = ctx.docInfo().get(e.document);
        return `[${e.lang}] ${sourceName(doc, e.document)}${doc?.published ? `, ${doc.published}` : ''} ${list.cite(e, focusOf(ctx.textOf(e), question))}`;
      }),
    });
  }
  return view('answer', clip(question, 256), {
    intro: lead ?? (sections.length ? say(lang, 'answer.fromCorpus') : null),
    sections, citations: list.list(), footer: ctx.footer,
    empty: sections.length ? null : say(lang, 'answer.nothing'),
  });
}
