import { describe, expect, it } from '@jest/globals';
import { compileDts } from '../../src/dts/index.js';
import { brief, lintWith, VDIR } from './harness.js';

const FILE = `${VDIR}/board.dts`;

function lintText(text: string) {
  return lintWith(compileDts, { [FILE]: text }, FILE, ['phandle-args']);
}

const PROVIDERS = `/dts-v1/;
/ {
	clk: clock-controller@1 { #clock-cells = <1>; };
	osc: oscillator { #clock-cells = <0>; };
	rst: reset-controller@2 { #reset-cells = <1>; };
	noc: interconnect@3 { #interconnect-cells = <2>; };
	mem: interconnect@4 { #interconnect-cells = <2>; };
	mbox: mailbox@5 { #mbox-cells = <1>; sub: channel { }; };
	gpio: gpio@6 { #gpio-cells = <2>; };
	plain: node@7 { };
`;

describe('phandle-args', () => {
  describe('valid', () => {
    it.each([
      ['entries that fit their providers', 'dev { clocks = <&clk 1>, <&osc>, <&clk 2>; resets = <&rst 0>; };'],
      ['a 0 placeholder entry', 'dev { cs-gpios = <0>, <&gpio 3 0>; };'],
      ['a phandle argument where the binding takes one (TI sub-mailboxes)', 'dev { mboxes = <&mbox &sub>; };'],
      ['interconnect paths with two cells each', 'dev { interconnects = <&noc 18 0 &mem 1 0>; };'],
      ['a node of a gpio hog, whose gpios name its own controller', 'hog { gpio-hog; gpios = <1 0>; };'],
      ['nvmem-cells, whose cells property is optional', 'cell: cell@8 { }; dev { nvmem-cells = <&cell>; };'],
    ])('%s', (_name, body) => {
      expect(lintText(`${PROVIDERS}\t${body}\n};\n`).findings).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('names a provider without its cells property', () => {
      const text = `${PROVIDERS}\tdev { clocks = <&clk 1>, <&plain 4>; };\n};\n`;
      const result = lintText(text);
      expect(brief(result.findings)).toEqual([
        '11:28 phandle-args: clocks[1] names /node@7, which has no #clock-cells: the arguments of this entry and the rest of the list cannot be read',
      ]);
      expect(result.findings[0]!.at).toMatchObject({ line: 11, column: 28, endLine: 11, endColumn: 34 });
      expect(result.findings[0]!.related.map((r) => `${r.at.line}:${r.at.column} ${r.message}`)).toEqual(['10:2 /node@7 is defined here']);
    });

    it('a list that ends inside an entry', () => {
      const text = `${PROVIDERS}\tdev { resets = <&rst 0 &rst>; };\n};\n`;
      expect(brief(lintText(text).findings)).toEqual([
        '11:25 phandle-args: resets[1]: /reset-controller@2 has #reset-cells = <1>, but only 0 argument cell(s) follow its phandle',
      ]);
    });

    it('an entry with too few cells reads the next &reference as an argument (qcom/sdx75.dtsi)', () => {
      const text = `${PROVIDERS}\tdev { interconnects = <&noc 18 &mem 1>, <&mem 2 0 &noc 3 0>; };\n};\n`;
      const result = lintText(text);
      expect(brief(result.findings)).toEqual([
        '11:33 phandle-args: interconnects[0]: &mem is read as argument 2 of /interconnect@3, whose #interconnect-cells is <2>: the entry has fewer argument cells than its provider takes',
      ]);
      expect(result.findings[0]!.related.map((r) => `${r.at.line}:${r.at.column} ${r.message}`)).toEqual(['6:24 #interconnect-cells of /interconnect@3']);
    });

    it('a &reference to a provider of the same kind read as an argument, with nothing else wrong', () => {
      const text = `${PROVIDERS}\tdev { clocks = <&clk &osc>; };\n};\n`;
      expect(brief(lintText(text).findings)).toEqual([
        '11:23 phandle-args: clocks[0]: &osc is read as argument 1 of /clock-controller@1, whose #clock-cells is <1>: the entry has fewer argument cells than its provider takes',
      ]);
    });

    it('an entry with too many cells: the extra number is read as a phandle', () => {
      const text = `${PROVIDERS}\tdev { clocks = <&clk 1 2>, <&osc>; };\n};\n`;
      expect(brief(lintText(text).findings)).toEqual([
        '11:25 phandle-args: clocks[1]: 2 is read as a phandle, so entry 0 (/clock-controller@1, #clock-cells = <1>) has too many argument cells',
      ]);
    });

    it('a number where the first phandle belongs, among &references', () => {
      const text = `${PROVIDERS}\tdev { clocks = <7 &osc>; };\n};\n`;
      expect(brief(lintText(text).findings)).toEqual(['11:18 phandle-args: clocks[0]: 7 is read as a phandle in a list of &references']);
    });

    it('an interrupt-map entry whose parent lacks #interrupt-cells', () => {
      const text =
        '/dts-v1/;\n/ {\n\tintc: intc { interrupt-controller; #address-cells = <0>; };\n' +
        '\tbus { #address-cells = <1>; #interrupt-cells = <1>;\n\t\tinterrupt-map = <0 1 &intc 5>;\n\t};\n};\n';
      expect(brief(lintText(text).findings)).toEqual([
        '5:24 phandle-args: interrupt-map[0] names /intc, which has no #interrupt-cells: the arguments of this entry and the rest of the list cannot be read',
      ]);
    });

    it('reports the first problem of a list only', () => {
      const text = `${PROVIDERS}\tdev { clocks = <&plain &plain>; resets = <&rst>; };\n};\n`;
      expect(brief(lintText(text).findings)).toEqual([
        '11:18 phandle-args: clocks[0] names /node@7, which has no #clock-cells: the arguments of this entry and the rest of the list cannot be read',
        '11:44 phandle-args: resets[0]: /reset-controller@2 has #reset-cells = <1>, but only 0 argument cell(s) follow its phandle',
      ]);
    });

    it('leaves numbers-only lists to raw-phandle', () => {
      const text = '/dts-v1/;\n/ {\n\tnode@7 { phandle = <7>; };\n\tdev { clocks = <7 1>; };\n};\n';
      expect(lintText(text).findings).toEqual([]);
    });
  });
});
