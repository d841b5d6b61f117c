/** graph_child_address (dtc, kernel W=1): a port or ports node with one child at address 0 and #address-cells it does not need. */
import { getProperty } from '../src/dts/query.js';
import { defineDtcCheck, dtcCheck, type DtcProblem, firstWord, forEachNode, ownCells } from './support/dtc.js';
import { graphBuses, graphNodes } from './support/dtc-graph.js';

const messages = { singleChild: "graph node has single child node '{{child}}', #address-cells/#size-cells are not necessary" } as const;

/** dtc's check_graph_child_address: `WARNING(graph_child_address, ..., NULL, &graph_nodes)`. */
export const graphChildAddress = dtcCheck({
  name: 'graph_child_address',
  prerequisites: [graphNodes],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    const buses = graphBuses(tree);
    forEachNode(tree, (node) => {
      if (!buses.has(node)) return;
      let count = 0;
      for (const child of node.children) {
        const reg = getProperty(child, 'reg');
        // Any non-zero unit address: the cells are needed.
        if (reg && firstWord(reg) !== 0) return;
        count++;
      }
      if (count === 1 && ownCells(node, '#address-cells') !== -1) out.push({ node, messageId: 'singleChild', data: { child: node.children[0]!.name } });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: graphChildAddress,
  summary: 'dtc (W=1): a graph port or ports node with a single child at address 0 has #address-cells/#size-cells it does not need',
  w1Only: true,
});
