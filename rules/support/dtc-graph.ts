/**
 * dtc's graph checks' shared part (checks.c, dtc 1.6.1): check_graph_nodes, which marks port and ports
 * nodes as buses (graph-port, graph-ports) and never fails, and check_graph_reg, which graph_port and
 * graph_endpoint run on a port or an endpoint. Whether a node's parent already is a bus decides
 * whether it becomes a graph-ports bus, so the buses dtc's earlier checks set (pci_bridge,
 * simple_bus_bridge, i2c_bus_bridge, spi_bus_bridge) are read here as those checks set them.
 */
import { getProperty } from '../../src/dts/query.js';
import { derivedOf, type Node, type Property, type Tree } from '../../src/dts/tree.js';
import { isI2cBus, isPciBridge, isSimpleBus, isSpiBus } from './dtc-buses.js';
import { addrSizeCells, baseName, byteLength, compatibleIsStringList, dtcCheck, firstWord, type DtcProblem, forEachNode, ownCells, runDtcCheck, unitName } from './dtc.js';

export type GraphBus = 'graph-port' | 'graph-ports';

/**
 * Whether dtc's bridge checks made the node a bus before graph_nodes runs: check_pci_bridge
 * (device_type "pci"), check_simple_bus_bridge (compatible "simple-bus"), check_i2c_bus_bridge
 * (named i2c, i2c-bus, i2c-arb), check_spi_bus_bridge (named spi, or 1/0 cells and a child with an
 * `spi-*` property). A bridge check whose prerequisites failed did not run and set nothing.
 */
function bridgeBus(node: Node, cellsOk: boolean, compatibleOk: boolean): boolean {
  if (!cellsOk) return false;
  return isPciBridge(node) || (compatibleOk && isSimpleBus(node)) || isI2cBus(node) || isSpiBus(node);
}

const BUSES = Symbol('dtc graph buses');

/** dtc's check_graph_nodes, as the buses it sets (pre-order, as check_nodes_props walks). */
export function graphBuses(tree: Tree): ReadonlyMap<Node, GraphBus> {
  return derivedOf(tree, BUSES, () => {
    const cellsOk = runDtcCheck(addrSizeCells, tree).status === 'passed';
    const compatibleOk = runDtcCheck(compatibleIsStringList, tree).status === 'passed';
    const buses = new Map<Node, GraphBus>();
    forEachNode(tree, (node) => {
      const isPort = node.children.some((child) => baseName(child) === 'endpoint' || getProperty(child, 'remote-endpoint') !== undefined);
      if (!isPort) return;
      buses.set(node, 'graph-port');
      const parent = node.parent;
      // The parent of port nodes is `ports` or the device itself.
      if (parent && !buses.has(parent) && !bridgeBus(parent, cellsOk, compatibleOk) && (parent.name === 'ports' || getProperty(node, 'reg'))) {
        buses.set(parent, 'graph-ports');
      }
    });
    return buses;
  });
}

/** dtc's graph_nodes: `WARNING(graph_nodes, check_graph_nodes, NULL)`; it only marks buses. */
export const graphNodes = dtcCheck({
  name: 'graph_nodes',
  prerequisites: [],
  messages: {},
  problems: () => [],
});

export const graphRegMessages = {
  malformedReg: "graph node malformed 'reg' property",
  unitAddress: 'graph node unit address error, expected "{{expected}}"',
  addressCells: "graph node '#address-cells' is {{value}}, must be 1",
  sizeCells: "graph node '#size-cells' is {{value}}, must be 0",
} as const;

/** dtc's check_graph_reg for a port or an endpoint. */
export function graphRegProblems(node: Node): DtcProblem<keyof typeof graphRegMessages>[] {
  const out: DtcProblem<keyof typeof graphRegMessages>[] = [];
  const reg = getProperty(node, 'reg');
  if (!reg) return out;
  if (byteLength(reg) !== 4) {
    out.push({ node, messageId: 'malformedReg' });
    return out;
  }
  const expected = firstWord(reg).toString(16);
  if (unitName(node) !== expected) out.push({ node, messageId: 'unitAddress', data: { expected } });
  const parent = node.parent!;
  // dtc names the node's own #address-cells/#size-cells, when it has them, though it reads the parent's.
  const addressCells = ownCells(parent, '#address-cells');
  if (addressCells !== 1) push(out, node, getProperty(node, '#address-cells'), 'addressCells', addressCells);
  const sizeCells = ownCells(parent, '#size-cells');
  if (sizeCells !== 0) push(out, node, getProperty(node, '#size-cells'), 'sizeCells', sizeCells);
  return out;
}

function push(out: DtcProblem<keyof typeof graphRegMessages>[], node: Node, prop: Property | undefined, messageId: 'addressCells' | 'sizeCells', value: number): void {
  // ownCells reads the cell unsigned; dtc prints it as an int.
  const data = { value: value | 0 };
  out.push(prop ? { node, prop, messageId, data } : { node, messageId, data });
}
