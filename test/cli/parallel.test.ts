/**
 * `--jobs`: many boards linted on worker threads give the report one thread gives, byte for byte
 * (the built binary, as users run it).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = join(resolve('.'), 'bin', 'dtlint.js');
const BOARDS = 60;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dtlint-jobs-'));
  // Two SoCs, each shared by half the boards; a problem in each .dtsi and in every board.
  for (const soc of ['alpha', 'beta']) {
    mkdirSync(join(dir, soc));
    writeFileSync(
      join(dir, soc, `${soc}.dtsi`),
      `/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tsoc {\n\t\tcompatible = "simple-bus";\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n\t\tranges;\n\t\tuart: serial@2000 { compatible = "acme,uart"; reg = <0x2001 0x100>; };\n\t};\n};\n`,
    );
  }
  for (let i = 0; i < BOARDS; i++) {
    const soc = i < BOARDS / 2 ? 'alpha' : 'beta';
    writeFileSync(join(dir, soc, `board${String(i).padStart(2, '0')}.dts`), `/dts-v1/;\n#include "${soc}.dtsi"\n/ { model = "b${i}"; node@${i + 1} { compatible = "acme,x"; }; };\n&uart { status = "okay"; };\n${i % 7 === 0 ? '&nolabel { status = "okay"; };\n' : ''}`);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(format: string, jobs: number): string {
  const r = spawnSync(process.execPath, [BIN, '--no-cache', '--no-color', '--dtc-warnings', 'W=1', '--jobs', String(jobs), '--format', format, 'alpha', 'beta'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, COLUMNS: '100' },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1);
  return r.stdout;
}

describe('--jobs', () => {
  it.each(['json', 'stylish'])('%s: the report of 2 and 3 threads is that of one', (format) => {
    const one = run(format, 1);
    expect(one).toContain('board59.dts');
    expect(one).toContain('nolabel');
    expect(run(format, 2)).toBe(one);
    expect(run(format, 3)).toBe(one);
  });

  it('refuses a number of threads that is not a whole number from 1', () => {
    const r = spawnSync(process.execPath, [BIN, '--jobs', '0', 'alpha'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--jobs 0');
  });
});
