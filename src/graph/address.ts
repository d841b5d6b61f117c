/**
 * Address translation as Linux's of_translate_address does it: a node's `reg` is in its parent bus's
 * address space; each bus's `ranges` maps it into the grandparent's, up to the root (CPU addresses).
 * Also the sysfs device name Linux derives from it (of_device_make_bus_id).
 */
import type { Location } from '../dts/location.js';
import { derivedOf, type Cell, type Node, type Tree } from '../dts/tree.js';
import { getProperty, nodePath, propertyStrings } from '../dts/query.js';
import { baseName, propertyCells, readU32 } from './tree-access.js';

/**
 * A bus's `#address-cells`, 2 when absent. dtc and the devicetree spec use the parent's own property
 * only (Linux's of_n_addr_cells would inherit from further up; dtc warns about relying on that).
 */
export function addressCells(bus: Node): number {
  return readU32(bus, '#address-cells') ?? 2;
}

/** A bus's `#size-cells`, 1 when absent. */
export function sizeCells(bus: Node): number {
  return readU32(bus, '#size-cells') ?? 1;
}

export type TranslatedAddress =
  | { ok: true; address: bigint; size?: bigint }
  | { ok: false; reason: string; at?: Location; bus?: Node };

function fromCells(cells: readonly Cell[]): bigint {
  let v = 0n;
  for (let cIndex = 0; cIndex < cells.length; cIndex++) {
    const c = cells[cIndex]!;
    v = (v << 32n) | BigInt.asUintN(32, c.value);
  }
  return v;
}

/** The entries of `reg` in the parent's cell sizes, or a reason when it cannot be read. */
export function regEntries(node: Node): { address: bigint; size: bigint; at: Location }[] | { reason: string } {
  const reg = getProperty(node, 'reg');
  if (!reg) return { reason: `${nodePath(node)} has no reg` };
  if (!node.parent) return { reason: 'the root node has no parent bus' };
  const cells = propertyCells(reg);
  const na = addressCells(node.parent);
  const ns = sizeCells(node.parent);
  if (!cells || na === 0 || cells.length === 0 || cells.length % (na + ns) !== 0) {
    return { reason: `${nodePath(node)}: reg is not a list of <${na} address + ${ns} size> cells` };
  }
  const out = [];
  for (let i = 0; i < cells.length; i += na + ns) {
    out.push({ address: fromCells(cells.slice(i, i + na)), size: fromCells(cells.slice(i + na, i + na + ns)), at: cells[i]!.at });
  }
  return out;
}

const FIRST_REG = Symbol('first reg entry translated');

/**
 * translateReg(node) for the nodes of `tree`, each translated once: indexing a tree by address and
 * by sysfs name (a pair check does both for the host's ~300 nodes with reg) translates each node
 * then, and each translation walks the buses up to the root.
 */
export function firstRegTranslator(tree: Tree): (node: Node) => TranslatedAddress {
  return derivedOf(tree, FIRST_REG, () => {
    const done = new Map<Node, TranslatedAddress>();
    return (node: Node): TranslatedAddress => {
      let t = done.get(node);
      if (t === undefined) done.set(node, (t = translateReg(node)));
      return t;
    };
  });
}

/** Translates the node's `reg` entry `index` to a CPU address. */
export function translateReg(node: Node, index = 0): TranslatedAddress {
  const entries = regEntries(node);
  if (!Array.isArray(entries)) return { ok: false, reason: entries.reason };
  const entry = entries[index];
  if (!entry) return { ok: false, reason: `${nodePath(node)} has no reg entry ${index}` };
  const t = translateAddress(node, entry.address);
  return t.ok ? { ok: true, address: t.address, size: entry.size } : t;
}

const PCI_SPACE = 0x03000000n << 64n;

function isPciBus(bus: Node): boolean {
  const type = getProperty(bus, 'device_type');
  const v = type ? propertyStrings(type)?.[0] : undefined;
  return v === 'pci' || v === 'pciex';
}

/**
 * Translates an address in `node`'s parent bus space up to the root. Each bus on the way needs
 * `ranges`: empty means identity, missing means the CPU cannot reach the child (Linux returns
 * OF_BAD_ADDR), and an address outside every entry is not translatable either.
 */
export function translateAddress(node: Node, address: bigint): TranslatedAddress {
  let addr = address;
  let child = node;
  for (let bus = node.parent; bus && bus.parent; child = bus, bus = bus.parent) {
    const ranges = getProperty(bus, 'ranges');
    if (!ranges) {
      return { ok: false, reason: `${nodePath(bus)} has no ranges, so ${nodePath(child)} is not visible to the CPU`, bus };
    }
    if (ranges.value.length === 0) continue; // `ranges;`: 1:1
    const cells = propertyCells(ranges);
    const na = addressCells(bus);
    const pna = addressCells(bus.parent);
    const ns = sizeCells(bus);
    const width = na + pna + ns;
    if (!cells || width === 0 || cells.length % width !== 0) {
      return { ok: false, reason: `${nodePath(bus)}: ranges is not a list of <${na} ${pna} ${ns}> cells`, at: ranges.at, bus };
    }
    const pci = na === 3 && isPciBus(bus);
    let mapped: bigint | undefined;
    for (let i = 0; i < cells.length; i += width) {
      const childBase = fromCells(cells.slice(i, i + na));
      const parentBase = fromCells(cells.slice(i + na, i + na + pna));
      const size = fromCells(cells.slice(i + na + pna, i + width));
      let a = addr;
      let base = childBase;
      if (pci) {
        // PCI: the high cell holds flags; match the space type, compare the 64-bit address.
        if ((a & PCI_SPACE) !== (base & PCI_SPACE)) continue;
        a = BigInt.asUintN(64, a);
        base = BigInt.asUintN(64, base);
      }
      if (a >= base && a < base + size) {
        mapped = parentBase + (a - base);
        break;
      }
    }
    if (mapped === undefined) {
      return { ok: false, reason: `0x${addr.toString(16)} of ${nodePath(child)} is outside every ranges entry of ${nodePath(bus)}`, at: ranges.at, bus };
    }
    addr = mapped;
  }
  return { ok: true, address: addr };
}

/**
 * The name Linux gives the platform device (of_device_make_bus_id): `<cpu address hex>.<node name
 * without unit address>` when the first reg entry translates; otherwise the node's full name, and
 * the parents' names are prepended (`:`) until one of them translates.
 */
export function sysfsName(node: Node, translate: (node: Node) => TranslatedAddress = translateReg): string {
  let name = '';
  for (let n: Node = node; n.parent; n = n.parent) {
    if (getProperty(n, 'reg')) {
      const t = translate(n);
      if (t.ok) {
        const mask = readU32(n, 'mask');
        const prefix = mask === undefined ? `${t.address.toString(16)}.${baseName(n)}` : `${t.address.toString(16)}.${lowestBit(mask)}.${baseName(n)}`;
        return name ? `${prefix}:${name}` : prefix;
      }
    }
    name = name ? `${n.name}:${name}` : n.name;
  }
  return name;
}

/** `ffs(mask) - 1` printed with %x, as the kernel does (mask 0 gives -1, printed as ffffffff). */
function lowestBit(mask: number): string {
  if (mask === 0) return 'ffffffff';
  let i = 0;
  while (((mask >>> i) & 1) === 0) i++;
  return i.toString(16);
}
