import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example } from './pair-harness.js';

const ID = 'interrupt-mismatch';
const run = { rules: [ID] };
const fixed = () => example('fixed');
const ETH0 = { node: 'eth0', sysfs: '5b040000.ethernet' };
const NO_NAMES = 'dtlint cannot tell what it carries (the host node has no interrupt-names)';
const LEVEL = { host: 'SPI 256', hostType: 'IRQ_TYPE_LEVEL_HIGH', expected: 'IRQ_TYPE_LEVEL_HIGH' };
/** eth0's second interrupt, in the fixed pair's guest. */
const SECOND = '<GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>';
const ETH0_INTERRUPTS = 'interrupts = <GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>,\n\t\t\t\t     <GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>;';

/** The unnamed host line 1 of eth0 (SPI 256, delivered as 0x71): a warning at eth0's interrupts. */
function missingLine(carry: string) {
  return { messageId: 'missing', data: { lines: 'SPI 0x71 (host interrupt 1, SPI 256)', ...ETH0, them: 'it', carry }, file: 'guest.dts', line: 104, column: 4 };
}

function swapped() {
  const files = edit(fixed(), 'guest.dts', '<GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>,\n', '<GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>,\n');
  return edit(files, 'guest.dts', '\t\t\t\t     <GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>;', '\t\t\t\t     <GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>;');
}
const fewer = () => edit(fixed(), 'guest.dts', ETH0_INTERRUPTS, 'interrupts = <GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>;');
const NO_DISTRIBUTOR = 'the guest\'s GICv3 driver finds no GICv3 distributor ("no distributor detected, giving up"), so the guest has no interrupt controller';
const V3_REG = 'reg = <0x0 0x51a00000 0 0x10000>, <0x0 0x51b00000 0 0xc0000>;';
/** The example host's GIC as a GIC-400 (GICD, GICC, GICH, GICV): KVM has a vGICv2 only. */
const gic400 = () => {
  const f = edit(fixed(), 'acme-a1.dtsi', 'compatible = "arm,gic-v3";', 'compatible = "arm,gic-400";');
  return edit(f, 'acme-a1.dtsi', V3_REG, 'reg = <0x0 0x51a00000 0 0x1000>, <0x0 0x51a02000 0 0x2000>, <0x0 0x51a04000 0 0x2000>, <0x0 0x51a06000 0 0x2000>;');
};
/** The example host's GICv3 with GICC, GICH and GICV: KVM may run a GICv2 as well. */
const v3WithGicv = () => edit(fixed(), 'acme-a1.dtsi', V3_REG, `${V3_REG.slice(0, -1)}, <0x0 0x52000000 0 0x2000>, <0x0 0x52010000 0 0x2000>, <0x0 0x52020000 0 0x2000>;`);
const withoutQemu = () => {
  const files = { ...fixed() };
  delete files['qemu-args.txt'];
  return files;
};

/** eth0's guest interrupts as interrupts-extended with an empty entry first (`<0>`), then `entries`. */
const withPlaceholder = (...entries: string[]) =>
  edit(fixed(), 'guest.dts', ETH0_INTERRUPTS, `interrupts-extended = <0>, ${entries.map((e) => `<0x8002 GIC_SPI ${e} IRQ_TYPE_LEVEL_HIGH>`).join(', ')};`);
