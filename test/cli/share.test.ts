/**
 * A run of boards that open with the same #include lines makes them once (src/dts/store/prefix-share.ts):
 * what the user sees is what each board linted alone gives, in any order.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = join(resolve('.'), 'bin', 'dtlint.js');

/** A SoC file with a finding of its own and enough text for its state to be shared. */
const SOC = `/dts-v1/;
#define IRQ(n) (n)
/ {
\t#address-cells = <1>;
\t#size-cells = <1>;
\tsoc {
\t\tcompatible = "simple-bus";
\t\t#address-cells = <1>;
\t\t#size-cells = <1>;
\t\tranges;
\t\tuart0: serial@1000 {
\t\t\tcompatible = "ns16550a";
\t\t\treg = <0x1000 0x100>;
\t\t\tinterrupts = <IRQ(5)>;
\t\t\tstatus = "disabled";
\t\t};
\t\tshort@2000 { reg = <0x2000>; };
\t};
\tfiller {
${Array.from({ length: 1200 }, (_, i) => `\t\tp${i} = <${i}>;\n`).join('')}\t};
};
`;

const HEADS = ['// SPDX-License-Identifier: GPL-2.0\n/*\n * Board zero\n */\n\n/dts-v1/;\n\n', '/dts-v1/;\n', '// Board two\n// with a longer header\n\n\n\n/dts-v1/;\n'];

describe('boards sharing their #include lines', () => {
  let dir: string;
  let boards: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dtlint-share-cli-'));
    writeFileSync(join(dir, 'soc.dtsi'), SOC);
    boards = HEADS.map((head, i) => {
      const file = join(dir, `board${i}.dts`);
      writeFileSync(file, `${head}#include "soc.dtsi"\n\n&uart0 {\n\tstatus = "okay";\n\textra${i}@${i + 1} { reg = <${i + 1}>; };\n};\n`);
      return file;
    });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (files: readonly string[]): { ruleId: string; file: string; line: number; column: number }[] => {
    const r = spawnSync(process.execPath, [BIN, '--no-cache', '--format', 'json', ...files], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    return JSON.parse(r.stdout) as { ruleId: string; file: string; line: number; column: number }[];
  };

  it('gives each board the findings it has alone, at the same places, in any order', () => {
    const all = run(boards);
    expect(run([...boards].reverse())).toEqual(all);
    for (const [i, board] of boards.entries()) {
      const own = all.filter((f) => f.file === board);
      expect(own).toEqual(run([board]).filter((f) => f.file === board));
      // The board's own finding, on its own line (its head is another length than the others').
      const line = HEADS[i]!.split('\n').length + 4;
      expect(own.find((f) => f.ruleId === 'reg_format')).toMatchObject({ line });
    }
    expect(all.some((f) => f.file === join(dir, 'soc.dtsi'))).toBe(true);
  });
});
