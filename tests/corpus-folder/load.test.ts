import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, mkdir, rm, symlink, writeFile, chmod, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpusDir, loadCorpusFile } from '../../src/corpus-folder/load.js';
import type { LoadResult } from '../../src/corpus/types.js';

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url));
const TITLE = 'Japan und Vietnam vertiefen Beziehungen';
const BODY = 'Der japanische Botschafter betonte, dass Japan die Beziehungen zu Vietnam vertiefen wolle. Beide Länder arbeiten eng zusammen.';
const ARTICLE = `${TITLE}\n\n${BODY}`;
const SENTENCES = [TITLE, 'Der japanische Botschafter betonte, dass Japan die Beziehungen zu Vietnam vertiefen wolle.', 'Beide Länder arbeiten eng zusammen.'];
const MAX_BYTES = 300_000;
const isRoot = process.getuid?.() === 0;

function utf16(text: string, bigEndian: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le');
  if (!bigEndian) return le;
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return be;
}

describe('loadCorpusDir on hostile files', () => {
  let dir: string;
  let result: LoadResult;
  const warningFor = (file: string) => result.warnings.filter((w) => w.file === file).map((w) => w.reason);
  const doc = (id: string) => result.documents.find((d) => d.id === id);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'attache-corpus-'));
    let seed = 0x12345678;
    const random = Buffer.alloc(8192);
    for (let i = 0; i < random.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      random[i] = seed >>> 24;
    }
    await writeFile(join(dir, 'empty.txt'), '');
    await writeFile(join(dir, 'blank.txt'), ' \n\t\n  ');
    await writeFile(join(dir, 'binary.txt'), random);
    await writeFile(join(dir, 'utf16le.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), utf16(ARTICLE, false)]));
    await writeFile(join(dir, 'utf16be.txt'), Buffer.concat([Buffer.from([0xfe, 0xff]), utf16(ARTICLE, true)]));
    await writeFile(join(dir, 'utf16-nobom.txt'), utf16(ARTICLE, false));
    // 0x96 en dash, 0x84/0x93 German quotes: bytes a broken windows-1252 decoder would drop.
    await writeFile(join(dir, 'cp1252.txt'), Buffer.concat([Buffer.from(ARTICLE + ' Größe ', 'latin1'), Buffer.from([0x96, 0x20, 0x84]), Buffer.from('Café', 'latin1'), Buffer.from([0x93, 0x2e])]));
    await writeFile(join(dir, 'oversized.txt'), 'x '.repeat(MAX_BYTES));
    const nested = `<html><head><title>Tiefe Seite</title></head><body><nav>Startseite Politik Wirtschaft</nav>${'<div>'.repeat(10000)}<p>${BODY}</p>${'</div>'.repeat(10000)}<footer>Impressum Datenschutz Kontakt</footer></body></html>`;
    await writeFile(join(dir, 'nested.html'), nested);
    await writeFile(join(dir, 'long-line.txt'), 'Wort '.repeat(40_000));
    await writeFile(join(dir, 'Bản tin Nhật Bản 東京.md'), `# Bản tin Nhật Bản hôm nay\n\n${BODY}\n`);
    await writeFile(join(dir, 'ignored.pdf'), 'not an article');
    await writeFile(join(dir, 'notes.json'), '{}');
    await mkdir(join(dir, 'folder.txt'));
    await symlink(join(dir, 'loop-b.txt'), join(dir, 'loop-a.txt'));
    await symlink(join(dir, 'loop-a.txt'), join(dir, 'loop-b.txt'));
    await symlink(join(dir, 'missing-target.txt'), join(dir, 'dangling.txt'));
    await writeFile(join(dir, 'locked.txt'), ARTICLE);
    await chmod(join(dir, 'locked.txt'), 0o000);
    result = await loadCorpusDir(dir, { maxBytes: MAX_BYTES });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('skips empty and whitespace-only files as empty', () => {
    expect([warningFor('empty.txt'), warningFor('blank.txt')]).toEqual([['empty'], ['empty']]);
  });

  it('skips random binary as not text', () => {
    expect(warningFor('binary.txt')).toEqual(['not text (binary content)']);
  });

  it('decodes UTF-16 with a BOM silently, and without a BOM with a warning', () => {
    expect(doc('utf16le')?.sentences.map((s) => s.text)).toEqual(SENTENCES);
    expect(doc('utf16be')?.sentences).toEqual(doc('utf16le')?.sentences);
    expect([warningFor('utf16le.txt'), warningFor('utf16be.txt')]).toEqual([[], []]);
    expect(doc('utf16-nobom')?.sentences).toEqual(doc('utf16le')?.sentences);
    expect(warningFor('utf16-nobom.txt')).toEqual(['no byte-order mark: decoded as UTF-16LE from its NUL-byte pattern']);
  });

  it('falls back to windows-1252 for invalid UTF-8, with a warning', () => {
    expect(doc('cp1252')?.sentences.slice(-2).map((s) => s.text)).toEqual(['Beide Länder arbeiten eng zusammen.', 'Größe – „Café“.']);
    expect(doc('cp1252')?.warnings).toEqual(['invalid UTF-8: decoded as windows-1252']);
    expect(doc('cp1252')?.lang).toBe('de');
  });

  it('skips an oversized file before reading it', () => {
    expect(warningFor('oversized.txt')).toEqual([`too large (${2 * MAX_BYTES} bytes > ${MAX_BYTES})`]);
  });

  it('reads 10,000 nested elements without navigation or footer', () => {
    const d = doc('nested');
    expect(d?.title).toBe('Tiefe Seite');
    expect(d?.sentences.map((s) => s.text)).toEqual(['Tiefe Seite', ...SENTENCES.slice(1)]);
  });

  it('cuts a 200 KB line without punctuation into bounded sentences', () => {
    const d = doc('long-line');
    expect(d?.sentences.length).toBeGreaterThan(90);
    expect(d?.sentences.every((s) => s.text.length <= 2000 && /^(Wort ?)+$/.test(s.text))).toBe(true);
    expect(d?.sentences.map((s) => s.text).join(' ')).toBe('Wort '.repeat(40_000).trim());
  });

  it('reads a name with spaces and non-Latin letters, as Markdown', () => {
    expect(doc('Bản tin Nhật Bản 東京')).toMatchObject({ file: 'Bản tin Nhật Bản 東京.md', title: 'Bản tin Nhật Bản hôm nay', lang: 'de' });
  });

  it('skips a folder, symlink loops and dangling links with one warning each', () => {
    expect(warningFor('folder.txt')).toEqual(['not a regular file']);
    expect(warningFor('loop-a.txt')).toEqual(['symbolic link loop']);
    expect(warningFor('loop-b.txt')).toEqual(['symbolic link loop']);
    expect(warningFor('dangling.txt')).toEqual(['disappeared while loading (or a broken link)']);
  });

  it.skipIf(isRoot)('skips an unreadable file (permission denied)', () => {
    expect(warningFor('locked.txt')).toEqual(['unreadable (permission denied)']);
  });

  it('ignores other extensions and loses nothing else, in name order', async () => {
    const all = (await readdir(dir)).filter((n) => /\.(txt|md|html?)$/.test(n)).sort();
    const seen = [...result.documents.map((d) => d.file), ...result.warnings.map((w) => w.file)];
    expect(new Set(seen)).toEqual(new Set(all));
    const files = result.documents.map((d) => d.file);
    expect(files).toEqual([...files].sort());
    expect(seen).not.toContain('ignored.pdf');
    expect(seen).not.toContain('notes.json');
  });
});

describe('loadCorpusDir on the seeds', () => {
  it('loads the five seeds without warnings, hashing bytes with sha256', async () => {
    const r = await loadCorpusDir(SEEDS);
    expect(r.warnings).toEqual([]);
    expect(r.documents.map((d) => [d.id, d.lang])).toEqual([
      ['000_6c8d8428f9bc3ae4', 'de'],
      ['001_597852ecc2bc7647', 'de'],
      ['002_460abb11f1e7dc2e', 'ru'],
      ['003_86fea495d9a89ce1', 'fr'],
      ['004_80fd675a9a6137d2', 'id'],
    ]);
    const one = await loadCorpusFile(join(SEEDS, '000_6c8d8428f9bc3ae4.txt'));
    expect('document' in one && one.document.hash).toBe(r.documents[0]!.hash);
  });

  it('throws a clear error for a missing folder', async () => {
    await expect(loadCorpusDir('/nonexistent/attache-corpus')).rejects.toThrow('Corpus folder not found: /nonexistent/attache-corpus (set CORPUS_DIR)');
  });
});