/** The host's eth0 with an empty first interrupts-extended entry: vfio-platform exposes no interrupt. */
const hostPlaceholder = () =>
  edit(fixed(), 'acme-a1.dtsi', 'interrupts = <GIC_SPI 258 IRQ_TYPE_LEVEL_HIGH>,\n\t\t\t\t     <GIC_SPI 256 IRQ_TYPE_LEVEL_HIGH>;', 'interrupts-extended = <0>, <&gic GIC_SPI 258 IRQ_TYPE_LEVEL_HIGH>;');

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [
    {
      // phylib requests the PHY's own interrupt: the delivered line is requested, not "never".
      name: 'a delivered line that a node under the device names (a PHY under its MAC)',
      files: edit(fewer(), 'guest.dts', '\t\t\tnvmem-cell-names = "mac-address";\n\t\t};', '\t\t\tnvmem-cell-names = "mac-address";\n\n\t\t\tmdio {\n\t\t\t\t#address-cells = <1>;\n\t\t\t\t#size-cells = <0>;\n\n\t\t\t\tphy@0 {\n\t\t\t\t\treg = <0>;\n\t\t\t\t\tinterrupts = <GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>;\n\t\t\t\t};\n\t\t\t};\n\t\t};'),
    },
    // of_irq_parse_one reads each index alone; a driver of such a binding (apple,admac) takes the index that maps.
    { name: 'an empty entry first, then the delivered lines: each entry names a delivered SPI', files: withPlaceholder('0x70', '0x71') },
    { name: 'an empty entry first, the delivered lines in another order: the driver, not the position, picks', files: withPlaceholder('0x71', '0x70') },
    { name: 'the fixed example: SPI 0x70, 0x71 for the Ethernet, 0x72 for the mailbox, level-high, parent the GIC', files: fixed() },
    { name: 'without a QEMU command line, --pass gives the order', files: withoutQemu(), spec: { pass: ['5b230000.clock-controller', 'eth0', 'mu2'] } },
    { name: 'gic-version=2 on a GICv3 host without GICV: QEMU exits (the gic-version rule), no guest GIC finding', files: edit(fixed(), 'qemu-args.txt', 'gic-version=3', 'gic-version=2') },
    { name: 'gic-version=3 on a GIC-400 host: QEMU exits (the gic-version rule), no guest GIC finding', files: gic400() },
    { name: 'gic-version=host on a GICv3 host: 3, as the guest says', files: edit(fixed(), 'qemu-args.txt', 'gic-version=3', 'gic-version=host') },
    {
      name: 'one delivered line named once per queue (macb_init requests entry q for queue q): repeats are no mismatch',
      files: edit(fixed(), 'guest.dts', `${SECOND};`, `${SECOND},\n\t\t\t\t     <GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>, ${SECOND};`),
    },
    {
      name: 'a host node naming one line twice (ZynqMP GEM): the guest naming its first SPI twice misses nothing',
      files: edit(
        edit(fixed(), 'acme-a1.dtsi', '<GIC_SPI 256 IRQ_TYPE_LEVEL_HIGH>;', '<GIC_SPI 258 IRQ_TYPE_LEVEL_HIGH>;'),
        'guest.dts',
        `${SECOND};`,
        '<GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>;',
      ),
    },
    {
      // One host line: the mailbox moves up to SPI 0x71.
      name: 'macb-style: the host passes one line, the guest names its SPI once per queue',
      files: edit(
        edit(
          edit(fixed(), 'acme-a1.dtsi', '<GIC_SPI 258 IRQ_TYPE_LEVEL_HIGH>,\n\t\t\t\t     <GIC_SPI 256 IRQ_TYPE_LEVEL_HIGH>;', '<GIC_SPI 258 IRQ_TYPE_LEVEL_HIGH>;'),
          'guest.dts',
          `${SECOND};`,
          '<GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>;',
        ),
        'guest.dts',
        'interrupts = <GIC_SPI 0x72 IRQ_TYPE_LEVEL_HIGH>;',
        'interrupts = <GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>;',
      ),
    },
  ],
  invalid: [
    {
      name: "the CPU as interrupt parent is the interrupt-parent rule's finding, not this one's",
      files: example(),
      rules: ['interrupt-parent'],
      errors: [
        { ruleId: 'interrupt-parent', messageId: 'notControllerFallback', file: 'guest.dts', line: 77, column: 3, level: 'warning' },
        { messageId: 'number', file: 'guest.dts', line: 95, column: 19 },
      ],
    },
    {
      name: "the example: SPI 0x72 where QEMU delivers 0x71 (the CPU as interrupt parent is not this rule's)",
      files: example(),
      errors: [
        {
          messageId: 'number',
          data: { index: '1', ...ETH0, actual: '0x72', host: 'SPI 256', expected: '0x71' },
          message: 'interrupt 1 of eth0 is SPI 0x72 in the guest, but QEMU delivers host interrupt 1 of 5b040000.ethernet (SPI 256) as SPI 0x71',
          file: 'guest.dts',
          line: 95,
          column: 19,
          level: 'error',
          related: [
            { line: 5, column: 13 },
            { line: 115, column: 11 },
          ],
        },
      ],
    },
    {
      name: 'a PHY under the MAC names a delivered level line as level-low: a warning (phylib polls when the request fails)',
      files: edit(fewer(), 'guest.dts', '\t\t\tnvmem-cell-names = "mac-address";\n\t\t};', '\t\t\tnvmem-cell-names = "mac-address";\n\n\t\t\tmdio {\n\t\t\t\t#address-cells = <1>;\n\t\t\t\t#size-cells = <0>;\n\n\t\t\t\tphy@0 {\n\t\t\t\t\treg = <0>;\n\t\t\t\t\tinterrupts = <GIC_SPI 0x71 8>;\n\t\t\t\t};\n\t\t\t};\n\t\t};'),
      errors: [
        {
          messageId: 'childTrigger',
          message:
            'interrupt 0 of /platform-bus@c000000/ethernet@10000/mdio/phy@0, under eth0, is IRQ_TYPE_LEVEL_LOW in the guest, but the host line (SPI 256) is IRQ_TYPE_LEVEL_HIGH, which QEMU injects as IRQ_TYPE_LEVEL_HIGH: the guest\'s GIC driver accepts only level-high or rising edge for an SPI (gic_set_type returns -EINVAL), so the driver\'s request_irq fails ("Setting trigger mode ... failed"); a driver that can do without it copes (phylib polls a PHY whose interrupt it cannot request), others do not; write IRQ_TYPE_LEVEL_HIGH',
          file: 'guest.dts',
          line: 118,
          column: 33,
          level: 'warning',
        },
      ],
    },
    {
      name: 'an empty entry first, then an SPI QEMU does not deliver for the device (checked, not skipped)',
      files: withPlaceholder('0x70', '0x72'),
      errors: [
        missingLine(NO_NAMES),
        {
          messageId: 'extra',
          message: 'interrupt 2 of eth0 is SPI 0x72 in the guest, but QEMU delivers 2 interrupts for 5b040000.ethernet (SPI 0x70, 0x71), and SPI 0x72 is none of them',
          file: 'guest.dts',
          line: 104,
          column: 90,
        },
      ],
    },
    {
      name: 'the host node\'s first interrupts-extended entry is empty: vfio-platform exposes no interrupt, the guest names one',
      files: hostPlaceholder(),
      errors: [
        {
          messageId: 'undelivered',
          message:
            "interrupt 0 of eth0 is SPI 0x70 in the guest, but QEMU delivers no interrupt for 5b040000.ethernet: vfio-platform counts eth0's interrupts up to the first index it cannot map (vfio_platform_irq_init), and its interrupts-extended entry 0 is empty, so it exposes none; give the host node its line first",
          file: 'guest.dts',
          line: 104,
          column: 26,
        },
        { messageId: 'undelivered', line: 105, column: 19 },
        // The mailbox after it on the bus now takes SPI 0x70.
        { messageId: 'number', data: { index: '0', node: 'mu2', actual: '0x72', sysfs: '5d1d0000.mailbox', host: 'SPI 178', expected: '0x70' }, line: 117, column: 26 },
      ],
    },
    {
      name: 'an interrupt mis-numbered by one',
      files: edit(fixed(), 'guest.dts', SECOND, '<GIC_SPI 0x72 IRQ_TYPE_LEVEL_HIGH>'),
      errors: [{ messageId: 'number', data: { index: '1', ...ETH0, actual: '0x72', host: 'SPI 256', expected: '0x71' }, file: 'guest.dts', line: 105, column: 19 }],
    },
    {
      name: 'reordered -device arguments shift every SPI',
      files: edit(
        fixed(),
        'qemu-args.txt',
        '    -device vfio-platform,host=5b230000.clock-controller \\\n    -device vfio-platform,host=5b040000.ethernet \\\n    -device vfio-platform,host=5d1d0000.mailbox',
        '    -device vfio-platform,host=5d1d0000.mailbox \\\n    -device vfio-platform,host=5b230000.clock-controller \\\n    -device vfio-platform,host=5b040000.ethernet',
      ),
      errors: [
        { messageId: 'number', data: { index: '0', ...ETH0, actual: '0x70', host: 'SPI 258', expected: '0x71' }, file: 'guest.dts', line: 104, column: 26 },
        {
          // The guest names 0x70 and 0x71, QEMU delivers 0x71 and 0x72: a shift, not a reorder.
          messageId: 'otherLine',
          data: { index: '1', node: 'eth0', actual: '0x71', other: '0', sysfs: '5b040000.ethernet', host: 'SPI 256', expected: '0x72' },
          message:
            'interrupt 1 of eth0 is SPI 0x71, the SPI QEMU delivers for host interrupt 0 of 5b040000.ethernet; host interrupt 1 (SPI 256) comes as SPI 0x72',
          file: 'guest.dts',
          line: 105,
          column: 19,
        },
        { messageId: 'number', data: { index: '0', node: 'mu2', actual: '0x72', sysfs: '5d1d0000.mailbox', host: 'SPI 178', expected: '0x70' }, file: 'guest.dts', line: 117, column: 26 },
      ],
    },
    {
      name: 'two delivered lines swapped in the guest: one swap, one error at the first, the other entry related',
      files: swapped(),
      errors: [
        {
          messageId: 'swapped',
          data: { index: '0', other: '1', ...ETH0, host: 'SPI 258', expected: '0x70', otherHost: 'SPI 256', otherExpected: '0x71' },
          message:
            'interrupts 0 and 1 of eth0 are swapped: QEMU delivers host interrupt 0 of 5b040000.ethernet (SPI 258) as SPI 0x70 and host interrupt 1 (SPI 256) as SPI 0x71, and the guest lists them the other way round',
          file: 'guest.dts',
          line: 104,
          column: 26,
          level: 'error',
        },
      ],
    },
    {
      name: 'a trigger type QEMU does not inject',
      files: edit(fixed(), 'guest.dts', SECOND, '<GIC_SPI 0x71 IRQ_TYPE_EDGE_RISING>'),
      errors: [
        {
          messageId: 'trigger',
          data: {
            index: '1',
            node: 'eth0',
            actual: 'IRQ_TYPE_EDGE_RISING',
            ...LEVEL,
            consequence: 'vfio-platform masks the level host line at each interrupt and KVM unmasks it only when the guest ends a level interrupt, so the guest gets the first interrupt and no more',
          },
          message:
            'interrupt 1 of eth0 is IRQ_TYPE_EDGE_RISING in the guest, but the host line (SPI 256) is IRQ_TYPE_LEVEL_HIGH, which QEMU injects as IRQ_TYPE_LEVEL_HIGH: vfio-platform masks the level host line at each interrupt and KVM unmasks it only when the guest ends a level interrupt, so the guest gets the first interrupt and no more',
          file: 'guest.dts',
          line: 105,
          column: 24,
        },
      ],
    },
    {
      name: 'fewer entries than host lines: a warning, saying dtlint cannot tell what the line carries',
      files: fewer(),
      errors: [
        {
          ...missingLine(NO_NAMES),
          message:
            'QEMU delivers SPI 0x71 (host interrupt 1, SPI 256) for 5b040000.ethernet, but no interrupts entry of eth0 names it: the guest driver never requests it, harmless only if it uses fewer lines than the host; dtlint cannot tell what it carries (the host node has no interrupt-names)',
          level: 'warning',
        },
      ],
    },
    {
      name: "fewer entries, with the host's interrupt-names: names what the unnamed line carries",
      files: edit(fewer(), 'acme-a1.dtsi', '<GIC_SPI 256 IRQ_TYPE_LEVEL_HIGH>;', '<GIC_SPI 256 IRQ_TYPE_LEVEL_HIGH>;\n\t\t\tinterrupt-names = "int0", "pps";'),
      errors: [missingLine('the host\'s interrupt-names call it "pps"')],
    },
    {
      name: 'one line repeated where another is never named: the unnamed line is the warning, the repeat no error',
      files: edit(fixed(), 'guest.dts', `${SECOND};`, '<GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>;'),
      errors: [{ ...missingLine(NO_NAMES), level: 'warning' }],
    },
    {
      name: 'an SPI QEMU does not deliver for the device, past its delivered lines: an error',
      files: edit(fixed(), 'guest.dts', `${SECOND};`, `${SECOND}, <GIC_SPI 0x72 IRQ_TYPE_LEVEL_HIGH>;`),
      errors: [
        {
          messageId: 'extra',
          data: { index: '2', node: 'eth0', actual: '0x72', expected: '2 interrupts', sysfs: '5b040000.ethernet', spis: 'SPI 0x70, 0x71' },
          message: 'interrupt 2 of eth0 is SPI 0x72 in the guest, but QEMU delivers 2 interrupts for 5b040000.ethernet (SPI 0x70, 0x71), and SPI 0x72 is none of them',
          file: 'guest.dts',
          line: 105,
          column: 55,
          level: 'error',
        },
      ],
    },
    {
      name: 'a trigger type the guest GIC driver refuses for an SPI',
      files: edit(fixed(), 'guest.dts', SECOND, '<GIC_SPI 0x71 8>'),
      errors: [
        {
          messageId: 'trigger',
          data: {
            index: '1',
            node: 'eth0',
            actual: 'IRQ_TYPE_LEVEL_LOW',
            ...LEVEL,
            consequence: 'the guest\'s GIC driver accepts only level-high or rising edge for an SPI (gic_set_type returns -EINVAL), so the driver\'s request_irq fails ("Setting trigger mode ... failed")',
          },
          file: 'guest.dts',
          line: 105,
          column: 24,
        },
      ],
    },
    {
      name: 'no trigger type on a level line: a warning (the SPI stays level), not an error',
      files: edit(fixed(), 'guest.dts', SECOND, '<GIC_SPI 0x71 0>'),
      errors: [
        {
          messageId: 'triggerNone',
          data: { index: '1', node: 'eth0', ...LEVEL },
          message:
            'interrupt 1 of eth0 has no trigger type (IRQ_TYPE_NONE) in the guest; the host line (SPI 256) is IRQ_TYPE_LEVEL_HIGH, which QEMU injects as IRQ_TYPE_LEVEL_HIGH: the guest kernel warns ("HW irq ... has invalid type" or a WARN in the GICv3 driver) and the SPI keeps the level configuration its GIC driver gives every SPI at boot, which works for this line; write IRQ_TYPE_LEVEL_HIGH',
          file: 'guest.dts',
          line: 105,
          column: 24,
          level: 'warning',
        },
      ],
    },
    {
      name: 'an edge host line described as level in the guest',
      files: edit(
        edit(fixed(), 'acme-a1.dtsi', '<GIC_SPI 256 IRQ_TYPE_LEVEL_HIGH>;', '<GIC_SPI 256 IRQ_TYPE_EDGE_RISING>;'),
        'guest.dts',
        `${SECOND};`,
        `${SECOND}, <GIC_SPI 0x71 IRQ_TYPE_EDGE_RISING>;`,
      ),
      errors: [
        {
          messageId: 'trigger',
          data: {
            index: '1',
            node: 'eth0',
            actual: 'IRQ_TYPE_LEVEL_HIGH',
            host: 'SPI 256',
            hostType: 'IRQ_TYPE_EDGE_RISING',
            expected: 'IRQ_TYPE_EDGE_RISING',
            consequence: 'KVM raises and drops the line at once, so a level interrupt in the guest may miss it',
          },
          file: 'guest.dts',
          line: 105,
          column: 24,
        },
      ],
    },
    {
      name: 'a guest GIC of another version than gic-version (a host GICv3 with GICV: KVM can run a GICv2)',
      files: edit(v3WithGicv(), 'qemu-args.txt', 'gic-version=3', 'gic-version=2'),
      errors: [
        {
          messageId: 'gicVersion',
          data: { guest: '3', qemu: 'gic-version=2', expected: '2', consequence: NO_DISTRIBUTOR },
          message: `the guest describes a GICv3, but QEMU runs with gic-version=2 (a GICv2): ${NO_DISTRIBUTOR}`,
          file: 'guest.dts',
          line: 34,
          column: 3,
        },
      ],
    },
    {
      name: 'gic-version=host resolved on a GIC-400 host: 2, and the guest describes a GICv3',
      files: edit(gic400(), 'qemu-args.txt', 'gic-version=3', 'gic-version=host'),
      errors: [{ messageId: 'gicVersion', data: { guest: '3', qemu: 'gic-version=host', expected: '2', consequence: NO_DISTRIBUTOR }, file: 'guest.dts', line: 34, column: 3 }],
    },
    {
      name: 'gic-version=2 where dtlint cannot tell whether QEMU starts (GICC under 8 KiB): if it does, it runs a GICv2',
      files: edit(edit(gic400(), 'acme-a1.dtsi', '<0x0 0x51a02000 0 0x2000>', '<0x0 0x51a02000 0 0x1000>'), 'qemu-args.txt', 'gic-version=3', 'gic-version=2'),
      errors: [{ messageId: 'gicVersion', data: { guest: '3', qemu: 'gic-version=2', expected: '2', consequence: NO_DISTRIBUTOR }, file: 'guest.dts', line: 34, column: 3 }],
    },
    {
      name: 'gic-version=max with KVM on a GIC-400 host: 2',
      files: edit(gic400(), 'qemu-args.txt', 'gic-version=3', 'gic-version=max'),
      errors: [{ messageId: 'gicVersion', data: { guest: '3', qemu: 'gic-version=max', expected: '2', consequence: NO_DISTRIBUTOR }, file: 'guest.dts', line: 34, column: 3 }],
    },
    {
      name: 'no gic-version on a GIC-400 host (1 vCPU): 2',
      files: edit(gic400(), 'qemu-args.txt', '-M virt,gic-version=3', '-M virt'),
      errors: [{ messageId: 'gicVersion', data: { guest: '3', qemu: 'no gic-version', expected: '2', consequence: NO_DISTRIBUTOR }, file: 'guest.dts', line: 34, column: 3 }],
    },
  ],
});

// What the tester does not compare: symptoms and the related locations' messages.
describe(`${ID}: symptoms and related locations`, () => {
  it('the example: no packets; the -device and the host interrupt related', () => {
    const r = checkFiles(example(), run);
    expect(r.findings.map((f) => f.symptom)).toEqual(['no interrupts in the guest: no packets']);
    expect(r.findings[0]!.related.map((x) => [x.message, x.at.line, x.at.column])).toEqual([
      ['-device 2 passes 5b040000.ethernet', 5, 13],
      ['host interrupt 1 of eth0', 115, 11],
    ]);
  });

  it('two lines swapped: the other entry related', () => {
    expect(checkFiles(swapped(), run).findings[0]!.related.map((x) => [x.message, x.at.line])[0]).toEqual(['interrupt 1 of eth0', 105]);
  });

  it('fewer entries than host lines: no interrupts in the guest', () => {
    expect(checkFiles(fewer(), run).findings.map((f) => f.symptom)).toEqual(['no interrupts in the guest']);
  });
});
