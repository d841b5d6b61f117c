import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example } from './pair-harness.js';

const ID = 'mmio-mismatch';
const run = { rules: [ID] };
const fixed = () => example('fixed');
const ORDER = '5b230000.clock-controller, 5b040000.ethernet, 5d1d0000.mailbox';
const REORDERED = '5d1d0000.mailbox, 5b230000.clock-controller, 5b040000.ethernet';
const WITH_TPM = 'tpm-tis-device, 5b230000.clock-controller, 5b040000.ethernet, 5d1d0000.mailbox';
const NOWHERE = 'meet no device (reads return 0, writes are dropped)';

/** One `address` finding: `node` (at `line` of guest.dts) at `actual`, QEMU's region 0 of `sysfs` at `expected`. */
function address(node: string, sysfs: string, actual: string, expected: string, order: string, line: number) {
  return { messageId: 'address', data: { node, actual, sysfs, index: '0', expected, order }, file: 'guest.dts', line, column: 11 };
}

/** eth0 with two regions on the host, shifted by one slot in the guest. */
function twoRegions() {
  const files = edit(fixed(), 'acme-a1.dtsi', '\t\t\treg = <0x5b040000 0x10000>;', '\t\t\treg = <0x5b040000 0x8000>, <0x5b048000 0x8000>;');
  return edit(files, 'guest.dts', '\t\t\treg = <0x10000 0x10000>;', '\t\t\treg = <0x20000 0x8000>,\n\t\t\t      <0x28000 0x8000>;');
}
/** The fixed pair with mu2 given a second host region. */
const mu2TwoRegions = () => edit(fixed(), 'host.dts', '&mu2 {', '&mu2 {\n\treg = <0x5d1d0000 0x10000>, <0x5d1f0000 0x1000>;');
const withTpm = () => edit(fixed(), 'qemu-args.txt', '    -device vfio-platform,host=5b230000.clock-controller', '    -device tpm-tis-device,tpmdev=tpm0 \\\n    -device vfio-platform,host=5b230000.clock-controller');
const noDtb = () => edit(fixed(), 'qemu-args.txt', '-kernel Image -dtb guest.dtb -nographic', '-kernel Image -nographic');
const noRanges = () => edit(fixed(), 'guest.dts', '\t\tranges = <0x00 0x00 0x0c000000 0x02000000>;\n', '');

function writeUpStyle() {
  let files = edit(fixed(), 'guest.dts', '\t\tranges = <0x00 0x00 0x0c000000 0x02000000>;', '\t\tranges = <0x5b230000 0x00 0x0c000000 0x10000>, <0x5b040000 0x00 0x0c010000 0x10000>, <0x5d1d0000 0x00 0x0c020000 0x10000>;');
  files = edit(files, 'guest.dts', 'eth0_lpcg: clock-controller@0 {\n\t\t\tcompatible = "fsl,imx8qxp-lpcg";\n\t\t\treg = <0x00 0x10000>;', 'eth0_lpcg: clock-controller@5b230000 {\n\t\t\tcompatible = "fsl,imx8qxp-lpcg";\n\t\t\treg = <0x5b230000 0x10000>;');
  files = edit(files, 'guest.dts', 'eth0: ethernet@10000 {\n\t\t\tcompatible = "acme,a1-fec";\n\t\t\treg = <0x10000 0x10000>;', 'eth0: ethernet@5b040000 {\n\t\t\tcompatible = "acme,a1-fec";\n\t\t\treg = <0x5b040000 0x10000>;');
  return edit(files, 'guest.dts', 'mu2: mailbox@20000 {\n\t\t\tcompatible = "fsl,imx8-mu-scu", "fsl,imx6sx-mu";\n\t\t\treg = <0x20000 0x10000>;', 'mu2: mailbox@5d1d0000 {\n\t\t\tcompatible = "fsl,imx8-mu-scu", "fsl,imx6sx-mu";\n\t\t\treg = <0x5d1d0000 0x10000>;');
}

function secondRegionOutside() {
  let files = edit(fixed(), 'guest.dts', '\t\tranges = <0x00 0x00 0x0c000000 0x02000000>;', '\t\tranges = <0x00 0x00 0x0c000000 0x30000>;');
  files = edit(files, 'guest.dts', 'reg = <0x20000 0x10000>;', 'reg = <0x20000 0x10000>, <0x40000 0x1000>;');
  return edit(files, 'host.dts', '&mu2 {', '&mu2 {\n\treg = <0x5d1d0000 0x10000>, <0x5d1f0000 0x1000>;');
}

