/**
 * The IOMMU drivers of Linux 6.12 (drivers/iommu/) that a devicetree `iommus` can name: the
 * compatibles of each driver's of_device_id table, its Kconfig symbol, and how its
 * `iommu_ops.device_group` forms groups. The host is arm64 (IOMMU_DMA), which decides ipmmu-vmsa's
 * grouping (see below).
 *
 * Grouping, from each driver's device_group callback:
 * - 'arm-smmu': arm_smmu_device_group; masters whose stream-match entries are shared
 *   (arm_smmu_find_sme reuses an entry that contains the new one) share a group.
 * - 'arm-smmu-v3': arm_smmu_device_group is generic_device_group (one group per platform device);
 *   a second master with a stream ID already in the tree is refused by arm_smmu_insert_master
 *   ("stream %u already in tree", -EINVAL), so it gets no group at all.
 * - 'per-device': generic_device_group, one group per device (qcom_iommu, msm_iommu, exynos
 *   sysmmu, mtk_iommu_v1).
 * - 'per-instance': generic_single_device_group, one group shared by every device of one IOMMU
 *   instance (rockchip-iommu, sun50i-iommu, sprd-iommu, omap-iommu).
 * - 'ipmmu': ipmmu-vmsa, generic_single_device_group on arm64 (generic_device_group only on
 *   32-bit ARM without IOMMU_DMA): one group per leaf IPMMU; ipmmu_of_xlate refuses devices that
 *   ipmmu_device_is_allowed rejects (see ipmmu.ts).
 * - 'apple-dart': apple_dart_device_group; devices that share a (DART, stream ID) share a group.
 * - 'tegra-smmu': tegra_smmu_device_group; devices with the same first swgroup share a group
 *   (the SoC's "display" group, which joins DC and DCB, is not modelled).
 * - 'mtk-iommu': mtk_iommu_device_group takes m4u_group[mtk_iommu_get_group_id()] of the first
 *   M4U of the instance's hw_list: the bank id where the SoC has several banks, else
 *   mtk_iommu_get_iova_region_id, which is 0 for a SoC whose plat_data has one IOVA region
 *   (.iova_region = single_domain). For those SoCs with one bank and a hw_list of their own (no
 *   SHARE_PGTABLE), MTK_SINGLE_GROUP below, every master of one M4U shares one group; the others
 *   (regions chosen by larb and port masks, banks, or a page table shared by several M4Us) are
 *   not modelled: dtlint says so instead of guessing.
 */

export type GroupRule = 'arm-smmu' | 'arm-smmu-v3' | 'per-device' | 'per-instance' | 'ipmmu' | 'apple-dart' | 'tegra-smmu' | 'mtk-iommu' | 'unmodelled';

export interface IommuDriver {
  /** The driver's name as its source file calls it. */
  name: string;
  /** Its Kconfig symbol, without CONFIG_. */
  kconfig: string;
  compatibles: readonly string[];
  groups: GroupRule;
  /** Where the grouping comes from (file and function), for docs and messages. */
  source: string;
}

