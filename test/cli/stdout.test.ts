/** Whether stdout is a terminal, told without loading node:tty for files, pipes and /dev/null. */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isTerminal } from '../../src/cli/stdout.js';

describe('isTerminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dtlint-tty-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says no for a file, /dev/null and a closed descriptor', () => {
    const file = openSync(join(dir, 'out.txt'), 'w');
    const nul = openSync('/dev/null', 'w');
    try {
      expect(isTerminal(file)).toBe(false);
      expect(isTerminal(nul)).toBe(false);
    } finally {
      closeSync(file);
      closeSync(nul);
    }
    expect(isTerminal(file)).toBe(false);
  });

  it('leaves node:tty unloaded when a check reports into a pipe or /dev/null', () => {
    const script = `
      const { loadBundle } = require(${JSON.stringify(resolve('dist/load-bundle.cjs'))});
      const bundle = loadBundle(${JSON.stringify(resolve('dist/dtlint.cjs'))});
      const ex = ${JSON.stringify(resolve('fixtures/example'))};
      bundle.main(['check', '--host', ex + '/host.dts', '--guest', ex + '/guest.dts', '--qemu', ex + '/qemu-args.txt', '--no-cache']).then((code) => {
        require('node:fs').writeSync(2, JSON.stringify({ code, tty: process.moduleLoadList.includes('NativeModule tty') }));
      });`;
    for (const stdio of ['pipe', 'ignore'] as const) {
      const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', stdio, 'pipe'] });
      expect(JSON.parse(r.stderr)).toEqual({ code: 1, tty: false });
    }
  });
});
