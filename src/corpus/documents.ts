/**
 * One file's bytes → a Document (or a LoadWarning saying why it was skipped). Pure: the caller reads the file.
 *
 * Pipeline: decode → normalise → format (.md strip / .html extract) → page-store date → header metadata →
 * clean → title → language → sentences.
 */
import type { CorpusDocument, Document, LoadWarning, SentenceSource } from './types.js';
import { decodeText } from './decode.js';
import { htmlToArticle } from './html.js';
import { stripMarkdown } from './markdown.js';
import { cleanLines, type DroppedLine } from './clean.js';
import { agencyOf, extractHeaderMetadata, findTitleLine, takeStoreDate } from './metadata.js';
import { detectLanguage } from './language.js';
import { buildSentences } from './sentences.js';
import { sha256Hex } from './sha256.js';

/** File extensions read as articles, by format. */
export const ARTICLE_EXTENSIONS: Readonly<Record<string, 'text' | 'markdown' | 'html'>> = {
  '.txt': 'text',
  '.md': 'markdown',
  '.html': 'html',
  '.htm': 'html',
};

export interface ParseOptions {
  /** Hex digest of the raw bytes; defaults to a pure-JS SHA-256 (the io adapter passes node:crypto's). */
  hash?: (bytes: Uint8Array) => string;
  /** Receives every line the cleaner dropped, with its rule (for inspection and tuning). */
  onDropped?: (file: string, dropped: readonly DroppedLine[]) => void;
}

export type ParseResult = { document: Document } | { warning: LoadWarning };

/** The extension of a file name, lower-cased with its dot ('' when none). */
export function extensionOf(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/** The file name without directory and extension: a document's stable id. */
export function idOf(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** Unicode NFC, LF line ends, no zero-width or control characters (tabs become spaces). */
export function normaliseText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?|\u2028|\u2029|\u0085/g, '\n')
    .replace(/[\t\f\v\u00a0\u2000-\u200a\u202f\u205f]/g, ' ')
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff\ufffd]/g, '');
}

/**
 * Parses one article file.
 * @param file the file name (its id is the name without extension)
 * @param bytes the raw bytes
 * @example parseDocument('a.txt', new TextEncoder().encode('Title\n\nBody text.')) // { document: { id: 'a', title: 'Title', … } }
 */
export function parseDocument(file: string, bytes: Uint8Array, options: ParseOptions = {}): ParseResult {
  const format = ARTICLE_EXTENSIONS[extensionOf(file)];
  if (!format) return { warning: { file, reason: `unsupported file type "${extensionOf(file) || 'none'}"` } };
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { warning: { file, reason: decoded.reason } };
  const warnings = [...decoded.warnings];

  let text = normaliseText(decoded.text);
  let htmlTitle: string | null | undefined;
  if (format === 'html') {
    const page = htmlToArticle(text);
    htmlTitle = page.title;
    text = normaliseText(page.text);
  } else if (format === 'markdown') {
    text = stripMarkdown(text);
  }

  const store = takeStoreDate(text.split('\n'));
  const header = extractHeaderMetadata(store.lines);
  const cleaned = cleanLines(header.lines);
  options.onDropped?.(file, cleaned.dropped);

  const body = cleaned.lines;
  // An HTML page names its title in markup; a text file's title is its first substantial line.
  const titleAt = htmlTitle === undefined ? findTitleLine(body) : -1;
  const title = htmlTitle !== undefined ? htmlTitle : titleAt === -1 ? null : body[titleAt]!.trim();
  if (titleAt !== -1) body.splice(titleAt, 1);
  const bodyText = body.filter((l) => l !== '').join('\n');
  if (title === null && bodyText.trim() === '') return { warning: { file, reason: 'empty (nothing left after removing page noise)' } };

  const lang = detectLanguage(bodyText.length >= 200 || !title ? bodyText : `${title}\n${bodyText}`);
  const sentences = buildSentences(title, body, lang);
  const hash = (options.hash ?? sha256Hex)(bytes);
  return {
    document: {
      id: idOf(file),
      file,
      lang,
      title,
      outlet: header.outlet ?? agencyOf(cleaned.bylines),
      published: store.published ?? header.published,
      ...(store.month && !(store.published ?? header.published) ? { month: store.month } : {}),
      source: header.source,
      sentences,
      warnings,
      hash,
      bytes: bytes.length,
    },
  };
}

/** `document` with its sentences in memory: its own, or those `lean` reads back (none when they cannot be read). */
export function withSentences(document: CorpusDocument, lean?: SentenceSource): Document {
  return document.sentences ? document : { ...document, sentences: lean?.(document) ?? [] };
}

/**
 * Sentence text by document id and 1-based index (the id index is built on first use): read from the documents'
 * own sentences, and for a lean document through `lean` (without it, a lean document's sentences are unknown).
 */
export function sentenceTextOf(documents: readonly CorpusDocument[], lean?: SentenceSource): (document: string, sentence: number) => string | undefined {
  let byId: Map<string, CorpusDocument> | null = null;
  return (document, sentence) => {
    byId ??= new Map(documents.map((d) => [d.id, d]));
    const doc = byId.get(document);
    if (!doc) return undefined;
    const sentences = doc.sentences ?? lean?.(doc);
    return sentences?.find((s) => s.index === sentence)?.text;
  };
}
