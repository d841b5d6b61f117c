/**
 * IOMMU groups from `iommus` stream IDs: which devices VFIO will only hand out together.
 *
 * Facts (Linux 6.12 drivers/iommu/arm/arm-smmu and arm-smmu-v3):
 * - arm-smmu (SMMUv1/v2, MMU-400/401/500; compatibles below): an `iommus` entry is (stream ID, mask)
 *   with `#iommu-cells = <2>`; with one cell the mask is the SMMU node's `stream-match-mask`, or 0
 *   (arm_smmu_of_xlate). ID and mask are 16-bit SMR fields. Two entries match a common stream when
 *   ((id1 ^ id2) & ~(mask1 | mask2)) == 0; such masters share a stream-match entry and so an IOMMU
 *   group (arm_smmu_find_sme reuses an entry that contains the new one). A partial overlap (neither
 *   contains the other) is refused with -EINVAL for the later master, and a contained entry is only
 *   reused when the larger one was registered first: both are reported as problems.
 * - arm-smmu-v3: one cell, the stream ID. Equal IDs are grouped here (the brief's model), but Linux
 *   refuses the second platform device with the same ID ("stream %u already in tree", -EINVAL):
 *   reported as a problem too.
 * Groups are per SMMU instance and transitive (union-find). Pure data in, data out; streamEntries
 * is the one reader that turns a tree's `iommus` into that data.
 */
import type { Location } from '../dts/location.js';
import type { Node, Property, Tree } from '../dts/tree.js';
import { getProperty, isEnabled, nodePath, propertyStrings, walk } from '../dts/query.js';
import { bindingById } from '../graph/bindings.js';
import { splitList } from '../graph/split.js';
import { cellNumber, phandleTable, readU32 } from '../graph/tree-access.js';

export type SmmuKind = 'smmu-v2' | 'smmu-v3';

/** Compatibles the arm-smmu driver (v1/v2) binds; vendor strings usually also list `arm,mmu-500`. */
const SMMU_V2_COMPATIBLES = new Set([
  'arm,smmu-v1',
  'arm,smmu-v2',
  'arm,mmu-400',
  'arm,mmu-401',
  'arm,mmu-500',
  'cavium,smmu-v2',
  'nvidia,smmu-500',
  'qcom,smmu-v2',
  'qcom,smmu-500',
]);

/** The SMMU architecture a node's compatible list names, or undefined for other IOMMUs. */
export function smmuKindOf(compatibles: string | readonly string[]): SmmuKind | undefined {
  const list = typeof compatibles === 'string' ? [compatibles] : compatibles;
  if (list.includes('arm,smmu-v3')) return 'smmu-v3';
  if (list.some((c) => SMMU_V2_COMPATIBLES.has(c))) return 'smmu-v2';
  return undefined;
}

/** One `iommus` entry of one device. `T` is whatever the caller wants back (a Location, a node...). */
export interface StreamEntry<T = unknown> {
  /** Device path (or any stable device id). */
  device: string;
  /** SMMU node path: groups never span SMMU instances. */
  smmu: string;
  smmuCompatible: string | readonly string[];
  streamId: number;
  /** The SMR mask (SMMUv2); absent for a one-cell entry. */
  mask?: number;
  /** The SMMU node's `stream-match-mask`, used when `mask` is absent (SMMUv2). */
  smmuStreamMatchMask?: number;
  data?: T;
}

export interface IommuGroup<T = unknown> {
  /** Deterministic: `<smmu node name>:<lowest stream ID in hex>`, e.g. `iommu@51400000:0x12`. */
  id: string;
  smmu: string;
  kind: SmmuKind;
  /** Member device ids, sorted. */
  devices: string[];
  /** Every entry that fell into the group, in input order. */
  entries: Array<StreamEntry<T>>;
}

export type SmmuProblem<T = unknown> =
  /** The SMMU's compatible is not one we model: its entries are left out of every group. */
  | { kind: 'unknown-smmu'; smmu: string; entries: Array<StreamEntry<T>> }
  /** SMMUv2 SMRs overlap without one containing the other: Linux refuses the later master. */
  | { kind: 'smr-conflict'; a: StreamEntry<T>; b: StreamEntry<T> }
  /** One SMR strictly contains another: works only if the containing master probes first. */
  | { kind: 'smr-order'; container: StreamEntry<T>; contained: StreamEntry<T> }
  /** SMMUv3: two devices with the same stream ID; Linux refuses the second. */
  | { kind: 'sid-conflict'; a: StreamEntry<T>; b: StreamEntry<T> };

export interface IommuGroups<T = unknown> {
  groups: Array<IommuGroup<T>>;
  /** Group id of each device (a device with entries in several groups appears in each; its first is kept). */
  groupOf: Map<string, string>;
  problems: Array<SmmuProblem<T>>;
}

const SMR_BITS = 0xffff;

/** Effective (id, mask) of an entry as the SMMU matches it. */
export function effectiveSmr(entry: StreamEntry): { id: number; mask: number } {
  const mask = entry.mask ?? entry.smmuStreamMatchMask ?? 0;
  return { id: entry.streamId & SMR_BITS, mask: mask & SMR_BITS };
}

/** True when some stream ID matches both entries (SMMUv2 stream matching). */
export function smrsOverlap(a: { id: number; mask: number }, b: { id: number; mask: number }): boolean {
  return ((a.id ^ b.id) & ~(a.mask | b.mask) & SMR_BITS) === 0;
}

