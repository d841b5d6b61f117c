import { describe, expect, it } from '@jest/globals';
import { checkFiles, edit, example, findingsOf } from './pair-harness.js';

const ID = 'interrupt-mismatch';
const run = { rules: [ID] };
const fixed = () => example('fixed');

describe(ID, () => {
  describe('valid', () => {
    it('the fixed example: SPI 0x70, 0x71 for the Ethernet, 0x72 for the mailbox, level-high, parent the GIC', () => {
      expect(findingsOf(checkFiles(fixed(), run), ID)).toEqual([]);
    });

    it('without a QEMU command line, --pass gives the order', () => {
      const files = { ...fixed() };
      delete files['qemu-args.txt'];
      const r = checkFiles(files, { ...run, spec: { pass: ['5b230000.clock-controller', 'eth0', 'mu2'] } });
      expect(findingsOf(r, ID)).toEqual([]);
    });

    it('one delivered line named once per queue (macb_init requests entry q for queue q): repeats are no mismatch', () => {
      const files = edit(fixed(), 'guest.dts', '<GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>;', '<GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>,\n\t\t\t\t     <GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>, <GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>;');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });

    it('a host node naming one line twice (ZynqMP GEM): the guest naming its first SPI twice misses nothing', () => {
      let files = edit(fixed(), 'acme-a1.dtsi', '<GIC_SPI 256 IRQ_TYPE_LEVEL_HIGH>;', '<GIC_SPI 258 IRQ_TYPE_LEVEL_HIGH>;');
      files = edit(files, 'guest.dts', '<GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>;', '<GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>;');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });

    it('macb-style: the host passes one line, the guest names its SPI once per queue', () => {
      let files = edit(fixed(), 'acme-a1.dtsi', '<GIC_SPI 258 IRQ_TYPE_LEVEL_HIGH>,\n\t\t\t\t     <GIC_SPI 256 IRQ_TYPE_LEVEL_HIGH>;', '<GIC_SPI 258 IRQ_TYPE_LEVEL_HIGH>;');
      files = edit(files, 'guest.dts', '<GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>;', '<GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>;');
      // One host line: the mailbox moves up to SPI 0x71.
      files = edit(files, 'guest.dts', 'interrupts = <GIC_SPI 0x72 IRQ_TYPE_LEVEL_HIGH>;', 'interrupts = <GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>;');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });

    it('the CPU as interrupt parent is the interrupt-parent rule\'s finding, not this one\'s', () => {
      const r = checkFiles(example(), { rules: [ID, 'interrupt-parent'] });
      expect(r.findings.filter((f) => f.at.line === 77).map((f) => `${f.ruleId} ${f.level}`)).toEqual(['interrupt-parent warning']);
    });
  });

  describe('invalid', () => {
    it('the example: SPI 0x72 where QEMU delivers 0x71 (the CPU as interrupt parent is not this rule\'s)', () => {
      const r = checkFiles(example(), run);
      expect(findingsOf(r, ID)).toEqual([
        'guest.dts:95:19 interrupt-mismatch: interrupt 1 of eth0 is SPI 0x72 in the guest, but QEMU delivers host interrupt 1 of 5b040000.ethernet (SPI 256) as SPI 0x71',
      ]);
      expect(r.findings.map((f) => [f.level, f.symptom])).toEqual([['error', 'no interrupts in the guest: no packets']]);
      expect(r.findings[0]!.related.map((x) => [x.message, x.at.line, x.at.column])).toEqual([
        ['-device 2 passes 5b040000.ethernet', 5, 13],
        ['host interrupt 1 of eth0', 115, 11],
      ]);
    });

    it('an interrupt mis-numbered by one', () => {
      const files = edit(fixed(), 'guest.dts', '<GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>', '<GIC_SPI 0x72 IRQ_TYPE_LEVEL_HIGH>');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'guest.dts:105:19 interrupt-mismatch: interrupt 1 of eth0 is SPI 0x72 in the guest, but QEMU delivers host interrupt 1 of 5b040000.ethernet (SPI 256) as SPI 0x71',
      ]);
    });

    it('reordered -device arguments shift every SPI', () => {
      const files = edit(
        fixed(),
        'qemu-args.txt',
        '    -device vfio-platform,host=5b230000.clock-controller \\\n    -device vfio-platform,host=5b040000.ethernet \\\n    -device vfio-platform,host=5d1d0000.mailbox',
        '    -device vfio-platform,host=5d1d0000.mailbox \\\n    -device vfio-platform,host=5b230000.clock-controller \\\n    -device vfio-platform,host=5b040000.ethernet',
      );
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'guest.dts:104:26 interrupt-mismatch: interrupt 0 of eth0 is SPI 0x70 in the guest, but QEMU delivers host interrupt 0 of 5b040000.ethernet (SPI 258) as SPI 0x71',
        'guest.dts:105:19 interrupt-mismatch: interrupt 1 of eth0 is SPI 0x71, the SPI QEMU delivers for host interrupt 0 of 5b040000.ethernet; host interrupt 1 (SPI 256) comes as SPI 0x72: the guest lists the lines in another order than the host',
        'guest.dts:117:26 interrupt-mismatch: interrupt 0 of mu2 is SPI 0x72 in the guest, but QEMU delivers host interrupt 0 of 5d1d0000.mailbox (SPI 178) as SPI 0x70',
      ]);
    });

    it('two delivered lines swapped in the guest: one swap, one error at the first, the other entry related', () => {
      let files = edit(fixed(), 'guest.dts', '<GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>,\n', '<GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>,\n');
      files = edit(files, 'guest.dts', '\t\t\t\t     <GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>;', '\t\t\t\t     <GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>;');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'guest.dts:104:26 interrupt-mismatch: interrupts 0 and 1 of eth0 are swapped: QEMU delivers host interrupt 0 of 5b040000.ethernet (SPI 258) as SPI 0x70 and host interrupt 1 (SPI 256) as SPI 0x71, and the guest lists them the other way round',
      ]);
      expect(r.findings.map((f) => f.level)).toEqual(['error']);
      expect(r.findings[0]!.related.map((x) => [x.message, x.at.line])[0]).toEqual(['interrupt 1 of eth0', 105]);
    });

    it('a trigger type QEMU does not inject', () => {
      const files = edit(fixed(), 'guest.dts', '<GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>', '<GIC_SPI 0x71 IRQ_TYPE_EDGE_RISING>');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'guest.dts:105:24 interrupt-mismatch: interrupt 1 of eth0 is IRQ_TYPE_EDGE_RISING in the guest, but the host line (SPI 256) is IRQ_TYPE_LEVEL_HIGH, which QEMU injects as IRQ_TYPE_LEVEL_HIGH: vfio-platform masks the level host line at each interrupt and KVM unmasks it only when the guest ends a level interrupt, so the guest gets the first interrupt and no more',
      ]);
    });

    it('fewer entries than host lines: a warning, saying dtlint cannot tell what the line carries', () => {
      const files = edit(fixed(), 'guest.dts', 'interrupts = <GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>,\n\t\t\t\t     <GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>;', 'interrupts = <GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>;');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'guest.dts:104:4 interrupt-mismatch: QEMU delivers SPI 0x71 (host interrupt 1, SPI 256) for 5b040000.ethernet, but no interrupts entry of eth0 names it: the guest driver never requests it, harmless only if it uses fewer lines than the host; dtlint cannot tell what it carries (the host node has no interrupt-names)',
      ]);
      expect(r.findings.map((f) => [f.level, f.symptom])).toEqual([['warning', 'no interrupts in the guest']]);
    });

    it('fewer entries, with the host\'s interrupt-names: names what the unnamed line carries', () => {
      let files = edit(fixed(), 'guest.dts', 'interrupts = <GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>,\n\t\t\t\t     <GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>;', 'interrupts = <GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>;');
      files = edit(files, 'acme-a1.dtsi', '<GIC_SPI 256 IRQ_TYPE_LEVEL_HIGH>;', '<GIC_SPI 256 IRQ_TYPE_LEVEL_HIGH>;\n\t\t\tinterrupt-names = "int0", "pps";');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'guest.dts:104:4 interrupt-mismatch: QEMU delivers SPI 0x71 (host interrupt 1, SPI 256) for 5b040000.ethernet, but no interrupts entry of eth0 names it: the guest driver never requests it, harmless only if it uses fewer lines than the host; the host\'s interrupt-names call it "pps"',
      ]);
    });

    it('one line repeated where another is never named: the unnamed line is the warning, the repeat no error', () => {
      const files = edit(fixed(), 'guest.dts', '<GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>;', '<GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>;');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'guest.dts:104:4 interrupt-mismatch: QEMU delivers SPI 0x71 (host interrupt 1, SPI 256) for 5b040000.ethernet, but no interrupts entry of eth0 names it: the guest driver never requests it, harmless only if it uses fewer lines than the host; dtlint cannot tell what it carries (the host node has no interrupt-names)',
      ]);
      expect(r.findings.map((f) => f.level)).toEqual(['warning']);
    });

    it('an SPI QEMU does not deliver for the device, past its delivered lines: an error', () => {
      const files = edit(fixed(), 'guest.dts', '<GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>;', '<GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>, <GIC_SPI 0x72 IRQ_TYPE_LEVEL_HIGH>;');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'guest.dts:105:55 interrupt-mismatch: interrupt 2 of eth0 is SPI 0x72 in the guest, but QEMU delivers 2 interrupts for 5b040000.ethernet (SPI 0x70, 0x71), and SPI 0x72 is none of them',
      ]);
      expect(r.findings.map((f) => f.level)).toEqual(['error']);
    });

    it('a trigger type the guest GIC driver refuses for an SPI', () => {
      const files = edit(fixed(), 'guest.dts', '<GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>', '<GIC_SPI 0x71 8>');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'guest.dts:105:24 interrupt-mismatch: interrupt 1 of eth0 is IRQ_TYPE_LEVEL_LOW in the guest, but the host line (SPI 256) is IRQ_TYPE_LEVEL_HIGH, which QEMU injects as IRQ_TYPE_LEVEL_HIGH: the guest\'s GIC driver accepts only level-high or rising edge for an SPI (gic_set_type returns -EINVAL), so the driver\'s request_irq fails ("Setting trigger mode ... failed")',
      ]);
    });

    it('no trigger type on a level line: a warning (the SPI stays level), not an error', () => {
      const files = edit(fixed(), 'guest.dts', '<GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>', '<GIC_SPI 0x71 0>');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'guest.dts:105:24 interrupt-mismatch: interrupt 1 of eth0 has no trigger type (IRQ_TYPE_NONE) in the guest; the host line (SPI 256) is IRQ_TYPE_LEVEL_HIGH, which QEMU injects as IRQ_TYPE_LEVEL_HIGH: the guest kernel warns ("HW irq ... has invalid type" or a WARN in the GICv3 driver) and the SPI keeps the level configuration its GIC driver gives every SPI at boot, which works for this line; write IRQ_TYPE_LEVEL_HIGH',
      ]);
      expect(r.findings.filter((f) => f.ruleId === ID).map((f) => f.level)).toEqual(['warning']);
    });

    it('an edge host line described as level in the guest', () => {
      let files = edit(fixed(), 'acme-a1.dtsi', '<GIC_SPI 256 IRQ_TYPE_LEVEL_HIGH>;', '<GIC_SPI 256 IRQ_TYPE_EDGE_RISING>;');
      files = edit(files, 'guest.dts', '<GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>;', '<GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>, <GIC_SPI 0x71 IRQ_TYPE_EDGE_RISING>;');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'guest.dts:105:24 interrupt-mismatch: interrupt 1 of eth0 is IRQ_TYPE_LEVEL_HIGH in the guest, but the host line (SPI 256) is IRQ_TYPE_EDGE_RISING, which QEMU injects as IRQ_TYPE_EDGE_RISING: KVM raises and drops the line at once, so a level interrupt in the guest may miss it',
      ]);
    });

    it('a guest GIC of another version than gic-version', () => {
      const files = edit(fixed(), 'qemu-args.txt', 'gic-version=3', 'gic-version=2');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'guest.dts:34:3 interrupt-mismatch: the guest describes a GICv3, but QEMU runs with gic-version=2 (a GICv2): the guest\'s GICv3 driver finds no GICv3 distributor ("no distributor detected, giving up"), so the guest has no interrupt controller',
      ]);
    });
  });
});
