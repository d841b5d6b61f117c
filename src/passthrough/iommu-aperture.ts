/**
 * The highest I/O virtual address a VFIO domain on an IOMMU takes, where the driver fixes it (Linux
 * 6.12): VFIO's type1 container limits its IOVA list to the domain's geometry
 * (drivers/vfio/vfio_iommu_type1.c vfio_iommu_type1_attach_group -> vfio_iommu_aper_resize) and
 * vfio_dma_do_map refuses a mapping outside it (vfio_iommu_iova_dma_valid: -EINVAL).
 *
 * - ipmmu-vmsa: ipmmu_domain_init_context, `geometry.aperture_end = DMA_BIT_MASK(32)` (ias 32);
 * - rockchip-iommu: rk_iommu_domain_alloc_paging, DMA_BIT_MASK(32);
 * - sun50i-iommu: sun50i_iommu_domain_alloc_paging, DMA_BIT_MASK(32);
 * - tegra-smmu: tegra_smmu_domain_alloc_paging, 0xffffffff;
 * - msm_iommu: msm_iommu_domain_alloc_paging, (1 << 32) - 1;
 * - sprd-iommu: sprd_iommu_domain_alloc_paging, SZ_256M - 1;
 * - mtk_iommu: mtk_iommu_domain_finalise, the larb's IOVA region: region 0 ends at 0xff7fffff
 *   (MTK_IOMMU_IOVA_SZ_4G), the others start at 4 GiB or higher (a device there takes no guest RAM at
 *   all: not modelled, the region-0 limit is the one said, and on the M4Us with several regions the
 *   advice says it holds for region 0 only);
 * - arm-smmu on Marvell's AP806 (`marvell,ap806-smmu-500`): mrvl_mmu500_cfg_probe
 *   (arm-smmu-impl.c, erratum #582743) hides the AArch64 table formats, so
 *   arm_smmu_init_domain_context uses AArch32 LPAE, `ias = min(ias, 32)`, `aperture_end = (1 << ias) - 1`.
 *
 * Other drivers take what the hardware reports (arm-smmu's AArch64 formats: IDR2's UBS; arm-smmu-v3,
 * apple-dart: ias from the hardware): not modelled, nothing said.
 */
import { compatibles } from '../dts/query.js';
import type { Node } from '../dts/tree.js';
import { iommuDriverOf } from './iommu-drivers.js';

export interface IommuAperture {
  /** The last IOVA the domain takes. */
  end: bigint;
  /** Where the driver sets it, for messages. */
  source: string;
  /** When `end` is the best case only: what it depends on that dtlint does not model. */
  bestCase?: string;
}

const BITS_32 = 0xffffffffn;

const BY_DRIVER: ReadonlyMap<string, IommuAperture> = new Map([
  ['ipmmu-vmsa', { end: BITS_32, source: 'ipmmu_domain_init_context: a 32-bit aperture' }],
  ['rockchip-iommu', { end: BITS_32, source: 'rk_iommu_domain_alloc_paging: a 32-bit aperture' }],
  ['sun50i-iommu', { end: BITS_32, source: 'sun50i_iommu_domain_alloc_paging: a 32-bit aperture' }],
  ['tegra-smmu', { end: BITS_32, source: 'tegra_smmu_domain_alloc_paging: a 32-bit aperture' }],
  ['msm_iommu', { end: BITS_32, source: 'msm_iommu_domain_alloc_paging: a 32-bit aperture' }],
  ['sprd-iommu', { end: 0x0fffffffn, source: 'sprd_iommu_domain_alloc_paging: a 256 MiB aperture' }],
  // mtk_iommu_domain_finalise: the aperture of the IOVA region of the device's larb; region 0
  // (single_domain, and the first of mt8192_multi_dom) is 0 to MTK_IOMMU_IOVA_SZ_4G (4 GiB less an
  // 8 MiB gap), and every other region starts at 4 GiB or above: region 0 is the most any device gets.
  ['mtk_iommu', { end: 0xff7fffffn, source: 'mtk_iommu_domain_finalise: the IOVA region of its larb, at most region 0, up to 4 GiB less an 8 MiB gap' }],
]);

/**
 * The M4Us with several IOVA regions (mtk_iommu.c plat data with `mt8192_multi_dom`): which region a
 * larb is in (mtk_iommu_get_iova_region_id, the SoC's larb_region_msk) is not modelled, and the
 * regions past 0 start at 4 GiB, where no virt guest RAM lies.
 */
const MTK_MULTI_REGION = new Set(['mediatek,mt8186-iommu-mm', 'mediatek,mt8188-iommu-vdo', 'mediatek,mt8188-iommu-vpp', 'mediatek,mt8192-m4u', 'mediatek,mt8195-iommu-vdo', 'mediatek,mt8195-iommu-vpp']);
const MTK_REGION_CAVEAT = "if the device's larb is in IOVA region 0 (dtlint does not model the regions: mtk_iommu_get_iova_region_id); in any other region, which starts at 4 GiB, no -m helps: the guest's RAM starts at 0x40000000";

const AP806 = 'marvell,ap806-smmu-500';

/** The aperture of a VFIO domain on `iommu`, or undefined where dtlint does not know it. */
export function vfioAperture(iommu: Node): IommuAperture | undefined {
  const list = compatibles(iommu);
  if (list.includes(AP806)) {
    return { end: BITS_32, source: 'mrvl_mmu500_cfg_probe hides the AArch64 table formats (AP806 erratum #582743), so arm_smmu_init_domain_context uses AArch32 LPAE: a 32-bit aperture' };
  }
  const driver = iommuDriverOf(list);
  const aperture = driver ? BY_DRIVER.get(driver.name) : undefined;
  if (aperture && list.some((c) => MTK_MULTI_REGION.has(c))) return { ...aperture, bestCase: MTK_REGION_CAVEAT };
  return aperture;
}
