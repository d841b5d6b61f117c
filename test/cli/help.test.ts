/** `dtlint --help` and each command's help say what it does, with an example (the built binary). */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
      [['check', '--no-config'], 'dtlint: Missing required arguments: host, guest (or a dtlint.config.json with "pairs")\n'],
      [['check', '--no-config', '--qemu', 'q.txt'], 'dtlint: --qemu needs --host and --guest (the pairs of dtlint.config.json name their own)\n'],
      [['check', '--host', 'h.dts'], 'dtlint: Missing required argument: guest\n'],
      [['--bogus', 'board.dts'], 'dtlint: Unknown argument: bogus\n'],
      [['tree'], 'dtlint: Not enough non-option arguments: got 0, need at least 1\n'],
      [['--max-warning', '3', 'board.dts'], 'dtlint: Unknown argument: max-warning; did you mean --max-warnings?\n'],
      [['check', '--host', 'h.dts', '--guest', 'g.dts', '--qemuu', 'q'], 'dtlint: Unknown argument: qemuu; did you mean --qemu?\n'],
      [['rule'], "dtlint: unknown command 'rule'; did you mean 'rules'?\n"],
      [['chek', 'h.dts'], "dtlint: unknown command 'chek'; did you mean 'check'?\n"],
      [['--max-warnings', 'abc', 'board.dts'], "dtlint: --max-warnings takes a whole number of warnings (or -1 for no limit), not 'abc'\n"],
      [['--max-warnings', '1.5', 'board.dts'], "dtlint: --max-warnings takes a whole number of warnings (or -1 for no limit), not '1.5'\n"],
    ] as const) {
      const r = run(...args);
      expect([args, r.status, r.stdout, r.stderr]).toEqual([args, 2, '', message]);
    }
  });
});

describe('--max-warnings', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  const board = 'fixtures/example/host.dts'; // one warning (a block comment that hides code)

  it('says why a run with warnings only failed', () => {
    const over = run(board, '--max-warnings', '0');
    expect([over.status, over.stderr]).toEqual([1, 'dtlint: too many warnings (1; --max-warnings allows 0)\n']);
    const within = run(board, '--max-warnings', '1');
    expect([within.status, within.stderr]).toEqual([0, '']);
    expect(run(board, '--max-warnings', '-1').status).toBe(0);
  });
});

describe('--no-config, --no-output, rules links', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

  it('--no-config reads no dtlint.config.json, not even a broken one on the way up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtlint-noconfig-'));
    writeFileSync(join(dir, 'dtlint.config.json'), '{ "rules": { "nosuch-rule": "error" } }');
    writeFileSync(join(dir, 'a.dts'), '/dts-v1/;\n/ { };\n');
    const withConfig = spawnSync(process.execPath, [BIN, 'a.dts'], { encoding: 'utf8', cwd: dir });
    expect(withConfig.status).toBe(2);
    const without = spawnSync(process.execPath, [BIN, 'a.dts', '--no-config'], { encoding: 'utf8', cwd: dir });
    expect([without.status, without.stdout, without.stderr]).toEqual([0, '', '']);
  });

  it('--no-output prints no report: the exit code says it all', () => {
    const r = run('fixtures/example/host.dts', '--no-output', '--max-warnings', '0');
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect(run('tree', 'fixtures/example/guest.dts', '--no-output').stdout).toBe('');
  });

  it('dtlint rules links each rule to the page SARIF names', () => {
    const text = run('rules').stdout;
    expect(text).toContain('https://github.com/dtlint/dtlint/blob/main/docs/rules/comment-swallows-code.md');
  });
});

describe("dtc's warning flags", () => {
  const dir = mkdtempSync(join(tmpdir(), 'dtlint-dtcflags-'));
  const board = join(dir, 'board.dts');
  // dtc warns (unit_address_vs_reg); a kernel build turns that check off unless W=1.
  writeFileSync(board, '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tn { reg = <1 1>; };\n};\n');
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, board, '--format', 'json', ...args], { encoding: 'utf8' });
  const levels = (stdout: string) => (JSON.parse(stdout) as { ruleId: string; level: string }[]).map((f) => `${f.ruleId} ${f.level}`);

  it('-W<check>, -E<check> and -Wno-<check> set one check; --dtc-warnings W=1 runs the W=1 set', () => {
    expect(levels(run().stdout)).toEqual([]);
    expect(levels(run('-Wunit_address_vs_reg').stdout)).toEqual(['unit_address_vs_reg warning']);
    expect(levels(run('-Eunit_address_vs_reg').stdout)).toEqual(['unit_address_vs_reg error']);
    expect(levels(run('--dtc-warnings', 'W=1').stdout)).toEqual(['unit_address_vs_reg warning']);
    expect(levels(run('--dtc-warnings', 'W=1', '-Wno-unit_address_vs_reg').stdout)).toEqual([]);
    // --rule on a W=1 check turns it on as well.
    expect(levels(run('--rule', 'unit_address_vs_reg=warning').stdout)).toEqual(['unit_address_vs_reg warning']);
  });

  it('--dtc-warnings W=2 runs the W=2 set (not W=1\'s), W=12 both, as scripts/Makefile.dtbs does', () => {
    const strict = join(dir, 'strict.dts');
    writeFileSync(strict, '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tpin_a { reg = <1 1>; };\n};\n');
    const on = (...args: string[]) => levels(spawnSync(process.execPath, [BIN, strict, '--format', 'json', ...args], { encoding: 'utf8' }).stdout);
    expect(on()).toEqual([]);
    expect(on('--dtc-warnings', 'W=1')).toEqual(['unit_address_vs_reg warning']);
    expect(on('--dtc-warnings', 'W=2')).toEqual(['node_name_chars_strict warning']);
    expect(on('--dtc-warnings', 'W=12')).toEqual(['node_name_chars_strict warning', 'unit_address_vs_reg warning']);
    expect(on('-Wnode_name_chars_strict')).toEqual(['node_name_chars_strict warning']);
  });

  it('a dtc check dtlint does not run is said on stderr, not dropped silently', () => {
    // always_fail: dtc's check "for testing purposes only".
    const r = run('-Wno-always_fail');
    expect([r.status, r.stderr]).toEqual([0, "dtlint: -Wno-always_fail: dtlint does not run dtc's always_fail check; ignored (dtlint rules lists the dtc checks it runs)\n"]);
  });
});
