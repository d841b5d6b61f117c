/**
 * Layerscape SoCs (LS1012A ... LS2088A, LX2160A and LX2162A): U-Boot's board setup for them
 * (arch/arm/cpu/armv8/fsl-layerscape/icid.c `fdt_fixup_icid`, from `ft_board_setup`) writes `iommus`
 * into the nodes its SoC's ICID table names (`ls1028_ids.c`, `lx2160_ids.c`, ...), found by compatible
 * and address: what the tree dtlint reads does not show. Known by the root compatible (`fsl,ls1028a`,
 * `fsl,lx2160a`, ...).
 */
import { compatibles } from '../dts/query.js';
import type { Tree } from '../dts/tree.js';

const LAYERSCAPE = /^fsl,(ls|lx)\d/;

export function isLayerscape(tree: Tree): boolean {
  return compatibles(tree.root).some((c) => LAYERSCAPE.test(c));
}