function xgbeOnly() {
  let files = edit(noDtb(), 'qemu-args.txt', ' \\\n    -device vfio-platform,host=5b230000.clock-controller', '');
  files = edit(files, 'qemu-args.txt', ' \\\n    -device vfio-platform,host=5d1d0000.mailbox', '');
  return edit(files, 'host.dts', '&eth0 {\n\tcompatible = "fsl,dummy";', '&eth0 {\n\tcompatible = "amd,xgbe-seattle-v1a";');
}

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [
    { name: 'the fixed example: slots 0xc000000, 0xc010000, 0xc020000 through the identity ranges', files: fixed() },
    { name: "the write-up's style: host addresses in reg, a ranges that maps them onto the slots", files: writeUpStyle() },
    { name: 'a platform bus without ranges: mmio-mismatch says nothing (reg-not-translatable reports the cause)', files: noRanges() },
    {
      name: 'a ramfb ahead of them takes nothing; a JSON tpm-tis-device is created after them',
      files: edit(
        fixed(),
        'qemu-args.txt',
        '    -device vfio-platform,host=5b230000.clock-controller',
        `    -device '{"driver":"tpm-tis-device","tpmdev":"tpm0"}' -device ramfb \\\n    -device vfio-platform,host=5b230000.clock-controller`,
      ),
    },
    { name: 'no -dtb option but dtb= on the machine: the guest DTS is used', files: edit(noDtb(), 'qemu-args.txt', '-M virt,gic-version=3', '-M virt,gic-version=3,dtb=guest.dtb') },
  ],
  invalid: [
    {
      name: 'a device of two regions shifted by one slot: one finding for the device, the other region related',
      files: twoRegions(),
      errors: [
        {
          messageId: 'addresses',
          data: { node: 'eth0', actual: '0xc020000, 0xc028000', sysfs: '5b040000.ethernet', indices: '0, 1', expected: '0xc010000, 0xc018000', order: ORDER },
          message:
            'eth0 has its regions at guest addresses 0xc020000, 0xc028000, but QEMU maps 5b040000.ethernet regions 0, 1 at 0xc010000, 0xc018000 (platform-bus order: 5b230000.clock-controller, 5b040000.ethernet, 5d1d0000.mailbox)',
          file: 'guest.dts',
          line: 103,
          column: 11,
        },
      ],
    },
    {
      name: 'the mailbox one slot too far (the example)',
      files: example(),
      errors: [
        {
          ...address('mu2', '5d1d0000.mailbox', '0xc030000', '0xc020000', ORDER, 104),
          message:
            'mu2 is at guest address 0xc030000, but QEMU maps 5d1d0000.mailbox region 0 at 0xc020000 (platform-bus order: 5b230000.clock-controller, 5b040000.ethernet, 5d1d0000.mailbox)',
        },
      ],
    },
    {
      name: 'reordered -device arguments move every slot',
      files: edit(
        fixed(),
        'qemu-args.txt',
        '    -device vfio-platform,host=5b230000.clock-controller \\\n    -device vfio-platform,host=5b040000.ethernet \\\n    -device vfio-platform,host=5d1d0000.mailbox',
        '    -device vfio-platform,host=5d1d0000.mailbox \\\n    -device vfio-platform,host=5b230000.clock-controller \\\n    -device vfio-platform,host=5b040000.ethernet',
      ),
      errors: [
        address('eth0_lpcg', '5b230000.clock-controller', '0xc000000', '0xc010000', REORDERED, 95),
        address('eth0', '5b040000.ethernet', '0xc010000', '0xc020000', REORDERED, 103),
        address('mu2', '5d1d0000.mailbox', '0xc020000', '0xc000000', REORDERED, 116),
      ],
    },
    {
      name: 'a platform bus without ranges: reg-not-translatable reports the cause once, mmio-mismatch nothing',
      files: noRanges(),
      rules: ['reg-not-translatable'],
      errors: [
        {
          ruleId: 'reg-not-translatable',
          messageId: 'noRanges',
          data: {
            bus: '/platform-bus@c000000',
            devices: '/platform-bus@c000000/clock-controller@0, /platform-bus@c000000/ethernet@10000 and /platform-bus@c000000/mailbox@20000',
          },
          file: 'guest.dts',
          line: 86,
          column: 2,
        },
      ],
    },
    {
      // The host mailbox now has two regions: 0x10000 at 0xc020000, then 0x1000 at the first free
      // 0x1000-aligned offset, 0x30000.
      name: 'a second region outside every ranges entry (no other rule sees it)',
      files: secondRegionOutside(),
      errors: [
        {
          messageId: 'untranslatable',
          data: {
            index: '1',
            node: 'mu2',
            reason: '0x40000 of /platform-bus@c000000/mailbox@20000 is outside every ranges entry of /platform-bus@c000000',
            sysfs: '5d1d0000.mailbox',
            expected: '0xc030000',
          },
          message:
            'region 1 of mu2 cannot be translated: 0x40000 of /platform-bus@c000000/mailbox@20000 is outside every ranges entry of /platform-bus@c000000; QEMU maps 5d1d0000.mailbox region 1 at 0xc030000, but the guest kernel cannot reach it',
          file: 'guest.dts',
          line: 116,
          column: 30,
        },
      ],
    },
    {
      name: 'fewer guest reg entries than host regions: a warning (the guest driver may not use the others)',
      files: mu2TwoRegions(),
      errors: [
        {
          messageId: 'fewerRegions',
          data: { node: 'mu2', actual: '1 reg entry', expected: '2 regions', sysfs: '5d1d0000.mailbox' },
          message:
            'mu2 has 1 reg entry in the guest, but vfio-platform exposes 2 regions of 5d1d0000.mailbox, one per host reg entry: the guest driver cannot reach the regions past its entries, harmless only if it does not use them',
          file: 'guest.dts',
          line: 116,
          column: 4,
          level: 'warning',
        },
      ],
    },
    {
      name: 'fewer guest reg entries than a driver that maps a missing one needs: an error (meson8b_dwmac_probe maps regions 0 and 1)',
      files: edit(mu2TwoRegions(), 'guest.dts', 'compatible = "fsl,imx8-mu-scu", "fsl,imx6sx-mu";', 'compatible = "amlogic,meson-g12a-dwmac", "snps,dwmac-3.70a", "snps,dwmac";'),
      errors: [
        {
          messageId: 'regionNeeded',
          data: {
            node: 'mu2',
            actual: '1 reg entry',
            expected: '2 regions',
            sysfs: '5d1d0000.mailbox',
            driver: 'dwmac-meson8b',
            compatible: 'amlogic,meson-g12a-dwmac',
            needs: '2',
            probe: 'meson8b_dwmac_probe',
          },
          message:
            'mu2 has 1 reg entry in the guest, but its driver (dwmac-meson8b, for "amlogic,meson-g12a-dwmac") maps 2 regions in meson8b_dwmac_probe and fails its probe with fewer; vfio-platform exposes 2 regions of 5d1d0000.mailbox, one per host reg entry: give the guest node all of them, at their slots',
          file: 'guest.dts',
          line: 116,
          column: 4,
          level: 'error',
        },
      ],
    },
    {
      name: "fewer guest reg entries for a driver that maps the later region only if it is there: still the warning (dwc3-imx8mp's glue region)",
      files: edit(mu2TwoRegions(), 'guest.dts', 'compatible = "fsl,imx8-mu-scu", "fsl,imx6sx-mu";', 'compatible = "fsl,imx8mp-dwc3";'),
      errors: [{ messageId: 'fewerRegions', file: 'guest.dts', line: 116, column: 4, level: 'warning' }],
    },
    {
      name: 'more guest reg entries than host regions: an error',
      files: edit(fixed(), 'guest.dts', 'reg = <0x20000 0x10000>;', 'reg = <0x20000 0x10000>, <0x30000 0x1000>;'),
      errors: [
        {
          messageId: 'regionCount',
          data: { node: 'mu2', actual: '2 reg entries', expected: '1 region', sysfs: '5d1d0000.mailbox' },
          message:
            'mu2 has 2 reg entries in the guest, but vfio-platform exposes 1 region of 5d1d0000.mailbox, one per host reg entry: the guest entries past them reach no register of the device',
          file: 'guest.dts',
          line: 116,
          column: 4,
          level: 'error',
        },
      ],
    },
    {
      name: 'a region larger than the host one: a warning, accesses past the end read 0 under KVM',
      files: edit(fixed(), 'guest.dts', 'reg = <0x20000 0x10000>;', 'reg = <0x20000 0x20000>;'),
      errors: [
        {
          messageId: 'size',
          data: { index: '0', node: 'mu2', actual: '0x20000', expected: '0x10000', sysfs: '5d1d0000.mailbox', past: '0xc030000', beyond: NOWHERE },
          message:
            'region 0 of mu2 is 0x20000 bytes in the guest, but QEMU maps only 0x10000 bytes of 5d1d0000.mailbox there: under KVM, accesses from 0xc030000 on meet no device (reads return 0, writes are dropped)',
          file: 'guest.dts',
          line: 116,
          column: 11,
          level: 'warning',
        },
      ],
    },
    {
      name: "a region larger than the host one that runs into the next device's slot",
      files: edit(fixed(), 'guest.dts', 'reg = <0x10000 0x10000>;', 'reg = <0x10000 0x20000>;'),
      errors: [
        {
          messageId: 'size',
          data: { index: '0', node: 'eth0', actual: '0x20000', expected: '0x10000', sysfs: '5b040000.ethernet', past: '0xc020000', beyond: 'reach 5d1d0000.mailbox (at 0xc020000) instead' },
          file: 'guest.dts',
          line: 103,
          column: 11,
        },
      ],
    },
    {
      name: "a region that runs through the next device's slot and past it",
      files: edit(fixed(), 'guest.dts', 'reg = <0x10000 0x10000>;', 'reg = <0x10000 0x30000>;'),
      errors: [
        {
          messageId: 'size',
          data: {
            index: '0',
            node: 'eth0',
            actual: '0x30000',
            expected: '0x10000',
            sysfs: '5b040000.ethernet',
            past: '0xc020000',
            beyond: `reach 5d1d0000.mailbox (at 0xc020000) instead, and elsewhere ${NOWHERE}`,
          },
          file: 'guest.dts',
          line: 103,
          column: 11,
        },
      ],
    },
    {
      // tpm-tis-device: SPI 112 and 0x5000 bytes at offset 0 (hw/tpm/tpm_tis_sysbus.c); every 64 KiB
      // slot moves up by one: 0xc010000, 0xc020000, 0xc030000.
      name: 'a tpm-tis-device ahead of the vfio devices shifts every slot',
      files: withTpm(),
      errors: [
        { ...address('eth0_lpcg', '5b230000.clock-controller', '0xc000000', '0xc010000', WITH_TPM, 95), related: [{ line: 5, column: 13 }, { line: 4, column: 13 }] },
        address('eth0', '5b040000.ethernet', '0xc010000', '0xc020000', WITH_TPM, 103),
        address('mu2', '5d1d0000.mailbox', '0xc020000', '0xc030000', WITH_TPM, 116),
      ],
    },
    {
      name: 'no -dtb: QEMU writes the guest DT itself and refuses the vfio-platform devices',
      files: noDtb(),
      errors: [
        {
          messageId: 'noDtb',
          data: { sysfs: '5b230000.clock-controller', compatible: '"fsl,dummy"' },
          message:
            'the QEMU command line has no -dtb, so QEMU writes the guest device tree itself, and it has no node for 5b230000.clock-controller (compatible "fsl,dummy"): QEMU exits with "Device vfio-platform can not be dynamically instantiated"; give it the compiled guest DTS with -dtb',
          file: 'qemu-args.txt',
          line: 4,
          column: 13,
          related: [
            { line: 5, column: 13 },
            { line: 6, column: 13 },
          ],
        },
      ],
    },
    {
      // add_amd_xgbe_fdt_node looks the host node up by name and compatible: renamed, it is not found.
      name: 'no -dtb and a vfio-amd-xgbe whose host node lost its compatible: QEMU cannot find the host node and exits',
      files: edit(edit(xgbeOnly(), 'qemu-args.txt', '-device vfio-platform,host=5b040000.ethernet', '-device vfio-amd-xgbe,host=5b040000.ethernet'), 'host.dts', '&eth0 {\n\tcompatible = "amd,xgbe-seattle-v1a";', '&eth0 {\n\tcompatible = "acme,unbound";'),
      errors: [
        { messageId: 'address', line: 103, column: 11 },
        {
          messageId: 'noDtbXgbe',
          data: { sysfs: '5b040000.ethernet', compatible: '"acme,unbound"', dtName: 'ethernet@5b040000' },
          message:
            'the QEMU command line has no -dtb, so QEMU writes the guest device tree itself, and for 5b040000.ethernet (vfio-amd-xgbe) add_amd_xgbe_fdt_node looks up the host node ethernet@5b040000 with compatible "amd,xgbe-seattle-v1a", which the host node does not have (compatible "acme,unbound"): QEMU exits ("unable to retrieve node path for ethernet@5b040000/amd,xgbe-seattle-v1a"); keep that compatible on the host node (take the device from its host driver with driver_override instead), or give QEMU the compiled guest DTS with -dtb',
          file: 'qemu-args.txt',
          line: 4,
          column: 13,
        },
      ],
    },
    {
      // The one finding left is eth0's slot (it is alone on the bus now), not the missing -dtb.
      name: 'no -dtb, but every device is one QEMU writes a node for (amd,xgbe-seattle-v1a): no noDtb finding',
      files: xgbeOnly(),
      errors: [address('eth0', '5b040000.ethernet', '0xc010000', '0xc000000', '5b040000.ethernet', 103)],
    },
    {
      name: 'a --pass device the command line does not pass',
      files: fixed(),
      spec: { pass: ['mu1'] },
      errors: [
        {
          messageId: 'notInQemu',
          data: { node: 'mu1', sysfs: '5d1c0000.mailbox' },
          message: 'mu1 is passed (--pass) but the QEMU command line has no -device vfio-platform for 5d1c0000.mailbox: the guest never sees it',
          file: 'acme-a1.dtsi',
          line: 79,
          column: 3,
        },
      ],
    },
    {
      name: 'QEMU cannot fit a region: the bus is too small',
      files: fixed(),
      platformBus: { base: 0xc000000n, size: 0x20000n, firstSpi: 112, spiCount: 64 },
      errors: [
        {
          messageId: 'placementFailed',
          data: { message: 'Platform Bus: Can not fit MMIO region of size 10000', name: '5d1d0000.mailbox', base: '0xc000000', size: '0x20000' },
          message: 'Platform Bus: Can not fit MMIO region of size 10000: QEMU exits while placing 5d1d0000.mailbox on its platform bus (0xc000000, 0x20000 bytes)',
          file: 'qemu-args.txt',
          line: 6,
          column: 13,
        },
      ],
    },
  ],
});