/** True when every stream ID matched by `inner` is matched by `outer` (arm_smmu_find_sme's reuse test). */
export function smrContains(outer: { id: number; mask: number }, inner: { id: number; mask: number }): boolean {
  return (inner.mask & outer.mask) === inner.mask && ((inner.id ^ outer.id) & ~outer.mask & SMR_BITS) === 0;
}

export function iommuGroups<T>(entries: ReadonlyArray<StreamEntry<T>>): IommuGroups<T> {
  const problems: Array<SmmuProblem<T>> = [];
  const bySmmu = new Map<string, Array<StreamEntry<T>>>();
  for (const e of entries) {
    const list = bySmmu.get(e.smmu);
    if (list) list.push(e);
    else bySmmu.set(e.smmu, [e]);
  }

  const groups: Array<IommuGroup<T>> = [];
  for (const [smmu, list] of bySmmu) {
    const kind = smmuKindOf(list[0]!.smmuCompatible);
    if (!kind) {
      problems.push({ kind: 'unknown-smmu', smmu, entries: list });
      continue;
    }
    groups.push(...groupsOfSmmu(smmu, kind, list, problems));
  }
  groups.sort((a, b) => (a.smmu < b.smmu ? -1 : a.smmu > b.smmu ? 1 : firstId(a) - firstId(b)));

  const groupOf = new Map<string, string>();
  for (const g of groups) for (const d of g.devices) if (!groupOf.has(d)) groupOf.set(d, g.id);
  return { groups, groupOf, problems };
}

function groupsOfSmmu<T>(smmu: string, kind: SmmuKind, list: Array<StreamEntry<T>>, problems: Array<SmmuProblem<T>>): Array<IommuGroup<T>> {
  const parent = list.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };

  // Entries of one device belong together: they are one master.
  const firstOfDevice = new Map<string, number>();
  list.forEach((e, i) => {
    const first = firstOfDevice.get(e.device);
    if (first === undefined) firstOfDevice.set(e.device, i);
    else union(first, i);
  });

  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i]!;
      const b = list[j]!;
      if (kind === 'smmu-v3') {
        if ((a.streamId >>> 0) !== (b.streamId >>> 0)) continue;
        union(i, j);
        if (a.device !== b.device) problems.push({ kind: 'sid-conflict', a, b });
        continue;
      }
      const sa = effectiveSmr(a);
      const sb = effectiveSmr(b);
      if (!smrsOverlap(sa, sb)) continue;
      union(i, j);
      if (a.device === b.device) continue;
      const aInB = smrContains(sb, sa);
      const bInA = smrContains(sa, sb);
      if (aInB && bInA) continue;
      if (aInB) problems.push({ kind: 'smr-order', container: b, contained: a });
      else if (bInA) problems.push({ kind: 'smr-order', container: a, contained: b });
      else problems.push({ kind: 'smr-conflict', a, b });
    }
  }

  const members = new Map<number, Array<StreamEntry<T>>>();
  list.forEach((e, i) => {
    const root = find(i);
    const m = members.get(root);
    if (m) m.push(e);
    else members.set(root, [e]);
  });
  const smmuName = smmu.slice(smmu.lastIndexOf('/') + 1) || smmu;
  return [...members.values()].map((groupEntries) => {
    const lowest = Math.min(...groupEntries.map((e) => (kind === 'smmu-v3' ? e.streamId >>> 0 : effectiveSmr(e).id)));
    return {
      id: `${smmuName}:0x${lowest.toString(16)}`,
      smmu,
      kind,
      devices: [...new Set(groupEntries.map((e) => e.device))].sort(),
      entries: groupEntries,
    };
  });
}

function firstId(g: IommuGroup): number {
  return Number.parseInt(g.id.slice(g.id.lastIndexOf(':0x') + 3), 16);
}

/** Where an entry came from in the tree. */
export interface TreeStreamSource {
  node: Node;
  property: Property;
  /** Entry number in `iommus`. */
  entry: number;
  /** The phandle cell of the entry. */
  at: Location;
  enabled: boolean;
}

/**
 * The `iommus` entries of the tree's nodes (enabled ones unless `includeDisabled`); entries of an
 * IOMMU that is no SMMU come out too, and iommuGroups reports them as 'unknown-smmu'. Entries the splitter cannot read (unknown phandle, missing `#iommu-cells`, too
 * short) are skipped: the phandle-args rule reports those.
 */
export function streamEntries(tree: Tree, options: { includeDisabled?: boolean } = {}): Array<StreamEntry<TreeStreamSource>> {
  const binding = bindingById('iommus')!;
  const ctx = { phandles: phandleTable(tree) };
  const out: Array<StreamEntry<TreeStreamSource>> = [];
  walk(tree.root, (node) => {
    const property = getProperty(node, 'iommus');
    if (!property) return;
    const enabled = isEnabled(node);
    if (!enabled && !options.includeDisabled) return;
    for (const e of splitList(node, property, binding, ctx).entries) {
      const smmu = e.provider;
      if (e.problem || e.empty || !smmu || e.args.length === 0) continue;
      const compat = getProperty(smmu, 'compatible');
      const smmuCompatible = compat ? (propertyStrings(compat) ?? []) : [];
      const entry: StreamEntry<TreeStreamSource> = {
        device: nodePath(node),
        smmu: nodePath(smmu),
        smmuCompatible,
        streamId: cellNumber(e.args[0]!),
        data: { node, property, entry: e.index, at: e.phandleCell.at, enabled },
      };
      if (e.args.length > 1) entry.mask = cellNumber(e.args[1]!);
      const smm = readU32(smmu, 'stream-match-mask');
      if (smm !== undefined) entry.smmuStreamMatchMask = smm;
      out.push(entry);
    }
  });
  return out;
}
