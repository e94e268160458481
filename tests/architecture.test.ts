/**
 * The dependency rule of docs/architecture.md, checked on every import of src/ and commands/ (static and dynamic).
 * A failure names the file, the import and the rule it breaks.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Import {
  /** The importing file, relative to the repository ('src/knowledge/dates.ts'). */
  file: string;
  /** As written ('node:fs', '../store/store.js'). */
  spec: string;
  /** A relative import resolved to a repository path without extension ('src/store/store'); else the package name. */
  target: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

export function importsOf(file: string, text: string): Import[] {
  const specs = [...text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)]
    .map((m) => m[1] ?? m[2] ?? m[3]!);
  return specs.map((spec) => ({
    file,
    spec,
    target: spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.(js|ts|json)$/, '') : spec,
  }));
}

const ALL: Import[] = [...sourceFiles('src'), ...sourceFiles('commands')].flatMap((file) => importsOf(file, readFileSync(join(ROOT, file), 'utf8')));

const within = (path: string, folders: readonly string[]) => folders.some((f) => path === f || path.startsWith(`${f}/`));
const violations = (files: readonly string[], forbidden: (i: Import) => boolean) =>
  ALL.filter((i) => within(i.file, files) && forbidden(i)).map((i) => `${i.file} imports ${i.spec}`);

/** The pure core: plain data in, plain data out. */
const CORE = ['src/corpus', 'src/knowledge', 'src/briefing'];
/** Domain code beside the core: retrieval, and the digest service (which talks to the Store port and the feeds). */
const DOMAIN = [...CORE, 'src/search', 'src/digest'];
/** Adapters to the outside world, and the composition roots that wire them. */
const ADAPTERS = ['src/discord', 'commands', 'src/terminal', 'src/cli', 'src/llm'];
const IO_FOLDERS = ['src/corpus-folder', 'src/knowledge-cache', 'src/discord', 'src/llm', 'src/store', 'src/scheduler', 'src/feeds'];
/** Packages that do I/O (network, files, processes, the clock of a scheduler, logging sinks). */
const IO_PACKAGES = /^(node:(fs|fs\/promises|child_process|net|http|https|worker_threads|dgram|tls)|fs|discord\.js|openai|keyv|@keyv\/.*|node-cron|pino|ws)$/;

describe('the dependency rule', () => {
  it('finds the imports it checks (the scanner itself works)', () => {
    expect(importsOf('src/knowledge/x.ts', "import type { A } from '../corpus/types.js';\nconst m = await import('node:fs');\nimport './side-effect.js';"))
      .toEqual([
        { file: 'src/knowledge/x.ts', spec: '../corpus/types.js', target: 'src/corpus/types' },
        { file: 'src/knowledge/x.ts', spec: 'node:fs', target: 'node:fs' },
        { file: 'src/knowledge/x.ts', spec: './side-effect.js', target: 'src/knowledge/side-effect' },
      ]);
    expect(ALL.filter((i) => i.file === 'src/app.ts').map((i) => i.target)).toContain('src/knowledge-cache/open');
  });

  it('keeps the core pure: corpus, knowledge and briefing import only each other and packages without I/O', () => {
    expect(violations(CORE, (i) => (i.spec.startsWith('.') ? !within(i.target, CORE) : IO_PACKAGES.test(i.spec)))).toEqual([]);
  });

  it('keeps the layers in order: corpus imports no knowledge or briefing, knowledge no briefing', () => {
    expect(violations(['src/corpus'], (i) => within(i.target, ['src/knowledge', 'src/briefing']))).toEqual([]);
    expect(violations(['src/knowledge'], (i) => within(i.target, ['src/briefing']))).toEqual([]);
  });

  it('keeps search free of I/O: no io, discord, llm, store or scheduler folder, no I/O package', () => {
    expect(violations(['src/search'], (i) => within(i.target, IO_FOLDERS) || IO_PACKAGES.test(i.spec))).toEqual([]);
  });

  it('never lets a domain folder import an adapter or a composition root', () => {
    expect(violations(DOMAIN, (i) => within(i.target, [...ADAPTERS, 'src/app']))).toEqual([]);
  });

  it('lets commands depend on the Discord adapter, never the reverse (except the roots that pass the registry in)', () => {
    const roots = ['src/discord/run.ts', 'src/discord/deploy.ts'];
    expect(violations(['src/discord'], (i) => !roots.includes(i.file) && within(i.target, ['commands']))).toEqual([]);
  });
});

describe('output', () => {
  it('writes to the console only from the shard entry point: everything else logs through the logger it is given', () => {
    const writers = [...sourceFiles('src'), ...sourceFiles('commands')]
      .filter((file) => file !== join('src', 'discord', 'shard-entry.ts'))
      .filter((file) => /\bconsole\.(log|error|warn|info|debug)\(/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(writers).toEqual([]);
  });
});
