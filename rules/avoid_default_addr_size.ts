/** avoid_default_addr_size (dtc): a node with reg or ranges whose parent lacks #address-cells or #size-cells. */
import { getProperty } from '../src/dts/query.js';
import type { Tree } from '../src/dts/tree.js';
import { addrSizeCellsPass, defineDtcCheck, type DtcProblem, forEachNode, ownCells } from './support/dtc.js';

/** dtc's check_avoid_default_addr_size (prerequisite: addr_size_cells). */
export function avoidDefaultAddrSizeProblems(tree: Tree): DtcProblem[] {
  if (!addrSizeCellsPass(tree)) return [];
  const out: DtcProblem[] = [];
  forEachNode(tree, (node) => {
    if (!node.parent) return;
    if (!getProperty(node, 'reg') && !getProperty(node, 'ranges')) return;
    if (ownCells(node.parent, '#address-cells') === -1) out.push({ node, message: 'Relying on default #address-cells value' });
    if (ownCells(node.parent, '#size-cells') === -1) out.push({ node, message: 'Relying on default #size-cells value' });
  });
  return out;
}

export default defineDtcCheck({
  id: 'avoid_default_addr_size',
  summary: 'dtc: a node has reg or ranges but its parent relies on the default #address-cells or #size-cells',
  w1Only: false,
  symptoms: ['reg is read with 2 address cells and 1 size cell, which may not be what the author meant'],
  problems: avoidDefaultAddrSizeProblems,
});
