import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { socFiles } from './iommu-soc.js';
import { checkFiles, edit, example } from './pair-harness.js';

const ID = 'kernel-config';
const tester = new RuleTester({ scope: 'pair' });
const NO_V3 = 'the SoC has no SMMUv3 (arm,smmu-v3): this option drives no hardware here';
const VFIO_PLATFORM = 'the vfio-platform driver: without it `echo vfio-platform > driver_override` and the bind that follows find no driver';
const KVM = 'KVM (/dev/kvm): without it QEMU with -enable-kvm or -accel kvm fails ("Could not access KVM kernel module")';
/** The example's finding: ARM_SMMU_V3 on the arm,mmu-500 SoC, CONFIG_ARM_SMMU named. */
const SMMU_V3 = {
  messageId: 'irrelevant',
  data: { name: 'ARM_SMMU_V3', reason: NO_V3, instead: "; the SoC's /iommu@51400000 (arm,mmu-500) needs CONFIG_ARM_SMMU, which host.config does not enable" },
  file: 'host.config',
  line: 4,
  column: 1,
};
const withoutKconfig = () => {
  const files = { ...example() };
  delete files['host.config'];
  return files;
};

tester.run(ID, {
  valid: [
    { name: 'the fixed example: VFIO, VFIO_PLATFORM and ARM_SMMU for the arm,mmu-500', files: example('fixed') },
    { name: 'nothing without --kconfig', files: withoutKconfig() },
  ],
  invalid: [
    {
      name: 'the SMMUv3 driver on an SMMUv2 SoC (the example), naming the driver it needs',
      files: example(),
      errors: [
        {
          ...SMMU_V3,
          message:
            "CONFIG_ARM_SMMU_V3=y: the SoC has no SMMUv3 (arm,smmu-v3): this option drives no hardware here; the SoC's /iommu@51400000 (arm,mmu-500) needs CONFIG_ARM_SMMU, which host.config does not enable",
          level: 'warning',
        },
      ],
    },
    {
      name: 'the driver it needs is named for the IOMMU the passed devices use, not the first of the SoC',
      files: edit(
        example(),
        'acme-a1.dtsi',
        '\tsmmu: iommu@51400000 {',
        '\tgpu_smmu: iommu@3da0000 {\n\t\tcompatible = "arm,mmu-500";\n\t\treg = <0 0x3da0000 0 0x10000>;\n\t\t#global-interrupts = <1>;\n\t\t#iommu-cells = <2>;\n\t\tinterrupts = <GIC_SPI 40 IRQ_TYPE_LEVEL_HIGH>, <GIC_SPI 40 IRQ_TYPE_LEVEL_HIGH>;\n\t};\n\n\tsmmu: iommu@51400000 {',
      ),
      errors: [SMMU_V3],
    },
    {
      name: 'VFIO_PLATFORM off in a full .config',
      files: edit(
        example('fixed'),
        'host.config',
        'CONFIG_VFIO=y\nCONFIG_VFIO_PLATFORM=y\n',
        '# Automatically generated file; DO NOT EDIT.\nCONFIG_VFIO=y\n# CONFIG_VFIO_PLATFORM is not set\nCONFIG_VFIO_CONTAINER=y\nCONFIG_VFIO_IOMMU_TYPE1=y\n',
      ),
      errors: [
        {
          messageId: 'missing',
          data: { name: 'VFIO_PLATFORM', state: 'off', file: 'host.config', reason: VFIO_PLATFORM },
          message:
            'CONFIG_VFIO_PLATFORM is off in host.config: passthrough needs the vfio-platform driver: without it `echo vfio-platform > driver_override` and the bind that follows find no driver',
          file: 'host.config',
          line: 3,
          column: 1,
          level: 'error',
        },
      ],
    },
    {
      name: 'a fragment that does not mention VFIO_PLATFORM',
      files: edit(example('fixed'), 'host.config', 'CONFIG_VFIO_PLATFORM=y\n', ''),
      errors: [
        {
          messageId: 'unknown',
          data: { file: 'host.config', name: 'VFIO_PLATFORM', reason: VFIO_PLATFORM },
          message:
            'host.config does not set CONFIG_VFIO_PLATFORM (a fragment leaves it to the base config): passthrough needs the vfio-platform driver: without it `echo vfio-platform > driver_override` and the bind that follows find no driver; make sure the base config enables it',
          file: 'host.config',
          line: 1,
          column: 1,
        },
      ],
    },
  ],
});

describe('Apple DARTs have 16 KiB pages: a host kernel with 4 KiB pages cannot attach a paging domain (apple_dart_finalize_domain)', () => {
  const m1 = (config: string) => ({
    ...socFiles({
      root: '"apple,j274", "apple,t8103", "apple,arm-platform"',
      nodes: [
        'sio_dart: iommu@235004000 { compatible = "apple,t8103-dart"; reg = <0x35004000 0x4000>; #iommu-cells = <1>; };',
        'admac: dma-controller@238200000 { compatible = "apple,t8103-admac", "apple,admac"; reg = <0x38200000 0x34000>; iommus = <&sio_dart 2>; };',
      ],
    }),
    'host.config': config,
  });
  const spec = { pass: ['admac'] };
  const BASE = 'CONFIG_VFIO=y\nCONFIG_VFIO_PLATFORM=y\nCONFIG_APPLE_DART=y\nCONFIG_KVM=y\n';

  tester.run(ID, {
    valid: [{ name: 'a 16 KiB-page kernel', files: m1(`${BASE}CONFIG_ARM64_16K_PAGES=y\n`), spec }],
    invalid: [
      {
        name: 'a 4 KiB-page kernel: an error at the option',
        files: m1(`${BASE}CONFIG_ARM64_4K_PAGES=y\n`),
        spec,
        errors: [
          {
            messageId: 'dartPage',
            message:
              'CONFIG_ARM64_4K_PAGES: /soc/iommu@235004000 ("apple,t8103-dart"), which /soc/dma-controller@238200000 is behind, has 16 KiB pages, more than this kernel\'s 4 KiB pages: apple_dart_finalize_domain refuses to attach a paging domain (-EINVAL) and apple_dart_def_domain_type gives the group an identity domain, so VFIO\'s type1 container cannot take the group and QEMU fails to set it up; build the host kernel with CONFIG_ARM64_16K_PAGES=y',
            file: 'host.config',
            line: 5,
            column: 1,
            level: 'error',
          },
        ],
      },
      {
        name: 'a fragment that does not settle the page size: a warning',
        files: m1(BASE),
        spec,
        errors: [{ messageId: 'dartPageUnknown', file: 'host.config', line: 1, column: 1, level: 'warning' }],
      },
    ],
  });
});

