/** simple_bus_reg (dtc, kernel W=1): a simple-bus child's unit address differs from its reg (or ranges) address. */
import { getProperty } from '../src/dts/query.js';
import { propertyCells } from '../src/graph/tree-access.js';
import { defineDtcCheck, dtcCheck, type DtcProblem, forEachNode, isCompatible, nodeAddrCells, simpleBusBridge, unitName } from './support/dtc.js';
import { regFormat } from './reg_format.js';

const messages = {
  missingReg: 'missing or empty reg/ranges property',
  unitAddress: 'simple-bus unit address format error, expected "{{expected}}"',
} as const;

/** dtc's check_simple_bus_reg: `WARNING(simple_bus_reg, check_simple_bus_reg, NULL, &reg_format, &simple_bus_bridge)`. */
export const simpleBusReg = dtcCheck({
  name: 'simple_bus_reg',
  prerequisites: [regFormat, simpleBusBridge],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
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
        if (parent.parent && !isCompatible(node, 'simple-bus')) out.push({ node, messageId: 'missingReg' });
        return;
      }
      const size = nodeAddrCells(parent);
      if (cells.length < size) return;
      let address = 0n;
      for (const c of cells.slice(0, size)) address = BigInt.asUintN(64, (address << 32n) | BigInt.asUintN(32, c.value));
      const expected = address.toString(16);
      if (unitName(node) !== expected) out.push({ node, messageId: 'unitAddress', data: { expected } });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: simpleBusReg,
  summary: "dtc (W=1): a simple-bus child's unit address is not its reg address",
  w1Only: true,
  symptoms: ['the node name promises one address and the device sits at another'],
});
