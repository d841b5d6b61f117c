/**
 * i.MX 8 SCU partitions as the host DT describes them (NXP U-Boot's scu_rm, arch/arm/mach-imx/imx8/partition.c): the partition node
 * (`compatible = "xen,domu"`, usually /domu/doma) with its `rsrcs`, `pads` and `init_on_rsrcs`, the
 * names of those numbers from the kernel's dt-binding headers, and the SCU's mailbox units (MU).
 *
 * MU facts (Linux 6.12 arch/arm64/boot/dts/freescale/imx8-ss-lsio.dtsi, include/dt-bindings/firmware/
 * imx/rsrc.h): lsio_muN (N = 0..13) is the A side of MU N at 0x5d1b0000 + N * 0x10000
 * (mu0 0x5d1b0000 ... mu4 0x5d1f0000, mu5 0x5d200000, mu6 0x5d210000, mu13 0x5d280000; mu5, mu6 and
 * mu13 carry `power-domains = <&pd IMX_SC_R_MU_{5,6,13}A>`), and IMX_SC_R_MU_NA = 213 + N.
 * Linux 6.12 imx8qm.dtsi's SCU (/system-controller) uses lsio_mu1 (MU_1A). The seed's comment says
 * that in NXP's Xen setup MU_0A is Dom0's and MU_1A is ATF's, so a guest SCU takes MU_2A..4A.
 */
import type { Diagnostic } from '../dts/diagnostic.js';
import type { Location } from '../dts/location.js';
import { simpleDefinesOf } from '../dts/preprocess/index.js';
import { SourceFile, SourceHost } from '../dts/source.js';
import type { Node, Property, Tree } from '../dts/tree.js';
import { findNodeByPath, getProperty, isEnabled, nodeIndex, nodePath, compatibles } from '../dts/query.js';
import { regEntries, translateReg } from '../graph/address.js';
import { bindingById } from '../graph/bindings.js';
import { splitList } from '../graph/split.js';
import { cellNumber, phandleTable, propertyCells } from '../graph/tree-access.js';

/** Where the kernel keeps the headers, relative to the kernel source root. */
export const RSRC_HEADER = 'include/dt-bindings/firmware/imx/rsrc.h';
export const PADS_IMX8QM_HEADER = 'include/dt-bindings/pinctrl/pads-imx8qm.h';

/** Numbers and names of one family of `#define`s (IMX_SC_R_*, IMX8QM_* pads). */
export interface DefineNames {
  /** Header the names came from. */
  file?: string;
  byName: Map<string, number>;
  /** For each value, its names: the first one defined with a literal number first, aliases after. */
  byValue: Map<number, string[]>;
}

/**
 * Reads `#define NAME value` lines whose NAME starts with `prefix`; value is a number or another
 * NAME of the same header (an alias). Multi-token bodies (the pinfunc `pad mux` pairs) and `*_LAST`
 * count markers are skipped.
 */
export function parseDefineNames(text: string, prefix: string, file?: string): DefineNames {
  return defineNamesOf(new SourceFile(file ?? '<defines>', text), prefix, file);
}

/**
 * parseDefineNames on a file the preprocessor has read: its lexed lines (the preprocessor's scan
 * of the header, made once per process) instead of the text. A `#define` is read as cpp reads it:
 * comments are not tokens and a backslash-newline continues the line.
 */
