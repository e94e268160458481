/**
 * Answers from knowledge first (/ask, DMs, `attache ask`): one direct sentence in the reader's language built from facts, then the
 * supporting meetings or statements; their quotes are in the citation list, once, trimmed around the clause that
 * answers. Retrieval quotes are the fallback when the question is not recognized or the facts have no answer.
 */
import type { Figure, Meeting, Statement } from '../../knowledge/types.js';
import { officeAt, personById } from '../../knowledge/people.js';
import { displayName } from '../names.js';
import type { EngineContext } from '../context.js';
import { dateLabel, meetingSummary, planSummary } from '../compose.js';
import { meetingWhen } from '../meeting-dates.js';
import { figureLine } from '../figure-lines.js';
import { notableStatements, statementLine } from '../statement-lines.js';
import { areasNamedIn, resolveArea } from '../area-lookup.js';
import { areasPhraseIn } from '../statement-sentences.js';
import { count, listOf, say, type Lang } from '../lang.js';
import { countryIn, nameIn, placeIn, sideRole } from '../names.js';
import { clip, compareIso, view } from '../text.js';
import type { View, ViewSection } from '../views.js';
import { intentOf, type Intent } from './intents.js';
import { holdersOf, isParty, participantLabel, partyOf, roleIn, type Party } from './parties.js';
import { findCountries, findOccasions, findPlaces } from '../../knowledge/places.js';

const SUPPORT = 4;
const MAX_STATEMENTS = 6;

type Citations = ReturnType<EngineContext['citations']>;

/** "on 16 Nov 2024 in Lima, at APEC 2024" */
function whenWhere(m: Meeting, lang: Lang): string {
  const date = meetingWhen(m, lang);
  const when = !m.date ? say(lang, 'answer.whenWhere.unknown') : say(lang, m.date.length === 10 ? 'answer.whenWhere.day' : 'answer.whenWhere.span', { date });
  const where = m.place ? placeIn(m.place, lang) : m.country ? countryIn(m.country, lang) : null;
  return say(lang, 'answer.whenWhere', {
    when,
    where: where ? say(lang, 'answer.whenWhere.where', { where }) : '',
    occasion: m.occasion ? say(lang, 'answer.whenWhere.occasion', { occasion: m.occasion }) : '',
  });
}

/** How a party is named in `lang`: its people's names, its office and side, or its side. */
function partyIn(party: Party, lang: Lang): string {
  if (lang === 'en') return party.label;
  if (party.role) return party.country ? sideRole(party.role, party.country, lang) : party.label;
  if (party.people.size) return [...party.people].map((id) => nameIn(personById(id)?.name ?? id, lang, id)).join(` ${say(lang, 'list.joined').trim()} `);
  return party.country ? countryIn(party.country, lang) : party.label;
}

function answerView(ctx: EngineContext, question: string, list: Citations, first: string, sections: ViewSection[]): View {
  return view('answer', clip(question, 256), {
    intro: first, sections, citations: list.list(), footer: ctx.footer,
  });
}

function known(ctx: EngineContext): Set<string> {
  return ctx.knownPeople();
}

function meetingsOf(ctx: EngineContext, a: Party, b: Party | null): Meeting[] {
  return ctx.knowledge.meetings.filter((m) => m.participants.some((p) => isParty(a, p, m))
    && (!b || m.participants.some((p) => isParty(b, p, m) && !isParty(a, p, m))));
}

function lastMet(ctx: EngineContext, q: string, i: Extract<Intent, { kind: 'lastMet' }>): View | null {
  const ids = known(ctx);
  const a = partyOf(i.a, i.lang, ids);
  const b = partyOf(i.b, i.lang, ids);
  if (!a || !b) return null;
  const { dated, undated } = ctx.byKnownDate(meetingsOf(ctx, a, b));
  const list = ctx.citations();
  const last = dated[0] ?? undated[0];
  const { lang } = ctx;
  if (!last) return answerView(ctx, q, list, say(lang, 'answer.noMeetingBetween', { a: partyIn(a, lang), b: partyIn(b, lang) }), []);
  const pa = last.participants.find((p) => isParty(a, p, last))!;
  const pb = last.participants.find((p) => isParty(b, p, last) && p !== pa)!;
  const label = (party: Party, p: typeof pa) => (party.role ? participantLabel(p, last.date, lang) : nameIn(p.name, lang, p.personId));
  const first = say(lang, 'answer.lastMet', { a: label(a, pa), b: label(b, pb), whenWhere: whenWhere(last, lang), cite: list.citeAll(last.sources, 2) });
  const sections: ViewSection[] = [{ heading: say(lang, 'heading.theMeeting'), lines: [`${meetingSummary(last, 4, lang)} ${list.citeAll(last.sources, 2)}`] }];
  const said = notableStatements(ctx.statementsOfMeeting(last.id), SUPPORT, () => null);
  if (said.length) sections.push({ heading: say(lang, 'heading.whatWasSaid'), lines: said.map((s) => statementLine(s, list, lang)) });
  const earlier = [...dated.slice(1), ...(dated[0] ? undated : undated.slice(1))].slice(0, SUPPORT);
  if (earlier.length) sections.push({ heading: say(lang, 'heading.earlierMeetings'), lines: earlier.map((m) => `${meetingSummary(m, 3, lang)} ${list.citeAll(m.sources, 1)}`) });
  return answerView(ctx, q, list, first, sections);
}

