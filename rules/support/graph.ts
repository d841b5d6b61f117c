/**
 * What the graph-based source rules share: the dependency graph and split context of a tree,
 * built once per tree however many rules ask, and the small readers they all use (where a node
 * is written, whether it is available, how a cell was written).
 */
import { headOf } from '../../src/dts/node-head.js';
import type { Location } from '../../src/dts/location.js';
import { listText } from '../../src/dts/message-text.js';
import { nodePath } from '../../src/dts/query.js';
import { SourceFile, type SourceHost } from '../../src/dts/source.js';
import type { Cell, Node, Property } from '../../src/dts/tree.js';

export { dependencyGraphOf, splitContextOf } from '../../src/graph/derived.js';

/** Any cell of the property is a `&reference`. */
export function hasReference(prop: Property): boolean {
  return prop.value.some((chunk) => chunk.kind === 'cells' && chunk.cells.some((c) => c.ref !== undefined));
}

/** Where a node is first written, narrowed to its head (`label: name@unit`, up to the `{`). */
export function nodeHead(node: Node, sources: SourceHost): Location {
  return headOf(node.definedAt[0]!, sources);
}

/** How a cell is written (`SLAVE_EBI1`, `0x8001`, `&clk`), for messages; its value when the text is not at hand. */
export function cellText(cell: Cell, sources: SourceHost): string {
  const fallback = `0x${BigInt.asUintN(32, cell.value).toString(16)}`;
  const at = cell.at;
  if (at.endLine !== at.line) return fallback;
  const file = sources.read(at.file);
  if (!(file instanceof SourceFile)) return fallback;
  const start = file.lineStarts[at.line - 1];
  if (start === undefined) return fallback;
  const text = file.text.slice(start + at.column - 1, start + at.endColumn - 1);
  return text.length > 0 && text.length <= 60 ? text : fallback;
}

/** `a, b, c and 4 more`: node paths for a message. */
export function listPaths(nodes: readonly Node[], max = 3): string {
  return listText(nodes.map(nodePath), max);
}
