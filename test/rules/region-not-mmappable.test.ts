import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example, type Files } from './pair-harness.js';

const ID = 'region-not-mmappable';
const tester = new RuleTester({ scope: 'pair' });

const ETH0_REG = 'reg = <0x5b040000 0x10000>;';
/** The fixed example with eth0's one region changed. */
const eth0Reg = (reg: string, files: Files = example('fixed')): Files => edit(files, 'acme-a1.dtsi', ETH0_REG, reg);
const withConfig = (files: Files, config: string): Files => ({ ...files, 'host.config': config });
const FRAGMENT = 'CONFIG_VFIO=y\nCONFIG_VFIO_PLATFORM=y\nCONFIG_ARM_SMMU=y\nCONFIG_KVM=y\n';
const FULL = '# Automatically generated file; DO NOT EDIT.\n# Linux/arm64 6.12 Kernel Configuration\nCONFIG_VFIO=y\n';
const ASSUMED_4K = ' (dtlint assumes 4 KiB pages: host.config does not set CONFIG_ARM64_*_PAGES, and with 16 KiB or 64 KiB pages it is so too)';
const ROUND_UP = (to: string) =>
  `no other node of the host tree has registers in the rest of its page: if the SoC manual gives the rest to this device, rounding the host reg's size up to ${to} lets QEMU map it (the guest's reg may keep the real size, but QEMU aligns each platform-bus region to its size, so this region's slot and those after it may move: mmio-mismatch then gives the new guest addresses); else accept the cost`;
/** eth0's reg in acme-a1.dtsi: line 113, the entry's first cell. */
const AT_ETH0_REG = { file: 'acme-a1.dtsi', line: 113, column: 11 };

