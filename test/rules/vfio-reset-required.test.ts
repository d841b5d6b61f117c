/**
 * vfio-reset-required on the fixed example (eth0, its clock gate and mu2, all `fsl,dummy`), with the
 * host command line from a --cmdline file (host.cmdline), /chosen/bootargs, CONFIG_CMDLINE, or none.
 * Expected results written from Linux 6.12 before running: see docs/rules/vfio-reset-required.md.
 */
import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example, withFiles, type Files } from './pair-harness.js';

const ID = 'vfio-reset-required';
const tester = new RuleTester({ scope: 'pair' });

/** The fixed example with its files replaced (`undefined` removes one). */
const fixed = (changes: Partial<Record<'host.cmdline' | 'host.config', string | undefined>> = {}): Files => withFiles(example('fixed'), changes);

const NO_RESET = 'console=ttyAMA0,115200 root=/dev/mmcblk0p2 rootwait vfio_iommu_type1.allow_unsafe_interrupts=1\n';
const WITH_RESET = 'console=ttyAMA0,115200 vfio-platform.reset_required=0\n';
/** A full .config (kconfig's header) with what passthrough needs and `more`. */
const full = (...more: string[]) =>
  ['#', '# Automatically generated file; DO NOT EDIT.', '# Linux/arm64 6.12.0 Kernel Configuration', '#', 'CONFIG_KVM=y', 'CONFIG_VFIO=y', 'CONFIG_VFIO_CONTAINER=y', 'CONFIG_VFIO_IOMMU_TYPE1=y', 'CONFIG_ARM_SMMU=y', ...more, ''].join('\n');
const bootargs = (files: Files, text: string): Files => ({ ...files, 'host.dts': `${files['host.dts']}\n/ {\n\tchosen {\n\t\tbootargs = "${text}";\n\t};\n};\n` });
/** eth0 with a compatible that has a reset module (drivers/vfio/platform/reset/vfio_platform_amdxgbe.c). */
const xgbe = (files: Files): Files => edit(files, 'host.dts', '&eth0 {\n\tcompatible = "fsl,dummy";', '&eth0 {\n\tcompatible = "amd,xgbe-seattle-v1a", "fsl,dummy";');

/** Passes one device with --pass and no QEMU command line. */
const only = (name: string) => ({ qemu: undefined, pass: [name] });
const WHY = (c = 'fsl,dummy') => `no vfio reset module handles its compatible "${c}"`;
const DEVICES = [
  { device: 'eth0', sysfs: '5b040000.ethernet', line: 29 },
  { device: 'eth0_lpcg', sysfs: '5b230000.clock-controller', line: 44 },
  { device: 'mu2', sysfs: '5d1d0000.mailbox', line: 51 },
];
const PLACE = "the host's kernel command line (the bootloader's: U-Boot's bootargs, or GRUB's linux line under UEFI; it replaces /chosen/bootargs)";
const FILE_STATE = { cmdline: 'the --cmdline file', state: 'does not set vfio_platform.reset_required=0' };
const NO_LINE = 'dtlint sees no host command line: give it with --cmdline (a copy of /proc/cmdline)';

