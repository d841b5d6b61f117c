/**
 * Same input, byte-identical output: stylish, JSON and SARIF are the same across runs and whatever
 * order the files are given in (the built binary, as users run it).
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const BIN = join(resolve('.'), 'bin', 'dtlint.js');
const FILES = ['fixtures/example/host.dts', 'fixtures/example/guest.dts', 'fixtures/example/fixed/host.dts', 'fixtures/rules/unresolved-reference/board.dts'];

function run(format: string, files: readonly string[]): string {
  const r = spawnSync(process.execPath, [BIN, '--no-color', '--format', format, ...files], { encoding: 'utf8', env: { ...process.env, COLUMNS: '100' } });
  expect(r.stderr).toBe('');
  return r.stdout;
}

describe('output is deterministic', () => {
  it.each(['stylish', 'json', 'sarif'])('%s: the same across runs and file orders', (format) => {
    const first = run(format, FILES);
    expect(first.length).toBeGreaterThan(100);
    expect(run(format, FILES)).toBe(first);
    expect(run(format, [...FILES].reverse())).toBe(first);
    expect(run(format, [FILES[2]!, FILES[0]!, FILES[3]!, FILES[1]!])).toBe(first);
  });
});
