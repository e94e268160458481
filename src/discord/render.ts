/**
 * The one place where a platform-neutral View becomes a Discord message, within every Discord limit.
 * Overflow becomes pages (buttons), never an invalid payload; any text cut ends at a sentence, line or word
 * boundary with an ellipsis.
 */
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import type { Citation, View, ViewItem } from '../briefing/views.js';
import { heading, t } from './i18n.js';
import { sourceLines } from './sources.js';
import { LIMITS, cutText, plain } from './text.js';

export { LIMITS, cutText, plain };

/** Entries of a list view shown per page. */
export const LIST_PAGE_SIZE = 5;
const SUMMARY_MAX = 300;
const EMBED_COLOR = 0xda251d;

export type AllowedMentionsNone = { parse: [] };
export const NO_MENTIONS: AllowedMentionsNone = Object.freeze({ parse: [] }) as AllowedMentionsNone;

export type MessageRow = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface RenderedMessage {
  content?: string;
  embeds: APIEmbed[];
  components: MessageRow[];
  allowedMentions: AllowedMentionsNone;
}

/** Identifies the stored view behind a message's buttons: `command:page:userId:viewKey`. */
export interface PageRef {
  command: string;
  userId: string;
  viewKey: string;
}

/** Characters Discord counts towards the 6000 limit of one embed. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

/** Lines packed into field values ≤ 1024; a single overlong line is cut at a sentence boundary. */
function packLines(name: string, lines: string[], continued: string): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  let value = '';
  for (const raw of lines) {
    const line = cutText(raw, LIMITS.fieldValue);
    if (value && value.length + 1 + line.length > LIMITS.fieldValue) {
      fields.push({ name: fields.length === 0 ? name : continued, value });
      value = '';
    }
    value = value ? `${value}\n${line}` : line;
  }
  if (value) fields.push({ name: fields.length === 0 ? name : continued, value });
  return fields.map((f) => ({ name: cutText(f.name, LIMITS.fieldName) || '\u200b', value: f.value }));
}

function sourcesFields(citations: Citation[], locale: string): APIEmbedField[] {
  if (citations.length === 0) return [];
  return packLines(t(locale, 'sources'), sourceLines(citations, locale), t(locale, 'sourcesMore'));
}

function citedNumbers(texts: string[]): Set<number> {
  const cited = new Set<number>();
  for (const text of texts) for (const m of text.matchAll(/\[(\d{1,4})\]/g)) cited.add(Number(m[1]));
  return cited;
}

/** Clamps every part of an embed to Discord's limits; the last resort behind the page packing. */
export function enforceEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = cutText(out.title, LIMITS.title);
  if (out.description !== undefined) out.description = cutText(out.description, LIMITS.description);
  if (out.footer) out.footer = { ...out.footer, text: cutText(out.footer.text, LIMITS.footer) };
  const fields = (out.fields ?? []).slice(0, LIMITS.fields).map((f) => ({
    name: cutText(f.name, LIMITS.fieldName) || '\u200b',
    value: cutText(f.value, LIMITS.fieldValue) || '\u200b',
    ...(f.inline !== undefined ? { inline: f.inline } : {}),
  }));
  out.fields = fields;
  while (embedLength(out) > LIMITS.embedTotal) {
    const excess = embedLength(out) - LIMITS.embedTotal;
    const last = fields[fields.length - 1];
    if (last) {
      if (last.value.length - excess >= 80) last.value = cutText(last.value, last.value.length - excess);
      else fields.pop();
    } else if (out.description && out.description.length > excess) {
      out.description = cutText(out.description, out.description.length - excess);
    } else if (out.footer) {
      delete out.footer;
    } else {
      out.description = undefined;
      out.title = cutText(out.title ?? '', Math.max(1, LIMITS.embedTotal));
    }
  }
  if (fields.length === 0) delete out.fields;
  if (!out.title && !out.description && !out.fields) out.description = '—';
  if (out.description === undefined) delete out.description;
  return out;
}

interface Page {
  description?: string;
  fields: APIEmbedField[];
}

function footerText(view: View, page: number, pages: number, locale: string): string | undefined {
  const parts: string[] = [];
  if (view.footer) parts.push(view.footer);
  if (pages > 1) parts.push(t(locale, 'page', { page: page + 1, pages }));
  return parts.length ? cutText(parts.join(' · '), LIMITS.footer) : undefined;
}

function embedOf(view: View, page: Page, footer: string | undefined): APIEmbed {
  const embed: APIEmbed = { title: cutText(plain(view.title.trim()) || '—', LIMITS.title), color: EMBED_COLOR, fields: page.fields };
  if (page.description) embed.description = page.description;
  if (footer) embed.footer = { text: footer };
  return embed;
}

