/**
 * Which DMA masters an enabled ARM SMMU blocks because they have no `iommus`, as far as the tree
 * says, and why dtlint thinks they sit behind it.
 *
 * The mechanism (Linux 6.12): a master without `iommus` (or `iommu-map`) gets no fwspec
 * (drivers/iommu/of_iommu.c of_iommu_configure), so the SMMU driver sets up no stream-map entry
 * for it. Its transactions then arrive with a stream ID the SMMU does not know:
 * - arm-smmu (SMMUv1/v2, MMU-400/401/500): arm_smmu_device_reset sets sCR0.USFCFG when the
 *   `disable_bypass` module parameter is on (default CONFIG_ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT,
 *   itself default y): an unmatched stream faults, arm_smmu_global_fault logs "Blocked unknown
 *   Stream ID"; with disable_bypass off it passes untranslated.
 * - arm-smmu-v3: there is no such parameter in 6.12; arm_smmu_init_initial_stes makes every stream
 *   table entry an abort entry (arm_smmu_make_abort_ste) until a master is attached.
 * `iommu.passthrough=1` does not help: it picks the default domain type of IOMMU groups
 * (iommu_set_def_domain_type), and a master without `iommus` is in none.
 *
 * The tree does not say which masters sit behind an SMMU without naming it. What it does say,
 * strongest first:
 * - `deleted`: the user's `/delete-property/ iommus` (or `iommu-map`) removed a value that named
 *   the SMMU: the kernel's tree put the master behind it.
 * - `commented`: the SoC's .dtsi writes the master's `iommus` inside a comment (ZynqMP, Juno's GPU):
 *   the author says which stream ID it carries, but leaves it off.
 * - `neighbour`: the master shares a bus (a `simple-bus` below the root) whose every `iommus`
 *   names this SMMU: if its transactions go through the SMMU as its neighbours' do, it is blocked.
 * Only an SMMU the user's files enable (the kernel's leave it disabled) makes `commented` and
 * `neighbour` masters news: where the kernel's tree enables it, the host has run so all along.
 */
import { resolve } from 'node:path';
import type { Location } from '../dts/location.js';
import { compatibles, findNodeByLabel, findNodeByPath, getProperty, isEnabled, nodePath, walk } from '../dts/query.js';
import { SourceFile, type SourceHost } from '../dts/source.js';
import type { Cell, Node, Property, Tree, ValueChunk } from '../dts/tree.js';
import { cellNumber, propertyCells, readU32 } from '../graph/tree-access.js';
import { isAvailable } from './availability.js';
import { dmaMastering, type DmaMastering } from './dma-master.js';
import { iommuDriverOf } from './iommu-drivers.js';
import type { PairModel, PairSide } from './pair.js';
import { effectiveSmr, smrsOverlap, streamEntries } from './smmu.js';

export type BypassDriver = 'arm-smmu' | 'arm-smmu-v3';

export type BehindEvidence =
  /** The user's deletion removed a value naming the SMMU. */
  | { kind: 'deleted'; property: 'iommus' | 'iommu-map'; at: Location; removedAt: Location; streamIds: number[] }
  /** The kernel's .dtsi names the SMMU in a commented-out `iommus` of the node. */
  | { kind: 'commented'; at: Location; file: string; streamIds: number[] }
  /** A neighbour on the same bus names the SMMU, and every `iommus` on that bus does. */
  | { kind: 'neighbour'; bus: Node; via: Node };

export interface UnlistedMaster {
  node: Node;
  evidence: BehindEvidence;
  mastering: DmaMastering;
}

export interface BlockingSmmu {
  node: Node;
  driver: BypassDriver;
  /** The tree the user starts from leaves it (or an ancestor) disabled (upstreamEnabled). */
  newlyEnabled: boolean;
  /** The user's `status` that enables it, when there is one. */
  enabledAt?: Location;
  /** The file whose status leaves it disabled. */
  disabledIn?: string;
  /** qcom,*-smmu-500 / qcom,smmu-v2: arm-smmu-qcom.c keeps the boot firmware's stream mappings as bypass. */
  qcom: boolean;
  masters: UnlistedMaster[];
}

const BUS_COMPATIBLES = ['simple-bus', 'simple-pm-bus', 'arm,amba-bus', 'simple-mfd'];

