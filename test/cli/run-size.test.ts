/**
 * The CLI tells its starter how many DTS files a command compiles (bin/dtlint.js tunes V8 by it):
 * a pair is two, a .dtsi counts as the boards that include it.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';

const EX = resolve('fixtures/example');

async function sizesOf(argv: string[]): Promise<number[]> {
  const sizes: number[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'dtlint-run-size-'));
  try {
    await main([...argv, '--format', 'json', '-o', join(dir, 'out.json')], { onRunSize: (n) => sizes.push(n) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return sizes;
}

describe('run size', () => {
  it('a pair check compiles two files', async () => {
    expect(await sizesOf(['check', '--host', join(EX, 'host.dts'), '--guest', join(EX, 'guest.dts')])).toEqual([2]);
  });

  it('a .dtsi counts as the boards that include it', async () => {
    // fixtures/example/acme-a1.dtsi is included by the example's host and by its fixed host.
    expect(await sizesOf([join(EX, 'acme-a1.dtsi')])).toEqual([2]);
  });
});
