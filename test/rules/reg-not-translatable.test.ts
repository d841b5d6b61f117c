import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../../src/run/index.js';
import { RuleTester } from '../helpers/rule-tester.js';

function board(bus: string): string {
  return `/dts-v1/;\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n${bus}};\n`;
}

const VALID: [string, string][] = [
    [
      'a platform bus whose ranges map its children',
      '\tplatform@c000000 {\n\t\tcompatible = "qemu,platform", "simple-bus";\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n\t\tranges = <0 0 0xc000000 0x2000000>;\n\t\teth@10000 { compatible = "acme,eth"; reg = <0x10000 0x1000>; };\n\t};\n',
    ],
    ['an empty ranges (1:1)', '\tsoc { compatible = "simple-bus"; #address-cells = <2>; #size-cells = <2>; ranges;\n\t\tuart@1000 { compatible = "acme,uart"; reg = <0 0x1000 0 0x100>; };\n\t};\n'],
    [
      'an i2c controller: its children are not memory-mapped',
      '\tsoc { compatible = "simple-bus"; #address-cells = <2>; #size-cells = <2>; ranges;\n\t\ti2c@2000 { compatible = "acme,i2c"; reg = <0 0x2000 0 0x100>; #address-cells = <1>; #size-cells = <0>;\n\t\t\tpmic@4b { compatible = "acme,pmic"; reg = <0x4b>; };\n\t\t};\n\t};\n',
    ],
    ['a simple-bus of numbered regulators (#size-cells = <0>)', '\tregulators { compatible = "simple-bus"; #address-cells = <1>; #size-cells = <0>;\n\t\tregulator@1 { compatible = "regulator-fixed"; reg = <1>; };\n\t};\n'],
    [
      'a syscon simple-mfd whose children use reg as an offset into its regmap',
      '\tsyscon@3000 { compatible = "acme,grf", "syscon", "simple-mfd"; reg = <0 0x3000 0 0x1000>; #address-cells = <1>; #size-cells = <1>;\n\t\tphy@100 { compatible = "acme,usb2phy"; reg = <0x100 0x10>; };\n\t};\n',
    ],
    ['a disabled device', '\tbus@4000 { compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>;\n\t\tdev@4000 { compatible = "acme,dev"; reg = <0x4000 0x10>; status = "disabled"; };\n\t};\n'],
    ['a node without compatible (no platform device)', '\tbus@4000 { compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>;\n\t\tdev@4000 { reg = <0x4000 0x10>; };\n\t};\n'],];

new RuleTester({ scope: 'source', filename: 'guest.dts' }).run('reg-not-translatable', {
  valid: VALID.map(([name, bus]) => ({ name, code: board(bus) })),
  invalid: [
    {
      name: 'a platform bus without ranges: one finding at the bus, each device as a related location',
      code: board(
        '\tplatform@c000000 {\n\t\tcompatible = "qemu,platform", "simple-bus";\n\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n' +
          '\t\teth@5b040000 { compatible = "acme,eth"; reg = <0 0x5b040000 0 0x10000>; };\n' +
          '\t\tmailbox@5d1d0000 { compatible = "acme,mu"; reg = <0 0x5d1d0000 0 0x10000>; };\n\t};\n',
      ),
      errors: [
        {
          messageId: 'noRanges',
          data: { bus: '/platform@c000000', devices: '/platform@c000000/eth@5b040000 and /platform@c000000/mailbox@5d1d0000' },
          message:
            '/platform@c000000 has no ranges, so the reg of /platform@c000000/eth@5b040000 and /platform@c000000/mailbox@5d1d0000 cannot be translated to CPU addresses: those devices get no MMIO resources',
          line: 5,
          column: 2,
          endLine: 5,
          endColumn: 18,
          related: [
            { line: 9, column: 43 },
            { line: 10, column: 46 },
          ],
        },
      ],
    },
    {
      name: 'devices outside every ranges entry: one finding at the ranges',
      code: board(
        '\tapps-bus@3e300000 { compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>;\n\t\tranges = <0 0 0x3e300000 0x1c02000>;\n' +
          '\t\tcache-controller@1c20000 { compatible = "arm,pl310-cache"; reg = <0x1c20000 0x1000>; };\n' +
          '\t\tgic@1c01000 { compatible = "arm,cortex-a9-gic"; reg = <0x1c01000 0x1000>; };\n\t};\n',
      ),
      errors: [
        { messageId: 'outside', data: { devices: '/apps-bus@3e300000/cache-controller@1c20000', bus: '/apps-bus@3e300000' }, line: 6, column: 3 },
      ],
    },
  ],
});

const KERNEL = process.env.DTLINT_KERNEL ?? '/root/.cache/dtlint/linux-source-6.12';
const GUEST = join(process.env.DTLINT_SEED ?? join(process.cwd(), 'fixtures/seed'), 'imx8qm-mek_conn-guest.dts');
const seedPresent = existsSync(GUEST) && existsSync(join(KERNEL, 'include'));
if (!seedPresent) console.warn(`reg-not-translatable seed test skipped: needs ${GUEST} and ${KERNEL}`);

(seedPresent ? describe : describe.skip)('reg-not-translatable on the seed guest', () => {
  it('fires at the platform bus whose ranges a comment swallowed', () => {
    const includeDirs = ['arch/arm64/boot/dts', 'scripts/dtc/include-prefixes', 'include'].map((d) => join(KERNEL, d));
    const findings = lint([GUEST], { includeDirs }).findings.filter((f) => f.ruleId === 'reg-not-translatable');
    expect(findings.map((f) => `${f.at.line}:${f.at.column}`)).toEqual(['155:1']);
    expect(findings[0]!.related.map((r) => r.at.line)).toEqual([173, 200, 226]);
  });
});
