import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { compileDts } from '../../src/dts/index.js';
import { lint } from '../../src/run/index.js';
import { brief, lintWith, VDIR } from './harness.js';

const FILE = `${VDIR}/board.dts`;

function lintText(text: string) {
  return lintWith(compileDts, { [FILE]: text }, FILE, ['syntax-error', 'unresolved-reference']);
}

describe('unresolved-reference', () => {
  describe('valid', () => {
    it.each([
      ['a label in cells, a path reference and an override', '/dts-v1/;\n/ {\n\tclk: c@1 { #clock-cells = <0>; };\n\ts@2 { clocks = <&clk>; p = &{/c@1}; };\n};\n&clk { status = "okay"; };\n&{/s@2} { status = "okay"; };\n'],
      ['a label defined after its use', '/dts-v1/;\n/ {\n\ts@2 { clocks = <&clk>; };\n\tclk: c@1 { #clock-cells = <0>; };\n};\n'],
    ])('%s', (_name, text) => {
      expect(lintText(text).findings).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('names every missing label or path, in values and in overrides', () => {
      const text = '/dts-v1/;\n/ {\n\tclk: c@1 { #clock-cells = <0>; };\n\ts@2 { clocks = <&clk0>; p = &{/nope}; };\n};\n&fec9 { status = "okay"; };\n';
      expect(brief(lintText(text).findings)).toEqual([
        '4:18 unresolved-reference: Label or path clk0 not found',
        '4:30 unresolved-reference: Label or path /nope not found',
        '6:1 unresolved-reference: Label or path fec9 not found',
      ]);
    });

    it('points at the reference with dtc\'s span (fixture with an include)', () => {
      const file = join(process.cwd(), 'fixtures/rules/unresolved-reference/board.dts');
      const result = lint([file], { rules: { 'unused-suppression': 'off' } });
      expect(brief(result.findings)).toEqual(['9:1 unresolved-reference: Label or path uart1 not found']);
      expect(result.findings[0]!.at).toEqual({ file, line: 9, column: 1, endLine: 9, endColumn: 7 });
    });

    it('can be suppressed, and the suppression is used', () => {
      const text = '/dts-v1/;\n/ { };\n// dtlint-disable-next-line unresolved-reference -- board variant\n&fec9 { status = "okay"; };\n';
      expect(lintWith(compileDts, { [FILE]: text }, FILE, ['unresolved-reference', 'unused-suppression']).findings).toEqual([]);
    });
  });
});