function fitsOnPage(view: View, page: Page, locale: string): boolean {
  if (page.fields.length > LIMITS.fields) return false;
  return embedLength(embedOf(view, page, footerText(view, 998, 999, locale))) <= LIMITS.embedTotal;
}

function introOf(view: View): string | undefined {
  const parts: string[] = [];
  if (view.intro) parts.push(plain(view.intro));
  if (view.empty && view.sections.length === 0 && view.items.length === 0) parts.push(plain(view.empty));
  return parts.length ? cutText(parts.join('\n\n'), LIMITS.description) : undefined;
}

/**
 * Pages of a non-list view, packed greedily under every limit: section fields then source fields. A paged answer
 * instead follows each page's text with the sources of the `[n]` it cites (a citation on page 1 has its source on
 * page 1), then the sources nothing cites.
 */
function documentPages(view: View, locale: string): Page[] {
  const text = view.sections.flatMap((s) => packLines(plain(heading(locale, s.heading)), s.lines.map(plain), plain(heading(locale, s.heading))));
  const pages: Page[] = [];
  const intro = introOf(view);
  const perPage = view.kind === 'answer';
  const withSources = (fields: APIEmbedField[]): APIEmbedField[] => {
    if (!perPage) return fields;
    const cited = citedNumbers(fields.map((f) => f.value));
    return [...fields, ...sourcesFields(view.citations.filter((c) => cited.has(c.n)), locale)];
  };
  const pageOf = (fields: APIEmbedField[]): Page => (pages.length === 0 && intro ? { description: intro, fields } : { fields });
  let lines: APIEmbedField[] = [];
  for (const block of text) {
    const candidate = [...lines, block];
    if (lines.length > 0 && !fitsOnPage(view, pageOf(withSources(candidate)), locale)) {
      pages.push(pageOf(withSources(lines)));
      lines = [block];
    } else lines = candidate;
  }
  const citedAnywhere = perPage ? citedNumbers(text.map((f) => f.value)) : new Set<number>();
  const blocks = sourcesFields(view.citations.filter((c) => !citedAnywhere.has(c.n)), locale);
  let current = pageOf(withSources(lines));
  for (const block of blocks) {
    const candidate = { ...current, fields: [...current.fields, block] };
    if (current.fields.length > 0 && !fitsOnPage(view, candidate, locale)) {
      pages.push(current);
      current = { fields: [block] };
    } else current = candidate;
  }
  pages.push(current);
  return pages;
}

/** Evidence shown per entry of a list page when the entries' summaries carry no `[n]` markers of their own. */
const ENTRY_SOURCES_MAX = 2;

/**
 * The evidence an entry stands on, from its detail view: the citations its first line cites (or its first ones),
 * at most `max`.
 */
function entryEvidence(item: ViewItem, max: number): Citation[] {
  const first = item.detail.sections[0]?.lines[0] ?? item.detail.intro ?? '';
  const cited = citedNumbers([first]);
  const chosen = cited.size ? item.detail.citations.filter((c) => cited.has(c.n)) : item.detail.citations;
  return chosen.slice(0, max);
}

/**
 * One page of entries. Summaries citing the view's own sources (`[n]` markers) keep them; otherwise each entry is
 * cited with the evidence of its detail view, numbered for this page, so every page shows what it stands on.
 */
function listPage(view: View, items: ViewItem[], start: number, locale: string, intro: string | undefined, perEntry: number): Page {
  const own = citedNumbers(items.map((i) => i.summary));
  let cited: Citation[];
  let summaries: string[];
  if (own.size > 0 || perEntry === 0) {
    cited = view.citations.filter((c) => own.has(c.n));
    summaries = items.map((i) => plain(i.summary));
  } else {
    cited = [];
    summaries = items.map((item) => {
      const markers = entryEvidence(item, perEntry).map((c) => {
        cited.push({ ...c, n: cited.length + 1 });
        return `[${cited.length}]`;
      });
      const summary = cutText(plain(item.summary), SUMMARY_MAX - markers.join('').length - 1);
      return markers.length ? `${summary} ${markers.join('')}` : summary;
    });
  }
  const itemFields = items.map((item, i) => ({
    name: cutText(`${start + i + 1}. ${plain(item.label)}`, LIMITS.fieldName),
    value: cutText(summaries[i] ?? '', SUMMARY_MAX) || '\u200b',
  }));
  return { ...(intro ? { description: intro } : {}), fields: [...itemFields, ...sourcesFields(cited, locale)] };
}

/**
 * Pages of a list view: LIST_PAGE_SIZE entries each, with the sources they cite. The entries are the list: the
 * view's sections (its text form, which the terminal prints) are not repeated above them.
 */
