import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileDts } from '../../src/dts/index.js';
import { lint } from '../../src/run/index.js';
import { brief, lintWith, VDIR } from './harness.js';

const FILE = `${VDIR}/guest.dts`;

function lintText(text: string) {
  return lintWith(compileDts, { [FILE]: text }, FILE, ['interrupt-parent']);
}

function related(text: string) {
  return lintText(text).findings.flatMap((f) => f.related.map((r) => `${r.at.line}:${r.at.column} ${r.message}`));
}

const GIC = `/dts-v1/;
/ {
	interrupt-parent = <&gic>;
	#address-cells = <1>;
	#size-cells = <1>;
	gic: interrupt-controller@1000 { reg = <0x1000 0x100>; interrupt-controller; #interrupt-cells = <3>; interrupts = <1 9 4>; };
	cpus { #address-cells = <1>; #size-cells = <0>; cpu0: cpu@0 { reg = <0>; }; };
`;

describe('interrupt-parent', () => {
  describe('valid', () => {
    it.each([
      ['interrupts inherited from the root', 'uart@2000 { reg = <0x2000 0x100>; interrupts = <0 5 4>; };'],
      [
        'a GPIO controller as interrupt parent',
        'gpio: gpio@3000 { reg = <0x3000 0x100>; interrupt-controller; #interrupt-cells = <2>; };\n\tkey { interrupt-parent = <&gpio>; interrupts = <4 1>; };',
      ],
      [
        'an interrupt nexus (interrupt-map)',
        'nexus: nexus { #interrupt-cells = <1>; #address-cells = <0>; interrupt-map = <0 &gic 0 7 4>; };\n\tdev { interrupt-parent = <&nexus>; interrupts = <0>; };',
      ],
      ['interrupts-extended, which wins over interrupts', 'dev { interrupts-extended = <&gic 0 5 4>; interrupts = <1>; interrupt-parent = <&cpu0>; };'],
      ['an interrupt-parent nobody takes interrupts from', 'bus { interrupt-parent = <&cpu0>; };'],
    ])('%s', (_name, body) => {
      expect(lintText(`${GIC}\t${body}\n};\n`).findings).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('a bus whose interrupt-parent is a CPU: one finding, the consumers as related locations', () => {
      const text = `${GIC}\tbus@4000 {\n\t\tinterrupt-parent = <&cpu0>;\n\t\tranges;\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n\t\teth@4000 { reg = <0x4000 0x100>; interrupts = <0 112 4>; };\n\t\tmu@5000 { reg = <0x5000 0x100>; interrupts = <0 116 4>; };\n\t};\n};\n`;
      expect(brief(lintText(text).findings)).toEqual([
        '9:3 interrupt-parent: interrupt-parent names /cpus/cpu@0, which is not an interrupt controller (no interrupt-controller or interrupt-map): Linux walks on up from /cpus/cpu@0 (of_irq_find_parent) and still maps the interrupts of /bus@4000/eth@4000 and /bus@4000/mu@5000 at /interrupt-controller@1000, but dtc warns and software that reads interrupt-parent as written finds no controller; point it at /interrupt-controller@1000 (phandle 0x1)',
      ]);
      // Not lost on Linux: a warning, not an error.
      expect(lintText(text).findings.map((f) => f.level)).toEqual(['warning']);
      expect(related(text)).toEqual([
        '7:50 /cpus/cpu@0 is defined here',
        '13:36 /bus@4000/eth@4000 takes its interrupts from here',
        '14:35 /bus@4000/mu@5000 takes its interrupts from here',
      ]);
    });

    it('an interrupt-parent that is no controller, with no controller above it either', () => {
      const text = '/dts-v1/;\n/ {\n\tclk: clock { #clock-cells = <0>; };\n\tdev { interrupt-parent = <&clk>; interrupts = <5>; };\n};\n';
      expect(brief(lintText(text).findings)).toEqual([
        '4:8 interrupt-parent: interrupt-parent names /clock, which is not an interrupt controller (no interrupt-controller or interrupt-map): the interrupts of /dev cannot be delivered',
      ]);
      // No controller follows at all: really no interrupts, an error.
      expect(lintText(text).findings.map((f) => f.level)).toEqual(['error']);
    });

    it('an interrupt controller without #interrupt-cells', () => {
      const text = '/dts-v1/;\n/ {\n\tintc: intc { interrupt-controller; };\n\tdev { interrupt-parent = <&intc>; interrupts = <5>; };\n};\n';
      expect(brief(lintText(text).findings)).toEqual([
        '4:8 interrupt-parent: interrupt-parent names /intc, an interrupt controller without #interrupt-cells: Linux passes over it (of_irq_find_parent walks on to the next node that has #interrupt-cells), so the interrupts of /dev never reach /intc',
      ]);
    });

    it('a raw interrupt-parent that names no node', () => {
      const text = `${GIC}\tdev { interrupt-parent = <0x8009>; interrupts = <0 5 4>; };\n};\n`;
      expect(brief(lintText(text).findings)).toEqual([
        '8:8 interrupt-parent: interrupt-parent = <0x8009> names no node: the interrupts of /dev go nowhere',
      ]);
    });

    it('interrupts without any interrupt parent', () => {
      const text = '/dts-v1/;\n/ {\n\tdev { interrupts = <5>; };\n};\n';
      expect(brief(lintText(text).findings)).toEqual([
        '3:8 interrupt-parent: /dev has interrupts but no interrupt parent: no interrupt-parent in it or its ancestors',
      ]);
    });

    it('an ancestor with #interrupt-cells that is no interrupt controller', () => {
      const text = '/dts-v1/;\n/ {\n\tbus { #interrupt-cells = <1>;\n\t\tdev { interrupts = <5>; };\n\t};\n};\n';
      expect(brief(lintText(text).findings)).toEqual([
        '4:9 interrupt-parent: the interrupt parent of /bus/dev is its ancestor /bus (it has #interrupt-cells), which is not an interrupt controller (no interrupt-controller or interrupt-map)',
      ]);
    });

    it('interrupts that do not fit #interrupt-cells', () => {
      const text = `${GIC}\tuart@2000 { reg = <0x2000 0x100>; interrupts = <0 5 4 0>; };\n};\n`;
      const result = lintText(text);
      expect(brief(result.findings)).toEqual([
        '8:36 interrupt-parent: interrupts has 4 cell(s), not a multiple of #interrupt-cells = <3> of its interrupt parent /interrupt-controller@1000',
      ]);
      expect(result.findings[0]!.at).toMatchObject({ line: 8, column: 36, endLine: 8, endColumn: 59 });
    });

    it('the bundled example guest: platform-bus interrupt-parent = <0x8001> is a CPU', () => {
      const file = join(process.cwd(), 'fixtures/example/guest.dts');
      const findings = lint([file], { rules: { 'unused-suppression': 'off' } }).findings.filter((f) => f.ruleId === 'interrupt-parent');
      expect(brief(findings)).toEqual([
        '77:3 interrupt-parent: interrupt-parent names /cpus/cpu@0, which is not an interrupt controller (no interrupt-controller or interrupt-map): Linux walks on up from /cpus/cpu@0 (of_irq_find_parent) and still maps the interrupts of /platform-bus@c000000/ethernet@10000 and /platform-bus@c000000/mailbox@30000 at /intc@8000000, but dtc warns and software that reads interrupt-parent as written finds no controller; point it at /intc@8000000 (phandle 0x8002)',
      ]);
    });
  });
});

const KERNEL = process.env.DTLINT_KERNEL ?? '/root/.cache/dtlint/linux-source-6.12';
const GUEST = join(process.env.DTLINT_SEED ?? join(process.cwd(), 'fixtures/seed'), 'imx8qm-mek_conn-guest.dts');
const seedPresent = existsSync(GUEST) && existsSync(join(KERNEL, 'include'));
if (!seedPresent) console.warn(`interrupt-parent seed test skipped: needs ${GUEST} and ${KERNEL}`);

(seedPresent ? describe : describe.skip)('interrupt-parent on the seed guest', () => {
  it('fires once at the platform bus interrupt-parent = <0x8001>', () => {
    const includeDirs = ['arch/arm64/boot/dts', 'scripts/dtc/include-prefixes', 'include'].map((d) => join(KERNEL, d));
    const findings = lint([GUEST], { includeDirs }).findings.filter((f) => f.ruleId === 'interrupt-parent');
    expect(findings.map((f) => `${f.at.line}:${f.at.column}`)).toEqual(['157:2']);
    expect(findings[0]!.related.map((r) => r.at.line)).toEqual([565, 602, 651]);
  });
});
