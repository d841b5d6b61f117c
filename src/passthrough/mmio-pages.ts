/**
 * Which other nodes of a tree have registers in the pages a region touches: what a guest would reach
 * if the region were handed over page by page (vfio-platform maps whole pages, which is why it mmaps
 * only page-aligned regions: vfio_platform_regions_init, "Only regions addressed with PAGE
 * granularity may be MMAPed securely").
 */
import { walk } from '../dts/query.js';
import { derivedOf, type Node, type Tree } from '../dts/tree.js';
import { regEntries, translateAddress } from '../graph/address.js';

/** One translated `reg` entry of a node: CPU addresses [start, end). */
export interface MmioRange {
  node: Node;
  start: bigint;
  end: bigint;
}

const RANGES = Symbol('translated reg ranges');

/** Every reg entry of the tree that translates to a CPU address, in tree order (disabled nodes too: the registers exist). */
export function mmioRanges(tree: Tree): readonly MmioRange[] {
  return derivedOf(tree, RANGES, () => {
    const out: MmioRange[] = [];
    walk(tree, (node) => {
      if (!node.parent) return;
      const entries = regEntries(node);
      if (!Array.isArray(entries)) return;
      for (const e of entries) {
        if (e.size <= 0n) continue;
        const t = translateAddress(node, e.address);
        if (t.ok) out.push({ node, start: t.address, end: t.address + e.size });
      }
    });
    return out;
  });
}

/**
 * The nodes, other than `device`, its descendants and its ancestors (a bus's reg spans its
 * children), with registers in the pages [start, end) touches but outside [start, end) itself.
 */
export function pageNeighbours(tree: Tree, device: Node, start: bigint, end: bigint, page: bigint): MmioRange[] {
  const first = (start / page) * page;
  const last = ((end + page - 1n) / page) * page;
  const out: MmioRange[] = [];
  for (const r of mmioRanges(tree)) {
    if (r.end <= first || r.start >= last) continue;
    if (r.start >= start && r.end <= end) continue;
    if (related(r.node, device)) continue;
    out.push(r);
  }
  return out;
}

function related(a: Node, b: Node): boolean {
  for (let n: Node | null = a; n; n = n.parent) if (n === b) return true;
  for (let n: Node | null = b; n; n = n.parent) if (n === a) return true;
  return false;
}
