import { describe, expect, it } from '@jest/globals';
import { compileDts } from '../../src/dts/index.js';
import { brief, lintWith, VDIR } from './harness.js';

const FILE = `${VDIR}/guest.dts`;

function lintText(text: string) {
  return lintWith(compileDts, { [FILE]: text }, FILE, ['raw-phandle']);
}

/** A QEMU virt dump decoded by dtc: raw phandles everywhere. */
const DUMP = `/dts-v1/;
/ {
	interrupt-parent = <0x8002>;
	apb-pclk { phandle = <0x8000>; #clock-cells = <0x00>; };
	intc@8000000 { phandle = <0x8002>; interrupt-controller; #interrupt-cells = <0x03>; };
	cpus { #address-cells = <1>; #size-cells = <0>; cpu@0 { phandle = <0x8001>; reg = <0>; }; };
`;

describe('raw-phandle', () => {
  describe('valid', () => {
    it.each([
      ['raw phandles that name providers of the right kind', 'pl011@9000000 { clocks = <0x8000 0x8000>; };'],
      ['a 0 and a -1 placeholder', 'dev { pinctrl-0 = <0>; resets = <0xffffffff>; };'],
      ['&references (not this rule)', 'dev { clocks = <&{/apb-pclk}>; };'],
    ])('%s', (_name, body) => {
      expect(lintText(`${DUMP}\t${body}\n};\n`).findings).toEqual([]);
    });

    it('leaves interrupt-parent to the interrupt-parent rule', () => {
      expect(lintText(`${DUMP}\tdev { interrupt-parent = <0x8009>; interrupts = <0 1 4>; };\n};\n`).findings).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('a phandle that names no node', () => {
      const result = lintText(`${DUMP}\tpl031@9010000 { clocks = <0x8005>; };\n};\n`);
      expect(brief(result.findings)).toEqual(['7:28 raw-phandle: clocks[0]: phandle 0x8005 names no node']);
      expect(result.findings[0]!.at).toMatchObject({ line: 7, column: 28, endLine: 7, endColumn: 34 });
    });

    it('each plain phandle that names no node', () => {
      expect(brief(lintText(`${DUMP}\tdev { pinctrl-0 = <0x8000 0x9000 0x9001>; };\n};\n`).findings)).toEqual([
        '7:28 raw-phandle: pinctrl-0[1]: phandle 0x9000 names no node',
        '7:35 raw-phandle: pinctrl-0[2]: phandle 0x9001 names no node',
      ]);
    });

    it('a phandle that names a node of the wrong kind (a CPU for clocks)', () => {
      const result = lintText(`${DUMP}\tpl011@9000000 { clocks = <0x8001>; };\n};\n`);
      expect(brief(result.findings)).toEqual([
        '7:28 raw-phandle: clocks[0]: phandle 0x8001 names /cpus/cpu@0, which has no #clock-cells: it is not a provider for clocks',
      ]);
      expect(result.findings[0]!.related.map((r) => `${r.at.line}:${r.at.column} ${r.message}`)).toEqual(['6:58 phandle 0x8001 is /cpus/cpu@0']);
    });

    it('an interrupt-map parent that names no node', () => {
      const text = `${DUMP}\tpcie@10000000 { #address-cells = <3>; #interrupt-cells = <1>;\n\t\tinterrupt-map = <0 0 0 1 0x8003 0 0 0 3 4>;\n\t};\n};\n`;
      expect(brief(lintText(text).findings)).toEqual(['8:28 raw-phandle: interrupt-map[0]: phandle 0x8003 names no node']);
    });
  });
});