function defineNamesOf(f: SourceFile, prefix: string, file?: string): DefineNames {
  const literal = new Map<string, number>();
  const alias = new Map<string, string>();
  const order: string[] = [];
  const defines = simpleDefinesOf(f);
  for (let k = 0; k < defines.length; k++) {
    const { name, value } = defines[k]!;
    if (!name.startsWith(prefix) || name.endsWith('_LAST')) continue;
    if (value.kind === 'number') {
      const n = parseCNumber(value.text);
      if (n === undefined) continue;
      literal.set(name, n);
    } else alias.set(name, value.name);
    order.push(name);
  }
  const byName = new Map(literal);
  // Indexed loops over `order` (thousands of names): no iterator results in baseline code.
  for (let k = 0; k < order.length; k++) {
    const name = order[k]!;
    if (!alias.has(name)) continue;
    const v = resolveAlias(name, literal, alias);
    if (v !== undefined) byName.set(name, v);
  }
  const byValue = new Map<number, string[]>();
  const add = (name: string): void => {
    const v = byName.get(name);
    if (v === undefined) return;
    const list = byValue.get(v);
    if (list) list.push(name);
    else byValue.set(v, [name]);
  };
  // Literal definitions first so that the canonical name leads; then aliases in header order.
  for (let k = 0; k < order.length; k++) if (literal.has(order[k]!)) add(order[k]!);
  for (let k = 0; k < order.length; k++) if (alias.has(order[k]!)) add(order[k]!);
  const names: DefineNames = { byName, byValue };
  if (file !== undefined) names.file = file;
  return names;
}

function resolveAlias(name: string, literal: Map<string, number>, alias: Map<string, string>): number | undefined {
  const seen = new Set<string>();
  let cur = name;
  while (!literal.has(cur)) {
    if (seen.has(cur)) return undefined;
    seen.add(cur);
    const next = alias.get(cur);
    if (next === undefined) return undefined;
    cur = next;
  }
  return literal.get(cur);
}

// C integer literals as headers write them: decimal, 0x hex, 0 octal, with U/L suffixes.
function parseCNumber(text: string): number | undefined {
  const m = /^(?:0[xX]([0-9a-fA-F]+)|0([0-7]*)|([1-9][0-9]*))[uUlL]*$/.exec(text);
  if (!m) return undefined;
  if (m[1] !== undefined) return Number.parseInt(m[1], 16);
  if (m[2] !== undefined) return m[2] === '' ? 0 : Number.parseInt(m[2], 8);
  return Number.parseInt(m[3]!, 10);
}

/** Reads a header through a SourceHost (cached, overridable in tests); undefined when it cannot be read. */
export function readDefineNames(path: string, prefix: string, host: SourceHost = new SourceHost()): DefineNames | undefined {
  const f = host.read(path);
  if (!(f instanceof SourceFile)) return undefined;
  // A pair reads the same headers for its host and its guest: once (the maps are only read).
  let byPrefix = NAMES.get(f);
  if (!byPrefix) NAMES.set(f, (byPrefix = new Map()));
  const key = `${prefix}\0${path}`;
  let names = byPrefix.get(key);
  if (!names) byPrefix.set(key, (names = defineNamesOf(f, prefix, path)));
  return names;
}

const NAMES = new WeakMap<SourceFile, Map<string, DefineNames>>();

