/**
 * Bulk suppressions through the built binary (`npm run build` first), in a scratch dir as the
 * working dir: dtlint-suppressions.json lives there and names files relative to it.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = join(resolve('.'), 'bin', 'dtlint.js');
const EX = resolve('fixtures/example');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function dtlint(cwd: string, ...args: string[]): Run {
  const run = spawnSync(process.execPath, [BIN, '--no-cache', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const device = (name: string, clocks: string): string => `\t${name} {\n\t\tclocks = <${clocks}>;\n\t};\n\n`;

/** A board with two raw-phandle errors (0x99, 0x98) and one phandle-args error, plus `extra` devices. */
function board(devices: string[] = ['0x99', '0x98']): string {
  return (
    '/dts-v1/;\n\n/ {\n\tclk: clock-controller {\n\t\t#clock-cells = <1>;\n\t};\n\n' +
    devices.map((c, i) => device(`dev${i + 1}`, c)).join('') +
    device('good', '&clk') +
    '};\n'
  );
}

function scratch(text = board()): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtlint-baseline-'));
  mkdirSync(join(dir, 'boards'));
  writeFileSync(join(dir, 'boards', 'board.dts'), text);
  // dtc's clocks_property warns about the same raw phandles; these tests count errors only.
  writeFileSync(join(dir, 'dtlint.config.json'), JSON.stringify({ rules: { clocks_property: 'off' } }));
  return dir;
}

const rulesOf = (run: Run): string[] => (JSON.parse(run.stdout) as { ruleId: string }[]).map((f) => f.ruleId);

