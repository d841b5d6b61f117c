import { describe, expect, it } from '@jest/globals';
import { brief, checkFiles, edit, example, findingsOf } from './pair-harness.js';

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
    it('a device of two regions shifted by one slot: one finding for the device, the other region related', () => {
      let files = edit(fixed(), 'acme-a1.dtsi', '\t\t\treg = <0x5b040000 0x10000>;', '\t\t\treg = <0x5b040000 0x8000>, <0x5b048000 0x8000>;');
      files = edit(files, 'guest.dts', '\t\t\treg = <0x10000 0x10000>;', '\t\t\treg = <0x20000 0x8000>,\n\t\t\t      <0x28000 0x8000>;');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'guest.dts:103:11 mmio-mismatch: eth0 has its regions at guest addresses 0xc020000, 0xc028000, but QEMU maps 5b040000.ethernet regions 0, 1 at 0xc010000, 0xc018000 (platform-bus order: 5b230000.clock-controller, 5b040000.ethernet, 5d1d0000.mailbox)',
      ]);
      expect(r.findings[0]!.related.map((x) => [x.message, x.at.line])[0]).toEqual(['region 1 of eth0', 104]);
    });

    it('the mailbox one slot too far (the example)', () => {
      const r = checkFiles(example(), run);
      expect(findingsOf(r, ID)).toEqual([
        'guest.dts:104:11 mmio-mismatch: mu2 is at guest address 0xc030000, but QEMU maps 5d1d0000.mailbox region 0 at 0xc020000 (platform-bus order: 5b230000.clock-controller, 5b040000.ethernet, 5d1d0000.mailbox)',
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
        'guest.dts:95:11 mmio-mismatch: eth0_lpcg is at guest address 0xc000000, but QEMU maps 5b230000.clock-controller region 0 at 0xc010000 (platform-bus order: 5d1d0000.mailbox, 5b230000.clock-controller, 5b040000.ethernet)',
        'guest.dts:103:11 mmio-mismatch: eth0 is at guest address 0xc010000, but QEMU maps 5b040000.ethernet region 0 at 0xc020000 (platform-bus order: 5d1d0000.mailbox, 5b230000.clock-controller, 5b040000.ethernet)',
        'guest.dts:116:11 mmio-mismatch: mu2 is at guest address 0xc020000, but QEMU maps 5d1d0000.mailbox region 0 at 0xc000000 (platform-bus order: 5d1d0000.mailbox, 5b230000.clock-controller, 5b040000.ethernet)',
      ]);
    });

    it('a platform bus without ranges: reg-not-translatable reports the cause once, mmio-mismatch nothing', () => {
      const files = edit(fixed(), 'guest.dts', '\t\tranges = <0x00 0x00 0x0c000000 0x02000000>;\n', '');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
      const both = checkFiles(files, { rules: [ID, 'reg-not-translatable'] });
      expect(brief(both.findings)).toEqual([
        'guest.dts:86:2 reg-not-translatable: /platform-bus@c000000 has no ranges, so the reg of /platform-bus@c000000/clock-controller@0, /platform-bus@c000000/ethernet@10000 and /platform-bus@c000000/mailbox@20000 cannot be translated to CPU addresses: those devices get no MMIO resources',
      ]);
    });

    it('a second region outside every ranges entry (no other rule sees it)', () => {
      let files = edit(fixed(), 'guest.dts', '\t\tranges = <0x00 0x00 0x0c000000 0x02000000>;', '\t\tranges = <0x00 0x00 0x0c000000 0x30000>;');
      files = edit(files, 'guest.dts', 'reg = <0x20000 0x10000>;', 'reg = <0x20000 0x10000>, <0x40000 0x1000>;');
      files = edit(files, 'host.dts', '&mu2 {', '&mu2 {\n\treg = <0x5d1d0000 0x10000>, <0x5d1f0000 0x1000>;');
      // The host mailbox now has two regions: 0x10000 at 0xc020000, then 0x1000 at the first free
      // 0x1000-aligned offset, 0x30000.
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'guest.dts:116:30 mmio-mismatch: region 1 of mu2 cannot be translated: 0x40000 of /platform-bus@c000000/mailbox@20000 is outside every ranges entry of /platform-bus@c000000; QEMU maps 5d1d0000.mailbox region 1 at 0xc030000, but the guest kernel cannot reach it',
      ]);
    });

    it('fewer guest reg entries than host regions: a warning (the guest driver may not use the others)', () => {
      const files = edit(fixed(), 'host.dts', '&mu2 {', '&mu2 {\n\treg = <0x5d1d0000 0x10000>, <0x5d1f0000 0x1000>;');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'guest.dts:116:4 mmio-mismatch: mu2 has 1 reg entry in the guest, but vfio-platform exposes 2 regions of 5d1d0000.mailbox, one per host reg entry: the guest driver cannot reach the regions past its entries, harmless only if it does not use them',
      ]);
      expect(r.findings.filter((f) => f.ruleId === ID).map((f) => f.level)).toEqual(['warning']);
    });

    it('more guest reg entries than host regions: an error', () => {
      const files = edit(fixed(), 'guest.dts', 'reg = <0x20000 0x10000>;', 'reg = <0x20000 0x10000>, <0x30000 0x1000>;');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'guest.dts:116:4 mmio-mismatch: mu2 has 2 reg entries in the guest, but vfio-platform exposes 1 region of 5d1d0000.mailbox, one per host reg entry: the guest entries past them reach no register of the device',
      ]);
      expect(r.findings.filter((f) => f.ruleId === ID).map((f) => f.level)).toEqual(['error']);
    });

    it('a region larger than the host one: a warning, accesses past the end read 0 under KVM', () => {
      const files = edit(fixed(), 'guest.dts', 'reg = <0x20000 0x10000>;', 'reg = <0x20000 0x20000>;');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'guest.dts:116:11 mmio-mismatch: region 0 of mu2 is 0x20000 bytes in the guest, but QEMU maps only 0x10000 bytes of 5d1d0000.mailbox there: under KVM, accesses from 0xc030000 on meet no device (reads return 0, writes are dropped)',
      ]);
      expect(r.findings[0]!.level).toBe('warning');
    });

    it("a region larger than the host one that runs into the next device's slot", () => {
      const files = edit(fixed(), 'guest.dts', 'reg = <0x10000 0x10000>;', 'reg = <0x10000 0x20000>;');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'guest.dts:103:11 mmio-mismatch: region 0 of eth0 is 0x20000 bytes in the guest, but QEMU maps only 0x10000 bytes of 5b040000.ethernet there: under KVM, accesses from 0xc020000 on reach 5d1d0000.mailbox (at 0xc020000) instead',
      ]);
    });

    it("a region that runs through the next device's slot and past it", () => {
      const files = edit(fixed(), 'guest.dts', 'reg = <0x10000 0x10000>;', 'reg = <0x10000 0x30000>;');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'guest.dts:103:11 mmio-mismatch: region 0 of eth0 is 0x30000 bytes in the guest, but QEMU maps only 0x10000 bytes of 5b040000.ethernet there: under KVM, accesses from 0xc020000 on reach 5d1d0000.mailbox (at 0xc020000) instead, and elsewhere meet no device (reads return 0, writes are dropped)',
      ]);
    });

    it('a tpm-tis-device ahead of the vfio devices shifts every slot', () => {
      // tpm-tis-device: SPI 112 and 0x5000 bytes at offset 0 (hw/tpm/tpm_tis_sysbus.c); every 64 KiB
      // slot moves up by one: 0xc010000, 0xc020000, 0xc030000.
      const files = edit(fixed(), 'qemu-args.txt', '    -device vfio-platform,host=5b230000.clock-controller', '    -device tpm-tis-device,tpmdev=tpm0 \\\n    -device vfio-platform,host=5b230000.clock-controller');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'guest.dts:95:11 mmio-mismatch: eth0_lpcg is at guest address 0xc000000, but QEMU maps 5b230000.clock-controller region 0 at 0xc010000 (platform-bus order: tpm-tis-device, 5b230000.clock-controller, 5b040000.ethernet, 5d1d0000.mailbox)',
        'guest.dts:103:11 mmio-mismatch: eth0 is at guest address 0xc010000, but QEMU maps 5b040000.ethernet region 0 at 0xc020000 (platform-bus order: tpm-tis-device, 5b230000.clock-controller, 5b040000.ethernet, 5d1d0000.mailbox)',
        'guest.dts:116:11 mmio-mismatch: mu2 is at guest address 0xc020000, but QEMU maps 5d1d0000.mailbox region 0 at 0xc030000 (platform-bus order: tpm-tis-device, 5b230000.clock-controller, 5b040000.ethernet, 5d1d0000.mailbox)',
      ]);
      expect(r.findings[0]!.related.map((x) => `${x.at.file.split('/').pop()}:${x.at.line}:${x.at.column} ${x.message}`)).toEqual([
        'qemu-args.txt:5:13 passed to QEMU here',
        'qemu-args.txt:4:13 tpm-tis-device comes first on the platform bus and takes 0x5000 bytes at 0xc000000 and SPI 112',
      ]);
    });

    it('a ramfb ahead of them takes nothing; a JSON tpm-tis-device is created after them', () => {
      const files = edit(
        fixed(),
        'qemu-args.txt',
        '    -device vfio-platform,host=5b230000.clock-controller',
        `    -device '{"driver":"tpm-tis-device","tpmdev":"tpm0"}' -device ramfb \\\n    -device vfio-platform,host=5b230000.clock-controller`,
      );
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });

    it('no -dtb: QEMU writes the guest DT itself and refuses the vfio-platform devices', () => {
      const files = edit(fixed(), 'qemu-args.txt', '-kernel Image -dtb guest.dtb -nographic', '-kernel Image -nographic');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'qemu-args.txt:4:13 mmio-mismatch: the QEMU command line has no -dtb, so QEMU writes the guest device tree itself, and it has no node for 5b230000.clock-controller (compatible "fsl,dummy"): QEMU exits with "Device vfio-platform can not be dynamically instantiated"; give it the compiled guest DTS with -dtb',
      ]);
      expect(r.findings[0]!.related.map((x) => `${x.at.line}:${x.at.column} ${x.message}`)).toEqual([
        '5:13 QEMU has no node for 5b040000.ethernet either',
        '6:13 QEMU has no node for 5d1d0000.mailbox either',
      ]);
      expect(findingsOf(checkFiles(edit(files, 'qemu-args.txt', '-M virt,gic-version=3', '-M virt,gic-version=3,dtb=guest.dtb'), run), ID)).toEqual([]);
    });

    it('no -dtb, but every device is one QEMU writes a node for (amd,xgbe-seattle-v1a)', () => {
      let files = edit(fixed(), 'qemu-args.txt', '-kernel Image -dtb guest.dtb -nographic', '-kernel Image -nographic');
      files = edit(files, 'qemu-args.txt', ' \\\n    -device vfio-platform,host=5b230000.clock-controller', '');
      files = edit(files, 'qemu-args.txt', ' \\\n    -device vfio-platform,host=5d1d0000.mailbox', '');
      files = edit(files, 'host.dts', '&eth0 {\n\tcompatible = "fsl,dummy";', '&eth0 {\n\tcompatible = "amd,xgbe-seattle-v1a";');
      expect(findingsOf(checkFiles(files, run), ID).filter((f) => f.includes('-dtb'))).toEqual([]);
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