function metWhom(ctx: EngineContext, q: string, i: Extract<Intent, { kind: 'metWhom' }>): View | null {
  const a = partyOf(i.a, i.lang, known(ctx));
  if (!a) return null;
  const found = meetingsOf(ctx, a, null).filter((m) => !i.year || (m.date ?? '').startsWith(String(i.year)));
  const { dated, undated } = ctx.byKnownDate(found);
  const all = [...dated, ...undated];
  const { lang } = ctx;
  const list = ctx.citations();
  const others = all.map((m) => ({ m, who: m.participants.filter((p) => !isParty(a, p, m)).map((p) => nameIn(p.name, lang, p.personId)) })).filter((x) => x.who.length);
  if (!others.length) return answerView(ctx, q, list, say(lang, 'answer.noMeetingOf', { a: partyIn(a, lang), year: i.year ? say(lang, 'answer.inYear', { year: i.year }) : '' }), []);
  const parts = others.slice(0, SUPPORT).map(({ m, who }) => say(lang, 'answer.metPart', {
    who: who.join(say(lang, 'list.joined')), when: meetingWhen(m, lang), place: m.place ? say(lang, 'answer.metPlace', { place: placeIn(m.place, lang) }) : '', cite: list.citeAll(m.sources, 1),
  }));
  const more = others.length > SUPPORT ? say(lang, 'answer.metMore', { others: count(lang, 'otherMeeting', others.length - SUPPORT) }) : '';
  const first = say(lang, 'answer.metWhom', { a: partyIn(a, lang), parts: listOf(lang, parts), more, year: i.year ? say(lang, 'answer.metInYear', { year: i.year }) : '' });
  return answerView(ctx, q, list, first, [{ heading: say(lang, 'heading.meetings'), lines: all.slice(0, SUPPORT * 2).map((m) => `${meetingSummary(m, 3, lang)} ${list.citeAll(m.sources, 1)}`) }]);
}

function office(ctx: EngineContext, q: string, i: Extract<Intent, { kind: 'office' }>): View | null {
  const role = roleIn(i.office);
  if (!role) return null;
  const countries = findCountries(i.office, i.lang).map((c) => c.code).filter((c) => c === 'VN' || c === 'JP');
  const country = countries[0] ?? (role.startsWith('Ambassador to ') ? (role.endsWith('Vietnam') ? 'JP' : 'VN') : null);
  const at = i.year ? String(i.year) : ctx.today() ?? '';
  const holders = holdersOf(role, country).filter((p) => at && officeAt(p, at)?.role === role || p.offices.some((o) => o.role === role && o.from.slice(0, 4) <= at.slice(0, 4) && (!o.to || o.to.slice(0, 4) >= at.slice(0, 4))));
  const { lang } = ctx;
  const list = ctx.citations();
  if (!holders.length) return null;
  const lines = holders.map((p) => {
    const term = p.offices.find((o) => o.role === role)!;
    const mention = ctx.statements().find((s) => s.actor.personId === p.id)?.evidence
      ?? ctx.knowledge.meetings.find((m) => m.participants.some((x) => x.personId === p.id))?.sources[0];
    return say(lang, 'answer.office', {
      sideRole: sideRole(role, p.country, lang),
      at: i.year ? say(lang, 'answer.officeIn', { when: i.year }) : say(lang, 'answer.officeAsOf', { when: dateLabel(at, lang) }),
      name: displayName(p, lang),
      since: `${say(lang, 'answer.officeSince', { from: dateLabel(term.from, lang) })}${term.to ? say(lang, 'answer.officeUntil', { to: dateLabel(term.to, lang) }) : ''}`,
      cite: mention ? ` ${list.cite(mention)}` : '',
    });
  });
  const first = holders.length === 1 ? lines[0]! : say(lang, 'answer.officeHolders', {
    n: holders.length, holders: holders.map((p) => say(lang, 'answer.officeHolder', { name: displayName(p, lang), side: countryIn(p.country, lang) })).join(say(lang, 'list.separator')),
  });
  const cited = holders.flatMap((p) => notableStatements(ctx.statements().filter((s) => s.actor.personId === p.id), 2, () => null));
  const sections: ViewSection[] = holders.length > 1 ? [{ heading: say(lang, 'heading.officeHolders'), lines }] : [];
  if (cited.length) sections.push({ heading: say(lang, 'heading.recentlySaid'), lines: cited.map((s) => statementLine(s, list, lang)) });
  return answerView(ctx, q, list, first, sections);
}

