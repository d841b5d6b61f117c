/**
 * Closures over the dependency graph, each member with the chain of edges that explains why it is
 * there. Breadth-first, so every chain is a shortest one; ties go to the start node given first and
 * then to the edge extracted first (tree order, property order, list order): same input, same chains.
 */
import type { Node } from '../dts/tree.js';
import type { DependencyEdge } from './edges.js';
import { type DependencyGraph, pathOf, sortedEdgeKeys } from './graph.js';

export interface ClosureMember {
  node: Node;
  path: string;
  /**
   * Edges from a start node to this one, in walking order; empty for a start node. Forward: each
   * edge's supplier is the next edge's consumer. Reverse: each edge's consumer is the next edge's
   * supplier (the chain reads "X needs start, Y needs X, ...").
   */
  chain: DependencyEdge[];
  /** The last edge of the chain (undefined for a start node): the chain without copying it. */
  via?: DependencyEdge;
  /** The member that edge came from. */
  from?: ClosureMember;
}

/**
 * A member reached from `from` by `edge`. Its chain is put together when asked for: copying each
 * predecessor's chain made a long dependency chain cost memory squared in its length.
 */
function reached(node: Node, path: string, from: ClosureMember, edge: DependencyEdge): ClosureMember {
  return {
    node,
    path,
    via: edge,
    from,
    get chain(): DependencyEdge[] {
      const out: DependencyEdge[] = [edge];
      for (let m: ClosureMember | undefined = from; m?.via; m = m.from) out.push(m.via);
      return out.reverse();
    },
  };
}

export interface Closure {
  reverse: boolean;
  starts: Node[];
  /** Start nodes first, then the rest in breadth-first order. */
  members: ClosureMember[];
  byPath: ReadonlyMap<string, ClosureMember>;
}

export interface ClosureOptions {
  /** Walk from suppliers to their consumers: what depends on the start nodes. */
  reverse?: boolean;
  /** Which edges to walk; default all (fw_devlink's optional ones, dtlint's extras, parents). */
  follow?: (edge: DependencyEdge) => boolean;
}

export function closure(dg: DependencyGraph, starts: Iterable<Node>, options: ClosureOptions = {}): Closure {
  const reverse = options.reverse ?? false;
  const follow = options.follow;
  const members: ClosureMember[] = [];
  const byPath = new Map<string, ClosureMember>();
  const startNodes: Node[] = [];
  for (const node of starts) {
    const path = pathOf(dg, node);
    if (byPath.has(path)) continue;
    const m: ClosureMember = { node, path, chain: [] };
    members.push(m);
    byPath.set(path, m);
    startNodes.push(node);
  }
  const { graph } = dg;
  for (let i = 0; i < members.length; i++) {
    const from = members[i]!;
    if (!graph.hasNode(from.path)) continue;
    const keys = sortedEdgeKeys(reverse ? graph.inEdges(from.path) : graph.outEdges(from.path));
    for (let keyIndex = 0; keyIndex < keys.length; keyIndex++) {
      const key = keys[keyIndex]!;
      const edge = graph.getEdgeAttributes(key);
      if (follow && !follow(edge)) continue;
      const next = reverse ? edge.consumer : edge.supplier;
      const path = pathOf(dg, next);
      if (byPath.has(path)) continue;
      const m = reached(next, path, from, edge);
      members.push(m);
      byPath.set(path, m);
    }
  }
  return { reverse, starts: startNodes, members, byPath };
}

/** The node's own dependencies, in extraction order. */
export function suppliersOf(dg: DependencyGraph, node: Node): readonly DependencyEdge[] {
  return dg.adjacency.out.get(pathOf(dg, node)) ?? NO_EDGES;
}

const NO_EDGES: readonly DependencyEdge[] = [];

/** The edges of nodes that depend on this one, in extraction order. */
export function consumersOf(dg: DependencyGraph, node: Node): readonly DependencyEdge[] {
  return dg.adjacency.in.get(pathOf(dg, node)) ?? NO_EDGES;
}

/** `clocks[2]`, `interrupts[0]`, or `parent` for the bus edge. */
export function describeEdge(edge: DependencyEdge): string {
  return edge.binding.layout === 'parent' ? 'parent' : `${edge.property}[${edge.index}]`;
}
