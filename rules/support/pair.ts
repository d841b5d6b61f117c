/**
 * What the pair rules share: how nodes, edges and numbers read in messages, dependency chains as
 * locations, and resource names from cells (the macro the user wrote, else the header's name).
 */
import type { Location } from '../../src/dts/location.js';
import { nodePath } from '../../src/dts/query.js';
import type { Cell, Node } from '../../src/dts/tree.js';
import type { DependencyEdge } from '../../src/graph/edges.js';
import { cellNumber } from '../../src/graph/tree-access.js';
import { nameOf, type DefineNames } from '../../src/passthrough/imx-partition.js';

/** `fec1` when the node has a label, else its path: how the user refers to it. */
export function who(node: Node): string {
  return node.labels[0]?.name ?? nodePath(node);
}

/** The locations of a chain of edges, first to last. */
export function chainLocations(chain: readonly DependencyEdge[]): Location[] {
  return chain.map((e) => e.at);
}

/** The name of a number written in a cell: the macro the user wrote there, else the header's name, else the number. */
export function cellName(cell: Cell, names?: DefineNames): string {
  const macro = cell.at.expansion?.[0]?.macro;
  if (macro !== undefined) return macro;
  return nameOf(names, cellNumber(cell)) ?? String(cellNumber(cell));
}

/** A number read from the tree (an rsrcs entry, a pad) by name: the header's, else the innermost macro written, else the number. */
export function numberedName(c: { value: number; at: Location; name?: string }): string {
  return c.name ?? c.at.expansion?.[c.at.expansion.length - 1]?.macro ?? String(c.value);
}