/** The header among the files a tree was built from whose path ends with `suffix` (e.g. RSRC_HEADER's tail). */
export function includedHeader(tree: Tree, suffix: string): string | undefined {
  const tail = suffix.replace(/^include\//, '/');
  return tree.files.find((f) => f.replace(/\\/g, '/').endsWith(tail));
}

/** IMX_SC_R_* and IMX8QM_* pad names from the headers the tree itself included, when it did. */
export function namesFromTree(tree: Tree, host?: SourceHost): { rsrcNames?: DefineNames; padNames?: DefineNames } {
  const out: { rsrcNames?: DefineNames; padNames?: DefineNames } = {};
  const rsrc = includedHeader(tree, RSRC_HEADER);
  const pads = includedHeader(tree, PADS_IMX8QM_HEADER);
  const rsrcNames = rsrc ? readDefineNames(rsrc, 'IMX_SC_R_', host) : undefined;
  const padNames = pads ? readDefineNames(pads, 'IMX8QM_', host) : undefined;
  if (rsrcNames) out.rsrcNames = rsrcNames;
  if (padNames) out.padNames = padNames;
  return out;
}

/** IMX_SC_R_* names from `<kernel>/include/dt-bindings/firmware/imx/rsrc.h`. */
export function readRsrcNames(kernelRoot: string, host?: SourceHost): DefineNames | undefined {
  return readDefineNames(`${kernelRoot}/${RSRC_HEADER}`, 'IMX_SC_R_', host);
}

/** IMX8QM_* pad ids from `<kernel>/include/dt-bindings/pinctrl/pads-imx8qm.h` (pinfunc pairs skipped). */
export function readImx8qmPadNames(kernelRoot: string, host?: SourceHost): DefineNames | undefined {
  return readDefineNames(`${kernelRoot}/${PADS_IMX8QM_HEADER}`, 'IMX8QM_', host);
}

/** The canonical name of a number, if the header has one. */
export function nameOf(names: DefineNames | undefined, value: number): string | undefined {
  return names?.byValue.get(value)?.[0];
}

/** One number of a cell list, where it was written, and its name when known. */
export interface NumberedCell {
  value: number;
  at: Location;
  name?: string;
}

export interface ImxPartition {
  node: Node;
  path: string;
  rsrcs: NumberedCell[];
  pads: NumberedCell[];
  initOnRsrcs: NumberedCell[];
  /** The properties themselves, for related locations. */
  properties: { rsrcs?: Property; pads?: Property; initOnRsrcs?: Property };
}

export interface PartitionOptions {
  /** The partition node's path; default: the first enabled `xen,domu` node in tree order. */
  path?: string;
  /** Or the node itself (from resolveNode). */
  node?: Node;
  rsrcNames?: DefineNames;
  padNames?: DefineNames;
}

export interface PartitionResult {
  partition?: ImxPartition;
  problems: Diagnostic[];
}

const CODE = 'imx-partition';

const BY_COMPATIBLE = Symbol('nodes by compatible');

/** Enabled nodes whose compatible list has `compatible`, in tree order. */
export function nodesCompatible(tree: Tree, compatible: string, enabledOnly = true): Node[] {
  const nodes = nodeIndex(tree, BY_COMPATIBLE, compatibles).get(compatible) ?? [];
  return enabledOnly ? nodes.filter(isEnabled) : [...nodes];
}

export function findPartitionNode(tree: Tree, path?: string): Node | undefined {
  if (path !== undefined) return findNodeByPath(tree, path);
  return nodesCompatible(tree, 'xen,domu')[0];
}

export function decodePartition(tree: Tree, options: PartitionOptions = {}): PartitionResult {
  const problems: Diagnostic[] = [];
  const node = options.node ?? findPartitionNode(tree, options.path);
  if (!node) return { problems };
  const path = nodePath(node);
  const where = node.definedAt[0]!;
  if (!compatibles(node).includes('xen,domu')) {
    problems.push({ code: CODE, severity: 'warning', message: `${path} is not compatible with "xen,domu": U-Boot's scu_rm ignores it`, at: where });
  }
  if (node.parent && nodePath(node.parent) !== '/domu') {
    problems.push({ code: CODE, severity: 'warning', message: `${path} is not a child of /domu: U-Boot's scu_rm only reads /domu's children`, at: where });
  }
  const read = (prop: string, names?: DefineNames): { cells: NumberedCell[]; property?: Property } => {
    const p = getProperty(node, prop);
    if (!p) return { cells: [] };
    const cells = numberedCells(p, names, problems, `${path}:${prop}`);
    return { cells, property: p };
  };
  const rsrcs = read('rsrcs', options.rsrcNames);
  const pads = read('pads', options.padNames);
  const init = read('init_on_rsrcs', options.rsrcNames);
  const partition: ImxPartition = { node, path, rsrcs: rsrcs.cells, pads: pads.cells, initOnRsrcs: init.cells, properties: {} };
  if (rsrcs.property) partition.properties.rsrcs = rsrcs.property;
  if (pads.property) partition.properties.pads = pads.property;
  if (init.property) partition.properties.initOnRsrcs = init.property;
  if (!rsrcs.property) problems.push({ code: CODE, severity: 'warning', message: `${path} has no rsrcs: the partition gets no resources`, at: where });
  for (const c of init.cells) {
    if (!rsrcs.cells.some((r) => r.value === c.value)) {
      problems.push({ code: CODE, severity: 'warning', message: `init_on_rsrcs entry ${label(c)} is not in rsrcs`, at: c.at });
    }
  }
  return { partition, problems };
}

/** Every 32-bit cell of a property as a number with its location and name. */
export function numberedCells(prop: Property, names: DefineNames | undefined, problems: Diagnostic[], what: string): NumberedCell[] {
  const cells = propertyCells(prop);
  if (!cells) {
    problems.push({ code: CODE, severity: 'error', message: `${what} is not a list of 32-bit cells`, at: prop.at });
    return [];
  }
  return cells.map((cell) => {
    const value = cellNumber(cell);
    const out: NumberedCell = { value, at: cell.at };
    const name = nameOf(names, value);
    if (name !== undefined) out.name = name;
    else if (names) problems.push({ code: CODE, severity: 'warning', message: `${what}: ${value} is not defined in ${names.file ?? 'the header'}`, at: cell.at });
    return out;
  });
}

function label(c: NumberedCell): string {
  return c.name ?? String(c.value);
}

/** An i.MX 8 messaging unit, A side (the side Linux's SCU driver uses). */
export interface ImxMu {
  /** `MU_2A` */
  name: string;
  index: number;
  base: bigint;
  /** SCU resource id, IMX_SC_R_MU_<n>A. */
  resource: number;
  resourceName: string;
}

/** LSIO MUs of i.MX 8QM/8QXP (imx8-ss-lsio.dtsi): MU n A at 0x5d1b0000 + n * 0x10000. */
export const IMX8_LSIO_MUS: readonly ImxMu[] = Array.from({ length: 14 }, (_, n) => ({
  name: `MU_${n}A`,
  index: n,
  base: 0x5d1b0000n + BigInt(n) * 0x10000n,
  resource: 213 + n,
  resourceName: `IMX_SC_R_MU_${n}A`,
}));

export function muForBase(base: bigint): ImxMu | undefined {
  return IMX8_LSIO_MUS.find((m) => m.base === base);
}

/**
 * Which MU a node is: by its CPU address (reg translated through the buses), else by the raw first
 * `reg` address (a guest node placed under QEMU's platform bus keeps the host address in `reg`).
 */
export function muOfNode(node: Node): ImxMu | undefined {
  const t = translateReg(node);
  const byCpu = t.ok ? muForBase(t.address) : undefined;
  if (byCpu) return byCpu;
  const entries = regEntries(node);
  return Array.isArray(entries) && entries[0] ? muForBase(entries[0].address) : undefined;
}

export interface ScuMailboxUnit {
  /** The MU node `mboxes` points at (undefined when the phandle names nothing). */
  node?: Node;
  path?: string;
  mu?: ImxMu;
  /** The phandle cell in `mboxes`. */
  at: Location;
}

export interface ScuMailbox {
  scu: Node;
  path: string;
  enabled: boolean;
  mboxes?: Property;
  /** Distinct MU nodes in `mboxes` order (tx0, rx0, gip3 usually name one MU). */
  units: ScuMailboxUnit[];
}

/** Every `fsl,imx-scu` node and the MUs its `mboxes` use. */
export function scuMailboxes(tree: Tree): ScuMailbox[] {
  const phandles = phandleTable(tree);
  const binding = bindingById('mboxes')!;
  return nodesCompatible(tree, 'fsl,imx-scu', false).map((scu) => {
    const out: ScuMailbox = { scu, path: nodePath(scu), enabled: isEnabled(scu), units: [] };
    const mboxes = getProperty(scu, 'mboxes');
    if (!mboxes) return out;
    out.mboxes = mboxes;
    const seen = new Set<Node>();
    for (const entry of splitList(scu, mboxes, binding, { phandles }).entries) {
      if (entry.empty) continue;
      const provider = entry.provider;
      if (provider && seen.has(provider)) continue;
      const unit: ScuMailboxUnit = { at: entry.phandleCell.at };
      if (provider) {
        seen.add(provider);
        unit.node = provider;
        unit.path = nodePath(provider);
        const mu = muOfNode(provider);
        if (mu) unit.mu = mu;
      }
      out.units.push(unit);
    }
    return out;
  });
}
