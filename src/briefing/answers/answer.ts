/**
 * Answers from knowledge first (/ask, DMs, `attache ask`): one direct English sentence built from facts, then the
 * supporting meetings or statements; their quotes are in the citation list, once, trimmed around the clause that
 * answers. Retrieval quotes are the fallback when the question is not recognized or the facts have no answer.
 */
import type { Figure, Meeting, Statement } from '../../knowledge/types.js';
import { officeAt, personById } from '../../knowledge/people.js';
import type { EngineContext } from '../context.js';
import { formatHumanDate, meetingSummary, planSummary } from '../compose.js';
import { meetingWhen } from '../meeting-dates.js';
import { figureLine } from '../figure-lines.js';
import { notableStatements, statementLine } from '../statement-lines.js';
import { areasNamedIn, resolveArea } from '../area-lookup.js';
import { areasPhrase } from '../../knowledge/statement-text.js';
import { clip, compareIso, plural, view } from '../text.js';
import type { View, ViewSection } from '../views.js';
import { intentOf, type Intent } from './intents.js';
import { holdersOf, isParty, participantLabel, partyOf, roleIn, type Party } from './parties.js';
import { countryName, findCountries, findOccasions, findPlaces } from '../../knowledge/places.js';

const SUPPORT = 4;
const MAX_STATEMENTS = 6;

type Citations = ReturnType<EngineContext['citations']>;

/** "on 16 Nov 2024 in Lima, at APEC 2024" */
function whenWhere(m: Meeting): string {
  const when = meetingWhen(m);
  const on = !m.date ? '(date unknown)' : m.date.length === 10 ? `on ${when}` : `in ${when}`;
  const where = m.place ?? m.country;
  return `${on}${where ? ` in ${where}` : ''}${m.occasion ? `, at ${m.occasion}` : ''}`;
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
  if (!last) return answerView(ctx, q, list, `The corpus reports no meeting between ${a.label} and ${b.label}.`, []);
  const pa = last.participants.find((p) => isParty(a, p, last))!;
  const pb = last.participants.find((p) => isParty(b, p, last) && p !== pa)!;
  const label = (party: Party, p: typeof pa) => (party.role ? participantLabel(p, last.date) : p.name);
  const first = `${label(a, pa)} last met ${label(b, pb)} ${whenWhere(last)} ${list.citeAll(last.sources, 2)}.`;
  const sections: ViewSection[] = [{ heading: 'The meeting', lines: [`${meetingSummary(last, 4)} ${list.citeAll(last.sources, 2)}`] }];
  const said = notableStatements(ctx.statementsOfMeeting(last.id), SUPPORT, () => null);
  if (said.length) sections.push({ heading: 'What was said', lines: said.map((s) => statementLine(s, list)) });
  const earlier = [...dated.slice(1), ...(dated[0] ? undated : undated.slice(1))].slice(0, SUPPORT);
  if (earlier.length) sections.push({ heading: 'Earlier meetings', lines: earlier.map((m) => `${meetingSummary(m, 3)} ${list.citeAll(m.sources, 1)}`) });
  return answerView(ctx, q, list, first, sections);
}

function metWhom(ctx: EngineContext, q: string, i: Extract<Intent, { kind: 'metWhom' }>): View | null {
  const a = partyOf(i.a, i.lang, known(ctx));
  if (!a) return null;
  const found = meetingsOf(ctx, a, null).filter((m) => !i.year || (m.date ?? '').startsWith(String(i.year)));
  const { dated, undated } = ctx.byKnownDate(found);
  const all = [...dated, ...undated];
  const list = ctx.citations();
  const others = all.map((m) => ({ m, who: m.participants.filter((p) => !isParty(a, p, m)).map((p) => p.name) })).filter((x) => x.who.length);
  if (!others.length) return answerView(ctx, q, list, `The corpus reports no meeting of ${a.label}${i.year ? ` in ${i.year}` : ''}.`, []);
  const parts = others.slice(0, SUPPORT).map(({ m, who }) => `${who.join(' and ')} (${meetingWhen(m)}${m.place ? `, ${m.place}` : ''}) ${list.citeAll(m.sources, 1)}`);
  const more = others.length > SUPPORT ? `, and ${plural(others.length - SUPPORT, 'other meeting')}` : '';
  const first = `${a.label} met ${parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]}${more}${i.year ? ` in ${i.year}` : ''}.`;
  return answerView(ctx, q, list, first, [{ heading: 'Meetings', lines: all.slice(0, SUPPORT * 2).map((m) => `${meetingSummary(m, 3)} ${list.citeAll(m.sources, 1)}`) }]);
}

