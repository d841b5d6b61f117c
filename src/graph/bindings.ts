/**
 * The one binding table: which properties make a node depend on another, how their phandle lists
 * are laid out, and which `#*-cells` property of the provider sizes each entry. Edge extraction and
 * the cell-count checks (rule phandle-args) both read it, so they cannot disagree.
 *
 * Sources, checked against the code:
 * - Linux 6.12 drivers/of/property.c `of_supplier_bindings` (fw_devlink). Rows with
 *   `devlink: 'optional'` are the ones Linux only links with fw_devlink=strict (iommus, iommu-map,
 *   dmas); `post-init-providers` is linked with FWLINK_FLAG_IGNORE (not needed for probing).
 * - dtc 1.6 checks.c `WARNING_PROPERTY_PHANDLE_CELLS` (cooling-device, mux-controls, sound-dai,
 *   thermal-sensors are phandle+args lists dtc checks but fw_devlink does not link).
 * - dtlint's own rows: references a passed-through device also needs (phy-handle, assigned-clocks,
 *   memory-region, msi-map, the parent bus).
 */

/** How a property's cells are laid out. */
export type ListLayout =
  /** `<&provider arg...>` repeated; the provider's cells property says how many args follow. */
  | 'phandle-args'
  /** Every cell is a phandle (cells property `none`). */
  | 'phandles'
  /** Specifiers for the inherited interrupt parent, its `#interrupt-cells` each. */
  | 'interrupts'
  /** child unit address, child specifier, `&parent`, parent unit address, parent specifier. */
  | 'interrupt-map'
  /** `<id-base &target target-base length>` repeated: 4 cells an entry, as Linux's of_map_id reads it. */
  | 'id-map'
  /** `remote-endpoint`: the supplier is the device that owns the remote endpoint's port. */
  | 'graph-endpoint'
  /** Not a property: a device needs its parent bus. */
  | 'parent';

/**
 * What Linux's fw_devlink makes of the property: a supplier link, a link only with
 * fw_devlink=strict, a link flagged to be ignored, or nothing (dtc/dtlint rows).
 */
export type DevlinkRole = 'supplier' | 'optional' | 'ignored' | 'none';

export type BindingMatch =
  | { name: string }
  | { suffix: string; excludeContaining?: string }
  | { pattern: RegExp }
  | { never: true };

export interface Binding {
  /** Stable id: the property name, or its pattern (`*-supply`, `pinctrl-N`). */
  id: string;
  match: BindingMatch;
  /** The provider's cells property (`#clock-cells`), or null for lists of plain phandles. */
  cells: string | null;
  /** A provider without the cells property takes 0 args and that is not a finding. */
  cellsOptional: boolean;
  layout: ListLayout;
  devlink: DevlinkRole;
  /** Where the row comes from. */
  source: 'linux' | 'dtc' | 'dtlint';
  /** Nodes that have this property are skipped (Linux: gpio hogs' `gpios` name their own parent). */
  skipNodesWith?: string;
  note?: string;
}

function row(
  id: string,
  cells: string | null,
  layout: ListLayout,
  devlink: DevlinkRole,
  source: Binding['source'],
  extra: Partial<Binding> = {},
): Binding {
  return { id, match: { name: id }, cells, cellsOptional: false, layout, devlink, source, ...extra };
}

