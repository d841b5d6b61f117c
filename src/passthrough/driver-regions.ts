/**
 * Guest drivers whose probe fails without a given `reg` region: what mmio-mismatch needs to tell a
 * guest node with fewer `reg` entries than vfio-platform exposes from a harmless one. Most drivers
 * map region 0 only, and many map a later one only if it is there (dwc3-imx8mp's glue region,
 * dwc3-am62's PHY region: a warning and no erratum fix), so a driver not listed here leaves the rule
 * at its warning. Each entry is read from its Linux 6.12 probe: the region is mapped with
 * `devm_platform_ioremap_resource` and the probe returns the error when it is missing.
 */
import { compatibles } from '../dts/query.js';
import type { Node } from '../dts/tree.js';

export interface RegionNeed {
  /** The driver (its source file under drivers/, without `.c`). */
  driver: string;
  /** The probe function that maps the region. */
  probe: string;
  /** The region (its index among the `reg` entries) whose absence fails the probe. */
  region: number;
}

const NEEDS: ReadonlyArray<[readonly string[], RegionNeed]> = [
  // meson8b_dwmac_probe: dwmac->regs = devm_platform_ioremap_resource(pdev, 1); IS_ERR -> return.
  [
    ['amlogic,meson8b-dwmac', 'amlogic,meson8m2-dwmac', 'amlogic,meson-gxbb-dwmac', 'amlogic,meson-axg-dwmac', 'amlogic,meson-g12a-dwmac'],
    { driver: 'net/ethernet/stmicro/stmmac/dwmac-meson8b', probe: 'meson8b_dwmac_probe', region: 1 },
  ],
  // meson6_dwmac_probe: dwmac->reg = devm_platform_ioremap_resource(pdev, 1); IS_ERR -> return.
  [['amlogic,meson6-dwmac'], { driver: 'net/ethernet/stmicro/stmmac/dwmac-meson', probe: 'meson6_dwmac_probe', region: 1 }],
  // cpsw_probe: cpsw->wr_regs = devm_platform_ioremap_resource(pdev, 1); IS_ERR -> return.
  [['ti,cpsw', 'ti,am335x-cpsw', 'ti,am4372-cpsw', 'ti,dra7-cpsw'], { driver: 'net/ethernet/ti/cpsw', probe: 'cpsw_probe', region: 1 }],
  // xgbe_platform_probe: pdata->xpcs_regs = devm_platform_ioremap_resource(pdev, 1); IS_ERR -> err_io
  // (and, with no separate PHY device, three more regions at the end of the list).
  [['amd,xgbe-seattle-v1a'], { driver: 'net/ethernet/amd/xgbe/xgbe-platform', probe: 'xgbe_platform_probe', region: 1 }],
];

const BY_COMPATIBLE = new Map<string, RegionNeed>(NEEDS.flatMap(([names, need]) => names.map((name) => [name, need] as [string, RegionNeed])));

/**
 * The region the driver of `node` cannot probe without, with the compatible that selects it: the
 * node's first compatible, its most specific, when it is one of the drivers above. Linux binds the
 * first registered driver that matches any compatible of the node (`platform_match`): built in,
 * these glue drivers are linked before the generic one their fallback compatible names (stmmac's
 * Makefile lists dwmac-meson before dwmac-generic); built as modules, which loads first is the
 * guest's udev's choice, and the rule's docs say so.
 */
export function regionNeeded(node: Node): (RegionNeed & { compatible: string }) | undefined {
  const first = compatibles(node)[0];
  const need = first === undefined ? undefined : BY_COMPATIBLE.get(first);
  return need && first !== undefined ? { ...need, compatible: first } : undefined;
}