describe('bulk suppressions (dtlint-suppressions.json)', () => {
  it('--suppress-all adopts a board with findings: the file counts them per file and rule, and the next run exits 0', () => {
    const dir = scratch();
    expect(dtlint(dir, 'boards/board.dts').status).toBe(1);
    const adopt = dtlint(dir, 'boards/board.dts', '--suppress-all');
    expect(adopt.status).toBe(0);
    expect(adopt.stdout).toBe('');
    expect(readFileSync(join(dir, 'dtlint-suppressions.json'), 'utf8')).toBe(
      '{\n  "boards/board.dts": {\n    "phandle-args": {\n      "count": 1\n    },\n    "raw-phandle": {\n      "count": 2\n    }\n  }\n}\n',
    );
    const next = dtlint(dir, 'boards/board.dts', '-f', 'json');
    expect(next.status).toBe(0);
    expect(next.stdout).toBe('[]\n');
    // Plain `dtlint lint` reads it too, from any spelling of the path.
    expect(dtlint(dir, 'lint', join(dir, 'boards', 'board.dts')).status).toBe(0);
  });

  it('a new finding of a suppressed rule fails the run, and every finding of that rule in the file is reported', () => {
    const dir = scratch();
    dtlint(dir, 'boards/board.dts', '--suppress-all');
    writeFileSync(join(dir, 'boards', 'board.dts'), board(['0x99', '0x98', '0x97']));
    const run = dtlint(dir, 'boards/board.dts', '-f', 'json');
    expect(run.status).toBe(1);
    expect(rulesOf(run)).toEqual(['raw-phandle', 'raw-phandle', 'raw-phandle']);
  });

  it('a fixed finding leaves an unused count: the run fails (exit 2) naming it, and --prune-suppressions removes it', () => {
    const dir = scratch();
    dtlint(dir, 'boards/board.dts', '--suppress-all');
    writeFileSync(join(dir, 'boards', 'board.dts'), board(['0x99']));
    const run = dtlint(dir, 'boards/board.dts', '-f', 'json');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('[]\n');
    expect(run.stderr).toBe(
      'dtlint: dtlint-suppressions.json: 1 suppressed finding no longer occurs (boards/board.dts: raw-phandle 1): remove it with --prune-suppressions, or pass --pass-on-unpruned-suppressions\n',
    );
    expect(dtlint(dir, 'boards/board.dts', '--pass-on-unpruned-suppressions').status).toBe(0);
    const prune = dtlint(dir, 'boards/board.dts', '--prune-suppressions');
    expect(prune.status).toBe(0);
    expect(prune.stderr).toBe('');
    const counts = JSON.parse(readFileSync(join(dir, 'dtlint-suppressions.json'), 'utf8')) as Record<string, Record<string, { count: number }>>;
    expect(counts).toEqual({ 'boards/board.dts': { 'phandle-args': { count: 1 }, 'raw-phandle': { count: 1 } } });
    expect(dtlint(dir, 'boards/board.dts').status).toBe(0);
  });

  it('--prune-suppressions drops the entries of a file that is gone; a file the run did not lint is left alone', () => {
    const dir = scratch();
    dtlint(dir, 'boards/board.dts', '--suppress-all');
    const path = join(dir, 'dtlint-suppressions.json');
    const counts = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify({ ...counts, 'boards/gone.dts': { 'raw-phandle': { count: 4 } }, 'boards/other.dts': { 'raw-phandle': { count: 1 } } }));
    writeFileSync(join(dir, 'boards', 'other.dts'), board(['0x99']));
    // Neither is linted here: neither is unused.
    expect(dtlint(dir, 'boards/board.dts').status).toBe(0);
    expect(dtlint(dir, 'boards/board.dts', '--prune-suppressions').status).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')) as object)).toEqual(['boards/board.dts', 'boards/other.dts']);
  });

  it('a shared .dtsi counts as seen only when every board that includes it was linted', () => {
    // common.dtsi's `<&clk 1>` is wrong only through b.dts, whose clk has #clock-cells = <0>.
    const dir = mkdtempSync(join(tmpdir(), 'dtlint-baseline-'));
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'boards'));
    writeFileSync(join(dir, 'boards', 'common.dtsi'), '/ {\n\tdev {\n\t\tclocks = <&clk 1>;\n\t};\n};\n');
    const boardWith = (cells: number): string => `/dts-v1/;\n\n#include "common.dtsi"\n\n/ {\n\tclk: clock-controller {\n\t\t#clock-cells = <${cells}>;\n\t};\n};\n`;
    writeFileSync(join(dir, 'boards', 'a.dts'), boardWith(1));
    writeFileSync(join(dir, 'boards', 'b.dts'), boardWith(0));
    const path = join(dir, 'dtlint-suppressions.json');
    expect(dtlint(dir, 'boards/common.dtsi', '--suppress-all').status).toBe(0);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ 'boards/common.dtsi': { 'phandle-args': { count: 1 } } });
    // A hook that lints a.dts alone does not see the finding: the count is not unused, and
    // --suppress-all there does not shrink it.
    expect(dtlint(dir, 'boards/a.dts').status).toBe(0);
    expect(dtlint(dir, 'boards/a.dts', '--suppress-all').status).toBe(0);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ 'boards/common.dtsi': { 'phandle-args': { count: 1 } } });
    // Fixed in b.dts: linting the .dtsi (all its boards) finds the count unused.
    writeFileSync(join(dir, 'boards', 'b.dts'), boardWith(1));
    const run = dtlint(dir, 'boards/common.dtsi');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('(boards/common.dtsi: phandle-args 1)');
    expect(dtlint(dir, 'boards/common.dtsi', '--prune-suppressions').status).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe('{}\n');
  });

  it('--suppress-rule suppresses that rule only (repeatable; an unknown rule is refused)', () => {
    const dir = scratch();
    const run = dtlint(dir, 'boards/board.dts', '--suppress-rule', 'phandle-args', '-f', 'json');
    expect(run.status).toBe(1);
    expect(rulesOf(run)).toEqual(['raw-phandle', 'raw-phandle']);
    expect(JSON.parse(readFileSync(join(dir, 'dtlint-suppressions.json'), 'utf8'))).toEqual({ 'boards/board.dts': { 'phandle-args': { count: 1 } } });
    expect(dtlint(dir, 'boards/board.dts', '--suppress-rule', 'phandle-args', '--suppress-rule', 'raw-phandle').status).toBe(0);
    const unknown = dtlint(dir, 'boards/board.dts', '--suppress-rule', 'raw-phandles');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('dtlint: --suppress-rule: unknown rule raw-phandles; did you mean raw-phandle?\n');
  });

  it('--suppressions-location keeps the file elsewhere (a file or a dir), and must then be given on every run', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'ci'));
    expect(dtlint(dir, 'boards/board.dts', '--suppress-all', '--suppressions-location', 'ci/baseline.json').status).toBe(0);
    expect(existsSync(join(dir, 'ci', 'baseline.json'))).toBe(true);
    expect(existsSync(join(dir, 'dtlint-suppressions.json'))).toBe(false);
    expect(dtlint(dir, 'boards/board.dts', '--suppressions-location', 'ci/baseline.json').status).toBe(0);
    expect(dtlint(dir, 'boards/board.dts').status).toBe(1);
    // A dir holds dtlint-suppressions.json.
    expect(dtlint(dir, 'boards/board.dts', '--suppress-all', '--suppressions-location', 'ci').status).toBe(0);
    expect(existsSync(join(dir, 'ci', 'dtlint-suppressions.json'))).toBe(true);
    const missing = dtlint(dir, 'boards/board.dts', '--suppressions-location', 'ci/none.json');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('dtlint: ci/none.json: the suppressions file does not exist (create it with --suppress-all or --suppress-rule)\n');
  });

  it('a damaged or unreadable suppressions file: one line on stderr, exit 2, no report', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'dtlint-suppressions.json'), '{ "boards/board.dts": { "raw-phandle": { "count": 2 } ');
    const broken = dtlint(dir, 'boards/board.dts');
    expect(broken.status).toBe(2);
    expect(broken.stdout).toBe('');
    expect(broken.stderr.split('\n')).toHaveLength(2);
    expect(broken.stderr).toMatch(/^dtlint: dtlint-suppressions\.json: bad suppressions file: not valid JSON \(.*\) \(fix it, or delete it and run with --suppress-all\)\n$/);
    writeFileSync(join(dir, 'dtlint-suppressions.json'), '{ "boards/board.dts": { "raw-phandle": 2 } }\n');
    expect(dtlint(dir, 'boards/board.dts').stderr).toBe(
      'dtlint: dtlint-suppressions.json: bad suppressions file: "boards/board.dts": "raw-phandle": expected { "count": N } with N a whole number (fix it, or delete it and run with --suppress-all)\n',
    );
    mkdirSync(join(dir, 'adir'));
    mkdirSync(join(dir, 'adir', 'dtlint-suppressions.json'));
    const unreadable = dtlint(dir, 'boards/board.dts', '--suppressions-location', 'adir');
    expect(unreadable.status).toBe(2);
    expect(unreadable.stderr).toMatch(/^dtlint: adir: cannot read the suppressions file: EISDIR[^\n]*\n$/);
  });

  it('refuses --suppress-all with --suppress-rule or --prune-suppressions, as ESLint does', () => {
    const dir = scratch();
    expect(dtlint(dir, 'boards/board.dts', '--suppress-all', '--suppress-rule', 'raw-phandle').stderr).toBe('dtlint: --suppress-all and --suppress-rule cannot be used together\n');
    expect(dtlint(dir, 'boards/board.dts', '--suppress-all', '--prune-suppressions').status).toBe(2);
    expect(existsSync(join(dir, 'dtlint-suppressions.json'))).toBe(false);
  });

  it('warnings are not suppressed (only errors are counted, as in ESLint)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtlint-baseline-'));
    cpSync(EX, dir, { recursive: true });
    expect(dtlint(dir, 'host.dts', '--suppress-all').status).toBe(0);
    expect(existsSync(join(dir, 'dtlint-suppressions.json'))).toBe(true);
    expect(readFileSync(join(dir, 'dtlint-suppressions.json'), 'utf8')).toBe('{}\n');
    expect(rulesOf(dtlint(dir, 'host.dts', '-f', 'json'))).toEqual(['comment-swallows-code']);
  });

  it('dtlint check: adopted pair findings leave SARIF without results, and a new one comes back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtlint-baseline-'));
    cpSync(EX, dir, { recursive: true });
    const pair = ['check', '--host', 'host.dts', '--guest', 'guest.dts', '--qemu', 'qemu-args.txt', '--rule', 'vfio-reset-required=off', '--rule', 'vfio-unsafe-interrupts=off'];
    expect(dtlint(dir, ...pair).status).toBe(1);
    expect(dtlint(dir, ...pair, '--suppress-all').status).toBe(0);
    const counts = JSON.parse(readFileSync(join(dir, 'dtlint-suppressions.json'), 'utf8')) as Record<string, Record<string, { count: number }>>;
    expect(counts['qemu-args.txt']).toEqual({ 'passthrough-unknown-device': { count: 1 } });
    const sarif = dtlint(dir, ...pair, '-f', 'sarif');
    expect(sarif.status).toBe(0);
    const results = (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; level: string }[] }[] }).runs[0]!.results;
    expect(results.filter((r) => r.level === 'error')).toEqual([]);
    // A second unknown device in the QEMU arguments: both are reported again.
    writeFileSync(join(dir, 'qemu-args.txt'), readFileSync(join(dir, 'qemu-args.txt'), 'utf8') + '-device vfio-platform,host=5f000000.nothing\n');
    const again = dtlint(dir, ...pair, '-f', 'json');
    expect(again.status).toBe(1);
    expect(rulesOf(again).filter((id) => id === 'passthrough-unknown-device')).toHaveLength(2);
  });

  it('dtlint with the config\'s pairs sees the QEMU arguments completely: a fixed finding there is an unused count', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtlint-baseline-'));
    cpSync(EX, dir, { recursive: true });
    const rules = { 'vfio-reset-required': 'off', 'vfio-unsafe-interrupts': 'off' };
    writeFileSync(join(dir, 'dtlint.config.json'), JSON.stringify({ rules, pairs: [{ name: 'example', host: 'host.dts', guest: 'guest.dts', qemu: 'qemu-args.txt' }] }));
    expect(dtlint(dir, '--suppress-all').status).toBe(0);
    expect(dtlint(dir, 'check').status).toBe(0);
    const qemu = join(dir, 'qemu-args.txt');
    writeFileSync(qemu, readFileSync(qemu, 'utf8').replace(' \\\n    -device vfio-platform,host=5b050000.eth', ''));
    const run = dtlint(dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('qemu-args.txt: passthrough-unknown-device 1');
    expect(dtlint(dir, 'check', '--prune-suppressions').status).toBe(0);
    expect(readFileSync(join(dir, 'dtlint-suppressions.json'), 'utf8')).not.toContain('qemu-args.txt');
  });
});
