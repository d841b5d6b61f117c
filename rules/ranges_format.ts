/** ranges_format (dtc): `ranges` is not whole <child address, parent address, size> entries. */
import { getProperty, nodePath } from '../src/dts/query.js';
import type { Tree } from '../src/dts/tree.js';
import { addrSizeCellsPass, byteLength, defineDtcCheck, type DtcProblem, forEachNode, isMultipleOf, nodeAddrCells, nodeSizeCells } from './support/dtc.js';

/** dtc's check_ranges_format for `ranges` (prerequisite: addr_size_cells). */
export function rangesFormatProblems(tree: Tree): DtcProblem[] {
  if (!addrSizeCellsPass(tree)) return [];
  const out: DtcProblem[] = [];
  forEachNode(tree, (node) => {
    const prop = getProperty(node, 'ranges');
    if (!prop) return;
    if (!node.parent) {
      out.push({ node, prop, message: 'Root node has a "ranges" property' });
      return;
    }
    const parentAddress = nodeAddrCells(node.parent);
    const parentSize = nodeSizeCells(node.parent);
    const childAddress = nodeAddrCells(node);
    const childSize = nodeSizeCells(node);
    const length = byteLength(prop);
    const parent = nodePath(node.parent);
    if (length === 0) {
      if (parentAddress !== childAddress) {
        out.push({
          node,
          prop,
          message: `empty "ranges" property but its #address-cells (${childAddress}) differs from ${parent} (${parentAddress})`,
        });
      }
      if (parentSize !== childSize) {
        out.push({ node, prop, message: `empty "ranges" property but its #size-cells (${childSize}) differs from ${parent} (${parentSize})` });
      }
    } else if (!isMultipleOf(length, (parentAddress + childAddress + childSize) * 4)) {
      out.push({
        node,
        prop,
        message:
          `"ranges" property has invalid length (${length} bytes) (parent #address-cells == ${parentAddress}, ` +
          `child #address-cells == ${childAddress}, #size-cells == ${childSize})`,
      });
    }
  });
  return out;
}

export default defineDtcCheck({
  id: 'ranges_format',
  summary: 'dtc: ranges is not whole <child address, parent address, size> entries',
  w1Only: false,
  symptoms: ["the devices under the bus get wrong CPU addresses, or none"],
  problems: rangesFormatProblems,
});