tester.run(ID, {
  valid: [
    { name: 'the fixed example: 64 KiB regions at 64 KiB boundaries (mappable with any page size)', files: example('fixed') },
    { name: 'a 4 KiB region on 4 KiB pages assumed (no page size in the fragment)', files: eth0Reg('reg = <0x5b040000 0x1000>;') },
    {
      name: 'a 4 KiB region with CONFIG_ARM64_4K_PAGES=y',
      files: withConfig(eth0Reg('reg = <0x5b040000 0x1000>;'), `${FRAGMENT}CONFIG_ARM64_4K_PAGES=y\n`),
    },
    {
      name: 'a 12 KiB region (three pages) on 4 KiB pages',
      files: eth0Reg('reg = <0x5b043000 0x3000>;', edit(example('fixed'), 'qemu-args.txt', 'host=5b040000.ethernet', 'host=5b043000.ethernet')),
    },
    {
      name: '64 KiB regions on a full .config with 64 KiB pages',
      files: withConfig(example('fixed'), `${FULL}CONFIG_ARM64_64K_PAGES=y\nCONFIG_PAGE_SHIFT=16\n`),
    },
    { name: 'x-no-mmap=off', files: edit(example('fixed'), 'qemu-args.txt', 'host=5b040000.ethernet', 'host=5b040000.ethernet,x-no-mmap=off') },
  ],
  invalid: [
    {
      name: 'a 0x100-byte region: smaller than a page',
      files: eth0Reg('reg = <0x5b040000 0x100>;'),
      errors: [
        {
          messageId: 'unmappable',
          message:
            'region 0 of eth0 (5b040000.ethernet), 0x100 bytes at 0x5b040000, is smaller than a 4 KiB page: vfio-platform does not let QEMU mmap it, so every guest access to it traps to KVM, exits to QEMU and becomes a pread/pwrite on the vfio device, an ioread/iowrite in the host kernel, instead of a direct access' +
            `${ASSUMED_4K}; ${ROUND_UP('0x1000')}`,
          ...AT_ETH0_REG,
          level: 'warning',
        },
      ],
    },
    {
      name: 'a size that is not a whole number of pages (6 KiB)',
      files: eth0Reg('reg = <0x5b040000 0x1800>;'),
      errors: [
        {
          messageId: 'unmappable',
          data: {
            region: 'region 0',
            device: 'eth0',
            sysfs: '5b040000.ethernet',
            size: '0x1800',
            address: '0x5b040000',
            why: 'is not a whole number of 4 KiB pages',
            pages: ASSUMED_4K,
            fix: ROUND_UP('0x2000'),
          },
          ...AT_ETH0_REG,
        },
      ],
    },
    {
      name: 'an unaligned base: 4 KiB starting 0x800 into a page',
      files: edit(
        edit(example('fixed'), 'acme-a1.dtsi', 'reg = <0x5b230000 0x10000>;', 'reg = <0x5b230800 0x1000>;'),
        'qemu-args.txt',
        'host=5b230000.clock-controller',
        'host=5b230800.clock-controller',
      ),
      errors: [
        {
          messageId: 'unmappable',
          data: {
            region: 'region 0',
            device: 'eth0_lpcg',
            sysfs: '5b230800.clock-controller',
            size: '0x1000',
            address: '0x5b230800',
            why: 'starts 0x800 into a 4 KiB page',
            pages: ASSUMED_4K,
            fix: "its registers do not start on a page boundary, so no host reg makes it mappable without moving the guest driver's register offsets: accept the cost",
          },
          file: 'acme-a1.dtsi',
          line: 105,
          column: 11,
        },
      ],
    },
    {
      name: 'a region that shares its page with another device: the fix names it',
      files: edit(
        eth0Reg('reg = <0x5b040000 0x100>;'),
        'host.dts',
        '&eth1 {',
        '&conn {\n\tacme_timer: timer@5b040100 {\n\t\tcompatible = "acme,a1-timer";\n\t\treg = <0x5b040100 0x100>;\n\t\tstatus = "disabled";\n\t};\n};\n\n&eth1 {',
      ),
      errors: [
        {
          messageId: 'unmappable',
          data: {
            region: 'region 0',
            device: 'eth0',
            sysfs: '5b040000.ethernet',
            size: '0x100',
            address: '0x5b040000',
            why: 'is smaller than a 4 KiB page',
            pages: ASSUMED_4K,
            fix: 'the rest of its 4 KiB page holds registers of acme_timer (0x5b040100), which a page-sized region would hand to the guest: keep the reg and accept the cost',
          },
          ...AT_ETH0_REG,
        },
      ],
    },
    {
      name: '4 KiB regions on a kernel with 64 KiB pages (the fragment sets the choice)',
      files: withConfig(
        edit(eth0Reg('reg = <0x5b040000 0x1000>, <0x5b041000 0x1000>;'), 'acme-a1.dtsi', 'clock-names = "ipg", "ahb";', 'clock-names = "ipg", "ahb";\n\t\t\treg-names = "mac", "ptp";'),
        `${FRAGMENT}CONFIG_ARM64_64K_PAGES=y\n`,
      ),
      errors: [
        {
          messageId: 'unmappable',
          data: {
            region: 'region 0 ("mac")',
            device: 'eth0',
            sysfs: '5b040000.ethernet',
            size: '0x1000',
            address: '0x5b040000',
            why: 'is smaller than a 64 KiB page',
            pages: '',
            fix: 'a host kernel with 4 KiB pages (CONFIG_ARM64_4K_PAGES) lets QEMU map it',
          },
          ...AT_ETH0_REG,
          related: [{ file: 'host.config', line: 5, column: 1 }, { file: 'qemu-args.txt', line: 5, column: 13 }],
        },
        {
          messageId: 'unmappable',
          data: {
            region: 'region 1 ("ptp")',
            device: 'eth0',
            sysfs: '5b040000.ethernet',
            size: '0x1000',
            address: '0x5b041000',
            why: 'is smaller than a 64 KiB page and starts 0x1000 into a 64 KiB page',
            pages: '',
            fix: 'a host kernel with 4 KiB pages (CONFIG_ARM64_4K_PAGES) lets QEMU map it',
          },
          file: 'acme-a1.dtsi',
          line: 113,
          column: 32,
        },
      ],
    },
    {
      name: 'a fragment that turns 4 KiB pages off: 16 KiB assumed, 64 KiB named',
      files: withConfig(eth0Reg('reg = <0x5b040000 0x1000>;'), `${FRAGMENT}# CONFIG_ARM64_4K_PAGES is not set\n`),
      errors: [
        {
          messageId: 'unmappable',
          data: {
            region: 'region 0',
            device: 'eth0',
            sysfs: '5b040000.ethernet',
            size: '0x1000',
            address: '0x5b040000',
            why: 'is smaller than a 16 KiB page',
            pages: ' (dtlint assumes 16 KiB pages: host.config does not set CONFIG_ARM64_*_PAGES, and with 64 KiB pages it is so too)',
            fix: 'a host kernel with 4 KiB pages (CONFIG_ARM64_4K_PAGES) lets QEMU map it',
          },
          ...AT_ETH0_REG,
        },
      ],
    },
    {
      name: 'x-no-mmap on the -device: every region traps',
      files: edit(example('fixed'), 'qemu-args.txt', 'host=5b040000.ethernet', 'host=5b040000.ethernet,x-no-mmap=on'),
      errors: [
        {
          messageId: 'noMmap',
          data: { device: 'eth0', sysfs: '5b040000.ethernet', value: 'on' },
          file: 'qemu-args.txt',
          line: 5,
          column: 50,
        },
      ],
    },
  ],
});

describe(ID, () => {
  it('says when no config gives the page size', () => {
    const files = eth0Reg('reg = <0x5b040000 0x100>;');
    delete files['host.config'];
    expect(checkFiles(files, { rules: [ID] }).findings[0]!.message).toContain('(dtlint assumes 4 KiB pages: no --kconfig gives the page size, and with 16 KiB or 64 KiB pages it is so too)');
  });

  it('names the symptom and points at the reg entry when the user override is elsewhere', () => {
    const result = checkFiles(eth0Reg('reg = <0x5b040000 0x100>;'), { rules: [ID] });
    expect(result.findings.map((f) => f.symptom)).toEqual(['slow register access in the guest']);
    expect(result.findings[0]!.subject).toBe('/bus@5b000000/ethernet@5b040000:reg:0');
  });
});