export const BINDINGS: readonly Binding[] = [
  // Linux 6.12 of_supplier_bindings, in its order.
  row('clocks', '#clock-cells', 'phandle-args', 'supplier', 'linux'),
  row('interconnects', '#interconnect-cells', 'phandle-args', 'supplier', 'linux'),
  row('iommus', '#iommu-cells', 'phandle-args', 'optional', 'linux'),
  row('iommu-map', '#iommu-cells', 'id-map', 'optional', 'linux', {
    note: 'Linux reads fixed 4-cell entries (rid-base, &iommu, iommu-base, length)',
  }),
  row('mboxes', '#mbox-cells', 'phandle-args', 'supplier', 'linux'),
  row('io-channels', '#io-channel-cells', 'phandle-args', 'supplier', 'linux'),
  row('io-backends', '#io-backend-cells', 'phandle-args', 'supplier', 'linux'),
  row('interrupt-parent', null, 'phandles', 'supplier', 'linux'),
  row('dmas', '#dma-cells', 'phandle-args', 'optional', 'linux'),
  row('power-domains', '#power-domain-cells', 'phandle-args', 'supplier', 'linux'),
  row('hwlocks', '#hwlock-cells', 'phandle-args', 'supplier', 'linux'),
  row('extcon', null, 'phandles', 'supplier', 'linux'),
  row('nvmem-cells', '#nvmem-cell-cells', 'phandle-args', 'supplier', 'linux', { cellsOptional: true }),
  row('phys', '#phy-cells', 'phandle-args', 'supplier', 'linux'),
  row('wakeup-parent', null, 'phandles', 'supplier', 'linux'),
  row('pinctrl-N', null, 'phandles', 'supplier', 'linux', { match: { pattern: /^pinctrl-[0-8]$/ } }),
  row('remote-endpoint', null, 'graph-endpoint', 'supplier', 'linux', {
    note: 'consumer and supplier are the port parents of the two endpoints (of_graph_get_port_parent)',
  }),
  row('pwms', '#pwm-cells', 'phandle-args', 'supplier', 'linux'),
  row('resets', '#reset-cells', 'phandle-args', 'supplier', 'linux'),
  row('leds', null, 'phandles', 'supplier', 'linux'),
  row('backlight', null, 'phandles', 'supplier', 'linux'),
  row('panel', null, 'phandles', 'supplier', 'linux'),
  row('msi-parent', '#msi-cells', 'phandle-args', 'supplier', 'linux', { cellsOptional: true }),
  row('pses', '#pse-cells', 'phandle-args', 'supplier', 'linux'),
  row('power-supplies', null, 'phandles', 'supplier', 'linux'),
  row('gpios', '#gpio-cells', 'phandle-args', 'supplier', 'linux', { skipNodesWith: 'gpio-hog' }),
  row('gpio', '#gpio-cells', 'phandle-args', 'supplier', 'linux', { skipNodesWith: 'gpio-hog' }),
  row('interrupts', '#interrupt-cells', 'interrupts', 'supplier', 'linux', {
    note: 'ignored when the node has interrupts-extended, as of_irq_parse_one does',
  }),
  row('interrupts-extended', '#interrupt-cells', 'phandle-args', 'supplier', 'linux'),
  row('interrupt-map', '#interrupt-cells', 'interrupt-map', 'supplier', 'linux'),
  row('access-controllers', '#access-controller-cells', 'phandle-args', 'supplier', 'linux'),
  row('*-supply', null, 'phandles', 'supplier', 'linux', { match: { suffix: '-supply' } }),
  // dtc's prop_is_gpio skips any name containing "nr-gpio" (snps,nr-gpios is a count); Linux only
  // skips ",nr-gpios" for *-gpios, which would read `nr-gpios = <8>` as phandle 8.
  row('*-gpio', '#gpio-cells', 'phandle-args', 'supplier', 'linux', { match: { suffix: '-gpio', excludeContaining: 'nr-gpio' } }),
  row('*-gpios', '#gpio-cells', 'phandle-args', 'supplier', 'linux', { match: { suffix: '-gpios', excludeContaining: 'nr-gpio' } }),
  row('post-init-providers', null, 'phandles', 'ignored', 'linux'),

  // dtc checks.c phandle+args lists that fw_devlink does not link.
  row('cooling-device', '#cooling-cells', 'phandle-args', 'none', 'dtc'),
  row('mux-controls', '#mux-control-cells', 'phandle-args', 'none', 'dtc'),
  row('sound-dai', '#sound-dai-cells', 'phandle-args', 'none', 'dtc'),
  row('thermal-sensors', '#thermal-sensor-cells', 'phandle-args', 'none', 'dtc'),

  // dtlint: what a device also needs in practice.
  row('pinctrl-N (9+)', null, 'phandles', 'none', 'dtlint', {
    match: { pattern: /^pinctrl-(?:9|[1-9][0-9]+)$/ },
    note: 'Linux links pinctrl-0..8 only',
  }),
  row('phy-handle', null, 'phandles', 'none', 'dtlint'),
  row('assigned-clocks', '#clock-cells', 'phandle-args', 'none', 'dtlint'),
  row('assigned-clock-parents', '#clock-cells', 'phandle-args', 'none', 'dtlint'),
  row('memory-region', null, 'phandles', 'none', 'dtlint'),
  row('msi-map', '#msi-cells', 'id-map', 'none', 'dtlint', {
    note: 'Linux reads fixed 4-cell entries (rid-base, &msi, msi-base, length)',
  }),
  row('parent', null, 'parent', 'none', 'dtlint', {
    match: { never: true },
    note: "a device is created by its parent bus and its reg goes through the parents' ranges",
  }),
];

const byName = new Map<string, Binding>();
const patterned: Binding[] = [];
for (const b of BINDINGS) {
  if ('name' in b.match) byName.set(b.match.name, b);
  else if (!('never' in b.match)) patterned.push(b);
}

/** The row for a node's parent edge. */
export const PARENT_BINDING: Binding = BINDINGS.find((b) => b.id === 'parent')!;

const cache = new Map<string, Binding | null>();
/**
 * The most property names the cache holds: the arm and arm64 boards of Linux 6.12 name fewer than
 * 6,000 properties; input made of random names (a fuzz run, a generated board) would grow it for
 * the life of the process.
 */
const CACHE_MAX = 50_000;

/** The row that covers a property name, if any (exact names win over patterns, then table order). */
export function bindingFor(propertyName: string): Binding | undefined {
  const cached = cache.get(propertyName);
  if (cached !== undefined) return cached ?? undefined;
  const found = byName.get(propertyName) ?? patterned.find((b) => matches(b.match, propertyName));
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(detached(propertyName), found ?? null);
  return found;
}

/**
 * A copy of `s` that shares no memory with the text it was cut from (the idiom the preprocessor's
 * intern table uses): a property name may be a slice of the whole preprocessed board, whose text
 * a cached slice would keep alive for the process's life.
 */
function detached(s: string): string {
  return (' ' + s).slice(1);
}

function matches(m: BindingMatch, name: string): boolean {
  if ('suffix' in m) {
    // Linux's strcmp_suffix: the name must be longer than the suffix.
    if (name.length <= m.suffix.length || !name.endsWith(m.suffix)) return false;
    return m.excludeContaining === undefined || !name.includes(m.excludeContaining);
  }
  if ('pattern' in m) return m.pattern.test(name);
  return false;
}

export function bindingById(id: string): Binding | undefined {
  return BINDINGS.find((b) => b.id === id);
}
