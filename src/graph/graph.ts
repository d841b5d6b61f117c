/**
 * The dependency graph of one tree on graphology: a directed multigraph, one graph node per tree
 * node (key: full path), one edge per dependency entry (consumer -> supplier, attributes: the edge
 * record). Edge keys are their extraction order (`"0"`, `"1"`, ...), so every walk can be made
 * deterministic by sorting keys numerically.
 */
import { MultiDirectedGraph } from 'graphology';
import { nodePath, walk } from '../dts/query.js';
import type { Node, Tree } from '../dts/tree.js';
import { type DependencyEdge, extractEdges, type ListProblem } from './edges.js';

export type GraphNodeAttributes = { node: Node };

export type DependencyMultiGraph = MultiDirectedGraph<GraphNodeAttributes, DependencyEdge>;

export interface DependencyGraph {
  graph: DependencyMultiGraph;
  tree: Tree;
  /** Every edge, in extraction order: edge key `i` is `edges[i]`. */
  edges: DependencyEdge[];
  /** List entries that could not be read cleanly (missing #cells, unknown phandles, short lists). */
  problems: ListProblem[];
  /** Every tree node's full path (the graph's node keys), computed once. */
  paths: Map<Node, string>;
}

export function buildDependencyGraph(tree: Tree): DependencyGraph {
  const { edges, problems } = extractEdges(tree);
  const graph: DependencyMultiGraph = new MultiDirectedGraph<GraphNodeAttributes, DependencyEdge>({ allowSelfLoops: true });
  const paths = new Map<Node, string>();
  walk(tree, (node) => {
    const parent = node.parent ? paths.get(node.parent)! : '';
    const path = node.parent ? `${parent === '/' ? '' : parent}/${node.name}` : '/';
    paths.set(node, path);
    // A tree with errors may hold two nodes of one path; the first keeps the key.
    if (!graph.hasNode(path)) graph.addNode(path, { node });
  });
  edges.forEach((edge, i) => {
    graph.addDirectedEdgeWithKey(String(i), paths.get(edge.consumer)!, paths.get(edge.supplier)!, edge);
  });
  return { graph, tree, edges, problems, paths };
}

/** The graph key of a node: its full path. */
export function pathOf(dg: DependencyGraph, node: Node): string {
  return dg.paths.get(node) ?? nodePath(node);
}

/** Edge keys in extraction order (graphology's own order depends on insertion of neighbours). */
export function sortedEdgeKeys(keys: string[]): string[] {
  return keys.sort((a, b) => Number(a) - Number(b));
}