export const IOMMU_DRIVERS: readonly IommuDriver[] = [
  {
    name: 'arm-smmu',
    kconfig: 'ARM_SMMU',
    // arm_smmu_of_match; vendor nodes (qcom,*-smmu-500, nvidia,tegra194-smmu) list one of these too.
    compatibles: ['arm,smmu-v1', 'arm,smmu-v2', 'arm,mmu-400', 'arm,mmu-401', 'arm,mmu-500', 'cavium,smmu-v2', 'nvidia,smmu-500', 'qcom,smmu-v2'],
    groups: 'arm-smmu',
    source: 'drivers/iommu/arm/arm-smmu/arm-smmu.c arm_smmu_device_group',
  },
  { name: 'arm-smmu-v3', kconfig: 'ARM_SMMU_V3', compatibles: ['arm,smmu-v3'], groups: 'arm-smmu-v3', source: 'drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c arm_smmu_insert_master' },
  {
    name: 'ipmmu-vmsa',
    kconfig: 'IPMMU_VMSA',
    compatibles: [
      'renesas,ipmmu-vmsa',
      'renesas,ipmmu-r8a774a1',
      'renesas,ipmmu-r8a774b1',
      'renesas,ipmmu-r8a774c0',
      'renesas,ipmmu-r8a774e1',
      'renesas,ipmmu-r8a7795',
      'renesas,ipmmu-r8a7796',
      'renesas,ipmmu-r8a77961',
      'renesas,ipmmu-r8a77965',
      'renesas,ipmmu-r8a77970',
      'renesas,ipmmu-r8a77980',
      'renesas,ipmmu-r8a77990',
      'renesas,ipmmu-r8a77995',
      'renesas,ipmmu-r8a779a0',
      'renesas,rcar-gen4-ipmmu-vmsa',
    ],
    groups: 'ipmmu',
    source: 'drivers/iommu/ipmmu-vmsa.c ipmmu_of_xlate, ipmmu_device_is_allowed',
  },
  { name: 'rockchip-iommu', kconfig: 'ROCKCHIP_IOMMU', compatibles: ['rockchip,iommu', 'rockchip,rk3568-iommu'], groups: 'per-instance', source: 'drivers/iommu/rockchip-iommu.c rk_iommu_ops (generic_single_device_group)' },
  {
    name: 'apple-dart',
    kconfig: 'APPLE_DART',
    compatibles: ['apple,t8103-dart', 'apple,t8103-usb4-dart', 'apple,t8110-dart', 'apple,t6000-dart'],
    groups: 'apple-dart',
    source: 'drivers/iommu/apple-dart.c apple_dart_device_group',
  },
  {
    name: 'tegra-smmu',
    kconfig: 'TEGRA_IOMMU_SMMU',
    // The SMMU is part of the memory controller (drivers/memory/tegra/mc.c, tegra_mc_probe): `iommus` names the mc.
    compatibles: ['nvidia,tegra30-mc', 'nvidia,tegra114-mc', 'nvidia,tegra124-mc', 'nvidia,tegra132-mc', 'nvidia,tegra210-mc'],
    groups: 'tegra-smmu',
    source: 'drivers/iommu/tegra-smmu.c tegra_smmu_device_group',
  },
  { name: 'qcom_iommu', kconfig: 'QCOM_IOMMU', compatibles: ['qcom,msm-iommu-v1', 'qcom,msm-iommu-v2'], groups: 'per-device', source: 'drivers/iommu/arm/arm-smmu/qcom_iommu.c qcom_iommu_ops (generic_device_group)' },
  { name: 'msm_iommu', kconfig: 'MSM_IOMMU', compatibles: ['qcom,apq8064-iommu'], groups: 'per-device', source: 'drivers/iommu/msm_iommu.c msm_iommu_ops (generic_device_group)' },
  { name: 'exynos-iommu', kconfig: 'EXYNOS_IOMMU', compatibles: ['samsung,exynos-sysmmu'], groups: 'per-device', source: 'drivers/iommu/exynos-iommu.c exynos_iommu_ops (generic_device_group)' },
  { name: 'mtk_iommu_v1', kconfig: 'MTK_IOMMU_V1', compatibles: ['mediatek,mt2701-m4u'], groups: 'per-device', source: 'drivers/iommu/mtk_iommu_v1.c mtk_iommu_v1_ops (generic_device_group)' },
  {
    name: 'mtk_iommu',
    kconfig: 'MTK_IOMMU',
    compatibles: [
      'mediatek,mt2712-m4u',
      'mediatek,mt6779-m4u',
      'mediatek,mt6795-m4u',
      'mediatek,mt8167-m4u',
      'mediatek,mt8173-m4u',
      'mediatek,mt8183-m4u',
      'mediatek,mt8186-iommu-mm',
      'mediatek,mt8188-iommu-infra',
      'mediatek,mt8188-iommu-vdo',
      'mediatek,mt8188-iommu-vpp',
      'mediatek,mt8192-m4u',
      'mediatek,mt8195-iommu-infra',
      'mediatek,mt8195-iommu-vdo',
      'mediatek,mt8195-iommu-vpp',
      'mediatek,mt8365-m4u',
    ],
    groups: 'mtk-iommu',
    source: 'drivers/iommu/mtk_iommu.c mtk_iommu_device_group',
  },
  {
    name: 'sun50i-iommu',
    kconfig: 'SUN50I_IOMMU',
    compatibles: ['allwinner,sun50i-h6-iommu', 'allwinner,sun50i-h616-iommu'],
    groups: 'per-instance',
    source: 'drivers/iommu/sun50i-iommu.c sun50i_iommu_ops (generic_single_device_group)',
  },
  { name: 'sprd-iommu', kconfig: 'SPRD_IOMMU', compatibles: ['sprd,iommu-v1'], groups: 'per-instance', source: 'drivers/iommu/sprd-iommu.c sprd_iommu_ops (generic_single_device_group)' },
  {
    name: 'omap-iommu',
    kconfig: 'OMAP_IOMMU',
    compatibles: ['ti,omap2-iommu', 'ti,omap4-iommu', 'ti,dra7-iommu', 'ti,dra7-dsp-iommu'],
    groups: 'per-instance',
    source: 'drivers/iommu/omap-iommu.c omap_iommu_ops (generic_single_device_group)',
  },
];

/**
 * mtk_iommu compatibles whose plat_data (drivers/iommu/mtk_iommu.c, Linux 6.12) has
 * `.iova_region = single_domain`, `.banks_num = 1` and no SHARE_PGTABLE flag: mt6779_data,
 * mt6795_data, mt8167_data, mt8173_data, mt8183_data, mt8365_data, mt8188_data_infra. Every master
 * of one such instance is in one IOMMU group. Not here: mt2712 (single_domain, but SHARE_PGTABLE:
 * both M4Us share the first one's groups), mt8195 infra (five banks: a group per bank), and the
 * multi-region mt8186, mt8188 vdo/vpp, mt8192, mt8195 vdo/vpp (regions by larb/port mask).
 */
