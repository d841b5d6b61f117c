/** reg_format (dtc): `reg` is not whole entries of the parent's #address-cells + #size-cells. */
import { getProperty } from '../src/dts/query.js';
import type { Tree } from '../src/dts/tree.js';
import { addrSizeCellsPass, byteLength, defineDtcCheck, type DtcProblem, forEachNode, isMultipleOf, nodeAddrCells, nodeSizeCells } from './support/dtc.js';

/** dtc's check_reg_format (prerequisite: addr_size_cells). */
export function regFormatProblems(tree: Tree): DtcProblem[] {
  if (!addrSizeCellsPass(tree)) return [];
  const out: DtcProblem[] = [];
  forEachNode(tree, (node) => {
    const prop = getProperty(node, 'reg');
    if (!prop) return;
    if (!node.parent) {
      out.push({ node, message: 'Root node has a "reg" property' });
      return;
    }
    const length = byteLength(prop);
    if (length === 0) out.push({ node, prop, message: 'property is empty' });
    const addressCells = nodeAddrCells(node.parent);
    const sizeCells = nodeSizeCells(node.parent);
    if (!isMultipleOf(length, (addressCells + sizeCells) * 4)) {
      out.push({
        node,
        prop,
        message: `property has invalid length (${length} bytes) (#address-cells == ${addressCells}, #size-cells == ${sizeCells})`,
      });
    }
  });
  return out;
}

export default defineDtcCheck({
  id: 'reg_format',
  summary: "dtc: reg is not whole entries of the parent's #address-cells and #size-cells",
  w1Only: false,
  symptoms: ['the device gets the wrong MMIO address or size, or none'],
  problems: regFormatProblems,
});
