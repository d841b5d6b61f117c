import { describe, expect, it } from '@jest/globals';
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
});