function statementsOn(ctx: EngineContext, q: string, i: Extract<Intent, { kind: 'statementsOn' }>): View | null {
  const areas = areasNamedIn(i.topic);
  const single = areas.length ? areas : [resolveArea(i.topic)].filter((a) => a !== null);
  if (!single.length) return null;
  const topical = (s: Statement) => s.areas.some((a) => single.includes(a));
  const onTopic = ctx.statements().filter(topical);
  const said = ctx.notableStatements(MAX_STATEMENTS, (s) => topical(s) && (!i.act || s.act === i.act), { areas: single });
  const { lang } = ctx;
  const list = ctx.citations();
  const topic = areasPhraseIn(single, lang);
  const verb = say(lang, `act.${i.act ?? 'said'}`);
  if (!said.length && onTopic.length) {
    // Nothing with that act: say so, then what was said on the topic.
    const other = ctx.notableStatements(MAX_STATEMENTS, topical, { areas: single });
    return answerView(ctx, q, list, say(lang, 'answer.noActOther', { verb, topic, statements: count(lang, 'otherStatement', onTopic.length) }),
      [{ heading: say(lang, 'heading.whatWasSaid'), lines: other.map((s) => statementLine(s, list, lang)) }]);
  }
  if (!said.length) {
    const meetings = single.flatMap((a) => ctx.areaFacts(a).meetings);
    if (!meetings.length) return answerView(ctx, q, list, say(lang, 'answer.noStatement', { topic, act: i.act ? say(lang, 'answer.withAct', { act: verb }) : '' }), []);
    const { dated } = ctx.byKnownDate([...new Set(meetings)]);
    return answerView(ctx, q, list, say(lang, 'answer.noActMeetings', { verb, topic, meetings: count(lang, 'meeting', meetings.length) }),
      [{ heading: say(lang, 'heading.meetingsDiscussed'), lines: dated.slice(0, SUPPORT).map((m) => `${meetingSummary(m, 3, lang)} ${list.citeAll(m.sources, 1)}`) }]);
  }
  const [top, ...rest] = said as [Statement, ...Statement[]];
  const first = say(lang, 'answer.onTopic', { topic, statement: statementLine(top, list, lang) });
  const sections: ViewSection[] = rest.length ? [{ heading: say(lang, 'heading.alsoSaid'), lines: rest.map((s) => statementLine(s, list, lang)) }] : [];
  return answerView(ctx, q, list, first, sections);
}

function figures(ctx: EngineContext, q: string, i: Extract<Intent, { kind: 'figures' }>): View | null {
  const words = i.topic.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3);
  const areas = areasNamedIn(i.topic);
  const measured = (f: Figure) => !!f.measure && words.some((w) => f.measure!.toLowerCase().includes(w));
  // A percentage without what it is a share of is not shown.
  const found = ctx.knowledge.figures.filter((f) => f.unit !== '%' && (measured(f) || (f.areas ?? []).some((a) => areas.includes(a))));
  if (!found.length) return null;
  const published = (d: string) => ctx.docInfo().get(d)?.published ?? '';
  const money = (f: Figure) => (f.unit && /^[A-Z]{3}$/.test(f.unit) ? 1 : 0);
  // The measure asked about first, then amounts before shares, newest report first.
  found.sort((a, b) => Number(measured(b)) - Number(measured(a)) || money(b) - money(a)
    || compareIso(published(b.evidence.document), published(a.evidence.document)));
  const { lang } = ctx;
  const list = ctx.citations();
  const line = (f: (typeof found)[number]) => `${figureLine(f, ctx.textOf(f.evidence), lang)} ${list.cite(f.evidence, Math.max(0, ctx.textOf(f.evidence).indexOf(f.text)))}`;
  const first = say(lang, 'answer.figure', { line: line(found[0]!), date: dateLabel(published(found[0]!.evidence.document) || null, lang) });
  const rest = found.slice(1, SUPPORT + 2);
  return answerView(ctx, q, list, first, rest.length ? [{ heading: say(lang, 'heading.otherFigures'), lines: rest.map(line) }] : []);
}

