/** graph_endpoint (dtc): an endpoint not named `endpoint`, with a bad reg, or whose remote-endpoint does not point back. */
import { getProperty, nodePath } from '../src/dts/query.js';
import type { Node, Tree } from '../src/dts/tree.js';
import { cellTarget } from '../src/graph/split.js';
import { splitContextOf } from '../src/graph/derived.js';
import { propertyCells } from '../src/graph/tree-access.js';
import { baseName, defineDtcCheck, dtcCheck, type DtcProblem, firstWord, forEachNode } from './support/dtc.js';
import { graphBuses, graphNodes, graphRegMessages, graphRegProblems } from './support/dtc-graph.js';

const messages = {
  name: "graph endpoint node name should be 'endpoint'",
  ...graphRegMessages,
  invalidPhandle: 'graph phandle is not valid',
  notBidirectional: "graph connection to node '{{remote}}' is not bidirectional",
} as const;

type Message = keyof typeof messages;

/** dtc's get_remote_endpoint: the node remote-endpoint names, reporting a phandle that names none. */
function remoteEndpoint(tree: Tree, endpoint: Node, out: DtcProblem<Message>[], asker?: Node): Node | undefined {
  const prop = getProperty(endpoint, 'remote-endpoint');
  if (!prop) return undefined;
  const phandle = firstWord(prop);
  // An overlay's reference to its base.
  if (phandle === 0 || phandle === 0xffffffff) return undefined;
  const split = splitContextOf(tree);
  const first = propertyCells(prop)?.[0];
  const node = first ? cellTarget(first, split).node : split.phandles.get(phandle);
  if (!node) {
    // Asked from another endpoint, dtc repeats the report: it points at the asker's remote-endpoint.
    const at = asker ? getProperty(asker, 'remote-endpoint')?.at : undefined;
    out.push(at ? { node: endpoint, prop, messageId: 'invalidPhandle', at } : { node: endpoint, prop, messageId: 'invalidPhandle' });
  }
  return node;
}

/** dtc's check_graph_endpoint: `WARNING(graph_endpoint, check_graph_endpoint, NULL, &graph_nodes)`. */
export const graphEndpoint = dtcCheck({
  name: 'graph_endpoint',
  prerequisites: [graphNodes],
  messages,
  problems(tree) {
    const out: DtcProblem<Message>[] = [];
    const buses = graphBuses(tree);
    forEachNode(tree, (node) => {
      if (!node.parent || buses.get(node.parent) !== 'graph-port') return;
      if (baseName(node) !== 'endpoint') out.push({ node, messageId: 'name' });
      out.push(...graphRegProblems(node));
      const remote = remoteEndpoint(tree, node, out);
      if (!remote) return;
      // dtc asks the remote for its own remote (and reports its bad phandle again, as here).
      if (remoteEndpoint(tree, remote, out, node) !== node) out.push({ node, messageId: 'notBidirectional', data: { remote: nodePath(remote) } });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: graphEndpoint,
  summary: "dtc: a graph endpoint is not named 'endpoint', has a bad reg or unit address, or its remote-endpoint does not point back",
  w1Only: false,
  symptoms: ['of_graph_get_remote_endpoint gives a node that does not link back: the pipeline does not come up'],
});
