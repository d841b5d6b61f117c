/**
 * reg-not-translatable: a platform device whose `reg` the CPU cannot reach, because a bus above it
 * has no `ranges` (or the address lies outside every `ranges` entry). Only nodes Linux turns into
 * platform devices by itself are checked (of_platform_populate with of_default_bus_match_table:
 * the root's children and, recursively, the children of simple-bus, simple-mfd, isa and
 * arm,amba-bus nodes, each with `compatible` and enabled): the children of i2c, spi, mdio or
 * nvmem nodes have `reg` in their own address spaces and are never translated. Nor are the children
 * of a bus with `#size-cells = <0>` (regulators numbered by `reg`), nor those of a syscon or
 * simple-mfd without `ranges`, whose `reg` is an offset into the parent's regmap. Only the first
 * `reg` entry is checked: Linux counts resources up to the first one that fails, and further
 * entries are often optional windows.
 */
import type { RelatedLocation } from '../src/dts/diagnostic.js';
import { getProperty, isEnabled, nodePath, compatibles } from '../src/dts/query.js';
import type { Node } from '../src/dts/tree.js';
import { defineRule } from '../src/lint/rule.js';
import { addressCells, firstRegTranslator, sizeCells } from '../src/graph/address.js';
import { propertyCells } from '../src/graph/tree-access.js';
import { listPaths, nodeHead } from './support/graph.js';

const DEFAULT_BUSES = new Set(['simple-bus', 'simple-mfd', 'isa', 'arm,amba-bus']);

function isDefaultBus(node: Node): boolean {
  return compatibles(node).some((c) => DEFAULT_BUSES.has(c));
}

/** The nodes of_platform_default_populate makes devices of, in tree order. */
function platformDevices(root: Node): Node[] {
  const out: Node[] = [];
  const visit = (bus: Node): void => {
    for (const child of bus.children) {
      if (!getProperty(child, 'compatible') || !isEnabled(child)) continue;
      out.push(child);
      if (isDefaultBus(child)) visit(child);
    }
  };
  visit(root);
  return out;
}

/** Buses whose children's `reg` is an offset into the parent's registers, read through its regmap. */
const REGMAP_PARENTS = new Set(['syscon', 'simple-mfd']);

/**
 * Devices managed by system firmware (TI SCI): their `reg` documents where the hardware is, Linux
 * never maps it.
 */
function isFirmwareManaged(node: Node): boolean {
  return compatibles(node).some((c) => c.startsWith('ti,sci-') || c === 'ti,am654-esm' || c === 'ti,j721e-esm');
}

/** `ranges` is empty or whole entries of <child address, parent address, size> cells. */
function rangesWellFormed(bus: Node): boolean {
  const ranges = getProperty(bus, 'ranges');
  if (!ranges || !bus.parent) return false;
  if (ranges.value.length === 0) return true;
  const cells = propertyCells(ranges);
  const width = addressCells(bus) + addressCells(bus.parent) + sizeCells(bus);
  return cells !== undefined && width > 0 && cells.length % width === 0;
}

export default defineRule({
  id: 'reg-not-translatable',
  level: 'error',
  scope: 'source',
  summary: 'A device has reg under a bus without ranges (or outside its ranges): the CPU cannot reach it',
  symptoms: ['the device has no MMIO resource and its driver fails to probe', 'the sysfs name is not <address>.<name>'],
  messages: {
    noRanges:
      '{{bus}} has no ranges, so the reg of {{devices}} cannot be translated to CPU addresses: those devices get no MMIO resources',
    outside:
      'the reg of {{devices}} lies outside every ranges entry of {{bus}}: the CPU cannot reach those devices, they get no MMIO resources',
  },
  check(ctx) {
    const tree = ctx.tree!;
    if (tree.plugin) return;
    // Grouped by the bus that stops the translation: one finding per missing or short ranges.
    const blocked = new Map<Node, Node[]>();
    // The tree's shared translations: the pair model translates the same nodes again.
    const translate = firstRegTranslator(tree);
    for (const node of platformDevices(tree.root)) {
      if (node.parent && sizeCells(node.parent) === 0) continue;
      // A malformed or empty reg (no bus to blame) is reg_format's.
      const t = translate(node);
      if (t.ok || !t.bus) continue;
      if (getProperty(t.bus, 'ranges')) {
        // A malformed ranges is ranges_format's; here the address falls outside every entry.
        if (!rangesWellFormed(t.bus) || isFirmwareManaged(node)) continue;
      } else if (compatibles(t.bus).some((c) => REGMAP_PARENTS.has(c)) || sizeCells(t.bus) === 0) {
        continue;
      }
      const list = blocked.get(t.bus) ?? [];
      if (!blocked.has(t.bus)) blocked.set(t.bus, list);
      list.push(node);
    }
    for (const [bus, devices] of blocked) {
      const related: RelatedLocation[] = devices.map((d) => ({ message: `reg of ${nodePath(d)}`, at: getProperty(d, 'reg')!.at }));
      const data = { bus: nodePath(bus), devices: listPaths(devices) };
      const ranges = getProperty(bus, 'ranges');
      const subject = `${nodePath(bus)}:ranges`;
      if (ranges) ctx.report({ at: ranges.at, messageId: 'outside', data, related, subject });
      else ctx.report({ at: nodeHead(bus, ctx.sources), messageId: 'noRanges', data, related, subject });
    }
  },
});