function next(ctx: EngineContext, q: string): View {
  const { upcoming, past } = ctx.plans();
  const { lang } = ctx;
  const list = ctx.citations();
  const asOf = ctx.today();
  const plan = (p: (typeof upcoming)[number]) => `${planSummary(p, lang)} ${list.citeAll(p.sources, 1)}`;
  if (!upcoming.length) {
    const last = past.at(-1);
    return answerView(ctx, q, list, say(lang, 'answer.nothingNext', {
      date: dateLabel(asOf, lang),
      last: last ? say(lang, 'answer.lastPlan', { plan: planSummary(last, lang), cite: list.citeAll(last.sources, 1) }) : '',
    }), []);
  }
  const first = say(lang, 'answer.next', { plan: planSummary(upcoming[0]!, lang), cite: list.citeAll(upcoming[0]!.sources, 1) });
  const rest = upcoming.slice(1, SUPPORT + 1);
  const sections: ViewSection[] = rest.length ? [{ heading: say(lang, 'heading.alsoScheduled'), lines: rest.map(plan) }] : [];
  if (past.length) sections.push({ heading: say(lang, 'heading.plannedNoReport'), lines: past.slice(-2).map(plan) });
  return answerView(ctx, q, list, first, sections);
}

function occasion(ctx: EngineContext, q: string, i: Extract<Intent, { kind: 'occasion' }>): View | null {
  // The place or occasion as written, and its English names ("リマ" → Lima, "АТЭС" → APEC).
  const keys = [i.place.replace(/^the /, ''), ...findPlaces(i.place, i.lang).map((p) => p.place ?? p.country ?? ''),
    ...findOccasions(i.place, i.lang).map((o) => `${o.label}${o.year ? ` ${o.year}` : ''}`)].map((k) => k.toLowerCase()).filter(Boolean);
  const found = ctx.knowledge.meetings.filter((m) => [m.place, m.country, m.occasion].some((v) => v && keys.some((key) => v.toLowerCase().includes(key) || key.includes(v.toLowerCase()))));
  if (!found.length) return null;
  const { dated, undated } = ctx.byKnownDate(found);
  const all = [...dated, ...undated];
  const { lang } = ctx;
  const list = ctx.citations();
  const m = all[0]!;
  const names = m.participants.map((p) => participantLabel(p, m.date, lang));
  const first = say(lang, 'answer.metSomeone', {
    a: names[0] ?? say(lang, 'answer.someone'), b: names.slice(1).join(say(lang, 'list.joined')) || say(lang, 'answer.counterparts'),
    whenWhere: whenWhere(m, lang), cite: list.citeAll(m.sources, 2),
  });
  const said = notableStatements(ctx.statementsOfMeeting(m.id), SUPPORT, () => null);
  const sections: ViewSection[] = [];
  if (said.length) sections.push({ heading: say(lang, 'heading.whatWasSaid'), lines: said.map((s) => statementLine(s, list, lang)) });
  if (all.length > 1) sections.push({ heading: say(lang, 'heading.otherMeetingsThere'), lines: all.slice(1, SUPPORT + 1).map((x) => `${meetingSummary(x, 3, lang)} ${list.citeAll(x.sources, 1)}`) });
  return answerView(ctx, q, list, first, sections);
}

/** The answer from knowledge, or null when the question is not recognized or the facts cannot answer it. */
export function answerFromKnowledge(ctx: EngineContext, question: string): View | null {
  const intent = intentOf(question);
  if (!intent) return null;
  switch (intent.kind) {
    case 'lastMet': return lastMet(ctx, question, intent);
    case 'metWhom': return metWhom(ctx, question, intent);
    case 'office': return office(ctx, question, intent);
    case 'statementsOn': return statementsOn(ctx, question, intent);
    case 'figures': return figures(ctx, question, intent);
    case 'next': return next(ctx, question);
    case 'occasion': return occasion(ctx, question, intent);
  }
}
