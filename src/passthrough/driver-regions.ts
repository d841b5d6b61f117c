/**
 * Guest drivers whose probe fails without all of its first N `reg` regions: what mmio-mismatch needs to tell a
 * guest node with fewer `reg` entries than vfio-platform exposes from a harmless one. Most drivers
 * map region 0 only, and many map a later one only if it is there (dwc3-imx8mp's glue region,
 * dwc3-am62's PHY region: a warning and no erratum fix), so a driver not listed here leaves the rule
 * at its warning. Each entry is read from its Linux 6.12 probe: the regions are mapped with
 * `devm_platform_ioremap_resource` and the probe returns the error when one is missing.
 */
import { compatibles, getProperty } from '../dts/query.js';
import type { Node } from '../dts/tree.js';

export interface RegionNeed {
  /** The driver (its source file under drivers/, without `.c`). */
  driver: string;
  /** The probe function that maps the regions. */
  probe: string;
  /** How many `reg` entries the probe maps (fewer fail it), for the node. */
  regions: number | ((node: Node) => number);
}

const NEEDS: ReadonlyArray<[readonly string[], RegionNeed]> = [
  // meson8b_dwmac_probe: dwmac->regs = devm_platform_ioremap_resource(pdev, 1); IS_ERR -> return.
  [
    ['amlogic,meson8b-dwmac', 'amlogic,meson8m2-dwmac', 'amlogic,meson-gxbb-dwmac', 'amlogic,meson-axg-dwmac', 'amlogic,meson-g12a-dwmac'],
    { driver: 'net/ethernet/stmicro/stmmac/dwmac-meson8b', probe: 'meson8b_dwmac_probe', regions: 2 },
  ],
  // meson6_dwmac_probe: dwmac->reg = devm_platform_ioremap_resource(pdev, 1); IS_ERR -> return.
  [['amlogic,meson6-dwmac'], { driver: 'net/ethernet/stmicro/stmmac/dwmac-meson', probe: 'meson6_dwmac_probe', regions: 2 }],
  // cpsw_probe: cpsw->wr_regs = devm_platform_ioremap_resource(pdev, 1); IS_ERR -> return.
  [['ti,cpsw', 'ti,am335x-cpsw', 'ti,am4372-cpsw', 'ti,dra7-cpsw'], { driver: 'net/ethernet/ti/cpsw', probe: 'cpsw_probe', regions: 2 }],
  // xgbe_platform_probe: the MAC's regions 0 and 1 (xgmac, xpcs), then the PHY's three (rxtx, sir0,
  // sir1): from a separate device when the node has a `phy-handle` (xgbe_get_phy_pdev, "old style"),
  // else the node's last three (phy_memnum = count - 3): with fewer than five, an index wraps or
  // repeats one already requested, and the probe fails either way.
  [['amd,xgbe-seattle-v1a'], { driver: 'net/ethernet/amd/xgbe/xgbe-platform', probe: 'xgbe_platform_probe', regions: (node) => (getProperty(node, 'phy-handle') ? 2 : 5) }],
];

const BY_COMPATIBLE = new Map<string, RegionNeed>(NEEDS.flatMap(([names, need]) => names.map((name) => [name, need] as [string, RegionNeed])));

/**
 * How many regions the driver of `node` cannot probe without, with the compatible that selects it: the
 * node's first compatible, its most specific, when it is one of the drivers above. Linux binds the
 * first registered driver that matches any compatible of the node (`platform_match`): built in,
 * these glue drivers are linked before the generic one their fallback compatible names (stmmac's
 * Makefile lists dwmac-meson before dwmac-generic); built as modules, which loads first is the
 * guest's udev's choice, and the rule's docs say so.
 */
export function regionsNeeded(node: Node): { driver: string; probe: string; regions: number; compatible: string } | undefined {
  const first = compatibles(node)[0];
  const need = first === undefined ? undefined : BY_COMPATIBLE.get(first);
  if (!need || first === undefined) return undefined;
  return { driver: need.driver, probe: need.probe, regions: typeof need.regions === 'number' ? need.regions : need.regions(node), compatible: first };
}
