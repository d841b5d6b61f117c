/**
 * vfio-unsafe-interrupts on the fixed example (eth0 and its clock gate in the SMMU group 0x12, mu2 in
 * 0x13; a GICv3 without an ITS), with the host command line from a --cmdline file (host.cmdline),
 * /chosen/bootargs, CONFIG_CMDLINE, or none, and the kernel version from a full .config's header.
 * Expected results written from Linux 6.12 before running: see docs/rules/vfio-unsafe-interrupts.md.
 */
import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example, withFiles, type Files } from './pair-harness.js';
import { socFiles } from './iommu-soc.js';

const ID = 'vfio-unsafe-interrupts';
const tester = new RuleTester({ scope: 'pair' });

/** The fixed example with its files replaced (`undefined` removes one). */
const fixed = (changes: Partial<Record<'host.cmdline' | 'host.config', string | undefined>> = {}): Files => withFiles(example('fixed'), changes);

const append = (files: Files, text: string): Files => ({ ...files, 'host.dts': `${files['host.dts']}\n${text}\n` });
/** A GICv3 ITS on the host (its_of_probe registers it: available, msi-controller). */
const withIts = (files: Files): Files =>
  append(
    files,
    '&gic {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n\tranges;\n\tits: msi-controller@51c00000 {\n\t\tcompatible = "arm,gic-v3-its";\n\t\treg = <0x0 0x51c00000 0x0 0x20000>;\n\t\tmsi-controller;\n\t\t#msi-cells = <1>;\n\t};\n};',
  );
/** The ITS as Socionext's SynQuacer has it: a pre-ITS (its_enable_quirk_socionext_synquacer clears MSI isolation). */
const withPreIts = (files: Files): Files => edit(withIts(files), 'host.dts', '\t\tmsi-controller;\n\t\t#msi-cells = <1>;', '\t\tmsi-controller;\n\t\t#msi-cells = <1>;\n\t\tsocionext,synquacer-pre-its = <0x58000000 0x200000>;');
const bootargs = (files: Files, text: string): Files => append(files, `/ {\n\tchosen {\n\t\tbootargs = "${text}";\n\t};\n};`);
/** A full .config of Linux `version` with what passthrough needs, and `more`. */
const full = (version: string, ...more: string[]) =>
  ['#', '# Automatically generated file; DO NOT EDIT.', `# Linux/arm64 ${version} Kernel Configuration`, '#', 'CONFIG_KVM=y', 'CONFIG_VFIO=y', 'CONFIG_VFIO_PLATFORM=y', 'CONFIG_ARM_SMMU=y', ...more, ''].join('\n');
const TYPE1 = ['CONFIG_VFIO_CONTAINER=y', 'CONFIG_VFIO_IOMMU_TYPE1=y'];
const only = (name: string) => ({ qemu: undefined, pass: [name] });

const NO_UNSAFE = 'console=ttyAMA0,115200 root=/dev/mmcblk0p2 vfio_platform.reset_required=0\n';
const ETH0 = { device: 'eth0', sysfs: '5b040000.ethernet', group: 'iommu@51400000:0x12' };
const TYPE1_PARAM = { param: 'vfio_iommu_type1.allow_unsafe_interrupts=1', module: 'vfio_iommu_type1', symbol: 'VFIO_IOMMU_TYPE1' };
const REFUSAL =
  'vfio_iommu_type1_attach_group refuses the group (-EPERM, "No interrupt remapping support") and QEMU stops ("Failed to set iommu for container: Operation not permitted")';
const FILE_STATE = { cmdline: 'the --cmdline file', state: 'does not set vfio_iommu_type1.allow_unsafe_interrupts=1' };
const PLACE = "the host's kernel command line (the bootloader's: U-Boot's bootargs, or GRUB's linux line under UEFI; it replaces /chosen/bootargs)";
const NO_ITS = (member = 'eth0') => `no GICv3 ITS on the host, and ${member} has no msi-parent on one`;

