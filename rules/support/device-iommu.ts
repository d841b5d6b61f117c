/**
 * Which IOMMU a passed device's DMA goes through, for the rules that ask its driver something
 * whatever the group (the capability, MSI isolation): the instance of the device's first `iommus`
 * entry, in a modelled group or behind an IOMMU whose groups dtlint does not model.
 */
import { compatibles } from '../../src/dts/query.js';
import type { Node } from '../../src/dts/tree.js';
import { iommuDriverOf } from '../../src/passthrough/iommu-drivers.js';
import type { KconfigFile } from '../../src/passthrough/kconfig.js';
import type { PairModel } from '../../src/passthrough/pair.js';
import type { StreamEntry, TreeStreamSource } from '../../src/passthrough/smmu.js';

/** The host's config turns the driver off (`=n`, or unmentioned in a full .config). */
export function driverOff(config: KconfigFile | undefined, symbol: string): boolean {
  if (!config) return false;
  const e = config.byName.get(symbol);
  return e ? e.value === 'n' : config.full;
}

/** The IOMMU node of the device's first `iommus` entry: the instance whose ops answer (dev_iommu_ops, arm-smmu's cfg->smmu). */
export function deviceIommu(entries: ReadonlyArray<StreamEntry<TreeStreamSource>>, node: Node): Node | undefined {
  let best: { entry: number; iommu: Node } | undefined;
  for (const e of entries) {
    if (e.data?.node !== node) continue;
    if (!best || e.data.entry < best.entry) best = { entry: e.data.entry, iommu: e.data.iommu };
  }
  return best?.iommu;
}

/**
 * The IOMMU of a device in a group dtlint cannot name (its IOMMU's groups are not modelled: some
 * mtk_iommu M4Us, ...), when the host's kernel builds that IOMMU's driver; undefined otherwise.
 */
export function unmodelledIommu(pair: PairModel, node: Node): Node | undefined {
  const unmodelled = pair.iommu.problems.flatMap((p) => (p.kind === 'unmodelled' ? p.entries : []));
  const iommu = deviceIommu(unmodelled, node);
  if (!iommu) return undefined;
  const driver = iommuDriverOf(compatibles(iommu));
  return driver && !driverOff(pair.kconfig, driver.kconfig) ? iommu : undefined;
}
