import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { socFiles } from './iommu-soc.js';
import { checkFiles, type Files } from './pair-harness.js';
import { qemuRamSize } from '../../src/passthrough/qemu-args.js';

const ID = 'iommu-aperture';

/** A Rockchip VPU behind its rockchip-iommu (a 32-bit aperture), passed with `qemu` as QEMU's arguments. */
function rk(memory: string, iommu = 'compatible = "rockchip,iommu"; reg = <0xff650800 0x40>; #iommu-cells = <0>;', iommus = '<&vpu_mmu>'): Files {
  return {
    ...socFiles({
      root: '"rockchip,rk3399"',
      nodes: [`vpu_mmu: iommu@ff650800 { ${iommu} };`, `vpu: video-codec@ff650000 { compatible = "acme,dummy"; reg = <0xff650000 0x800>; iommus = ${iommus}; };`],
    }),
    'qemu-args.txt': `qemu-system-aarch64 -M virt,gic-version=3 -enable-kvm ${memory}-device vfio-platform,host=ff650000.video-codec\n`,
  };
}

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [
    { name: '-m 3G: RAM ends at 0xffffffff, inside the 32-bit aperture', files: rk('-m 3G ') },
    { name: '-m 3072 (MiB, the legacy form without a suffix)', files: rk('-m 3072 ') },
    { name: "no -m: QEMU's default 128 MiB", files: rk('') },
    { name: 'mtk_iommu with -m 3064M: RAM ends at 0xff7fffff, the end of region 0', files: rk('-m 3064M ', 'compatible = "mediatek,mt8183-m4u"; reg = <0xff650800 0x40>; #iommu-cells = <1>;', '<&vpu_mmu 0x20>') },
    { name: 'an SMMUv3, whose aperture the hardware sets: nothing said', files: rk('-m 16G ', 'compatible = "arm,smmu-v3"; reg = <0xff650800 0x40>; #iommu-cells = <1>;', '<&vpu_mmu 0x10>') },
  ],
  invalid: [
    {
      name: '-m 4G behind a rockchip-iommu',
      files: rk('-m 4G '),
      errors: [
        {
          messageId: 'ramAbove',
          message:
            'vpu (ff650000.video-codec) is behind /soc/iommu@ff650800, whose VFIO domain takes addresses up to 0xffffffff only (rk_iommu_domain_alloc_paging: a 32-bit aperture), but QEMU maps the guest\'s RAM for the device\'s DMA at its guest-physical addresses, 0x40000000-0x13fffffff (-m 4G): vfio_dma_do_map refuses what lies above 0xffffffff (-EINVAL) and QEMU fails the device ("memory listener initialization failed: Region mach-virt.ram: vfio_dma_map(...) = -22"); give the guest at most 3 GiB of RAM (-m 3G), which ends at 0xffffffff',
          file: 'qemu-args.txt',
          line: 1,
          column: 58,
        },
      ],
    },
    { name: '-m size=3.5G,slots=2,maxmem=8G', files: rk('-m size=3.5G,slots=2,maxmem=8G '), errors: [{ messageId: 'ramAbove', line: 1, column: 58 }] },
    {
      name: 'mtk_iommu: region 0 ends 8 MiB below 4 GiB, so -m 3G does not fit',
      files: rk('-m 3G ', 'compatible = "mediatek,mt8183-m4u"; reg = <0xff650800 0x40>; #iommu-cells = <1>;', '<&vpu_mmu 0x20>'),
      errors: [{ messageId: 'ramAbove', line: 1, column: 58 }],
    },
    {
      name: 'an M4U with several IOVA regions (MT8192): the advice holds for region 0 only, and says so',
      files: rk('-m 5G ', 'compatible = "mediatek,mt8192-m4u"; reg = <0xff650800 0x40>; #iommu-cells = <1>;', '<&vpu_mmu 0x20>'),
      errors: [
        {
          messageId: 'ramAbove',
          message:
            'vpu (ff650000.video-codec) is behind /soc/iommu@ff650800, whose VFIO domain takes addresses up to 0xff7fffff only (mtk_iommu_domain_finalise: the IOVA region of its larb, at most region 0, up to 4 GiB less an 8 MiB gap), but QEMU maps the guest\'s RAM for the device\'s DMA at its guest-physical addresses, 0x40000000-0x17fffffff (-m 5G): vfio_dma_do_map refuses what lies above 0xff7fffff (-EINVAL) and QEMU fails the device ("memory listener initialization failed: Region mach-virt.ram: vfio_dma_map(...) = -22"); give the guest at most 3064 MiB of RAM (-m 3064M), which ends at 0xff7fffff, if the device\'s larb is in IOVA region 0 (dtlint does not model the regions: mtk_iommu_get_iova_region_id); in any other region, which starts at 4 GiB, no -m helps: the guest\'s RAM starts at 0x40000000',
          line: 1,
          column: 58,
        },
      ],
    },
    {
      name: "Marvell's AP806 SMMU: AArch32 tables only (mrvl_mmu500_cfg_probe)",
      files: rk('-m 8G ', 'compatible = "marvell,ap806-smmu-500", "arm,mmu-500"; reg = <0xff650800 0x40>; #iommu-cells = <1>;', '<&vpu_mmu 0x445>'),
      errors: [{ messageId: 'ramAbove', line: 1, column: 58 }],
    },
  ],
});

describe('iommu-aperture', () => {
  it('sprd-iommu (256 MiB): no RAM size fits, and the finding says so at the -device', () => {
    const files = rk('', 'compatible = "sprd,iommu-v1"; reg = <0xff650800 0x40>; #iommu-cells = <0>;');
    const found = checkFiles(files, { rules: [ID] }).findings.filter((f) => f.ruleId === ID);
    expect(found.map((f) => [f.at.line, f.at.column])).toEqual([[1, 63]]);
    expect(found[0]!.message).toContain("no guest RAM fits: the virt machine's RAM starts at 0x40000000, above 0xfffffff");
  });
});

describe('qemuRamSize (softmmu/vl.c parse_memory_options)', () => {
  it('reads MiB without a suffix, units in either case, fractions, and rounds up to 8 KiB', () => {
    expect(qemuRamSize('512')).toBe(512n << 20n);
    expect(qemuRamSize('4G')).toBe(4n << 30n);
    expect(qemuRamSize('4g')).toBe(4n << 30n);
    expect(qemuRamSize('1.5G')).toBe(3n << 29n);
    expect(qemuRamSize('100K')).toBe(106496n);
    expect(qemuRamSize('4X')).toBeUndefined();
    expect(qemuRamSize('0')).toBeUndefined();
    expect(qemuRamSize('')).toBeUndefined();
  });
});
