/**
 * Edge extraction: every dependency of every node, in tree order, from the binding table.
 * An edge reads "consumer needs supplier, because of property[index]".
 */
import type { Location } from '../dts/location.js';
import type { Cell, Node, Property, Tree } from '../dts/tree.js';
import { type Binding, bindingFor, PARENT_BINDING } from './bindings.js';
import { getProperty, walk } from '../dts/query.js';
import { type ListEntry, type SplitContext, type SplitList, splitContext, splitList } from './split.js';
import { baseName, cellNumber } from './tree-access.js';

export type DependencyEdge = {
  /** The node that needs the supplier (for remote-endpoint: the device owning the local port). */
  consumer: Node;
  supplier: Node;
  /** Property name; `''` for the parent edge. */
  property: string;
  /** Entry number in the property's list. */
  index: number;
  /** The cells the supplier reads (clock id, interrupt specifier, ...), as unsigned 32-bit numbers. */
  args: number[];
  /** Where the entry is written: the phandle cell (for interrupts, the specifier's first cell). */
  at: Location;
  binding: Binding;
  /** The phandle was written as a number, not as `&label`. */
  raw?: true;
  /** The node that holds the property when it is not the consumer (a graph endpoint). */
  holder?: Node;
};

/** An entry that could not be read cleanly, for the cell-count and raw-phandle rules. */
export interface ListProblem {
  node: Node;
  property: Property;
  binding: Binding;
  /** Absent when the whole value is not a cell list. */
  entry?: ListEntry;
}

/**
 * A property that the binding table covers, split once: edge extraction and the list rules
 * (phandle-args, raw-phandle) all read these instead of each splitting every list again.
 */
export interface BoundProperty {
  node: Node;
  property: Property;
  binding: Binding;
  /** Absent for `interrupts` beside `interrupts-extended`, which Linux ignores (never split). */
  split?: SplitList;
}

export interface ExtractedEdges {
  edges: DependencyEdge[];
  problems: ListProblem[];
  /** Every bound property, in tree order then property order. */
  bound: BoundProperty[];
}

export function extractEdges(tree: Tree, ctx: SplitContext = splitContext(tree)): ExtractedEdges {
  const edges: DependencyEdge[] = [];
  const problems: ListProblem[] = [];
  const bound: BoundProperty[] = [];
  walk(tree, (node) => {
    extractNodeEdges(node, ctx, edges, problems, bound);
  });
  return { edges, problems, bound };
}

/** One node's edges, appended in property order, the parent edge last. */
export function extractNodeEdges(node: Node, ctx: SplitContext, edges: DependencyEdge[], problems: ListProblem[], bound: BoundProperty[]): void {
  let hasExtended: boolean | undefined;
  for (let propIndex = 0; propIndex < node.properties.length; propIndex++) {
    const prop = node.properties[propIndex]!;
    const binding = bindingFor(prop.name);
    if (!binding) continue;
    if (binding.skipNodesWith !== undefined && getProperty(node, binding.skipNodesWith)) continue;
    if (binding.layout === 'interrupts') {
      // of_irq_parse_one reads interrupts-extended first and then ignores interrupts.
      hasExtended ??= getProperty(node, 'interrupts-extended') !== undefined;
      if (hasExtended) {
        bound.push({ node, property: prop, binding });
        continue;
      }
    }
    const split = splitList(node, prop, binding, ctx);
    bound.push({ node, property: prop, binding, split });
    if (split.notCells) problems.push({ node, property: prop, binding });
    for (let entryIndex = 0; entryIndex < split.entries.length; entryIndex++) {
      const entry = split.entries[entryIndex]!;
      if (entry.problem) problems.push({ node, property: prop, binding, entry });
      if (!entry.provider) continue;
      if (binding.layout === 'graph-endpoint') {
        if (entry.index > 0) break; // Linux reads one remote endpoint
        const consumer = portParent(node);
        const supplier = portParent(entry.provider);
        if (consumer && supplier && consumer !== supplier) edges.push(makeEdge(consumer, supplier, prop.name, entry, binding, node));
        continue;
      }
      // A node is not its own supplier (the root interrupt controller's own interrupts).
      if (entry.provider !== node) edges.push(makeEdge(node, entry.provider, prop.name, entry, binding));
    }
  }
  const parent = node.parent;
  // The root is always there: an edge to it would only add noise to every closure.
  if (parent && parent.parent) {
    edges.push({ consumer: node, supplier: parent, property: '', index: 0, args: [], at: node.definedAt[0]!, binding: PARENT_BINDING });
  }
}

function makeEdge(consumer: Node, supplier: Node, property: string, entry: ListEntry, binding: Binding, holder?: Node): DependencyEdge {
  const edge = new EntryEdge(consumer, supplier, property, entry.index, entry.args.map(cellNumber), entry.phandleCell, binding);
  if (entry.raw) edge.raw = true;
  if (holder) edge.holder = holder;
  return edge;
}

/**
 * An edge of a list entry. Its location is its phandle cell's, read when asked for: a kept tree's
 * cells read theirs from the prefix store only then (src/dts/store/live-codec.ts), and most edges are
 * never reported.
 */
class EntryEdge implements DependencyEdge {
  declare raw?: true;
  declare holder?: Node;
  readonly #cell: Cell;

  constructor(
    readonly consumer: Node,
    readonly supplier: Node,
    readonly property: string,
    readonly index: number,
    readonly args: number[],
    cell: Cell,
    readonly binding: Binding,
  ) {
    this.#cell = cell;
  }

  get at(): Location {
    return this.#cell.at;
  }
}

const PORTS = new Set(['ports', 'in-ports', 'out-ports']);

/**
 * Linux's of_graph_get_port_parent: the device that owns an endpoint. Up two levels
 * (endpoint -> port -> device), or three when the port sits in a `ports` container.
 */
export function portParent(endpoint: Node): Node | undefined {
  const port = endpoint.parent;
  if (!port) return undefined;
  const up = port.parent;
  if (!up) return undefined;
  if (!PORTS.has(baseName(up))) return up;
  return up.parent ?? undefined;
}