export const MTK_SINGLE_GROUP: readonly string[] = [
  'mediatek,mt6779-m4u',
  'mediatek,mt6795-m4u',
  'mediatek,mt8167-m4u',
  'mediatek,mt8173-m4u',
  'mediatek,mt8183-m4u',
  'mediatek,mt8365-m4u',
  'mediatek,mt8188-iommu-infra',
];

/** Whether dtlint models the groups of an IOMMU with these compatibles (its driver's rule, or one group per single-region M4U). */
export function groupsModelled(driver: IommuDriver, compatibles: string | readonly string[]): boolean {
  if (driver.groups === 'unmodelled') return false;
  if (driver.groups !== 'mtk-iommu') return true;
  const list = typeof compatibles === 'string' ? [compatibles] : compatibles;
  // The first compatible the driver's table matches decides the plat_data.
  const matched = list.find((c) => driver.compatibles.includes(c));
  return matched !== undefined && MTK_SINGLE_GROUP.includes(matched);
}

const BY_COMPATIBLE = new Map<string, IommuDriver>();
for (const d of IOMMU_DRIVERS) for (const c of d.compatibles) BY_COMPATIBLE.set(c, d);

/** The driver that binds a node with these compatibles (the first of its list that a driver matches), if dtlint knows it. */
export function iommuDriverOf(compatibles: string | readonly string[]): IommuDriver | undefined {
  const list = typeof compatibles === 'string' ? [compatibles] : compatibles;
  for (const c of list) {
    const d = BY_COMPATIBLE.get(c);
    if (d) return d;
  }
  return undefined;
}

/**
 * How an IOMMU driver answers IOMMU_CAP_CACHE_COHERENCY for a device (its `iommu_ops.capable`, Linux
 * 6.12), which VFIO requires of every device it registers (drivers/vfio/vfio_main.c
 * __vfio_register_dev) and iommufd of every device it binds (drivers/iommu/iommufd/device.c
 * iommufd_device_bind):
 * - 'smmu-or-device': arm-smmu's arm_smmu_capable, ARM_SMMU_FEAT_COHERENT_WALK (set by
 *   arm_smmu_device_dt_probe from of_dma_is_coherent of the SMMU node; ID0.CTTW does not count) or
 *   the device's own DMA coherent (device_get_dma_attr == DEV_DMA_COHERENT);
 * - 'smmu': arm-smmu-v3's arm_smmu_capable, ARM_SMMU_FEAT_COHERENCY (arm_smmu_device_dt_probe, from
 *   of_dma_is_coherent of the SMMU node; arm_smmu_device_hw_probe only warns when IDR0.COHACC differs);
 * - 'always': qcom_iommu_capable returns true;
 * - 'never': the driver has no `capable` op, and device_iommu_capable (drivers/iommu/iommu.c) returns
 *   false without one.
 */
export type CoherencyCap = 'smmu-or-device' | 'smmu' | 'always' | 'never';

export interface CoherencyAnswer {
  cap: CoherencyCap;
  /**
   * The first kernel release where VFIO refuses a device this answer is false for: 5.19 for a driver
   * without `capable` (vfio's check, commit e8ae0e140c05, asked iommu_capable(bus) then, false without
   * the op), 6.1 for arm-smmu and arm-smmu-v3 (until 6.0 both returned true unconditionally; commit
   * df198b37e72c "iommu/arm-smmu: Report IOMMU_CAP_CACHE_COHERENCY better" and the per-device
   * `capable` op of 6.1). Absent for 'always'.
   */
  since?: { major: number; minor: number };
  /** The function that answers, for docs and messages. */
  source: string;
}

const COHERENCY: Readonly<Record<string, CoherencyAnswer>> = {
  'arm-smmu': { cap: 'smmu-or-device', since: { major: 6, minor: 1 }, source: 'drivers/iommu/arm/arm-smmu/arm-smmu.c arm_smmu_capable' },
  'arm-smmu-v3': { cap: 'smmu', since: { major: 6, minor: 1 }, source: 'drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c arm_smmu_capable' },
  qcom_iommu: { cap: 'always', source: 'drivers/iommu/arm/arm-smmu/qcom_iommu.c qcom_iommu_capable' },
};

/** The driver's answer to IOMMU_CAP_CACHE_COHERENCY (every driver of IOMMU_DRIVERS not named above has no `capable` op in 6.12). */
export function coherencyAnswer(driver: IommuDriver): CoherencyAnswer {
  return COHERENCY[driver.name] ?? { cap: 'never', since: { major: 5, minor: 19 }, source: 'drivers/iommu/iommu.c device_iommu_capable (no capable op)' };
}
