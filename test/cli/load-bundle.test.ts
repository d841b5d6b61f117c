/**
 * The bundled CLI with V8's code cache (src/cli/load-bundle.ts): the build writes a cache V8
 * accepts; a stale or missing cache still runs dtlint, and a new one is written that the next
 * start accepts, also when the run that wrote it ran under a short run's flags. Each case runs in
 * its own node, as bin/dtlint.js does (jest's module system is not Node's).
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const DIST = resolve('dist');
const LOADER = pathToFileURL(join(DIST, 'src', 'cli', 'load-bundle.js')).href;

interface Run {
  cacheUsed: boolean;
  code: number;
  stdout: string;
}

/**
 * Loads `bundle` in a fresh node as bin/dtlint.js does (then the flags of a `profile` run), runs
 * `dtlint rules`, saves the cache when asked, and says whether the cache was used.
 */
function load(bundle: string, options: { save?: boolean; profile?: 'short' | 'default' } = {}): Run {
  const script = `
    const { applyStartProfile, codeCachePath, loadBundle } = await import(${JSON.stringify(LOADER)});
    const loaded = loadBundle(${JSON.stringify(bundle)}, codeCachePath(${JSON.stringify(bundle)}));
    applyStartProfile(${JSON.stringify(options.profile ?? 'short')});
    const code = await loaded.main(['rules']);
    if (${options.save === true}) loaded.saveCodeCache();
    process.stderr.write(JSON.stringify({ cacheUsed: loaded.cacheUsed, code }));
  `;
  // The command's output goes to stdout (the descriptor: it is a pipe here), the result to stderr.
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return { ...(JSON.parse(child.stderr) as Omit<Run, 'stdout'>), stdout: child.stdout };
}

describe('the bundled CLI and its code cache', () => {
  it.each(['short', 'default'] as const)('the build writes a cache that this node accepts (a %s run)', (profile) => {
    expect(existsSync(join(DIST, 'dtlint.cjs.cache'))).toBe(true);
    const run = load(join(DIST, 'dtlint.cjs'), { profile });
    expect(run).toEqual({ cacheUsed: true, code: 0, stdout: expect.stringContaining('iommu-group-incomplete') });
  });

  it('a rejected or missing cache still runs, and the one written then is taken by the next start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtlint-bundle-'));
    try {
      const bundle = join(dir, 'dtlint.cjs');
      copyFileSync(join(DIST, 'dtlint.cjs'), bundle);
      // Missing.
      expect(load(bundle)).toMatchObject({ cacheUsed: false, code: 0 });
      // Garbage (as from another V8): rejected, then replaced by a run under the short flags.
      writeFileSync(`${bundle}.cache`, 'not a code cache');
      expect(load(bundle, { save: true, profile: 'short' })).toMatchObject({ cacheUsed: false, code: 0 });
      expect(readFileSync(`${bundle}.cache`, 'latin1')).not.toBe('not a code cache');
      expect(load(bundle, { profile: 'short' })).toMatchObject({ cacheUsed: true, code: 0 });
      expect(load(bundle, { profile: 'default' })).toMatchObject({ cacheUsed: true, code: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the code cache and the build it was written for', () => {
  it('is used by a copy of the same build, and not by another build of the same length', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtlint-bundle-'));
    try {
      const bundle = join(dir, 'dtlint.cjs');
      const text = readFileSync(join(DIST, 'dtlint.cjs'), 'latin1');
      writeFileSync(bundle, text, 'latin1');
      copyFileSync(join(DIST, 'dtlint.cjs.cache'), `${bundle}.cache`);
      expect(load(bundle)).toMatchObject({ cacheUsed: true, code: 0 });
      // V8 itself would take the cache: its only check of the source is the length.
      // Change the id's first hex digit (to one it is not: the build hash may start with f).
      const other = text.replace(/dtlint-build:([0-9a-f])([0-9a-f]{15})/, (_m, first: string, rest: string) => `dtlint-build:${first === 'f' ? '0' : 'f'}${rest}`);
      expect(other.length).toBe(text.length);
      expect(other).not.toBe(text);
      writeFileSync(bundle, other, 'latin1');
      expect(load(bundle)).toMatchObject({ cacheUsed: false, code: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('start profile', () => {
  it('a short run compiles one to three DTS files', async () => {
    const { startProfile } = await import('../../src/cli/load-bundle.js');
    expect([0, 1, 2, 3, 4, 64].map(startProfile)).toEqual(['default', 'short', 'short', 'short', 'default', 'default']);
  });
});
