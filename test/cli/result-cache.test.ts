/**
 * The CLI keeps each linted board's findings in $XDG_CACHE_HOME/dtlint/results (src/lint/result-store.ts):
 * a second run over the same boards prints, byte for byte, what a run without the cache prints, in
 * every format and on worker threads; a board whose .dtsi changed is linted again.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = join(resolve('.'), 'bin', 'dtlint.js');
const BOARDS = 50;

let dir: string;
let xdg: string;

function soc(name: string, unit: string): string {
  return `/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tsoc {\n\t\tcompatible = "simple-bus";\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n\t\tranges;\n\t\tuart: serial@${unit} { compatible = "acme,${name}"; reg = <0x2001>; };\n\t};\n};\n`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dtlint-results-cli-'));
  xdg = join(dir, 'xdg');
  for (const name of ['alpha', 'beta']) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, `${name}.dtsi`), soc(name, '2000'));
  }
  for (let i = 0; i < BOARDS; i++) {
    const name = i < BOARDS / 2 ? 'alpha' : 'beta';
    writeFileSync(join(dir, name, `board${String(i).padStart(2, '0')}.dts`), `/dts-v1/;\n#include "${name}.dtsi"\n/ { model = "b${i}"; node@${i + 1} { reg = <1>; }; };\n&uart { status = "okay"; };\n${i % 7 === 0 ? '&nolabel { status = "okay"; };\n' : ''}`);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(format: string, ...extra: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, '--no-color', '--format', format, ...extra, 'alpha', 'beta'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, COLUMNS: '100', XDG_CACHE_HOME: xdg },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('dtlint result cache', () => {
  it("keeps an entry per board, and a run from them prints what a run without them prints", () => {
    const fresh = run('json', '--no-cache');
    expect(existsSync(join(xdg, 'dtlint'))).toBe(false);
    expect(fresh.status).toBe(1);
    expect(run('json')).toEqual(fresh);
    expect(readdirSync(join(xdg, 'dtlint', 'results'))).toHaveLength(BOARDS);
    expect(run('json')).toEqual(fresh);
    for (const format of ['stylish', 'sarif']) expect(run(format)).toEqual(run(format, '--no-cache'));
    expect(run('json', '--jobs', '2')).toEqual(fresh);
  });

  it('lints again the boards of a .dtsi that changed, and only those', () => {
    run('json');
    writeFileSync(join(dir, 'alpha', 'alpha.dtsi'), soc('alpha', '3000'));
    const after = run('json');
    expect(after).toEqual(run('json', '--no-cache'));
    expect(after.stdout).toContain('serial@3000');
    expect(after.stdout).toContain('serial@2000');
  });
});

describe('dtlint check with the result cache', () => {
  const EX = resolve('fixtures/example');
  const pair = ['check', '--host', join(EX, 'host.dts'), '--guest', join(EX, 'guest.dts'), '--qemu', join(EX, 'qemu-args.txt'), '--kconfig', join(EX, 'host.config')];
  const check = (home: string, ...extra: string[]) =>
    spawnSync(process.execPath, [BIN, ...pair, '--format', 'json', ...extra], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: home } });

  it("keeps the host's and guest's source findings; the pair's report is the same with them", () => {
    const home = join(dir, 'check-xdg');
    const fresh = check(home, '--no-cache');
    expect(fresh.status).toBe(1);
    const first = check(home);
    expect(readdirSync(join(home, 'dtlint', 'results'))).toHaveLength(2);
    const second = check(home);
    expect([first.status, first.stdout, first.stderr]).toEqual([fresh.status, fresh.stdout, fresh.stderr]);
    expect([second.status, second.stdout, second.stderr]).toEqual([fresh.status, fresh.stdout, fresh.stderr]);
  });
});
