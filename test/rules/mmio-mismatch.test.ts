import { describe, expect, it } from '@jest/globals';
import { checkFiles, edit, example, findingsOf } from './pair-harness.js';

const ID = 'mmio-mismatch';
const run = { rules: [ID] };
const fixed = () => example('fixed');

describe(ID, () => {
  describe('valid', () => {
    it('the fixed example: slots 0xc000000, 0xc010000, 0xc020000 through the identity ranges', () => {
      expect(findingsOf(checkFiles(fixed(), run), ID)).toEqual([]);
    });

    it("the write-up's style: host addresses in reg, a ranges that maps them onto the slots", () => {
      let files = edit(fixed(), 'guest.dts', '\t\tranges = <0x00 0x00 0x0c000000 0x02000000>;', '\t\tranges = <0x5b230000 0x00 0x0c000000 0x10000>, <0x5b040000 0x00 0x0c010000 0x10000>, <0x5d1d0000 0x00 0x0c020000 0x10000>;');
      files = edit(files, 'guest.dts', 'eth0_lpcg: clock-controller@0 {\n\t\t\tcompatible = "fsl,imx8qxp-lpcg";\n\t\t\treg = <0x00 0x10000>;', 'eth0_lpcg: clock-controller@5b230000 {\n\t\t\tcompatible = "fsl,imx8qxp-lpcg";\n\t\t\treg = <0x5b230000 0x10000>;');
      files = edit(files, 'guest.dts', 'eth0: ethernet@10000 {\n\t\t\tcompatible = "acme,a1-fec";\n\t\t\treg = <0x10000 0x10000>;', 'eth0: ethernet@5b040000 {\n\t\t\tcompatible = "acme,a1-fec";\n\t\t\treg = <0x5b040000 0x10000>;');
      files = edit(files, 'guest.dts', 'mu2: mailbox@20000 {\n\t\t\tcompatible = "fsl,imx8-mu-scu", "fsl,imx6sx-mu";\n\t\t\treg = <0x20000 0x10000>;', 'mu2: mailbox@5d1d0000 {\n\t\t\tcompatible = "fsl,imx8-mu-scu", "fsl,imx6sx-mu";\n\t\t\treg = <0x5d1d0000 0x10000>;');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('the mailbox one slot too far (the example)', () => {
      const r = checkFiles(example(), run);
      expect(findingsOf(r, ID)).toEqual([
        'guest.dts:104:11 mmio-mismatch: mu2 is at guest address 0xc030000, but QEMU maps 5d1d0000.mailbox region 0 at 0xc020000 (-device order: 5b230000.clock-controller, 5b040000.ethernet, 5d1d0000.mailbox)',
      ]);
      expect(r.findings[0]!.related.map((x) => [x.message, x.at.file.split('/').pop(), x.at.line])).toEqual([['passed to QEMU here', 'qemu-args.txt', 6]]);
    });

    it('reordered -device arguments move every slot', () => {
      const files = edit(
        fixed(),
        'qemu-args.txt',
        '    -device vfio-platform,host=5b230000.clock-controller \\\n    -device vfio-platform,host=5b040000.ethernet \\\n    -device vfio-platform,host=5d1d0000.mailbox',
        '    -device vfio-platform,host=5d1d0000.mailbox \\\n    -device vfio-platform,host=5b230000.clock-controller \\\n    -device vfio-platform,host=5b040000.ethernet',
      );
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'guest.dts:95:11 mmio-mismatch: eth0_lpcg is at guest address 0xc000000, but QEMU maps 5b230000.clock-controller region 0 at 0xc010000 (-device order: 5d1d0000.mailbox, 5b230000.clock-controller, 5b040000.ethernet)',
        'guest.dts:103:11 mmio-mismatch: eth0 is at guest address 0xc010000, but QEMU maps 5b040000.ethernet region 0 at 0xc020000 (-device order: 5d1d0000.mailbox, 5b230000.clock-controller, 5b040000.ethernet)',
        'guest.dts:116:11 mmio-mismatch: mu2 is at guest address 0xc020000, but QEMU maps 5d1d0000.mailbox region 0 at 0xc000000 (-device order: 5d1d0000.mailbox, 5b230000.clock-controller, 5b040000.ethernet)',
      ]);
    });

    it('a platform bus without ranges: the guest address cannot be computed', () => {
      const files = edit(fixed(), 'guest.dts', '\t\tranges = <0x00 0x00 0x0c000000 0x02000000>;\n', '');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'guest.dts:94:11 mmio-mismatch: the guest address of eth0_lpcg cannot be computed: /platform-bus@c000000 has no ranges, so /platform-bus@c000000/clock-controller@0 is not visible to the CPU; QEMU maps 5b230000.clock-controller region 0 at 0xc000000, but the guest kernel cannot reach it',
        'guest.dts:102:11 mmio-mismatch: the guest address of eth0 cannot be computed: /platform-bus@c000000 has no ranges, so /platform-bus@c000000/ethernet@10000 is not visible to the CPU; QEMU maps 5b040000.ethernet region 0 at 0xc010000, but the guest kernel cannot reach it',
        'guest.dts:115:11 mmio-mismatch: the guest address of mu2 cannot be computed: /platform-bus@c000000 has no ranges, so /platform-bus@c000000/mailbox@20000 is not visible to the CPU; QEMU maps 5d1d0000.mailbox region 0 at 0xc020000, but the guest kernel cannot reach it',
      ]);
    });

    it('a region larger than the host one', () => {
      const files = edit(fixed(), 'guest.dts', 'reg = <0x20000 0x10000>;', 'reg = <0x20000 0x20000>;');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'guest.dts:116:11 mmio-mismatch: region 0 of mu2 is 0x20000 bytes in the guest, but 5d1d0000.mailbox has only 0x10000: accesses past the end fault',
      ]);
    });

    it('a --pass device the command line does not pass', () => {
      const r = checkFiles(fixed(), { ...run, spec: { pass: ['mu1'] } });
      expect(findingsOf(r, ID)).toEqual([
        'acme-a1.dtsi:79:3 mmio-mismatch: mu1 is passed (--pass) but the QEMU command line has no -device vfio-platform for 5d1c0000.mailbox: the guest never sees it',
      ]);
    });

    it('QEMU cannot fit a region: the bus is too small', () => {
      const r = checkFiles(fixed(), { ...run, platformBus: { base: 0xc000000n, size: 0x20000n, firstSpi: 112, spiCount: 64 } });
      expect(findingsOf(r, ID)).toEqual([
        'qemu-args.txt:6:13 mmio-mismatch: Platform Bus: Can not fit MMIO region of size 10000: QEMU exits while placing 5d1d0000.mailbox on its platform bus (0xc000000, 0x20000 bytes)',
      ]);
    });
  });
});
