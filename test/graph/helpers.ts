/** Shared by the graph tests: build a tree from DTS text through the real front end. */
import { nodePath } from '../../src/dts/query.js';
import { compileDts } from '../../src/dts/compile.js';
import { SourceHost } from '../../src/dts/source.js';
import type { Tree } from '../../src/dts/tree.js';
import type { DependencyEdge } from '../../src/graph/edges.js';

export const VIRTUAL = '/virtual/test.dts';

export function treeOf(text: string, file = VIRTUAL): Tree {
  const r = compileDts(file, { host: new SourceHost(new Map([[file, text]])), autoIncludeDirs: false });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.tree || errors.length > 0 || r.fatal) {
    throw new Error(`DTS did not compile: ${r.fatal ?? errors.map((d) => `${d.at.line}:${d.at.column} ${d.message}`).join('; ')}`);
  }
  return r.tree;
}

/** `consumer -> supplier property[index] (args) raw` — one line per edge, easy to compare exactly. */
export function edgeLine(e: DependencyEdge): string {
  const prop = e.binding.layout === 'parent' ? 'parent' : `${e.property}[${e.index}]`;
  const args = e.args.length > 0 ? ` (${e.args.join(' ')})` : '';
  return `${nodePath(e.consumer)} -> ${nodePath(e.supplier)} ${prop}${args}${e.raw ? ' raw' : ''}`;
}

/** Edge lines without the parent edges (most tests are about properties). */
export function propertyEdges(edges: readonly DependencyEdge[]): string[] {
  return edges.filter((e) => e.binding.layout !== 'parent').map(edgeLine);
}