describe('the IOMMU driver the passed devices need, from the driver table (R-Car Gen3 SDHI behind an IPMMU)', () => {
  const rcar = (config: string) => ({
    ...socFiles({
      root: '"renesas,salvator-xs", "renesas,r8a77961"',
      nodes: [
        'ipmmu_ds1: iommu@ee740000 { compatible = "renesas,ipmmu-r8a77961"; reg = <0xee740000 0x1000>; #iommu-cells = <1>; };',
        'sdhi0: mmc@ee100000 { compatible = "renesas,sdhi-r8a77961"; reg = <0xee100000 0x2000>; iommus = <&ipmmu_ds1 32>; };',
      ],
    }),
    'host.config': config,
  });
  const spec = { pass: ['sdhi0'] };
  const run = { rules: [ID], spec };
  const FRAGMENT = 'CONFIG_VFIO_PLATFORM=y\n';
  const SVA = 'CONFIG_VFIO=y\nCONFIG_VFIO_PLATFORM=y\nCONFIG_IPMMU_VMSA=y\nCONFIG_KVM=y\nCONFIG_ARM_SMMU_V3_SVA=y\n';

  tester.run(ID, {
    valid: [
      { name: 'a fragment with VFIO, VFIO_PLATFORM, IPMMU_VMSA and KVM (VFIO_CONTAINER defaults to y)', files: rcar('CONFIG_VFIO=y\nCONFIG_VFIO_PLATFORM=y\nCONFIG_IPMMU_VMSA=y\nCONFIG_KVM=y\n'), spec },
      {
        // VFIO_CONTAINER came with iommufd in 6.2; before, vfio_init makes /dev/vfio/vfio itself.
        name: 'a full 5.15 .config: no VFIO_CONTAINER to ask for',
        files: rcar('#\n# Automatically generated file; DO NOT EDIT.\n# Linux/arm64 5.15.0 Kernel Configuration\n#\nCONFIG_VFIO=y\nCONFIG_VFIO_PLATFORM=y\nCONFIG_VFIO_IOMMU_TYPE1=y\nCONFIG_IPMMU_VMSA=y\nCONFIG_KVM=y\n'),
        spec,
      },
    ],
    invalid: [
      {
        name: 'a fragment without IPMMU_VMSA or KVM: unknown, warnings',
        files: rcar(FRAGMENT),
        spec,
        errors: [
          {
            messageId: 'unknown',
            data: {
              file: 'host.config',
              name: 'IPMMU_VMSA',
              reason: 'the ipmmu-vmsa driver for /soc/iommu@ee740000 (renesas,ipmmu-r8a77961): without it the passed devices are in no IOMMU group, so vfio-platform cannot take them',
            },
            file: 'host.config',
            line: 1,
            column: 1,
            level: 'warning',
          },
          { messageId: 'unknown', data: { file: 'host.config', name: 'KVM', reason: KVM }, file: 'host.config', line: 1, column: 1, level: 'warning' },
        ],
      },
      {
        name: 'a full .config without KVM and with an SMMUv3 driver for hardware the SoC lacks: KVM is an error; a full config is not judged for unused drivers',
        files: rcar('# Automatically generated file; DO NOT EDIT.\nCONFIG_VFIO=y\nCONFIG_VFIO_PLATFORM=y\nCONFIG_VFIO_CONTAINER=y\nCONFIG_VFIO_IOMMU_TYPE1=y\nCONFIG_IPMMU_VMSA=y\nCONFIG_ARM_SMMU_V3=y\n'),
        spec,
        errors: [{ messageId: 'missing', data: { name: 'KVM', state: 'not set', file: 'host.config', reason: KVM }, file: 'host.config', line: 1, column: 1, level: 'error' }],
      },
      {
        name: 'an IOMMU driver option for hardware the SoC lacks (a fragment) is a warning with no bind-failure symptom',
        files: rcar(SVA),
        spec,
        errors: [{ messageId: 'irrelevant', data: { name: 'ARM_SMMU_V3_SVA', reason: NO_V3, instead: '' }, file: 'host.config', line: 5, column: 1, level: 'warning' }],
      },
    ],
  });

  // What the tester does not compare: symptoms.
  it('symptoms: the unset IOMMU driver fails the bind, the unset KVM fails QEMU', () => {
    expect(checkFiles(rcar(FRAGMENT), run).findings.map((f) => f.symptom)).toEqual(['vfio-platform bind fails: QEMU refuses the device', 'QEMU refuses the device']);
  });

  it('symptom: an option for hardware the SoC lacks drives none', () => {
    expect(checkFiles(rcar(SVA), run).findings.map((f) => f.symptom)).toEqual(['none: the option drives no hardware on this SoC']);
  });
});