tester.run(ID, {
  valid: [
    { name: 'the fixed example: host.cmdline holds the parameter', files: fixed() },
    { name: '-, _ alike: vfio-platform.reset_required=0', files: fixed({ 'host.cmdline': WITH_RESET }) },
    { name: '/chosen/bootargs sets it (a guess, but it is set)', files: bootargs(fixed({ 'host.cmdline': undefined }), 'console=ttyAMA0 vfio_platform.reset_required=0') },
    { name: 'CONFIG_CMDLINE sets it (used when the bootloader passes none)', files: fixed({ 'host.cmdline': undefined, 'host.config': 'CONFIG_VFIO=y\nCONFIG_VFIO_PLATFORM=y\nCONFIG_CMDLINE="vfio_platform.reset_required=n"\n' }) },
    { name: 'no vfio-platform in a full config: kernel-config reports that', files: fixed({ 'host.cmdline': NO_RESET, 'host.config': full() }) },
    {
      name: 'a compatible whose reset module a full config builds (VFIO_PLATFORM_AMDXGBE_RESET=m) needs no parameter',
      files: xgbe(fixed({ 'host.cmdline': NO_RESET, 'host.config': full('CONFIG_VFIO_PLATFORM=y', 'CONFIG_VFIO_PLATFORM_AMDXGBE_RESET=m') })),
      spec: only('eth0'),
    },
  ],
  invalid: [
    {
      name: 'a --cmdline file without it and VFIO_PLATFORM=y: an error at each passed device',
      files: fixed({ 'host.cmdline': NO_RESET }),
      errors: DEVICES.map((d, i) => ({
        messageId: 'missing',
        data: { device: d.device, sysfs: d.sysfs, why: WHY(), ...FILE_STATE, place: PLACE },
        ...(i === 0
          ? {
              message:
                'eth0 (5b040000.ethernet): no vfio reset module handles its compatible "fsl,dummy", and the --cmdline file does not set vfio_platform.reset_required=0, which with vfio-platform built in nothing else can set: vfio-platform refuses it (the kernel logs "vfio-platform 5b040000.ethernet: No reset function found for device", then "probe with driver vfio-platform failed with error -2") and the bind fails; add vfio_platform.reset_required=0 to the host\'s kernel command line (the bootloader\'s: U-Boot\'s bootargs, or GRUB\'s linux line under UEFI; it replaces /chosen/bootargs)',
              related: [
                { file: 'host.dts', line: 30, column: 2 },
                { file: 'host.cmdline', line: 1, column: 1 },
                { file: 'host.config', line: 2, column: 1 },
                { file: 'qemu-args.txt', line: 5, column: 13 },
              ],
            }
          : {}),
        file: 'host.dts',
        line: d.line,
        column: 1,
        level: 'error' as const,
      })),
    },
    {
      name: 'reset_required=1 is the default: still an error, at the device, the assignment related',
      files: fixed({ 'host.cmdline': 'vfio_platform.reset_required=1' }),
      spec: only('eth0'),
      errors: [
        {
          messageId: 'missing',
          data: { device: 'eth0', sysfs: '5b040000.ethernet', why: WHY(), cmdline: 'the --cmdline file', state: 'sets vfio_platform.reset_required=1, not vfio_platform.reset_required=0', place: PLACE },
          line: 29,
          column: 1,
          related: [
            { file: 'host.dts', line: 30, column: 2 },
            { file: 'host.cmdline', line: 1, column: 1 },
            { file: 'host.config', line: 2, column: 1 },
          ],
        },
      ],
    },
    {
      name: 'a value kstrtobool rejects keeps the default',
      files: fixed({ 'host.cmdline': 'vfio_platform.reset_required=please' }),
      spec: only('eth0'),
      errors: [
        {
          messageId: 'missing',
          data: {
            device: 'eth0',
            sysfs: '5b040000.ethernet',
            why: WHY(),
            cmdline: 'the --cmdline file',
            state: 'sets vfio_platform.reset_required=please, which the kernel rejects (kstrtobool), keeping the default, not vfio_platform.reset_required=0',
            place: PLACE,
          },
          line: 29,
          column: 1,
        },
      ],
    },
    {
      name: 'CONFIG_CMDLINE_FORCE without it: certain, the fix goes into CONFIG_CMDLINE',
      files: fixed({ 'host.cmdline': undefined, 'host.config': 'CONFIG_VFIO=y\nCONFIG_VFIO_PLATFORM=y\nCONFIG_CMDLINE="console=ttyAMA0"\nCONFIG_CMDLINE_FORCE=y\n' }),
      spec: only('mu2'),
      errors: [
        {
          messageId: 'missing',
          data: {
            device: 'mu2',
            sysfs: '5d1d0000.mailbox',
            why: WHY(),
            cmdline: 'CONFIG_CMDLINE (CONFIG_CMDLINE_FORCE)',
            state: 'does not set vfio_platform.reset_required=0',
            place: "CONFIG_CMDLINE (CONFIG_CMDLINE_FORCE makes the kernel ignore the bootloader's command line)",
          },
          line: 51,
          column: 1,
          level: 'error',
        },
      ],
    },
    {
      name: 'VFIO_PLATFORM=m: /etc/modprobe.d may set it (a warning)',
      files: fixed({ 'host.cmdline': NO_RESET, 'host.config': 'CONFIG_VFIO=m\nCONFIG_VFIO_PLATFORM=m\n' }),
      spec: only('eth0'),
      errors: [
        {
          messageId: 'module',
          data: { device: 'eth0', sysfs: '5b040000.ethernet', why: WHY(), ...FILE_STATE },
          message:
            'eth0 (5b040000.ethernet): no vfio reset module handles its compatible "fsl,dummy", and the --cmdline file does not set vfio_platform.reset_required=0: with CONFIG_VFIO_PLATFORM=m only /etc/modprobe.d (`options vfio_platform reset_required=0`, which dtlint cannot see) can set it instead, else vfio-platform refuses it (the kernel logs "vfio-platform 5b040000.ethernet: No reset function found for device", then "probe with driver vfio-platform failed with error -2") and the bind fails',
          line: 29,
          column: 1,
          level: 'warning',
        },
      ],
    },
    {
      name: 'no --kconfig: built in or a module, dtlint cannot tell (a warning)',
      files: fixed({ 'host.cmdline': NO_RESET, 'host.config': undefined }),
      spec: only('eth0'),
      errors: [{ messageId: 'buildUnknown', data: { device: 'eth0', sysfs: '5b040000.ethernet', why: WHY(), ...FILE_STATE, place: PLACE }, line: 29, column: 1, level: 'warning' }],
    },
    {
      name: '/chosen/bootargs without it: U-Boot usually replaces them, so a warning saying what the line must hold',
      files: bootargs(fixed({ 'host.cmdline': undefined }), 'console=ttyAMA0 root=/dev/mmcblk0p2'),
      spec: only('eth0'),
      errors: [
        {
          messageId: 'unseen',
          data: {
            device: 'eth0',
            sysfs: '5b040000.ethernet',
            why: WHY(),
            seen: "/chosen/bootargs does not set vfio_platform.reset_required=0, but the host boots with what its bootloader passes (U-Boot's bootargs, GRUB's linux line): give that command line with --cmdline",
          },
          message:
            'eth0 (5b040000.ethernet): no vfio reset module handles its compatible "fsl,dummy", so the host\'s kernel command line must hold vfio_platform.reset_required=0 (or /etc/modprobe.d, with CONFIG_VFIO_PLATFORM=m), else vfio-platform refuses it (the kernel logs "vfio-platform 5b040000.ethernet: No reset function found for device", then "probe with driver vfio-platform failed with error -2") and the bind fails; /chosen/bootargs does not set vfio_platform.reset_required=0, but the host boots with what its bootloader passes (U-Boot\'s bootargs, GRUB\'s linux line): give that command line with --cmdline',
          line: 29,
          column: 1,
          level: 'warning',
          related: [
            { file: 'host.dts', line: 30, column: 2 },
            { file: 'host.dts', line: 71, column: 3 },
            { file: 'host.config', line: 2, column: 1 },
          ],
        },
      ],
    },
    {
      name: 'CONFIG_CMDLINE_EXTEND appends to bootargs: still not certain',
      files: bootargs(fixed({ 'host.cmdline': undefined, 'host.config': 'CONFIG_VFIO=y\nCONFIG_VFIO_PLATFORM=y\nCONFIG_CMDLINE="quiet"\nCONFIG_CMDLINE_EXTEND=y\n' }), 'console=ttyAMA0'),
      spec: only('eth0'),
      errors: [
        {
          messageId: 'unseen',
          data: {
            device: 'eth0',
            sysfs: '5b040000.ethernet',
            why: WHY(),
            seen: "/chosen/bootargs and CONFIG_CMDLINE (CONFIG_CMDLINE_EXTEND) does not set vfio_platform.reset_required=0, but the host boots with what its bootloader passes (U-Boot's bootargs, GRUB's linux line): give that command line with --cmdline",
          },
          line: 29,
          column: 1,
        },
      ],
    },
    {
      name: 'no command line at all: a warning',
      files: fixed({ 'host.cmdline': undefined }),
      spec: only('eth0'),
      errors: [{ messageId: 'unseen', data: { device: 'eth0', sysfs: '5b040000.ethernet', why: WHY(), seen: NO_LINE }, line: 29, column: 1, level: 'warning' }],
    },
    {
      name: 'the reset module for the first compatible is off in a full config: as if it had none',
      files: xgbe(fixed({ 'host.cmdline': NO_RESET, 'host.config': full('CONFIG_VFIO_PLATFORM=y', '# CONFIG_VFIO_PLATFORM_AMDXGBE_RESET is not set') })),
      spec: only('eth0'),
      errors: [
        {
          messageId: 'missing',
          data: {
            device: 'eth0',
            sysfs: '5b040000.ethernet',
            why: 'the vfio reset module for its compatible "amd,xgbe-seattle-v1a", CONFIG_VFIO_PLATFORM_AMDXGBE_RESET, is off in host.config',
            ...FILE_STATE,
            place: PLACE,
          },
          line: 29,
          column: 1,
          level: 'error',
        },
      ],
    },
    {
      name: 'a fragment that does not mention the reset module: make sure the base config has it (a warning)',
      files: xgbe(fixed({ 'host.cmdline': NO_RESET })),
      spec: only('eth0'),
      errors: [
        {
          messageId: 'resetModuleUnknown',
          data: { device: 'eth0', sysfs: '5b040000.ethernet', compatible: 'amd,xgbe-seattle-v1a', symbol: 'VFIO_PLATFORM_AMDXGBE_RESET', file: 'host.config' },
          line: 29,
          column: 1,
          level: 'warning',
        },
      ],
    },
    {
      name: 'only the first compatible counts (vfio_platform_of_probe reads one string)',
      files: edit(fixed({ 'host.cmdline': NO_RESET }), 'host.dts', '&eth0 {\n\tcompatible = "fsl,dummy";', '&eth0 {\n\tcompatible = "fsl,dummy", "amd,xgbe-seattle-v1a";'),
      spec: only('eth0'),
      errors: [{ messageId: 'missing', data: { device: 'eth0', sysfs: '5b040000.ethernet', why: WHY(), ...FILE_STATE, place: PLACE }, line: 29, column: 1 }],
    },
  ],
});

describe(`${ID}: symptom`, () => {
  it('the bind fails, so QEMU refuses the device', () => {
    const f = checkFiles(fixed({ 'host.cmdline': NO_RESET }), { rules: [ID] }).findings[0]!;
    expect(f.symptom).toBe('vfio-platform bind fails: QEMU refuses the device');
  });
});
