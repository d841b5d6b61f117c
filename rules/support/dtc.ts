/**
 * dtc parity: dtc's own checks (scripts/dtc/checks.c in Linux 6.12), each a pure function from the
 * tree to its problems, with dtc's wording. As in dtc, a check whose prerequisite check fails
 * anywhere in the tree does not run at all ("Failed prerequisite"), so the counts match dtc's.
 * Which checks a kernel build reports is the kernel's scripts/Makefile.dtbs: `-Wno-unit_address_vs_reg
 * -Wno-avoid_unnecessary_addr_size -Wno-alias_paths -Wno-graph_child_address -Wno-simple_bus_reg`
 * unless W=1, and `-Wunique_unit_address_if_enabled` with W=1.
 */
import type { Location } from '../../src/dts/location.js';
import { getProperty, nodePath, propertyStrings, walk } from '../../src/dts/query.js';
import { valueLength } from '../../src/dts/value.js';
import { derivedOf, type Node, type Property, type Tree } from '../../src/dts/tree.js';
import { defineRule, type Rule } from '../../src/lint/rule.js';
import { cellNumber, propertyCells } from '../../src/graph/tree-access.js';
import { nodeHead } from './graph.js';

export interface DtcProblem {
  node: Node;
  /** Set for dtc's FAIL_PROP: the finding points at the property and names it. */
  prop?: Property;
  message: string;
}

/** A node's own `#address-cells`/`#size-cells` as dtc's fixup_addr_size_cells reads them (-1: absent). */
export function ownCells(node: Node, name: '#address-cells' | '#size-cells'): number {
  const p = getProperty(node, name);
  const cells = p ? propertyCells(p) : undefined;
  return cells && cells.length > 0 ? cellNumber(cells[0]!) : -1;
}

/** dtc's node_addr_cells: the node's own #address-cells, else 2. */
export function nodeAddrCells(node: Node): number {
  const v = ownCells(node, '#address-cells');
  return v === -1 ? 2 : v;
}

/** dtc's node_size_cells: the node's own #size-cells, else 1. */
export function nodeSizeCells(node: Node): number {
  const v = ownCells(node, '#size-cells');
  return v === -1 ? 1 : v;
}

/** dtc's get_unitname: what follows `@`, or `''`. */
export function unitName(node: Node): string {
  const at = node.name.indexOf('@');
  return at === -1 ? '' : node.name.slice(at + 1);
}

export function byteLength(prop: Property): number {
  return valueLength(prop.value);
}

/** dtc's is_multiple_of. */
export function isMultipleOf(multiple: number, divisor: number): boolean {
  return divisor === 0 ? multiple === 0 : multiple % divisor === 0;
}

export function isCompatible(node: Node, compatible: string): boolean {
  const p = getProperty(node, 'compatible');
  return p !== undefined && (propertyStrings(p) ?? []).includes(compatible);
}

/** Every node dtc's checks visit: the tree as written, without what dtc makes up afterwards. */
export function forEachNode(tree: Tree, fn: (node: Node) => void): void {
  walk(tree, (node) => {
    if (node.generated) return false;
    fn(node);
    return true;
  });
}

const ADDR_SIZE_CELLS = Symbol('addrSizeCellsPass');

/**
 * dtc's addr_size_cells prerequisite: every #address-cells and #size-cells is exactly one cell.
 * Three checks ask it of each tree: found once.
 */
export function addrSizeCellsPass(tree: Tree): boolean {
  return derivedOf(tree, ADDR_SIZE_CELLS, () => {
    let ok = true;
    forEachNode(tree, (node) => {
      const a = getProperty(node, '#address-cells');
      if (a && byteLength(a) !== 4) ok = false;
      const s = getProperty(node, '#size-cells');
      if (s && byteLength(s) !== 4) ok = false;
    });
    return ok;
  });
}

export interface DtcCheckDefinition {
  /** dtc's check name, which is the rule id. */
  id: string;
  summary: string;
  /** On in a kernel build only with W=1 (scripts/Makefile.dtbs). */
  w1Only: boolean;
  symptoms?: readonly string[];
  problems(tree: Tree): DtcProblem[];
}

/** Where dtc points: the property for FAIL_PROP, else the node. */
function problemAt(p: DtcProblem, head: (node: Node) => Location): Location {
  return p.prop ? p.prop.at : head(p.node);
}

/** A rule that reports one dtc check, under dtc's name, with dtc's message (`/path:prop: text`). */
export function defineDtcCheck(def: DtcCheckDefinition): Rule<'source', { dtc: '{{message}}' }> {
  return defineRule({
    id: def.id,
    level: 'warning',
    scope: 'source',
    summary: def.summary,
    symptoms: def.symptoms ?? [],
    messages: { dtc: '{{message}}' },
    check(ctx) {
      const tree = ctx.tree!;
      if (def.w1Only && ctx.dtcWarnings !== 'W=1') return;
      for (const p of def.problems(tree)) {
        const path = nodePath(p.node);
        const where = p.prop ? `${path}:${p.prop.name}` : path;
        ctx.report({
          at: problemAt(p, (n) => nodeHead(n, ctx.sources)),
          messageId: 'dtc',
          data: { message: `${where}: ${p.message}` },
          subject: where,
        });
      }
    },
  });
}
