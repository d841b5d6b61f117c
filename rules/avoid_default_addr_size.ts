/** avoid_default_addr_size (dtc): a node with reg or ranges whose parent lacks #address-cells or #size-cells. */
import { getProperty } from '../src/dts/query.js';
import { addrSizeCells, defineDtcCheck, dtcCheck, type DtcProblem, forEachNode, ownCells } from './support/dtc.js';

const messages = {
  defaultAddressCells: 'Relying on default #address-cells value',
  defaultSizeCells: 'Relying on default #size-cells value',
} as const;

/** dtc's check_avoid_default_addr_size: `WARNING(avoid_default_addr_size, ..., NULL, &addr_size_cells)`. */
export const avoidDefaultAddrSize = dtcCheck({
  name: 'avoid_default_addr_size',
  prerequisites: [addrSizeCells],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      if (!node.parent) return;
      if (!getProperty(node, 'reg') && !getProperty(node, 'ranges')) return;
      if (ownCells(node.parent, '#address-cells') === -1) out.push({ node, messageId: 'defaultAddressCells' });
      if (ownCells(node.parent, '#size-cells') === -1) out.push({ node, messageId: 'defaultSizeCells' });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: avoidDefaultAddrSize,
  summary: 'dtc: a node has reg or ranges but its parent relies on the default #address-cells or #size-cells',
  w1Only: false,
  symptoms: ['reg is read with 2 address cells and 1 size cell, which may not be what the author meant'],
});
