import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../../src/run/index.js';
import { RuleTester } from '../helpers/rule-tester.js';

const GIC = `/dts-v1/;
/ {
	interrupt-parent = <&gic>;
	#address-cells = <1>;
	#size-cells = <1>;
	gic: interrupt-controller@1000 { reg = <0x1000 0x100>; interrupt-controller; #interrupt-cells = <3>; interrupts = <1 9 4>; };
	cpus { #address-cells = <1>; #size-cells = <0>; cpu0: cpu@0 { reg = <0>; }; };
`;

/** The GIC board above, then `body` from line 8 on. */
const board = (body: string) => `${GIC}\t${body}\n};\n`;

const VALID: [string, string][] = [
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
];

function example(name: string): string {
  return readFileSync(join(process.cwd(), 'fixtures/example', name), 'latin1');
}

new RuleTester({ scope: 'source', filename: 'guest.dts' }).run('interrupt-parent', {
  valid: VALID.map(([name, body]) => ({ name, code: board(body) })),
  invalid: [
    {
      name: 'a bus whose interrupt-parent is a CPU: one warning (Linux walks on up), the consumers as related locations',
      code: `${GIC}\tbus@4000 {\n\t\tinterrupt-parent = <&cpu0>;\n\t\tranges;\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n\t\teth@4000 { reg = <0x4000 0x100>; interrupts = <0 112 4>; };\n\t\tmu@5000 { reg = <0x5000 0x100>; interrupts = <0 116 4>; };\n\t};\n};\n`,
      errors: [
        {
          messageId: 'notControllerFallback',
          data: {
            target: '/cpus/cpu@0',
            consumers: '/bus@4000/eth@4000 and /bus@4000/mu@5000',
            controller: '/interrupt-controller@1000',
            fix: '/interrupt-controller@1000 (phandle 0x1)',
          },
          message:
            'interrupt-parent names /cpus/cpu@0, which is not an interrupt controller (no interrupt-controller or interrupt-map): Linux walks on up from /cpus/cpu@0 (of_irq_find_parent) and still maps the interrupts of /bus@4000/eth@4000 and /bus@4000/mu@5000 at /interrupt-controller@1000, but dtc warns and software that reads interrupt-parent as written finds no controller; point it at /interrupt-controller@1000 (phandle 0x1)',
          level: 'warning',
          line: 9,
          column: 3,
          related: [
            { line: 7, column: 50 },
            { line: 13, column: 36 },
            { line: 14, column: 35 },
          ],
        },
      ],
    },
    {
      name: 'an interrupt-parent that is no controller, with no controller above it either: an error',
      code: '/dts-v1/;\n/ {\n\tclk: clock { #clock-cells = <0>; };\n\tdev { interrupt-parent = <&clk>; interrupts = <5>; };\n};\n',
      errors: [{ messageId: 'notController', data: { target: '/clock', consumers: '/dev' }, level: 'error', line: 4, column: 8 }],
    },
    {
      name: 'an interrupt controller without #interrupt-cells',
      code: '/dts-v1/;\n/ {\n\tintc: intc { interrupt-controller; };\n\tdev { interrupt-parent = <&intc>; interrupts = <5>; };\n};\n',
      errors: [{ messageId: 'noCells', data: { target: '/intc', consumers: '/dev' }, line: 4, column: 8 }],
    },
    {
      name: 'a raw interrupt-parent that names no node',
      code: board('dev { interrupt-parent = <0x8009>; interrupts = <0 5 4>; };'),
      errors: [{ messageId: 'unknownParent', data: { phandle: '0x8009', consumers: '/dev' }, line: 8, column: 8 }],
    },
    {
      name: 'interrupts without any interrupt parent',
      code: '/dts-v1/;\n/ {\n\tdev { interrupts = <5>; };\n};\n',
      errors: [{ messageId: 'noParent', data: { node: '/dev' }, line: 3, column: 8 }],
    },
    {
      name: 'an ancestor with #interrupt-cells that is no interrupt controller',
      code: '/dts-v1/;\n/ {\n\tbus { #interrupt-cells = <1>;\n\t\tdev { interrupts = <5>; };\n\t};\n};\n',
      errors: [{ messageId: 'ancestorNotController', data: { node: '/bus/dev', target: '/bus' }, line: 4, column: 9 }],
    },
    {
      name: 'the bundled example guest: platform-bus interrupt-parent = <0x8001> is a CPU',
      code: example('guest.dts'),
      files: { 'acme-a1-rsrc.h': example('acme-a1-rsrc.h') },
      errors: [
        {
          messageId: 'notControllerFallback',
          data: {
            target: '/cpus/cpu@0',
            consumers: '/platform-bus@c000000/ethernet@10000 and /platform-bus@c000000/mailbox@30000',
            controller: '/intc@8000000',
            fix: '/intc@8000000 (phandle 0x8002)',
          },
          line: 77,
          column: 3,
        },
      ],
    },
    {
      name: 'interrupts that do not fit #interrupt-cells',
      code: board('uart@2000 { reg = <0x2000 0x100>; interrupts = <0 5 4 0>; };'),
      errors: [
        { messageId: 'cellCount', data: { count: 4, cells: 3, controller: '/interrupt-controller@1000' }, line: 8, column: 36, endLine: 8, endColumn: 59 },
      ],
    },
  ],
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
