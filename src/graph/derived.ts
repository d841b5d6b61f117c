/**
 * A tree's dependency graph and split context, built once per tree however many rules, and the
 * pair model, ask for them (memoized on the tree, derivedOf).
 */
import { derivedOf, type Tree } from '../dts/tree.js';
import { buildDependencyGraph, type DependencyGraph } from './graph.js';
import { splitContext, type SplitContext } from './split.js';

const GRAPH = Symbol('dependency graph');
const SPLIT = Symbol('split context');

/** The tree's dependency graph, built once per tree. */
export function dependencyGraphOf(tree: Tree): DependencyGraph {
  return derivedOf(tree, GRAPH, () => buildDependencyGraph(tree, splitContextOf(tree)));
}

/** The splitter's phandle lookup for the tree, built once per tree (the graph's own). */
export function splitContextOf(tree: Tree): SplitContext {
  return derivedOf(tree, SPLIT, splitContext);
}