/** The host's enabled ARM SMMUs and the masters without `iommus` the tree places behind them. */
export function blockingSmmus(pair: PairModel): BlockingSmmu[] {
  const host = pair.host;
  const out: BlockingSmmu[] = [];
  const smmus: Array<{ node: Node; driver: BypassDriver }> = [];
  walk(host.tree, (n) => {
    const driver = iommuDriverOf(compatibles(n))?.name;
    if ((driver === 'arm-smmu' || driver === 'arm-smmu-v3') && isAvailable(n)) smmus.push({ node: n, driver });
  });
  if (smmus.length === 0) return out;
  const remaining = streamEntries(host.tree);
  let comments: Map<Node, Array<{ at: Location; file: string; target: Node; streamIds: number[] }>> | undefined;
  for (const { node, driver } of smmus) {
    const upstream = upstreamEnabled(host, node, pair.sources);
    const smmu: BlockingSmmu = {
      node,
      driver,
      newlyEnabled: !upstream.enabled,
      qcom: compatibles(node).some((c) => c.startsWith('qcom,')),
      masters: [],
    };
    if (upstream.enabledAt) smmu.enabledAt = upstream.enabledAt;
    if (upstream.disabledIn) smmu.disabledIn = upstream.disabledIn;
    const seen = new Set<Node>();
    const add = (m: UnlistedMaster): void => {
      if (seen.has(m.node)) return;
      seen.add(m.node);
      smmu.masters.push(m);
    };
    const smmuPath = nodePath(node);
    const others = remaining.filter((e) => e.smmu === smmuPath);
    for (const m of deletedMasters(pair, node)) {
      // A stream ID still matched by another master's entry is translated by that master's domain, not blocked.
      const iommuCells = readU32(node, '#iommu-cells') ?? 1;
      const stillMatched = m.evidence.kind === 'deleted' && m.evidence.property === 'iommus' && m.evidence.streamIds.some((sid, i) => {
        const mask = iommuCells > 1 ? (m.masks[i] ?? 0) : (readU32(node, 'stream-match-mask') ?? 0);
        return others.some((e) => (driver === 'arm-smmu-v3' ? e.streamId === sid : smrsOverlap(effectiveSmr(e), { id: sid & 0xffff, mask: mask & 0xffff })));
      });
      if (!stillMatched) add(m);
    }
    if (smmu.newlyEnabled) {
      comments ??= commentedIommus(pair);
      for (const [master, list] of comments) {
        const c = list.find((x) => x.target === node);
        if (c && unlisted(pair, master)) add({ node: master, evidence: { kind: 'commented', at: c.at, file: c.file, streamIds: c.streamIds }, mastering: dmaMastering(master) });
      }
      // A glue node whose child the dtsi already names (ZynqMP's usb0 around dwc3_0) is not a master of its own.
      for (const m of neighbourMasters(pair, node)) if (!related(m.node, seen)) add(m);
    }
    out.push(smmu);
  }
  return out;
}

/** The node, one of its ancestors or one of its descendants is in the set. */
function related(node: Node, nodes: ReadonlySet<Node>): boolean {
  for (let n: Node | null = node; n; n = n.parent) if (nodes.has(n)) return true;
  let found = false;
  walk(node, (n) => {
    if (found) return false;
    if (nodes.has(n)) found = true;
  });
  return found;
}

/** An enabled host master with no translation of its own that vfio does not take. */
function unlisted(pair: PairModel, node: Node): boolean {
  return isAvailable(node) && !hasIommu(node) && !pair.isPassed(node);
}

function hasIommu(node: Node): boolean {
  return getProperty(node, 'iommus') !== undefined || getProperty(node, 'iommu-map') !== undefined;
}

/** Masters whose `iommus` / `iommu-map` naming the SMMU the user's files delete. */
function deletedMasters(pair: PairModel, smmu: Node): Array<UnlistedMaster & { masks: number[] }> {
  const host = pair.host;
  const out: Array<UnlistedMaster & { masks: number[] }> = [];
  const iommuCells = readU32(smmu, '#iommu-cells') ?? 1;
  for (const d of host.tree.deletions ?? []) {
    if (d.kind !== 'property' || !d.matched || !d.removed || (d.name !== 'iommus' && d.name !== 'iommu-map')) continue;
    if (!host.userFiles.has(resolve(d.at.file))) continue;
    const node = findNodeByPath(host.tree, d.node);
    if (!node || !unlisted(pair, node)) continue;
    const cells = chunkCells(d.removed.value);
    const streamIds: number[] = [];
    const masks: number[] = [];
    let named = false;
    for (let i = 0; i < cells.length; i++) {
      if (refTarget(host.tree, cells[i]!) !== smmu) continue;
      named = true;
      // iommus: phandle, then #iommu-cells arguments; iommu-map: rid-base, phandle, iommu-base, length.
      if (d.name === 'iommus') {
        if (iommuCells >= 1 && cells[i + 1]) streamIds.push(cellNumber(cells[i + 1]!));
        if (iommuCells >= 2 && cells[i + 2]) masks.push(cellNumber(cells[i + 2]!));
      } else if (cells[i + 1]) {
        streamIds.push(cellNumber(cells[i + 1]!));
      }
    }
    if (!named) continue;
    out.push({
      node,
      evidence: { kind: 'deleted', property: d.name, at: d.at, removedAt: d.removed.at, streamIds },
      mastering: dmaMastering(node),
      masks,
    });
  }
  return out;
}

