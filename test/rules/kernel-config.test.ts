import { describe, expect, it } from '@jest/globals';
import { socFiles } from './iommu-soc.js';
import { checkFiles, edit, example, findingsOf } from './pair-harness.js';

const ID = 'kernel-config';
const run = { rules: [ID] };

describe(ID, () => {
  describe('valid', () => {
    it('the fixed example: VFIO, VFIO_PLATFORM and ARM_SMMU for the arm,mmu-500', () => {
      expect(findingsOf(checkFiles(example('fixed'), run), ID)).toEqual([]);
    });

    it('nothing without --kconfig', () => {
      const files = { ...example() };
      delete files['host.config'];
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('the SMMUv3 driver on an SMMUv2 SoC (the example), naming the driver it needs', () => {
      const r = checkFiles(example(), run);
      expect(findingsOf(r, ID)).toEqual([
        "host.config:4:1 kernel-config: CONFIG_ARM_SMMU_V3=y: the SoC has no SMMUv3 (arm,smmu-v3): this option drives no hardware here; the SoC's /iommu@51400000 (arm,mmu-500) needs CONFIG_ARM_SMMU, which host.config does not enable",
      ]);
      expect(r.findings[0]!.level).toBe('warning');
    });

    it('the driver it needs is named for the IOMMU the passed devices use, not the first of the SoC', () => {
      const files = edit(example(), 'acme-a1.dtsi', '\tsmmu: iommu@51400000 {', '\tgpu_smmu: iommu@3da0000 {\n\t\tcompatible = "arm,mmu-500";\n\t\treg = <0 0x3da0000 0 0x10000>;\n\t\t#global-interrupts = <1>;\n\t\t#iommu-cells = <2>;\n\t\tinterrupts = <GIC_SPI 40 IRQ_TYPE_LEVEL_HIGH>, <GIC_SPI 40 IRQ_TYPE_LEVEL_HIGH>;\n\t};\n\n\tsmmu: iommu@51400000 {');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        "host.config:4:1 kernel-config: CONFIG_ARM_SMMU_V3=y: the SoC has no SMMUv3 (arm,smmu-v3): this option drives no hardware here; the SoC's /iommu@51400000 (arm,mmu-500) needs CONFIG_ARM_SMMU, which host.config does not enable",
      ]);
    });

    it('VFIO_PLATFORM off in a full .config', () => {
      const files = edit(example('fixed'), 'host.config', 'CONFIG_VFIO=y\nCONFIG_VFIO_PLATFORM=y\n', '# Automatically generated file; DO NOT EDIT.\nCONFIG_VFIO=y\n# CONFIG_VFIO_PLATFORM is not set\nCONFIG_VFIO_CONTAINER=y\nCONFIG_VFIO_IOMMU_TYPE1=y\n');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'host.config:3:1 kernel-config: CONFIG_VFIO_PLATFORM is off in host.config: passthrough needs the vfio-platform driver: without it `echo vfio-platform > driver_override` and the bind that follows find no driver',
      ]);
      expect(r.findings[0]!.level).toBe('error');
    });

    it('a fragment that does not mention VFIO_PLATFORM', () => {
      const files = edit(example('fixed'), 'host.config', 'CONFIG_VFIO_PLATFORM=y\n', '');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'host.config:1:1 kernel-config: host.config does not set CONFIG_VFIO_PLATFORM (a fragment leaves it to the base config): passthrough needs the vfio-platform driver: without it `echo vfio-platform > driver_override` and the bind that follows find no driver; make sure the base config enables it',
      ]);
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
    const run = { rules: [ID], spec: { pass: ['sdhi0'] } };

    it('valid: a fragment with VFIO, VFIO_PLATFORM, IPMMU_VMSA and KVM (VFIO_CONTAINER defaults to y)', () => {
      expect(findingsOf(checkFiles(rcar('CONFIG_VFIO=y\nCONFIG_VFIO_PLATFORM=y\nCONFIG_IPMMU_VMSA=y\nCONFIG_KVM=y\n'), run), ID)).toEqual([]);
    });

    it('a fragment without IPMMU_VMSA or KVM: unknown, warnings', () => {
      const r = checkFiles(rcar('CONFIG_VFIO_PLATFORM=y\n'), run);
      expect(findingsOf(r, ID)).toEqual([
        'host.config:1:1 kernel-config: host.config does not set CONFIG_IPMMU_VMSA (a fragment leaves it to the base config): passthrough needs the ipmmu-vmsa driver for /soc/iommu@ee740000 (renesas,ipmmu-r8a77961): without it the passed devices are in no IOMMU group, so vfio-platform cannot take them; make sure the base config enables it',
        'host.config:1:1 kernel-config: host.config does not set CONFIG_KVM (a fragment leaves it to the base config): passthrough needs KVM (/dev/kvm): without it QEMU with -enable-kvm or -accel kvm fails ("Could not access KVM kernel module"); make sure the base config enables it',
      ]);
      expect(r.findings.map((f) => [f.level, f.symptom])).toEqual([
        ['warning', 'vfio-platform bind fails: QEMU refuses the device'],
        ['warning', 'QEMU refuses the device'],
      ]);
    });

    it('a full .config without KVM and with an SMMUv3 driver for hardware the SoC lacks: KVM is an error; a full config is not judged for unused drivers', () => {
      const r = checkFiles(rcar('# Automatically generated file; DO NOT EDIT.\nCONFIG_VFIO=y\nCONFIG_VFIO_PLATFORM=y\nCONFIG_VFIO_CONTAINER=y\nCONFIG_VFIO_IOMMU_TYPE1=y\nCONFIG_IPMMU_VMSA=y\nCONFIG_ARM_SMMU_V3=y\n'), run);
      expect(findingsOf(r, ID)).toEqual([
        'host.config:1:1 kernel-config: CONFIG_KVM is not set in host.config: passthrough needs KVM (/dev/kvm): without it QEMU with -enable-kvm or -accel kvm fails ("Could not access KVM kernel module")',
      ]);
      expect(r.findings[0]!.level).toBe('error');
    });

    it('an IOMMU driver option for hardware the SoC lacks (a fragment) is a warning with no bind-failure symptom', () => {
      const r = checkFiles(rcar('CONFIG_VFIO=y\nCONFIG_VFIO_PLATFORM=y\nCONFIG_IPMMU_VMSA=y\nCONFIG_KVM=y\nCONFIG_ARM_SMMU_V3_SVA=y\n'), run);
      expect(findingsOf(r, ID)).toEqual([
        'host.config:5:1 kernel-config: CONFIG_ARM_SMMU_V3_SVA=y: the SoC has no SMMUv3 (arm,smmu-v3): this option drives no hardware here',
      ]);
      expect(r.findings.map((f) => [f.level, f.symptom])).toEqual([['warning', 'none: the option drives no hardware on this SoC']]);
    });
  });
});