tester.run(ID, {
  valid: [
    // CONFIG_SOCIONEXT_SYNQUACER_PREITS off: the quirk is not built, the ITS keeps MSI remapping (before 6.3 enough).
    { name: 'a pre-ITS whose quirk the 5.15 config does not build', files: withPreIts(fixed({ 'host.cmdline': NO_UNSAFE, 'host.config': full('5.15.0', 'CONFIG_VFIO_IOMMU_TYPE1=y', '# CONFIG_SOCIONEXT_SYNQUACER_PREITS is not set') })), spec: only('eth0') },
    { name: 'the fixed example: host.cmdline holds the parameter', files: fixed() },
    { name: '/chosen/bootargs sets it (a guess, but it is set)', files: bootargs(fixed({ 'host.cmdline': undefined }), 'vfio_iommu_type1.allow_unsafe_interrupts=y') },
    {
      name: 'before Linux 6.3 a GICv3 ITS anywhere on the host was enough (irq_domain_check_msi_remap)',
      files: withIts(fixed({ 'host.cmdline': NO_UNSAFE, 'host.config': full('6.1.55', ...TYPE1) })),
    },
    {
      name: 'every device of the group has an msi-parent on the ITS: isolated MSIs (iommu_group_has_isolated_msi)',
      files: append(withIts(fixed({ 'host.cmdline': NO_UNSAFE, 'host.config': full('6.12.0', ...TYPE1) })), '&eth0 {\n\tmsi-parent = <&its 0x12>;\n};\n&eth0_lpcg {\n\tmsi-parent = <&its 0x12>;\n};'),
      spec: only('eth0'),
    },
    { name: 'no VFIO container in a full config: kernel-config reports that', files: fixed({ 'host.cmdline': NO_UNSAFE, 'host.config': full('6.12.0') }) },
  ],
  invalid: [
    {
      // Before 6.3 any ITS with MSI remapping let every group pass; the pre-ITS quirk clears it.
      name: 'a Synquacer pre-ITS on a 5.15 host: no isolating ITS, and the finding says why',
      files: withPreIts(fixed({ 'host.cmdline': NO_UNSAFE, 'host.config': full('5.15.0', 'CONFIG_VFIO_IOMMU_TYPE1=y') })),
      spec: only('eth0'),
      errors: [{ messageId: 'missing', data: { ...ETH0, why: "Linux 5.15.0: the host's only GICv3 ITS is behind a pre-ITS (socionext,synquacer-pre-its), whose quirk clears MSI isolation (its_enable_quirk_socionext_synquacer)", ...TYPE1_PARAM, refusal: REFUSAL, ...FILE_STATE, place: PLACE }, line: 29, column: 1 }],
    },
    {
      name: 'a device whose msi-parent is the pre-ITS (6.12): the finding names the pre-ITS, not a missing msi-parent',
      files: append(withPreIts(fixed({ 'host.cmdline': NO_UNSAFE, 'host.config': full('6.12.0', ...TYPE1) })), '&eth0 {\n\tmsi-parent = <&its 0x12>;\n};'),
      spec: only('eth0'),
      errors: [{ messageId: 'missing', data: { ...ETH0, why: 'Linux 6.12.0: the msi-parent of eth0 is an ITS behind a pre-ITS (socionext,synquacer-pre-its), whose quirk clears MSI isolation (its_enable_quirk_socionext_synquacer)', ...TYPE1_PARAM, refusal: REFUSAL, ...FILE_STATE, place: PLACE }, line: 82, column: 1 }],
    },
    {
      name: 'a --cmdline file without it, VFIO built in, no ITS: an error at each passed device, whatever the kernel version',
      files: fixed({ 'host.cmdline': NO_UNSAFE }),
      errors: [
        {
          messageId: 'missing',
          data: { ...ETH0, why: NO_ITS(), ...TYPE1_PARAM, refusal: REFUSAL, ...FILE_STATE, place: PLACE },
          message:
            'eth0 (5b040000.ethernet): the host cannot isolate the MSIs of IOMMU group iommu@51400000:0x12 (no GICv3 ITS on the host, and eth0 has no msi-parent on one), and the --cmdline file does not set vfio_iommu_type1.allow_unsafe_interrupts=1, which with vfio_iommu_type1 built in nothing else can set: vfio_iommu_type1_attach_group refuses the group (-EPERM, "No interrupt remapping support") and QEMU stops ("Failed to set iommu for container: Operation not permitted"); add vfio_iommu_type1.allow_unsafe_interrupts=1 to the host\'s kernel command line (the bootloader\'s: U-Boot\'s bootargs, or GRUB\'s linux line under UEFI; it replaces /chosen/bootargs)',
          file: 'host.dts',
          line: 29,
          column: 1,
          level: 'error',
          related: [
            { file: 'host.cmdline', line: 1, column: 1 },
            { file: 'qemu-args.txt', line: 5, column: 13 },
          ],
        },
        { messageId: 'missing', data: { device: 'eth0_lpcg', sysfs: '5b230000.clock-controller', group: 'iommu@51400000:0x12', why: NO_ITS('eth0_lpcg'), ...TYPE1_PARAM, refusal: REFUSAL, ...FILE_STATE, place: PLACE }, line: 44, column: 1 },
        { messageId: 'missing', data: { device: 'mu2', sysfs: '5d1d0000.mailbox', group: 'iommu@51400000:0x13', why: NO_ITS('mu2'), ...TYPE1_PARAM, refusal: REFUSAL, ...FILE_STATE, place: PLACE }, line: 51, column: 1 },
      ],
    },
    {
      name: '=0 on the command line: the assignment related',
      files: fixed({ 'host.cmdline': 'vfio_iommu_type1.allow_unsafe_interrupts=0' }),
      spec: only('mu2'),
      errors: [
        {
          messageId: 'missing',
          data: {
            device: 'mu2',
            sysfs: '5d1d0000.mailbox',
            group: 'iommu@51400000:0x13',
            why: NO_ITS('mu2'),
            ...TYPE1_PARAM,
            refusal: REFUSAL,
            cmdline: 'the --cmdline file',
            state: 'sets vfio_iommu_type1.allow_unsafe_interrupts=0, not vfio_iommu_type1.allow_unsafe_interrupts=1',
            place: PLACE,
          },
          line: 51,
          column: 1,
          related: [{ file: 'host.cmdline', line: 1, column: 1 }],
        },
      ],
    },
    {
      name: 'Linux 6.12 from the .config header, with an ITS: the member without an ITS msi-parent fails the group',
      files: edit(withIts(fixed({ 'host.cmdline': NO_UNSAFE, 'host.config': full('6.12.0', ...TYPE1) })), 'host.dts', '&eth0 {\n\tcompatible = "fsl,dummy";', '&eth0 {\n\tcompatible = "fsl,dummy";\n\tmsi-parent = <&its 0x12>;'),
      spec: only('eth0'),
      errors: [
        {
          messageId: 'missing',
          data: { ...ETH0, why: 'Linux 6.12.0: eth0_lpcg has no msi-parent on a GICv3 ITS', ...TYPE1_PARAM, refusal: REFUSAL, ...FILE_STATE, place: PLACE },
          line: 29,
          column: 1,
          level: 'error',
          related: [
            { file: 'host.cmdline', line: 1, column: 1 },
            { file: 'host.config', line: 3, column: 1 },
          ],
        },
      ],
    },
    {
      name: 'Linux 6.1 without an ITS: irq_domain_check_msi_remap finds none',
      files: fixed({ 'host.cmdline': NO_UNSAFE, 'host.config': full('6.1.55', ...TYPE1) }),
      spec: only('eth0'),
      errors: [{ messageId: 'missing', data: { ...ETH0, why: 'Linux 6.1.55: the host has no GICv3 ITS', ...TYPE1_PARAM, refusal: REFUSAL, ...FILE_STATE, place: PLACE }, line: 29, column: 1, level: 'error' }],
    },
    {
      name: 'an ITS and no kernel version: a warning, since 6.3 only',
      files: withIts(fixed({ 'host.cmdline': NO_UNSAFE })),
      spec: only('eth0'),
      errors: [
        {
          messageId: 'sinceLinux63',
          data: { ...ETH0, member: 'eth0', param: TYPE1_PARAM.param, refusal: REFUSAL, seen: 'the --cmdline file does not set vfio_iommu_type1.allow_unsafe_interrupts=1' },
          message:
            'eth0 (5b040000.ethernet): since Linux 6.3 VFIO refuses IOMMU group iommu@51400000:0x12 unless each of its devices has isolated MSIs (iommu_group_has_isolated_msi) or vfio_iommu_type1.allow_unsafe_interrupts=1 is set, and eth0 has no msi-parent on the host\'s GICv3 ITS (before 6.3 the ITS was enough; dtlint does not know the host kernel\'s version): on 6.3 and later vfio_iommu_type1_attach_group refuses the group (-EPERM, "No interrupt remapping support") and QEMU stops ("Failed to set iommu for container: Operation not permitted"); the --cmdline file does not set vfio_iommu_type1.allow_unsafe_interrupts=1',
          line: 29,
          column: 1,
          level: 'warning',
        },
      ],
    },
    {
      name: 'VFIO_IOMMU_TYPE1=m: /etc/modprobe.d may set it (a warning)',
      files: fixed({ 'host.cmdline': NO_UNSAFE, 'host.config': full('6.12.0', 'CONFIG_VFIO_CONTAINER=y', 'CONFIG_VFIO_IOMMU_TYPE1=m') }),
      spec: only('eth0'),
      errors: [{ messageId: 'module', data: { ...ETH0, why: 'Linux 6.12.0: eth0 has no msi-parent on a GICv3 ITS', ...TYPE1_PARAM, refusal: REFUSAL, ...FILE_STATE }, line: 29, column: 1, level: 'warning' }],
    },
    {
      name: 'no --kconfig: built in or a module, dtlint cannot tell (a warning)',
      files: fixed({ 'host.cmdline': NO_UNSAFE, 'host.config': undefined }),
      spec: only('eth0'),
      errors: [{ messageId: 'buildUnknown', data: { ...ETH0, why: NO_ITS(), ...TYPE1_PARAM, refusal: REFUSAL, ...FILE_STATE, place: PLACE }, line: 29, column: 1, level: 'warning' }],
    },
    {
      name: 'no command line at all: a warning saying what it must hold',
      files: fixed({ 'host.cmdline': undefined }),
      spec: only('eth0'),
      errors: [
        {
          messageId: 'unseen',
          data: { ...ETH0, why: NO_ITS(), ...TYPE1_PARAM, refusal: REFUSAL, seen: 'dtlint sees no host command line: give it with --cmdline (a copy of /proc/cmdline)' },
          line: 29,
          column: 1,
          level: 'warning',
        },
      ],
    },
    {
      name: 'CONFIG_CMDLINE (no bootargs) without it: a warning, U-Boot usually passes bootargs',
      files: fixed({ 'host.cmdline': undefined, 'host.config': 'CONFIG_VFIO=y\nCONFIG_VFIO_PLATFORM=y\nCONFIG_CMDLINE="console=ttyAMA0"\n' }),
      spec: only('eth0'),
      errors: [
        {
          messageId: 'unseen',
          data: {
            ...ETH0,
            why: NO_ITS(),
            ...TYPE1_PARAM,
            refusal: REFUSAL,
            seen: "CONFIG_CMDLINE (used only when the bootloader passes no bootargs) does not set vfio_iommu_type1.allow_unsafe_interrupts=1, but the host boots with what its bootloader passes (U-Boot's bootargs, GRUB's linux line): give that command line with --cmdline",
          },
          line: 29,
          column: 1,
          related: [{ file: 'host.config', line: 3, column: 1 }],
        },
      ],
    },
    {
      name: "iommufd's container (IOMMUFD_VFIO_CONTAINER): iommufd.allow_unsafe_interrupts counts, not type1's",
      files: fixed({
        'host.cmdline': `${NO_UNSAFE.trim()} vfio_iommu_type1.allow_unsafe_interrupts=1`,
        'host.config': full('6.12.0', '# CONFIG_VFIO_CONTAINER is not set', 'CONFIG_IOMMUFD=y', 'CONFIG_IOMMUFD_VFIO_CONTAINER=y'),
      }),
      spec: only('eth0'),
      errors: [
        {
          messageId: 'missing',
          data: {
            ...ETH0,
            why: 'Linux 6.12.0: eth0 has no msi-parent on a GICv3 ITS',
            param: 'iommufd.allow_unsafe_interrupts=1',
            module: 'iommufd',
            symbol: 'IOMMUFD',
            refusal:
              'iommufd_device_bind (iommufd\'s container, IOMMUFD_VFIO_CONTAINER) refuses the device (-EPERM) and QEMU stops ("error getting device from group <n>: Operation not permitted")',
            cmdline: 'the --cmdline file',
            state: 'does not set iommufd.allow_unsafe_interrupts=1',
            place: PLACE,
          },
          line: 29,
          column: 1,
          level: 'error',
        },
      ],
    },
  ],
});