/** Masters on a bus below the root whose every `iommus` names this SMMU, that have none themselves. */
function neighbourMasters(pair: PairModel, smmu: Node): UnlistedMaster[] {
  const out: UnlistedMaster[] = [];
  const buses = new Map<Node, Node>();
  walk(pair.host.tree, (n) => {
    if (!isAvailable(n) || !namesIommu(pair.host.tree, n, smmu)) return;
    const bus = busOf(n);
    if (!bus) return;
    // The neighbour named in the finding: a DMA master where there is one, not a clock gate.
    const known = buses.get(bus);
    if (!known || (dmaMastering(known) !== 'master' && dmaMastering(n) === 'master')) buses.set(bus, n);
  });
  for (const [bus, via] of buses) {
    if (!servedOnlyBy(pair.host.tree, bus, smmu)) continue;
    walk(bus, (n) => {
      if (n === bus) return;
      if (!isAvailable(n)) return false;
      // A node that names an IOMMU, or holds one that does, is not itself an unlisted master.
      if (hasIommu(n)) return false;
      if (containsIommuUser(n)) return;
      if (unlisted(pair, n) && dmaMastering(n) === 'master') out.push({ node: n, evidence: { kind: 'neighbour', bus, via }, mastering: 'master' });
      return false;
    });
  }
  return out;
}

function busOf(node: Node): Node | undefined {
  for (let n = node.parent; n && n.parent; n = n.parent) if (compatibles(n).some((c) => BUS_COMPATIBLES.includes(c))) return n;
  return undefined;
}

function containsIommuUser(node: Node): boolean {
  let found = false;
  walk(node, (n) => {
    if (found) return false;
    if (n !== node && isEnabled(n) && hasIommu(n)) found = true;
  });
  return found;
}

/** Every enabled `iommus` / `iommu-map` in the bus names this SMMU and no other IOMMU. */
function servedOnlyBy(tree: Tree, bus: Node, smmu: Node): boolean {
  let only = true;
  walk(bus, (n) => {
    if (!only) return false;
    if (!isEnabled(n)) return false;
    for (const name of ['iommus', 'iommu-map']) {
      const p = getProperty(n, name);
      if (!p) continue;
      for (const target of propertyTargets(tree, p)) if (target !== smmu) only = false;
    }
  });
  return only;
}

function namesIommu(tree: Tree, node: Node, smmu: Node): boolean {
  for (const name of ['iommus', 'iommu-map']) {
    const p = getProperty(node, name);
    if (p && propertyTargets(tree, p).includes(smmu)) return true;
  }
  return false;
}

function propertyTargets(tree: Tree, p: Property): Node[] {
  const out: Node[] = [];
  for (const cell of propertyCells(p) ?? []) {
    const t = refTarget(tree, cell);
    if (t) out.push(t);
  }
  return out;
}

/** The node a `&ref` cell names; a deleted value's references are left unresolved, so look them up. */
function refTarget(tree: Tree, cell: Cell): Node | undefined {
  const ref = cell.ref;
  if (!ref) return undefined;
  if (ref.target) return ref.target;
  if (ref.label !== undefined) return findNodeByLabel(tree, ref.label);
  if (ref.path !== undefined) return findNodeByPath(tree, ref.path);
  return undefined;
}

function chunkCells(value: readonly ValueChunk[]): Cell[] {
  const out: Cell[] = [];
  for (const c of value) if (c.kind === 'cells' && c.bits === 32) for (const cell of c.cells) out.push(cell);
  return out;
}

