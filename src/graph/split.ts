/**
 * The one place that splits a phandle list into entries, by the binding table's layout and the
 * providers' `#*-cells`. Edge extraction builds on it, and so can the cell-count checks: every entry
 * says whether the provider lacked its cells property or the list ended inside the entry.
 */
import { getProperty, propertyStrings } from '../dts/query.js';
import type { Cell, Node, Property, Tree } from '../dts/tree.js';
import type { Binding } from './bindings.js';
import { cellNumber, phandleTable, propertyCells, readU32 } from './tree-access.js';

export type EntryProblem =
  /** A literal number that is no node's phandle, or a `&ref` the front end could not resolve. */
  | { kind: 'unknown-phandle'; phandle: number }
  /** The provider lacks the cells property: the rest of the list cannot be read. */
  | { kind: 'missing-cells'; cells: string; provider: Node }
  /** The list ends inside the entry: `expected` cells after the phandle, `found` present. */
  | { kind: 'too-short'; cells: string; expected: number; found: number }
  /** `interrupts` without any interrupt parent (no ancestor with #interrupt-cells). */
  | { kind: 'no-interrupt-parent' };

export interface ListEntry {
  /** Entry number in the list, counted as Linux counts them (empty entries included). */
  index: number;
  /** The cell that names the provider; for `interrupts`, the first cell of the specifier. */
  phandleCell: Cell;
  provider?: Node;
  /** The phandle was written as a number, not as `&label`. */
  raw: boolean;
  /** The cells after the phandle that the provider reads (its specifier). */
  args: Cell[];
  /** Map layouts: the child side of the entry (interrupt-map: child unit address + specifier). */
  key?: Cell[];
  /** Phandle 0: a placeholder entry (`cs-gpios = <0>, <&gpio 3 0>`, assigned-clock-parents). */
  empty?: true;
  problem?: EntryProblem;
}

export interface SplitList {
  entries: ListEntry[];
  /** The value is not a list of 32-bit cells (strings, bytes, /bits/ n): nothing could be read. */
  notCells?: true;
}

/** How literal phandle numbers are looked up. */
export interface SplitContext {
  phandles: ReadonlyMap<number, Node>;
}

export function splitContext(tree: Tree): SplitContext {
  return { phandles: phandleTable(tree) };
}

/** Splits one property by its binding row. `parent` layout rows are not properties: empty result. */
export function splitList(node: Node, prop: Property, binding: Binding, ctx: SplitContext): SplitList {
  const cells = propertyCells(prop);
  if (!cells) return prop.value.length === 0 ? { entries: [] } : { entries: [], notCells: true };
  switch (binding.layout) {
    case 'phandle-args':
      return { entries: splitPhandleArgs(cells, binding, ctx) };
    case 'phandles':
    case 'graph-endpoint':
      return { entries: splitPlain(cells, ctx) };
    case 'interrupts':
      return { entries: splitInterrupts(node, cells, ctx) };
    case 'interrupt-map':
      return { entries: splitInterruptMap(node, cells, ctx) };
    case 'id-map':
      return { entries: splitIdMap(cells, ctx) };
    case 'parent':
      return { entries: [] };
  }
}

interface Target {
  node?: Node;
  raw: boolean;
  phandle: number;
}

/** What a phandle cell names: the resolved `&ref`, or a literal number looked up in the phandle table. */
export function cellTarget(cell: Cell, ctx: SplitContext): Target {
  if (cell.ref) {
    const node = cell.ref.target;
    return node ? { node, raw: false, phandle: node.phandle ?? cellNumber(cell) } : { raw: false, phandle: cellNumber(cell) };
  }
  const phandle = cellNumber(cell);
  const node = ctx.phandles.get(phandle);
  return node ? { node, raw: true, phandle } : { raw: true, phandle };
}

function entry(index: number, cell: Cell, target: Target, args: Cell[] = []): ListEntry {
  // One literal per shape: a provider added afterwards would go to a property store of its own.
  return target.node ? { index, phandleCell: cell, raw: target.raw, args, provider: target.node } : { index, phandleCell: cell, raw: target.raw, args };
}

function isEmptyPhandle(cell: Cell): boolean {
  return cell.ref === undefined && cell.value === 0n;
}

function splitPhandleArgs(cells: Cell[], binding: Binding, ctx: SplitContext): ListEntry[] {
  const cellsName = binding.cells!;
  const out: ListEntry[] = [];
  for (let i = 0, index = 0; i < cells.length; index++) {
    const cell = cells[i]!;
    if (isEmptyPhandle(cell)) {
      out.push({ index, phandleCell: cell, raw: false, args: [], empty: true });
      i++;
      continue;
    }
    const target = cellTarget(cell, ctx);
    if (!target.node) {
      // Without the provider the entry's length is unknown: the rest cannot be read.
      out.push({ ...entry(index, cell, target), problem: { kind: 'unknown-phandle', phandle: target.phandle } });
      break;
    }
    let count = readU32(target.node, cellsName);
    if (count === undefined) {
      if (!binding.cellsOptional) {
        out.push({ ...entry(index, cell, target), problem: { kind: 'missing-cells', cells: cellsName, provider: target.node } });
        break;
      }
      count = 0;
    }
    const args = cells.slice(i + 1, i + 1 + count);
    const e = entry(index, cell, target, args);
    if (args.length < count) {
      e.problem = { kind: 'too-short', cells: cellsName, expected: count, found: args.length };
      out.push(e);
      break;
    }
    out.push(e);
    i += 1 + count;
  }
  return out;
}