describe(`${ID}: symptom`, () => {
  it('QEMU refuses the device', () => {
    const f = checkFiles(fixed({ 'host.cmdline': NO_UNSAFE }), { rules: [ID] }).findings[0]!;
    expect(f.symptom).toBe('QEMU refuses the device');
  });
});

describe(`${ID}: behind an IOMMU whose groups dtlint does not model`, () => {
  /** A display block behind the MT8192 M4U (one group per IOVA region: not modelled), passed, without the parameter. */
  const m4u = (cmdline: string): Files => ({
    ...socFiles({
      root: '"google,spherion", "mediatek,mt8192"',
      nodes: [
        'iommu0: m4u@1401d000 { compatible = "mediatek,mt8192-m4u"; reg = <0x1401d000 0x1000>; #iommu-cells = <1>; };',
        'rdma0: rdma@14007000 { compatible = "mediatek,mt8192-disp-rdma"; reg = <0x14007000 0x1000>; iommus = <&iommu0 3>; };',
      ],
    }),
    'qemu-args.txt': 'qemu-system-aarch64 -M virt,gic-version=3 -enable-kvm -m 1G -device vfio-platform,host=14007000.rdma\n',
    'host.cmdline': cmdline,
  });

  it("still asks the device's own MSIs: without an ITS msi-parent its group is refused, whatever the other members", () => {
    const found = checkFiles(m4u(NO_UNSAFE), { rules: [ID] }).findings;
    expect(found.map((f) => [f.ruleId, f.messageId, f.level])).toEqual([[ID, 'buildUnknown', 'warning']]);
    expect(found[0]!.message).toContain('the host cannot isolate the MSIs of IOMMU group of rdma0 on /soc/m4u@1401d000, whose other members dtlint does not model, (no GICv3 ITS on the host, and rdma0 has no msi-parent on one)');
  });

  it('says nothing once the parameter is set', () => {
    expect(checkFiles(m4u(`${NO_UNSAFE.trim()} vfio_iommu_type1.allow_unsafe_interrupts=1\n`), { rules: [ID] }).findings).toEqual([]);
  });
});
