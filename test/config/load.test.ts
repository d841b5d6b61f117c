import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFiles, loadConfig } from '../../src/config/index.js';
import { ruleIds } from '../../src/run/index.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dtlint-config-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(path: string, content: unknown): string {
  const full = join(dir, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content));
  return full;
}

function errorOf(content: unknown, name = 'bad/dtlint.config.json'): string {
  write(name, content);
  const result = loadConfig(join(dir, 'bad'), 'dtlint.config.json', { ruleIds });
  if (!('error' in result)) throw new Error('expected an error');
  return result.error;
}

describe('loadConfig', () => {
  it('finds the config by walking up, resolves paths against its dir and fills defaults', () => {
    const path = write('repo/dtlint.config.json', {
      $schema: './node_modules/dtlint/docs/config.schema.json',
      include: ['include', '/abs/inc'],
      rules: { 'comment-swallows-code': 'error' },
      files: ['dts/*.dts'],
      pairs: [{ name: 'eth', host: 'dts/host.dts', guest: 'dts/guest.dts', qemu: 'qemu.txt', pass: ['fec1'], domain: '/domu/net' }],
      platformBus: { base: '0xd000000', spiCount: 32 },
    });
    mkdirSync(join(dir, 'repo/dts/sub'), { recursive: true });
    const result = loadConfig(join(dir, 'repo/dts/sub'), undefined, { ruleIds });
    if ('error' in result) throw new Error(result.error);
    expect(result.path).toBe(path);
    expect(result.config).toEqual({
      path,
      root: join(dir, 'repo'),
      include: [join(dir, 'repo/include'), '/abs/inc'],
      rules: { 'comment-swallows-code': 'error' },
      files: ['dts/*.dts'],
      ignorePatterns: [],
      pairs: [
        {
          name: 'eth',
          host: join(dir, 'repo/dts/host.dts'),
          guest: join(dir, 'repo/dts/guest.dts'),
          qemu: join(dir, 'repo/qemu.txt'),
          pass: ['fec1'],
          domain: '/domu/net',
        },
      ],
      platformBus: { base: 0xd000000n, size: 0x2000000n, firstSpi: 112, spiCount: 32 },
      dtcWarnings: 'kernel',
    });
  });

  it('gives defaults when there is no config file', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const result = loadConfig(empty, undefined, { ruleIds });
    if ('error' in result) throw new Error(result.error);
    // A config further up (none in tmp) would be found; here none is.
    if (result.path === undefined) {
      expect(result.config.root).toBe(empty);
      expect(result.config.platformBus).toEqual({ base: 0xc000000n, size: 0x2000000n, firstSpi: 112, spiCount: 64 });
      expect(result.config.dtcWarnings).toBe('kernel');
    }
  });

  it('names the key path of what is wrong', () => {
    expect(errorOf({ rules: { 'syntax-error': 'warn' } })).toBe(
      'dtlint.config.json: /rules/syntax-error: must be equal to one of the allowed values (off, warning, error)',
    );
    expect(errorOf({ rules: { foo: 'off' } })).toBe('dtlint.config.json: /rules/foo: unknown rule "foo"');
    expect(errorOf({ inclde: [] })).toBe('dtlint.config.json: /inclde: unknown key');
    expect(errorOf({ include: 'inc' })).toBe('dtlint.config.json: /include: must be array');
    expect(errorOf({ pairs: [{ name: 'a', host: 'h.dts' }] })).toBe(
      "dtlint.config.json: /pairs/0: must have required property 'guest'",
    );
    expect(errorOf({ pairs: [{ name: 'a', host: 'h', guest: 'g', pass: 'fec1' }] })).toBe(
      'dtlint.config.json: /pairs/0/pass: must be array',
    );
    expect(errorOf({ platformBus: { base: 'zz' } })).toBe(
      'dtlint.config.json: /platformBus/base: must be a non-negative integer or a hex string such as "0xc000000"',
    );
    expect(errorOf({ dtcWarnings: 'all' })).toBe(
      'dtlint.config.json: /dtcWarnings: must be equal to one of the allowed values (kernel, W=1, W=2, W=12)',
    );
    expect(errorOf([])).toBe('dtlint.config.json: /: must be object');
    expect(
      errorOf({
        pairs: [
          { name: 'a', host: 'h', guest: 'g' },
          { name: 'a', host: 'h', guest: 'g' },
        ],
      }),
    ).toBe('dtlint.config.json: /pairs/1/name: pair "a" is declared twice');
  });

  it('reports unreadable and invalid JSON files in one line', () => {
    expect(loadConfig(dir, 'nope.json', { ruleIds })).toEqual({ error: 'nope.json: no such file' });
    const bad = errorOf('{ "rules": ', 'bad/dtlint.config.json');
    expect(bad).toMatch(/^dtlint\.config\.json: invalid JSON: /);
    expect(bad).not.toContain('\n');
  });
});

describe('configFiles', () => {
  it('expands plain paths and globs relative to the config, sorted, and lists what matched nothing', () => {
    write('globs/dts/a.dts', '');
    write('globs/dts/b.dtsi', '');
    write('globs/dts/vendor/c.dts', '');
    write('globs/node_modules/x/d.dts', '');
    const result = loadConfig(join(dir, 'globs'), join(dir, 'globs/cfg.json'), { ruleIds });
    expect(result).toEqual({ error: `${join(dir, 'globs/cfg.json')}: no such file` });
    write('globs/dtlint.config.json', { files: ['dts/*.dts', '**/*.dts', 'dts/b.dtsi', 'missing.dts', 'none/*.dts'] });
    const loaded = loadConfig(join(dir, 'globs'), undefined, { ruleIds });
    if ('error' in loaded) throw new Error(loaded.error);
    expect(configFiles(loaded.config)).toEqual({
      files: [join(dir, 'globs/dts/a.dts'), join(dir, 'globs/dts/b.dtsi'), join(dir, 'globs/dts/vendor/c.dts')],
      unmatched: ['missing.dts', 'none/*.dts'],
    });
  });
});
