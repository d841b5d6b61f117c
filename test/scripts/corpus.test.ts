import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MARKER, cacheDir, corpusRoot, corpusVersion, listBoards } from '../../scripts/corpus/corpus.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dtlint-corpus-'));
  for (const f of ['arch/arm64/boot/dts/b/z.dts', 'arch/arm64/boot/dts/a.dts', 'arch/arm64/boot/dts/b/y.dtsi', 'arch/arm/boot/dts/c.dts']) {
    mkdirSync(join(dir, 'kernel', f, '..'), { recursive: true });
    writeFileSync(join(dir, 'kernel', f), '');
  }
  symlinkSync('z.dts', join(dir, 'kernel', 'arch/arm64/boot/dts/b/link.dts'));
  symlinkSync('gone.dts', join(dir, 'kernel', 'arch/arm64/boot/dts/b/dangling.dts'));
  writeFileSync(join(dir, 'kernel', 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 3\nEXTRAVERSION =\n');
  mkdirSync(join(dir, 'cache', 'linux-source-6.12'), { recursive: true });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cacheDir', () => {
  it('prefers DTLINT_CACHE, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(cacheDir({ DTLINT_CACHE: '/c', XDG_CACHE_HOME: '/x' })).toBe('/c');
    expect(cacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/dtlint');
    expect(cacheDir({})).toBe(join(homedir(), '.cache', 'dtlint'));
  });
});

describe('corpusRoot', () => {
  it('uses DTLINT_LINUX when it is a tree', () => {
    expect(corpusRoot({ DTLINT_LINUX: join(dir, 'kernel') })).toBe(join(dir, 'kernel'));
    expect(corpusRoot({ DTLINT_LINUX: join(dir, 'nothing') })).toBeUndefined();
  });

  it('wants the marker in the cached tree', () => {
    const env = { DTLINT_CACHE: join(dir, 'cache') };
    expect(corpusRoot(env)).toBeUndefined();
    writeFileSync(join(dir, 'cache', 'linux-source-6.12', MARKER), JSON.stringify({ package: 'linux-source-6.12', version: '1', patterns: [] }));
    expect(corpusRoot(env)).toBe(join(dir, 'cache', 'linux-source-6.12'));
    expect(corpusVersion(join(dir, 'cache', 'linux-source-6.12'))).toBe('linux-source-6.12_1');
  });
});

describe('corpusVersion and listBoards', () => {
  it('reads the kernel version of a tree without marker', () => {
    expect(corpusVersion(join(dir, 'kernel'))).toBe(`linux-6.12.3@${join(dir, 'kernel')}`);
  });

  it('lists .dts files of one arch (symlinked boards too), relative and sorted', () => {
    expect(listBoards(join(dir, 'kernel'), 'arm64')).toEqual([
      'arch/arm64/boot/dts/a.dts',
      'arch/arm64/boot/dts/b/link.dts',
      'arch/arm64/boot/dts/b/z.dts',
    ]);
    expect(listBoards(join(dir, 'kernel'), 'riscv')).toEqual([]);
  });
});
