/** graph_port (dtc): a graph port node not named `port`, or whose reg, unit address or parent's cells are wrong. */
import { baseName, defineDtcCheck, dtcCheck, type DtcProblem, forEachNode } from './support/dtc.js';
import { graphBuses, graphNodes, graphRegMessages, graphRegProblems } from './support/dtc-graph.js';

const messages = { name: "graph port node name should be 'port'", ...graphRegMessages } as const;

/** dtc's check_graph_port: `WARNING(graph_port, check_graph_port, NULL, &graph_nodes)`. */
export const graphPort = dtcCheck({
  name: 'graph_port',
  prerequisites: [graphNodes],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    const buses = graphBuses(tree);
    forEachNode(tree, (node) => {
      if (buses.get(node) !== 'graph-port') return;
      if (baseName(node) !== 'port') out.push({ node, messageId: 'name' });
      out.push(...graphRegProblems(node));
    });
    return out;
  },
});

export default defineDtcCheck({
  check: graphPort,
  summary: "dtc: a graph port (a node with endpoints) is not named 'port', or its reg, unit address or parent's #address-cells/#size-cells are wrong",
  w1Only: false,
  symptoms: ['of_graph_get_port_by_id finds no port: the display, camera or audio pipeline does not link'],
});
