/** simple_bus_reg (dtc, kernel W=1): a simple-bus child's unit address differs from its reg (or ranges) address. */
import { getProperty } from '../src/dts/query.js';
import type { Tree } from '../src/dts/tree.js';
import { propertyCells } from '../src/graph/tree-access.js';
import { defineDtcCheck, type DtcProblem, forEachNode, isCompatible, nodeAddrCells, unitName } from './support/dtc.js';
import { regFormatProblems } from './reg_format.js';

/** dtc's check_simple_bus_reg (prerequisites: reg_format, simple_bus_bridge). */
export function simpleBusRegProblems(tree: Tree): DtcProblem[] {
  if (regFormatProblems(tree).length > 0) return [];
  const out: DtcProblem[] = [];
  forEachNode(tree, (node) => {
    const parent = node.parent;
    if (!parent || !isCompatible(parent, 'simple-bus')) return;
    let cells = undefined;
    const reg = getProperty(node, 'reg');
    if (reg) cells = propertyCells(reg);
    else {
      const ranges = getProperty(node, 'ranges');
      // The parent address of the first entry: skip the child address.
      if (ranges && ranges.value.length > 0) cells = propertyCells(ranges)?.slice(nodeAddrCells(node));
    }
    if (!cells) {
      if (parent.parent && !isCompatible(node, 'simple-bus')) out.push({ node, message: 'missing or empty reg/ranges property' });
      return;
    }
    const size = nodeAddrCells(parent);
    if (cells.length < size) return;
    let address = 0n;
    for (const c of cells.slice(0, size)) address = BigInt.asUintN(64, (address << 32n) | BigInt.asUintN(32, c.value));
    const expected = address.toString(16);
    if (unitName(node) !== expected) out.push({ node, message: `simple-bus unit address format error, expected "${expected}"` });
  });
  return out;
}

export default defineDtcCheck({
  id: 'simple_bus_reg',
  summary: "dtc (W=1): a simple-bus child's unit address is not its reg address",
  w1Only: true,
  symptoms: ['the node name promises one address and the device sits at another'],
  problems: simpleBusRegProblems,
});
