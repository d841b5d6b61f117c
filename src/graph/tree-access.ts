/**
 * Tree readers the graph needs that src/dts/query.ts does not have: property values as cells that
 * keep their `&ref` targets and locations, one-cell reads such as `#clock-cells`, base names.
 */
import { getProperty, walk } from '../dts/query.js';
import type { Cell, Node, Property, Tree } from '../dts/tree.js';
import { pushAll } from '../dts/list.js';

// The shared readers, re-exported for modules that import them from here (one implementation).
export { getProperty, isEnabled, nodePath, walk } from '../dts/query.js';

/** The value as 32-bit cells, or undefined when it is anything else (strings, bytes, /bits/ 8...). */
export function propertyCells(prop: Property): Cell[] | undefined {
  const chunks = prop.value;
  if (chunks.length === 1) {
    const c = chunks[0]!;
    return c.kind === 'cells' && c.bits === 32 ? c.cells : undefined;
  }
  const out: Cell[] = [];
  for (let cIndex = 0; cIndex < chunks.length; cIndex++) {
    const c = chunks[cIndex]!;
    if (c.kind !== 'cells' || c.bits !== 32) return undefined;
    pushAll(out, c.cells);
  }
  return out;
}

/** A cell's value as the unsigned 32-bit number a DTB would hold. */
export function cellNumber(cell: Cell): number {
  const v = cell.value;
  // The common case without allocating a BigInt; wider or negative values wrap as in a DTB.
  return v >= 0n && v <= 0xffffffffn ? Number(v) : Number(BigInt.asUintN(32, v));
}

/** First cell of a one-cell property such as `#clock-cells`; undefined when absent or not cells. */
export function readU32(node: Node, name: string): number | undefined {
  const p = getProperty(node, name);
  if (!p) return undefined;
  const cells = propertyCells(p);
  return cells && cells.length > 0 ? cellNumber(cells[0]!) : undefined;
}

/** Node name without the unit address (`ethernet` for `ethernet@5b040000`), as of_node_name_eq compares. */
export function baseName(node: Node): string {
  const at = node.name.indexOf('@');
  return at === -1 ? node.name : node.name.slice(0, at);
}

/** Every node by its phandle, as the kernel's of_find_node_by_phandle sees them. */
export function phandleTable(tree: Tree): Map<number, Node> {
  const table = new Map<number, Node>();
  walk(tree, (n) => {
    if (n.phandle !== undefined && !table.has(n.phandle)) table.set(n.phandle, n);
  });
  return table;
}