function splitPlain(cells: Cell[], ctx: SplitContext): ListEntry[] {
  return cells.map((cell, index) => {
    if (isEmptyPhandle(cell)) return { index, phandleCell: cell, raw: false, args: [], empty: true };
    const target = cellTarget(cell, ctx);
    const e = entry(index, cell, target);
    if (!target.node) e.problem = { kind: 'unknown-phandle', phandle: target.phandle };
    return e;
  });
}

export interface InterruptParent {
  parent?: Node;
  /** The `interrupt-parent` property that led there, when one did (else the tree parent). */
  via?: { node: Node; property: Property };
  problem?: EntryProblem;
}

/** Each context's answers of findInterruptParent, by starting node (the tree does not change under a context). */
const interruptParentMemo = new WeakMap<SplitContext, Map<Node, InterruptParent>>();

/**
 * Linux's of_irq_find_parent: from the node itself, follow `interrupt-parent` where present and the
 * tree parent otherwise, until a node with `#interrupt-cells`. The root interrupt controller is
 * its own parent (its `interrupts` are for the controller itself, e.g. the GIC maintenance IRQ).
 * Linux loops forever on a ring of `interrupt-parent` links; here a ring ends the walk with
 * no-interrupt-parent. Every node a walk passes is answered at once (memoized per context), so
 * a chain or ring of n links costs O(n) for all its nodes, not O(n) each.
 */
export function findInterruptParent(node: Node, ctx: SplitContext): InterruptParent {
  let memo = interruptParentMemo.get(ctx);
  if (!memo) interruptParentMemo.set(ctx, (memo = new Map()));
  const known = memo.get(node);
  if (known) return known;

  // The walk: path[i + 1] is where path[i] leads; ips[i] the interrupt-parent path[i] followed.
  const path: Node[] = [];
  const ips: (InterruptParent['via'] | undefined)[] = [];
  const onPath = new Map<Node, number>();
  let end: InterruptParent | undefined;
  let cycleStart = -1;
  let child: Node = node;
  for (;;) {
    onPath.set(child, path.length);
    path.push(child);
    const ip = getProperty(child, 'interrupt-parent');
    let next: Node | null;
    if (ip) {
      const cells = propertyCells(ip);
      const first = cells?.[0];
      const target = first ? cellTarget(first, ctx) : undefined;
      const via = { node: child, property: ip };
      if (!target?.node) {
        ips.push(via);
        // This node's own answer: the broken link, whatever led here.
        end = { problem: { kind: 'unknown-phandle', phandle: target?.phandle ?? 0 }, via };
        memo.set(child, end);
        path.pop();
        ips.pop();
        break;
      }
      next = target.node;
      ips.push(via);
    } else {
      next = child.parent;
      ips.push(undefined);
    }
    const via = ips[ips.length - 1];
    // The root controller finds itself (of_irq_init then treats it as having no parent).
    if (next !== null && getProperty(next, '#interrupt-cells')) {
      end = via ? { parent: next, via } : { parent: next };
      memo.set(child, end);
      path.pop();
      ips.pop();
      break;
    }
    if (next === null) {
      end = via ? { problem: { kind: 'no-interrupt-parent' }, via } : { problem: { kind: 'no-interrupt-parent' } };
      memo.set(child, end);
      path.pop();
      ips.pop();
      break;
    }
    const answered = memo.get(next);
    if (answered) {
      end = answered;
      break;
    }
    const at = onPath.get(next);
    if (at !== undefined) {
      cycleStart = at;
      break;
    }
    child = next;
  }

  if (cycleStart !== -1) {
    // A ring path[cycleStart..]: from a node on it the walk comes back to that node, and `via` is
    // the last interrupt-parent followed before that, found going backwards round the ring.
    const ring = path.length - cycleStart;
    for (let j = 0; j < ring; j++) {
      let via: InterruptParent['via'] | undefined;
      for (let back = 1; back <= ring && !via; back++) via = ips[cycleStart + ((j - back + ring) % ring)];
      memo.set(path[cycleStart + j]!, via ? { problem: { kind: 'no-interrupt-parent' }, via } : { problem: { kind: 'no-interrupt-parent' } });
    }
    end = memo.get(path[cycleStart]!)!;
    path.length = cycleStart;
  }
  // The nodes before the end answer as the end does, with their own link when the rest followed none.
  let after = end!;
  for (let i = path.length - 1; i >= 0; i--) {
    const own = ips[i];
    const answer: InterruptParent = after.via || !own ? after : { ...after, via: own };
    memo.set(path[i]!, answer);
    after = answer;
  }
  return memo.get(node)!;
}

