/**
 * The dependency graph of one tree on graphology: a directed multigraph, one graph node per tree
 * node (key: full path), one edge per dependency entry (consumer -> supplier, attributes: the edge
 * record). Edge keys are their extraction order (`"0"`, `"1"`, ...), so every walk can be made
 * deterministic by sorting keys numerically.
 */
import { MultiDirectedGraph } from 'graphology';
import { nodePath, walk } from '../dts/query.js';
import type { Node, Tree } from '../dts/tree.js';
import { type BoundProperty, type DependencyEdge, extractEdges, type ListProblem } from './edges.js';
import { type SplitContext, splitContext } from './split.js';

export type GraphNodeAttributes = { node: Node };

export type DependencyMultiGraph = MultiDirectedGraph<GraphNodeAttributes, DependencyEdge>;

export interface DependencyGraph {
  /** Built on first use. */
  readonly graph: DependencyMultiGraph;
  tree: Tree;
  /** Every edge, in extraction order: edge key `i` is `edges[i]`. */
  edges: DependencyEdge[];
  /** List entries that could not be read cleanly (missing #cells, unknown phandles, short lists). */
  problems: ListProblem[];
  /** Every property the binding table covers, split once (for the list rules). */
  bound: BoundProperty[];
  /** The phandle lookup the lists were split with. */
  split: SplitContext;
  /** Every tree node's full path (the graph's node keys), computed on first use. */
  readonly paths: ReadonlyMap<Node, string>;
  /** Each path's edges by direction, in extraction order, computed on first use (suppliersOf, consumersOf). */
  readonly adjacency: Adjacency;
}

/** The graph's edges by graph node (path): `out` to its suppliers, `in` from its consumers. */
export interface Adjacency {
  out: ReadonlyMap<string, readonly DependencyEdge[]>;
  in: ReadonlyMap<string, readonly DependencyEdge[]>;
}

export function buildDependencyGraph(tree: Tree, split: SplitContext = splitContext(tree)): DependencyGraph {
  const { edges, problems, bound } = extractEdges(tree, split);
  return new LazyGraph(tree, edges, problems, bound, split);
}

/**
 * Source rules read `edges` and `bound` only; paths and the graphology graph are for walks
 * (closures, deps, the pair), so they are made on first use: a lint over the corpus never pays.
 * A class, not an object literal with getters: measured on the corpus lint, the literal (whose
 * getters close over the board) kept each board alive until the next full collection, at 40%
 * more time and twice the memory.
 */
class LazyGraph implements DependencyGraph {
  #paths: Map<Node, string> | undefined;
  #graph: DependencyMultiGraph | undefined;
  #adjacency: Adjacency | undefined;

  constructor(
    readonly tree: Tree,
    readonly edges: DependencyEdge[],
    readonly problems: ListProblem[],
    readonly bound: BoundProperty[],
    readonly split: SplitContext,
  ) {}

  get paths(): ReadonlyMap<Node, string> {
    this.#paths ??= pathsOf(this.tree);
    return this.#paths;
  }

  get graph(): DependencyMultiGraph {
    this.#graph ??= graphOf(this.paths, this.edges);
    return this.#graph;
  }

  /**
   * A node's edges without the graphology graph: the pair model asks only for those, and building
   * the graph (a string key and an edge record per edge) was most of what its first question cost.
   */
  get adjacency(): Adjacency {
    this.#adjacency ??= adjacencyOf(this.paths, this.edges);
    return this.#adjacency;
  }
}

/** Keyed by path as the graph is: two nodes of one path (a tree with errors) share their edges. */
function adjacencyOf(paths: ReadonlyMap<Node, string>, edges: readonly DependencyEdge[]): Adjacency {
  const out = new Map<string, DependencyEdge[]>();
  const into = new Map<string, DependencyEdge[]>();
  for (let i = 0; i < edges.length; i++) {
    const edge = edges[i]!;
    const from = paths.get(edge.consumer)!;
    const to = paths.get(edge.supplier)!;
    const o = out.get(from);
    if (o) o.push(edge);
    else out.set(from, [edge]);
    const n = into.get(to);
    if (n) n.push(edge);
    else into.set(to, [edge]);
  }
  return { out, in: into };
}

function pathsOf(tree: Tree): Map<Node, string> {
  const paths = new Map<Node, string>();
  walk(tree, (node) => {
    const parent = node.parent ? paths.get(node.parent)! : '';
    paths.set(node, node.parent ? `${parent === '/' ? '' : parent}/${node.name}` : '/');
  });
  return paths;
}

function graphOf(paths: ReadonlyMap<Node, string>, edges: readonly DependencyEdge[]): DependencyMultiGraph {
  const graph: DependencyMultiGraph = new MultiDirectedGraph<GraphNodeAttributes, DependencyEdge>({ allowSelfLoops: true });
  for (const [node, path] of paths) {
    // A tree with errors may hold two nodes of one path; the first keeps the key.
    if (!graph.hasNode(path)) graph.addNode(path, { node });
  }
  edges.forEach((edge, i) => {
    graph.addDirectedEdgeWithKey(String(i), paths.get(edge.consumer)!, paths.get(edge.supplier)!, edge);
  });
  return graph;
}

/** The graph key of a node: its full path. */
export function pathOf(dg: DependencyGraph, node: Node): string {
  return dg.paths.get(node) ?? nodePath(node);
}

/** Edge keys in extraction order (graphology's own order depends on insertion of neighbours). */
export function sortedEdgeKeys(keys: string[]): string[] {
  return keys.sort((a, b) => Number(a) - Number(b));
}
