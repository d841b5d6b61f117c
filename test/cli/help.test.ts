/** `dtlint --help` and each command's help say what it does, with an example (the built binary). */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const BIN = join(resolve('.'), 'bin', 'dtlint.js');

function help(...args: string[]): string {
  const run = spawnSync(process.execPath, [BIN, ...args, '--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '100' } });
  expect(run.status).toBe(0);
  return run.stdout;
}

describe('help', () => {
  const top = help();
  const commands = [...top.matchAll(/^ {2}dtlint (\w+)[^\n]*? {2,}(\S[^\n]*)$/gm)].map((m) => ({ name: m[1]!, summary: m[2]!.replace(/\s*\[default\]$/, '') }));

  it('lists every command with what it does, examples, exit codes and the docs', () => {
    expect(commands.map((c) => c.name)).toEqual(expect.arrayContaining(['lint', 'rules', 'tree', 'deps']));
    for (const c of commands) expect(c.summary.length).toBeGreaterThan(10);
    expect(top).toMatch(/\nExamples:\n {2}dtlint /);
    expect(top).toContain('--format sarif');
    expect(top).toMatch(/Exit codes: 0 clean, 1 error-level findings/);
    expect(top).toContain('https://github.com/dtlint/dtlint');
  });

  it('gives each command its own help with an example', () => {
    for (const c of commands) {
      const text = help(c.name);
      expect([c.name, /\nExamples:\n {2}dtlint /.test(text)]).toEqual([c.name, true]);
    }
  });
});

describe('bad arguments', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

  it('stop the run before any command: one line on stderr, exit 2', () => {
    for (const [args, message] of [
      [['check'], 'dtlint: Missing required arguments: host, guest\n'],
      [['check', '--host', 'h.dts'], 'dtlint: Missing required argument: guest\n'],
      [['--bogus', 'board.dts'], 'dtlint: Unknown argument: bogus\n'],
      [['tree'], 'dtlint: Not enough non-option arguments: got 0, need at least 1\n'],
    ] as const) {
      const r = run(...args);
      expect([args, r.status, r.stdout, r.stderr]).toEqual([args, 2, '', message]);
    }
  });
});
