/**
 * The bundled CLI with V8's code cache (src/cli/load-bundle.ts): the build writes a cache V8
 * accepts; a stale or missing cache still runs dtlint, and bin/dtlint.js writes a new one. Each
 * case runs in its own node, as bin/dtlint.js does (jest's module system is not Node's).
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const DIST = resolve('dist');
const LOADER = pathToFileURL(join(DIST, 'src', 'cli', 'load-bundle.js')).href;

/** Loads `bundle` in a fresh node as bin/dtlint.js does for `profile`, runs `dtlint rules`, says whether the cache was used. */
function load(bundle: string, save = false, profile = 'short'): { cacheUsed: boolean; code: number; stdout: string } {
  const script = `
    const { applyStartProfile, codeCachePath, loadBundle } = await import(${JSON.stringify(LOADER)});
    applyStartProfile(${JSON.stringify(profile)});
    const loaded = loadBundle(${JSON.stringify(bundle)}, codeCachePath(${JSON.stringify(bundle)}, ${JSON.stringify(profile)}));
    const lines = [];
    const write = process.stdout.write;
    process.stdout.write = (s) => (lines.push(String(s)), true);
    const code = await loaded.main(['rules']);
    process.stdout.write = write;
    if (${save}) loaded.saveCodeCache();
    process.stdout.write(JSON.stringify({ cacheUsed: loaded.cacheUsed, code, stdout: lines.join('') }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as {
    cacheUsed: boolean;
    code: number;
    stdout: string;
  };
}

describe('the bundled CLI and its code cache', () => {
  it.each(['short', 'default'])('the build writes a %s-run cache that this node accepts under its flags', (profile) => {
    expect(existsSync(join(DIST, `dtlint.cjs.${profile}.cache`))).toBe(true);
    const run = load(join(DIST, 'dtlint.cjs'), false, profile);
    expect(run).toEqual({ cacheUsed: true, code: 0, stdout: expect.stringContaining('iommu-group-incomplete') });
  });

  it('a cache made under other flags is not used', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtlint-bundle-'));
    try {
      const bundle = join(dir, 'dtlint.cjs');
      copyFileSync(join(DIST, 'dtlint.cjs'), bundle);
      copyFileSync(join(DIST, 'dtlint.cjs.short.cache'), `${bundle}.default.cache`);
      expect(load(bundle, false, 'default')).toMatchObject({ cacheUsed: false, code: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a rejected or missing cache still runs, and a new one is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtlint-bundle-'));
    try {
      const bundle = join(dir, 'dtlint.cjs');
      copyFileSync(join(DIST, 'dtlint.cjs'), bundle);
      // Missing.
      expect(load(bundle)).toMatchObject({ cacheUsed: false, code: 0 });
      // Garbage (as from another V8): rejected, then replaced.
      writeFileSync(`${bundle}.short.cache`, 'not a code cache');
      expect(load(bundle, true)).toMatchObject({ cacheUsed: false, code: 0 });
      expect(readFileSync(`${bundle}.short.cache`, 'latin1')).not.toBe('not a code cache');
      expect(load(bundle)).toMatchObject({ cacheUsed: true, code: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