function splitInterrupts(node: Node, cells: Cell[], ctx: SplitContext): ListEntry[] {
  if (cells.length === 0) return [];
  const found = findInterruptParent(node, ctx);
  if (!found.parent) {
    return [{ index: 0, phandleCell: cells[0]!, raw: false, args: [], problem: found.problem ?? { kind: 'no-interrupt-parent' } }];
  }
  const parent = found.parent;
  const size = readU32(parent, '#interrupt-cells') ?? 0;
  const out: ListEntry[] = [];
  if (size === 0) return [{ index: 0, phandleCell: cells[0]!, raw: false, args: [], provider: parent }];
  for (let i = 0, index = 0; i < cells.length; i += size, index++) {
    const args = cells.slice(i, i + size);
    const e: ListEntry = { index, phandleCell: cells[i]!, raw: false, args, provider: parent };
    if (args.length < size) e.problem = { kind: 'too-short', cells: '#interrupt-cells', expected: size, found: args.length };
    out.push(e);
  }
  return out;
}

/** As Linux's of_bus_n_addr_cells: the node's own #address-cells, else the nearest ancestor's, else 2. */
function busAddressCells(node: Node): number {
  for (let n: Node | null = node; n; n = n.parent) {
    const v = readU32(n, '#address-cells');
    if (v !== undefined) return v;
  }
  return 2;
}

/**
 * Linux's of_irq_imap_abusers: controllers whose drivers read their own interrupt-map, written
 * without the parent's unit address (the GIC's #address-cells would misalign every entry).
 */
const IMAP_ABUSERS = new Set([
  'CBEA,platform-spider-pic',
  'sti,platform-spider-pic',
  'realtek,rtl-intc',
  'fsl,ls1021a-extirq',
  'fsl,ls1043a-extirq',
  'fsl,ls1088a-extirq',
  'renesas,rza1-irqc',
  'pasemi,rootbus',
]);

function isImapAbuser(node: Node): boolean {
  const compatible = getProperty(node, 'compatible');
  return compatible !== undefined && (propertyStrings(compatible) ?? []).some((c) => IMAP_ABUSERS.has(c));
}

function splitInterruptMap(node: Node, cells: Cell[], ctx: SplitContext): ListEntry[] {
  const intCells = readU32(node, '#interrupt-cells');
  if (intCells === undefined) {
    const first = cells[0];
    return first ? [{ index: 0, phandleCell: first, raw: false, args: [], problem: { kind: 'missing-cells', cells: '#interrupt-cells', provider: node } }] : [];
  }
  const childSize = busAddressCells(node) + intCells;
  const abuser = isImapAbuser(node);
  const out: ListEntry[] = [];
  // Linux stops unless at least one cell follows the parent phandle.
  for (let i = 0, index = 0; i + childSize + 1 < cells.length; index++) {
    const key = cells.slice(i, i + childSize);
    const cell = cells[i + childSize]!;
    const target = cellTarget(cell, ctx);
    const e = entry(index, cell, target);
    e.key = key;
    if (!target.node) {
      out.push({ ...e, problem: { kind: 'unknown-phandle', phandle: target.phandle } });
      break;
    }
    const parentInt = readU32(target.node, '#interrupt-cells');
    if (parentInt === undefined) {
      out.push({ ...e, problem: { kind: 'missing-cells', cells: '#interrupt-cells', provider: target.node } });
      break;
    }
    // The parent's own #address-cells, 0 when absent (of_irq_parse_imap_parent).
    const parentSize = (abuser ? 0 : (readU32(target.node, '#address-cells') ?? 0)) + parentInt;
    const start = i + childSize + 1;
    e.args = cells.slice(start, start + parentSize);
    if (e.args.length < parentSize) {
      out.push({ ...e, problem: { kind: 'too-short', cells: '#interrupt-cells', expected: parentSize, found: e.args.length } });
      break;
    }
    out.push(e);
    i = start + parentSize;
  }
  return out;
}

/** `<id-base &target target-base length>`: 4 cells an entry, as of_map_id reads iommu-map and msi-map. */
function splitIdMap(cells: Cell[], ctx: SplitContext): ListEntry[] {
  const out: ListEntry[] = [];
  for (let i = 0, index = 0; i < cells.length; i += 4, index++) {
    const cell = cells[i + 1];
    if (!cell) {
      out.push({ index, phandleCell: cells[i]!, raw: false, args: [], problem: { kind: 'too-short', cells: 'map entry', expected: 3, found: 0 } });
      break;
    }
    const target = cellTarget(cell, ctx);
    const e = entry(index, cell, target, cells.slice(i + 2, i + 3));
    e.key = [cells[i]!, ...cells.slice(i + 3, i + 4)];
    if (!target.node) e.problem = { kind: 'unknown-phandle', phandle: target.phandle };
    else if (i + 4 > cells.length) e.problem = { kind: 'too-short', cells: 'map entry', expected: 3, found: cells.length - i - 2 };
    out.push(e);
    if (e.problem?.kind === 'too-short') break;
  }
  return out;
}
