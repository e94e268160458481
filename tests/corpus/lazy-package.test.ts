/** Heavy packages loaded when first used (src/corpus/lazy-package.ts), so a start from a snapshot loads none of them. */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
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
});