// What the tester does not compare: the related locations' messages and files.
describe(`${ID}: related locations`, () => {
  it('two regions shifted: the other region related', () => {
    expect(checkFiles(twoRegions(), run).findings[0]!.related.map((x) => [x.message, x.at.line])[0]).toEqual(['region 1 of eth0', 104]);
  });

  it('the example: the -device related', () => {
    expect(checkFiles(example(), run).findings[0]!.related.map((x) => [x.message, x.at.file.split('/').pop(), x.at.line])).toEqual([['passed to QEMU here', 'qemu-args.txt', 6]]);
  });

  it('a tpm-tis-device ahead: the -device and the tpm-tis-device related', () => {
    expect(checkFiles(withTpm(), run).findings[0]!.related.map((x) => `${x.at.file.split('/').pop()}:${x.at.line}:${x.at.column} ${x.message}`)).toEqual([
      'qemu-args.txt:5:13 passed to QEMU here',
      'qemu-args.txt:4:13 tpm-tis-device comes first on the platform bus and takes 0x5000 bytes at 0xc000000 and SPI 112',
    ]);
  });

  it('no -dtb: the other devices QEMU has no node for related', () => {
    expect(checkFiles(noDtb(), run).findings[0]!.related.map((x) => `${x.at.line}:${x.at.column} ${x.message}`)).toEqual([
      '5:13 QEMU has no node for 5b040000.ethernet either',
      '6:13 QEMU has no node for 5d1d0000.mailbox either',
    ]);
  });
});
