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
  });

  describe('invalid', () => {
    it('the example: the CPU as interrupt parent (a warning) and SPI 0x72 where QEMU delivers 0x71', () => {
      const r = checkFiles(example(), run);
      expect(findingsOf(r, ID)).toEqual([
        'guest.dts:77:3 interrupt-mismatch: interrupt-parent of /platform-bus@c000000 names 0x8001 (/cpus/cpu@0), which is no interrupt controller (a CPU): eth0_lpcg, eth0 and mu2 reach the GIC only because Linux walks on to the interrupt-parent of /; point it at the GIC (0x8002, /intc@8000000)',
        'guest.dts:95:19 interrupt-mismatch: interrupt 1 of eth0 is SPI 0x72 in the guest, but QEMU delivers host interrupt 1 of 5b040000.ethernet (SPI 256) as SPI 0x71',
      ]);
      expect(r.findings.map((f) => [f.level, f.symptom])).toEqual([
        ['warning', 'no interrupts in the guest'],
        ['error', 'no interrupts in the guest: no packets'],
      ]);
      expect(r.findings[1]!.related.map((x) => [x.message, x.at.line, x.at.column])).toEqual([
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
        'guest.dts:105:19 interrupt-mismatch: interrupt 1 of eth0 is SPI 0x71 in the guest, but QEMU delivers host interrupt 1 of 5b040000.ethernet (SPI 256) as SPI 0x72',
        'guest.dts:117:26 interrupt-mismatch: interrupt 0 of mu2 is SPI 0x72 in the guest, but QEMU delivers host interrupt 0 of 5d1d0000.mailbox (SPI 178) as SPI 0x70',
      ]);
    });

    it('a trigger type QEMU does not inject', () => {
      const files = edit(fixed(), 'guest.dts', '<GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>', '<GIC_SPI 0x71 IRQ_TYPE_EDGE_RISING>');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'guest.dts:105:24 interrupt-mismatch: interrupt 1 of eth0 is IRQ_TYPE_EDGE_RISING in the guest, but the host line (SPI 256) is IRQ_TYPE_LEVEL_HIGH, which QEMU injects as IRQ_TYPE_LEVEL_HIGH',
      ]);
    });

    it('a missing interrupt', () => {
      const files = edit(fixed(), 'guest.dts', 'interrupts = <GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>,\n\t\t\t\t     <GIC_SPI 0x71 IRQ_TYPE_LEVEL_HIGH>;', 'interrupts = <GIC_SPI 0x70 IRQ_TYPE_LEVEL_HIGH>;');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'guest.dts:104:4 interrupt-mismatch: eth0 has 1 interrupt in the guest, but QEMU delivers 2 for 5b040000.ethernet (SPI 0x70, 0x71), one per host interrupt in host order',
      ]);
    });

    it('a guest GIC of another version than gic-version', () => {
      const files = edit(fixed(), 'qemu-args.txt', 'gic-version=3', 'gic-version=2');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'guest.dts:34:3 interrupt-mismatch: the guest describes a GICv3, but QEMU runs with gic-version=2 (a GICv2): the guest kernel finds no interrupt controller it can drive',
      ]);
    });
  });
});
