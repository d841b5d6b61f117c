/** avoid_unnecessary_addr_size (dtc, kernel W=1): #address-cells/#size-cells on a node whose children have no reg and that has no ranges. */
import { getProperty } from '../src/dts/query.js';
import { checkedChildren, defineDtcCheck, hasDtcChildren, dtcCheck, type DtcProblem, forEachNode, ownCells } from './support/dtc.js';
import { avoidDefaultAddrSize } from './avoid_default_addr_size.js';

const messages = { unnecessary: 'unnecessary #address-cells/#size-cells without "ranges" or child "reg" property' } as const;

/**
 * dtc's check_avoid_unnecessary_addr_size:
 * `WARNING(avoid_unnecessary_addr_size, ..., NULL, &avoid_default_addr_size)`; not the root, and not
 * a node without children (dtc counts deleted ones).
 */
export const avoidUnnecessaryAddrSize = dtcCheck({
  name: 'avoid_unnecessary_addr_size',
  prerequisites: [avoidDefaultAddrSize],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      if (!node.parent || ownCells(node, '#address-cells') < 0 || ownCells(node, '#size-cells') < 0) return;
      const children = checkedChildren(node);
      if (getProperty(node, 'ranges') || !hasDtcChildren(tree, node)) return;
      if (!children.some((child) => getProperty(child, 'reg'))) out.push({ node, messageId: 'unnecessary' });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: avoidUnnecessaryAddrSize,
  summary: 'dtc (W=1): a node has #address-cells/#size-cells but no ranges and no child with reg',
  w1Only: true,
  symptoms: ['none at run time: the cells describe an address space nothing uses'],
});
