/** Heavy packages loaded when first used (src/corpus/lazy-package.ts), so a start from a snapshot loads none of them. */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lazyPackage } from '../../src/corpus/lazy-package.js';

const ROOT = join(import.meta.dirname, '../..');

describe('lazyPackage', () => {
  it('requires the package on the first call only, and says whether it was', () => {
    const path = lazyPackage<typeof import('node:path')>('node:path');
    expect(path.loaded()).toBeUndefined();
    const first = path();
    expect(first.join('a', 'b')).toBe(join('a', 'b'));
    expect(path()).toBe(first);
    expect(path.loaded()).toBe(first);
  });

  it('leaves chrono-node, linkedom, openai and zod unloaded by the modules a start imports, until a page or a date is read', () => {
    const script = `
      const { createRequire } = await import('node:module');
      const heavy = () => Object.keys(createRequire(import.meta.url).cache)
        .map((k) => k.match(/node_modules\\/(chrono-node|linkedom|openai|zod)\\//)?.[1]).filter(Boolean);
      await import('./src/app.ts');
      await import('./src/corpus-folder/live.ts');
      const atStart = [...new Set(heavy())];
      const { parseDocument } = await import('./src/corpus/documents.ts');
      const page = '<html><head><title>Treffen in Tokio</title></head><body><p>Tokio, 16. November 2024</p><p>Die Minister trafen sich.</p></body></html>';
      const parsed = parseDocument('a.html', new TextEncoder().encode(page));
      if (!('document' in parsed)) throw new Error(parsed.warning.reason);
      console.log(JSON.stringify({ atStart, afterReading: [...new Set(heavy())].sort() }));
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ atStart: [], afterReading: ['chrono-node', 'linkedom'] });
  });

  it("leaves the store adapters, the chart renderer and the feed parsers unloaded by the bot's modules, until used", () => {
    // A resolve hook (in the loaders' thread) writes down every package a resolution lands in; ESM imports never show in
    // require.cache.
    const hook = `data:text/javascript,${encodeURIComponent(`
      import { appendFileSync } from 'node:fs';
      export async function resolve(specifier, context, next) {
        const r = await next(specifier, context);
        const m = r.url.match(/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//);
        if (m) appendFileSync(process.env.ATTACHE_RESOLVED, m[1] + '\\n');
        return r;
      }`)}`;
    const script = `
      const { createRequire, register } = await import('node:module');
      const { readFileSync, writeFileSync } = await import('node:fs');
      writeFileSync(process.env.ATTACHE_RESOLVED, '');
      register(${JSON.stringify(hook)});
      await import('./src/discord/run.ts');
      const required = Object.keys(createRequire(import.meta.url).cache).flatMap((k) => k.match(/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//)?.[1] ?? []);
      const loaded = new Set([...readFileSync(process.env.ATTACHE_RESOLVED, 'utf8').split('\\n'), ...required]);
      const watched = ['@keyv/redis', '@keyv/sqlite', '@resvg/resvg-js', '@rowanmanning/feed-parser', 'fast-xml-parser'];
      console.log(JSON.stringify({ discord: loaded.has('discord.js'), loaded: watched.filter((p) => loaded.has(p)) }));
    `;
    const dir = mkdtempSync(join(tmpdir(), 'attache-lazy-'));
    let out: string;
    try {
      out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: ROOT, encoding: 'utf8', env: { ...process.env, ATTACHE_RESOLVED: join(dir, 'resolved.txt') },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // discord.js seen: the hook does see what the bot's modules import.
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ discord: true, loaded: [] });
  });
});
