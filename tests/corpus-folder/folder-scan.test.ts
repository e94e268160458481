import { describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathIn, scanFolder } from '../../src/corpus-folder/folder-scan.js';

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'attache-scan-'));
  await writeFile(join(dir, 'b.txt'), 'Zwei Sätze. Noch einer.');
  await writeFile(join(dir, 'a.md'), '# Заголовок\n\nТекст.');
  await writeFile(join(dir, 'empty.txt'), '');
  await mkdir(join(dir, 'sub.txt'));
  return dir;
}

describe('scanFolder', () => {
  const ways = [
    ['on this thread', { workerMinEntries: Infinity }],
    ['statted in a worker thread', { workerMinEntries: 0 }],
    ['listed and statted in a worker thread', { workerMinEntries: 2, expectedEntries: 2 }],
  ] as const;
  for (const [how, options] of ways) {
    it(`lists every entry with the size and mtime of each file, NaN for what is not a file (${how})`, async () => {
      const dir = await folder();
      try {
        const scan = await scanFolder(dir, options);
        const byName = Object.fromEntries(scan.names.map((name, k) => [name, [scan.size[k], scan.mtimeMs[k]]]));
        expect(Object.keys(byName).sort()).toEqual(['a.md', 'b.txt', 'empty.txt', 'sub.txt']);
        for (const name of ['a.md', 'b.txt', 'empty.txt']) {
          const info = statSync(join(dir, name));
          expect(byName[name]).toEqual([info.size, info.mtimeMs]);
        }
        expect(byName['sub.txt']!.every(Number.isNaN)).toBe(true);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  it('names a folder that does not exist or is a file, as the loader does, wherever it is listed', async () => {
    const dir = await folder();
    try {
      for (const options of [{}, { workerMinEntries: 1, expectedEntries: 1 }]) {
        await expect(scanFolder(join(tmpdir(), 'attache-no-such-folder-x'), options)).rejects.toThrow(/^Corpus folder not found: .*attache-no-such-folder-x/);
        await expect(scanFolder(join(dir, 'b.txt'), options)).rejects.toThrow(/^Corpus folder not found: .*b\.txt/);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('pathIn', () => {
  it('gives what join gives for listed names, for absolute, relative, trailing-slash and root folders', () => {
    for (const dir of ['/srv/corpus', '/srv/corpus/', '/srv//corpus/./x/..', 'corpus', './corpus', '.', '..', '/']) {
      const path = pathIn(dir);
      for (const name of ['a.txt', 'Статья 1.md', '.hidden.txt', '..x.txt']) expect(path(name)).toBe(join(dir, name));
    }
  });
});