/**
 * Whether the tree the user starts from leaves the node and its ancestors enabled. The baseline of
 * a `status` is the last definition in the kernel's files (a board .dts that enables what its SoC
 * .dtsi disables counts as enabled); where every definition is the user's own (their own SoC file),
 * the first one. A status written only once has no baseline: nothing says it changed.
 */
export function upstreamEnabled(side: PairSide, node: Node, sources: SourceHost): { enabled: boolean; enabledAt?: Location; disabledIn?: string } {
  const own = (at: Location): boolean => side.userFiles.has(resolve(at.file));
  for (let n: Node | null = node; n; n = n.parent) {
    const status = getProperty(n, 'status');
    if (!status) continue;
    const all = [...status.overridden, status.at];
    const kernel = all.filter((at) => !own(at));
    const baseline = kernel.length > 0 ? kernel[kernel.length - 1]! : all.length > 1 ? all[0]! : undefined;
    if (!baseline || baseline === status.at) continue;
    const value = stringAt(sources, baseline);
    if (value === undefined || value === 'okay' || value === 'ok') continue;
    const r: { enabled: boolean; enabledAt?: Location; disabledIn?: string } = { enabled: false, disabledIn: baseline.file };
    if (own(status.at)) r.enabledAt = status.at;
    return r;
  }
  return { enabled: true };
}

/** The first string literal written at a location (a `status = "disabled";` definition). */
function stringAt(sources: SourceHost, at: Location): string | undefined {
  const file = sources.read(at.file);
  if (!(file instanceof SourceFile)) return undefined;
  const starts = file.lineStarts;
  const from = (starts[at.line - 1] ?? 0) + at.column - 1;
  const to = (starts[at.endLine - 1] ?? 0) + at.endColumn - 1;
  return /"([^"\\]*)"/.exec(file.text.slice(from, to))?.[1];
}

const COMMENTED_IOMMUS = /iommus\s*=\s*<\s*&([A-Za-z_][\w]*)([^>]*)>/g;

/**
 * `iommus` written inside comments of the kernel's files (`/* iommus = <&smmu 0x14e8>; *\/` in
 * zynqmp.dtsi), each given to the innermost node whose definition holds it.
 */
function commentedIommus(pair: PairModel): Map<Node, Array<{ at: Location; file: string; target: Node; streamIds: number[] }>> {
  const host = pair.host;
  const found: Array<{ at: Location; file: string; target: Node; streamIds: number[] }> = [];
  for (const path of host.tree.files) {
    if (host.userFiles.has(resolve(path)) || !/\.dtsi?$/.test(path)) continue;
    const file = pair.sources.read(path);
    if (!(file instanceof SourceFile) || !file.text.includes('iommus')) continue;
    for (const comment of file.text.matchAll(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g)) {
      if (!comment[0].includes('iommus')) continue;
      for (const m of comment[0].matchAll(COMMENTED_IOMMUS)) {
        const target = findNodeByLabel(host.tree, m[1]!);
        if (!target) continue;
        const start = comment.index + m.index;
        const streamIds: number[] = [];
        // The first number after the phandle of each `<&smmu N ...>` group in the match.
        const args = m[2]!.trim().split(/\s+/);
        const sid = args[0] !== undefined ? Number(args[0]) : NaN;
        if (Number.isFinite(sid)) streamIds.push(sid);
        found.push({ at: file.rangeAt(start, start + m[0].length), file: path, target, streamIds });
      }
    }
  }
  const out = new Map<Node, Array<{ at: Location; file: string; target: Node; streamIds: number[] }>>();
  if (found.length === 0) return out;
  // The innermost node whose definition holds the comment: deeper nodes come later in the walk.
  const byFile = new Map<string, typeof found>();
  for (const c of found) byFile.set(c.at.file, [...(byFile.get(c.at.file) ?? []), c]);
  const owner = new Map<(typeof found)[number], Node>();
  walk(host.tree, (n) => {
    for (const d of n.definedAt) for (const c of byFile.get(d.file) ?? []) if (contains(d, c.at)) owner.set(c, n);
  });
  for (const [c, n] of owner) out.set(n, [...(out.get(n) ?? []), c]);
  return out;
}

function contains(outer: Location, inner: Location): boolean {
  const before = (l1: number, c1: number, l2: number, c2: number): boolean => l1 < l2 || (l1 === l2 && c1 <= c2);
  return before(outer.line, outer.column, inner.line, inner.column) && before(inner.endLine, inner.endColumn, outer.endLine, outer.endColumn);
}