function office(ctx: EngineContext, q: string, i: Extract<Intent, { kind: 'office' }>): View | null {
  const role = roleIn(i.office);
  if (!role) return null;
  const countries = findCountries(i.office, i.lang).map((c) => c.code).filter((c) => c === 'VN' || c === 'JP');
  const country = countries[0] ?? (role.startsWith('Ambassador to ') ? (role.endsWith('Vietnam') ? 'JP' : 'VN') : null);
  const at = i.year ? String(i.year) : ctx.today() ?? '';
  const holders = holdersOf(role, country).filter((p) => at && officeAt(p, at)?.role === role || p.offices.some((o) => o.role === role && o.from.slice(0, 4) <= at.slice(0, 4) && (!o.to || o.to.slice(0, 4) >= at.slice(0, 4))));
  const list = ctx.citations();
  if (!holders.length) return null;
  const side = (c: string) => countryName(c) ?? c;
  const lines = holders.map((p) => {
    const term = p.offices.find((o) => o.role === role)!;
    const mention = ctx.statements().find((s) => s.actor.personId === p.id)?.evidence
      ?? ctx.knowledge.meetings.find((m) => m.participants.some((x) => x.personId === p.id))?.sources[0];
    return `${side(p.country)}'s ${role} ${i.year ? 'in' : 'as of'} ${i.year ?? formatHumanDate(at)}: ${p.name} (since ${formatHumanDate(term.from)}${term.to ? `, until ${formatHumanDate(term.to)}` : ''})${mention ? ` ${list.cite(mention)}` : ''}.`;
  });
  const first = holders.length === 1 ? lines[0]! : `${holders.length} people held the office: ${holders.map((p) => `${p.name} (${side(p.country)})`).join(', ')}.`;
  const cited = holders.flatMap((p) => notableStatements(ctx.statements().filter((s) => s.actor.personId === p.id), 2, () => null));
  const sections: ViewSection[] = holders.length > 1 ? [{ heading: 'Office holders', lines }] : [];
  if (cited.length) sections.push({ heading: 'Recently said', lines: cited.map((s) => statementLine(s, list)) });
  void personById;
  return answerView(ctx, q, list, first, sections);
}

function statementsOn(ctx: EngineContext, q: string, i: Extract<Intent, { kind: 'statementsOn' }>): View | null {
  const areas = areasNamedIn(i.topic);
  const single = areas.length ? areas : [resolveArea(i.topic)].filter((a) => a !== null);
  if (!single.length) return null;
  const topical = (s: Statement) => s.areas.some((a) => single.includes(a));
  const onTopic = ctx.statements().filter(topical);
  const said = ctx.notableStatements(MAX_STATEMENTS, (s) => topical(s) && (!i.act || s.act === i.act));
  const list = ctx.citations();
  const topic = areasPhrase(single);
  const verb = i.act ?? 'said';
  if (!said.length && onTopic.length) {
    // Nothing with that act: say so, then what was said on the topic.
    const other = ctx.notableStatements(MAX_STATEMENTS, topical);
    return answerView(ctx, q, list, `No one is reported to have ${verb} anything on ${topic}; ${plural(onTopic.length, 'other statement')} on it:`,
      [{ heading: 'What was said', lines: other.map((s) => statementLine(s, list)) }]);
  }
  if (!said.length) {
    const meetings = single.flatMap((a) => ctx.areaFacts(a).meetings);
    if (!meetings.length) return answerView(ctx, q, list, `No statement on ${topic} in the corpus${i.act ? ` with the act “${i.act}”` : ''}.`, []);
    const { dated } = ctx.byKnownDate([...new Set(meetings)]);
    return answerView(ctx, q, list, `No one is reported to have ${verb} anything on ${topic}; ${plural(meetings.length, 'meeting')} discussed it.`,
      [{ heading: 'Meetings that discussed it', lines: dated.slice(0, SUPPORT).map((m) => `${meetingSummary(m, 3)} ${list.citeAll(m.sources, 1)}`) }]);
  }
  const [top, ...rest] = said as [Statement, ...Statement[]];
  const first = `On ${topic}: ${statementLine(top, list)}`;
  const sections: ViewSection[] = rest.length ? [{ heading: 'Also said', lines: rest.map((s) => statementLine(s, list)) }] : [];
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
  const list = ctx.citations();
  const line = (f: (typeof found)[number]) => `${figureLine(f, ctx.textOf(f.evidence))} ${list.cite(f.evidence, Math.max(0, ctx.textOf(f.evidence).indexOf(f.text)))}`;
  const first = `${line(found[0]!)} (newest report, ${formatHumanDate(published(found[0]!.evidence.document) || null)}).`;
  const rest = found.slice(1, SUPPORT + 2);
  return answerView(ctx, q, list, first, rest.length ? [{ heading: 'Other figures', lines: rest.map(line) }] : []);
}

function next(ctx: EngineContext, q: string): View {
  const { upcoming, past } = ctx.plans();
  const list = ctx.citations();
  const asOf = ctx.today();
  if (!upcoming.length) {
    const last = past.at(-1);
    return answerView(ctx, q, list, `Nothing is scheduled after ${formatHumanDate(asOf)} in the corpus${last ? `; the last plan reported was: ${planSummary(last)} ${list.citeAll(last.sources, 1)}` : ''}.`, []);
  }
  const first = `Next: ${planSummary(upcoming[0]!)} ${list.citeAll(upcoming[0]!.sources, 1)}.`;
  const rest = upcoming.slice(1, SUPPORT + 1);
  const sections: ViewSection[] = rest.length ? [{ heading: 'Also scheduled', lines: rest.map((p) => `${planSummary(p)} ${list.citeAll(p.sources, 1)}`) }] : [];
  if (past.length) sections.push({ heading: 'Planned, no report since', lines: past.slice(-2).map((p) => `${planSummary(p)} ${list.citeAll(p.sources, 1)}`) });
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
  const list = ctx.citations();
  const m = all[0]!;
  const names = m.participants.map((p) => participantLabel(p, m.date));
  const first = `${names[0] ?? 'Someone'} met ${names.slice(1).join(' and ') || 'counterparts'} ${whenWhere(m)} ${list.citeAll(m.sources, 2)}.`;
  const said = notableStatements(ctx.statementsOfMeeting(m.id), SUPPORT, () => null);
  const sections: ViewSection[] = [];
  if (said.length) sections.push({ heading: 'What was said', lines: said.map((s) => statementLine(s, list)) });
  if (all.length > 1) sections.push({ heading: 'Other meetings there', lines: all.slice(1, SUPPORT + 1).map((x) => `${meetingSummary(x, 3)} ${list.citeAll(x.sources, 1)}`) });
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