function listPages(view: View, locale: string): Page[] {
  const pages: Page[] = [];
  const intro = introOf(view);
  for (let start = 0; start < view.items.length; start += LIST_PAGE_SIZE) {
    const items = view.items.slice(start, start + LIST_PAGE_SIZE);
    let page = listPage(view, items, start, locale, intro, ENTRY_SOURCES_MAX);
    for (let perEntry = ENTRY_SOURCES_MAX - 1; perEntry >= 0 && !fitsOnPage(view, page, locale); perEntry--) {
      page = listPage(view, items, start, locale, intro, perEntry);
    }
    pages.push(page);
  }
  return pages;
}

function pagesOf(view: View, locale: string): Page[] {
  return view.items.length > 0 ? listPages(view, locale) : documentPages(view, locale);
}

/** How many pages `renderView` splits this view into. */
export function pageCount(view: View, locale = 'en'): number {
  return pagesOf(view, locale).length;
}

function clampPage(page: number, pages: number): number {
  return Number.isInteger(page) ? Math.min(Math.max(page, 0), pages - 1) : 0;
}

export function customIdFor(ref: PageRef, target: number | 's'): string {
  return `${ref.command}:${target}:${ref.userId}:${ref.viewKey}`;
}

function pagingRow(ref: PageRef, page: number, pages: number, locale: string): MessageRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: customIdFor(ref, Math.max(0, page - 1)),
        label: cutText(`◀ ${t(locale, 'previous')}`, LIMITS.buttonLabel),
        disabled: page === 0,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: customIdFor(ref, Math.min(pages - 1, page + 1)),
        label: cutText(`${t(locale, 'next')} ▶`, LIMITS.buttonLabel),
        disabled: page === pages - 1,
      },
    ],
  };
}

function selectRow(view: View, ref: PageRef, page: number, locale: string): MessageRow {
  const start = page * LIST_PAGE_SIZE;
  const items = view.items.slice(start, start + LIST_PAGE_SIZE).slice(0, LIMITS.selectOptions);
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: customIdFor(ref, 's'),
        placeholder: cutText(t(locale, 'open'), 150),
        min_values: 1,
        max_values: 1,
        options: items.map((item, i) => {
          const summary = cutText(item.summary.replace(/\s+/g, ' ').trim(), LIMITS.selectDescription);
          return {
            label: cutText(`${start + i + 1}. ${item.label.trim() || item.id}`, LIMITS.selectLabel),
            value: String(start + i),
            ...(summary ? { description: summary } : {}),
          };
        }),
      },
    ],
  };
}

/**
 * One page of a view as a message. List views (with `items`) delegate to `renderList`. Without `ref`
 * (DMs, previews) no buttons are attached; call again with another `page` to get the rest. The view is written in
 * the reader's language by the engine (asked with the same `locale`); `locale` here is for the UI words around it
 * (buttons, "Sources", the page counter) and headings of views composed in English.
 */
export function renderView(view: View, page = 0, locale = 'en', ref?: PageRef): RenderedMessage {
  if (view.items.length > 0) return renderList(view, page, locale, ref);
  const pages = documentPages(view, locale);
  const index = clampPage(page, pages.length);
  const embed = enforceEmbed(embedOf(view, pages[index] ?? { fields: [] }, footerText(view, index, pages.length, locale)));
  const components = ref && pages.length > 1 && customIdFor(ref, pages.length).length <= LIMITS.customId
    ? [pagingRow(ref, index, pages.length, locale)]
    : [];
  return { embeds: [embed], components, allowedMentions: NO_MENTIONS };
}

/** One page of a list view: entries as fields, prev/next buttons and a select menu opening one entry's detail. */
export function renderList(view: View, page = 0, locale = 'en', ref?: PageRef): RenderedMessage {
  const pages = listPages(view, locale);
  if (pages.length === 0) return renderView({ ...view, items: [] }, 0, locale, ref);
  const index = clampPage(page, pages.length);
  const embed = enforceEmbed(embedOf(view, pages[index] ?? { fields: [] }, footerText(view, index, pages.length, locale)));
  const components: MessageRow[] = [];
  if (ref && customIdFor(ref, pages.length).length <= LIMITS.customId) {
    if (pages.length > 1) components.push(pagingRow(ref, index, pages.length, locale));
    components.push(selectRow(view, ref, index, locale));
  }
  return { embeds: [embed], components, allowedMentions: NO_MENTIONS };
}

/** A short text-only message (errors, cooldowns), within the 2000-character content limit. */
export function renderNotice(text: string): RenderedMessage {
  return { content: cutText(text, LIMITS.content), embeds: [], components: [], allowedMentions: NO_MENTIONS };
}

