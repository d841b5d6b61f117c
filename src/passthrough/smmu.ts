/**
 * IOMMU groups from `iommus`, as each Linux 6.12 IOMMU driver forms them (iommu-drivers.ts has the
 * table): which devices VFIO will only hand out together, and which devices get no group at all.
 *
 * Facts (Linux 6.12):
 * - drivers/iommu/of_iommu.c of_iommu_xlate: an entry naming an IOMMU node that is not available
 *   (status not okay) returns -ENODEV; of_iommu_configure then frees the fwspec and never calls
 *   iommu_probe_device: the device has no group. The same holds for an entry the driver's of_xlate
 *   refuses (ipmmu_of_xlate for devices ipmmu_device_is_allowed rejects).
 * - arm-smmu (SMMUv1/v2): an entry is (stream ID, mask) with `#iommu-cells = <2>`; with one cell
 *   the mask is the SMMU node's `stream-match-mask`, or 0 (arm_smmu_of_xlate). Two entries match a
 *   common stream when ((id1 ^ id2) & ~(mask1 | mask2)) == 0; arm_smmu_find_sme reuses an entry
 *   that contains the new one and arm_smmu_device_group gives its masters one group. A partial
 *   overlap (neither contains the other) is refused with -EINVAL for the later master (no group,
 *   'smr-conflict'), and a contained entry is only reused when the larger one was registered first:
 *   registered the other way round, the larger one overlaps an entry that does not contain it and is
 *   refused (-EINVAL). In 6.12 a platform device's master registers when a driver binds it
 *   (really_probe -> platform_dma_configure -> of_dma_configure_id -> of_iommu_configure), so the
 *   caller's `probeRank` (host drivers at boot, vfio-platform later) decides: the larger one first,
 *   one group; the contained one first, 'smr-conflict' (`containment`) refusing the larger one. Where
 *   the order is unknown, grouped, assuming the larger one first, and reported as 'smr-order'.
 * - arm-smmu-v3: one group per platform device (generic_device_group); arm_smmu_insert_master refuses
 *   a master whose stream ID is already in the tree, so of two devices with one stream ID the one
 *   probed second has no group ('sid-conflict', `b` is the later in tree order; the rules decide
 *   which one probes second).
 * - per-device and per-instance drivers: generic_device_group and generic_single_device_group.
 * - apple-dart: devices sharing a (DART, stream ID) share a group (apple_dart_device_group).
 * - tegra-smmu: devices with the same first swgroup share a group (tegra_smmu_device_group).
 * Groups never span IOMMU instances. Pure data in, data out; streamEntries is the one reader that
 * turns a tree's `iommus` into that data.
 */
import type { Location } from '../dts/location.js';
import type { Node, Property, Tree } from '../dts/tree.js';
import { getProperty, isEnabled, nodePath, propertyStrings, walk } from '../dts/query.js';
import { sysfsName } from '../graph/address.js';
import { bindingById } from '../graph/bindings.js';
import { splitList } from '../graph/split.js';
import { cellNumber, phandleTable, readU32 } from '../graph/tree-access.js';
import { groupsModelled, iommuDriverOf, type GroupRule, type IommuDriver } from './iommu-drivers.js';
import { ipmmuAllows, type IpmmuVerdict } from './ipmmu.js';
import { hex } from '../dts/message-text.js';

/** One `iommus` entry of one device. `T` is whatever the caller wants back (a Location, a node...). */
export interface StreamEntry<T = unknown> {
  /** Device path (or any stable device id). */
  device: string;
  /** The name Linux gives the device (`ee100000.mmc`): ipmmu-vmsa's allow list compares it. */
  deviceName?: string;
  /** IOMMU node path: groups never span IOMMU instances. */
  smmu: string;
  smmuCompatible: string | readonly string[];
  /** False when the IOMMU node is not available (of_iommu_xlate: -ENODEV). Default true. */
  iommuAvailable?: boolean;
  /** The entry's first argument cell (stream ID, swgroup, ...); 0 for an IOMMU with `#iommu-cells = <0>`. */
  streamId: number;
  /** The SMR mask (SMMUv2); absent for a one-cell entry. */
  mask?: number;
  /** The SMMU node's `stream-match-mask`, used when `mask` is absent (SMMUv2). */
  smmuStreamMatchMask?: number;
  data?: T;
}

export interface IommuGroup<T = unknown> {
  /** Deterministic: `<iommu node name>:<key>`, e.g. `iommu@51400000:0x12`, or `<iommu node name>` for one group per instance. */
  id: string;
  smmu: string;
  /** The driver that forms it (iommu-drivers.ts). */
  driver: string;
  kind: GroupRule;
  /** Member device ids, sorted. */
  devices: string[];
  /** Every entry that fell into the group, in input order. */
  entries: Array<StreamEntry<T>>;
}

export type SmmuProblem<T = unknown> =
  /** No driver dtlint knows binds the IOMMU (driver undefined), or one whose groups dtlint does not model. */
  | { kind: 'unmodelled'; smmu: string; driver?: IommuDriver; entries: Array<StreamEntry<T>> }
  /** The IOMMU node is disabled: these devices get no group. */
  | { kind: 'iommu-disabled'; smmu: string; entries: Array<StreamEntry<T>> }
  /** ipmmu_of_xlate refuses the device: no group. */
  | { kind: 'ipmmu-refused'; smmu: string; verdict: Extract<IpmmuVerdict, { allowed: false }>; entries: Array<StreamEntry<T>> }
  /** ipmmu-vmsa attaches the device unless the SoC revision is denied (dtlint cannot see it). */
  | { kind: 'ipmmu-revision'; smmu: string; verdict: Extract<IpmmuVerdict, { allowed: 'unless-revision' }>; entries: Array<StreamEntry<T>> }
  /**
   * SMMUv2 SMRs overlap without one containing the other: Linux refuses the later master. With
   * `containment`, b's entry strictly contains a's and b registers after a: b is refused.
   */
  | { kind: 'smr-conflict'; a: StreamEntry<T>; b: StreamEntry<T>; containment?: boolean }
  /** One SMR strictly contains another: works only if the containing master probes first. */
  | { kind: 'smr-order'; container: StreamEntry<T>; contained: StreamEntry<T> }
  /** SMMUv3: two devices with the same stream ID (b later in tree order); Linux refuses the one probed second. */
  | { kind: 'sid-conflict'; a: StreamEntry<T>; b: StreamEntry<T> };

export interface IommuGroups<T = unknown> {
  groups: Array<IommuGroup<T>>;
  /** Group id of each device (a device with entries in several groups appears in each; its first is kept). */
  groupOf: Map<string, string>;
  problems: Array<SmmuProblem<T>>;
}

/** Every `iommus` entry the groups were formed from: those in a group and those a problem keeps out of one. */
export function allStreamEntries<T>(iommu: IommuGroups<T>): Array<StreamEntry<T>> {
  return [...iommu.groups.flatMap((g) => g.entries), ...iommu.problems.flatMap((p) => ('entries' in p ? p.entries : []))];
}

export interface IommuGroupOptions {
  /** The tree's root compatibles: ipmmu-vmsa's allow list depends on the SoC. */
  rootCompatibles?: readonly string[];
  /**
   * When a device's master registers with its IOMMU, as a rank: lower first, equal ranks in an
   * order nobody knows (the pair model: host drivers at boot, then the passed devices in QEMU's
   * -device order). Without it every order is unknown.
   */
  probeRank?: (device: string) => number;
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

export function iommuGroups<T>(entries: ReadonlyArray<StreamEntry<T>>, options: IommuGroupOptions = {}): IommuGroups<T> {
  const problems: Array<SmmuProblem<T>> = [];
  const bySmmu = groupBy(entries, (e) => e.smmu);

  // A device refused by one of its IOMMUs has no group at all (of_iommu_configure frees its fwspec).
  const refused = new Set<string>();
  for (const [smmu, list] of bySmmu) {
    const driver = iommuDriverOf(list[0]!.smmuCompatible);
    if (list[0]!.iommuAvailable === false) {
      problems.push({ kind: 'iommu-disabled', smmu, entries: list });
      for (const e of list) refused.add(e.device);
      continue;
    }
    if (driver?.groups !== 'ipmmu') continue;
    for (const [, own] of groupBy(list, (e) => e.device)) {
      const verdict = ipmmuAllows(options.rootCompatibles ?? [], own[0]!.deviceName ?? '');
      if (verdict.allowed === false) {
        problems.push({ kind: 'ipmmu-refused', smmu, verdict, entries: own });
        refused.add(own[0]!.device);
      } else if (verdict.allowed === 'unless-revision') {
        problems.push({ kind: 'ipmmu-revision', smmu, verdict, entries: own });
      }
    }
  }

  const groups: Array<IommuGroup<T>> = [];
  for (const [smmu, all] of bySmmu) {
    const list = all.filter((e) => !refused.has(e.device));
    if (list.length === 0) continue;
    const driver = iommuDriverOf(list[0]!.smmuCompatible);
    if (!driver || !groupsModelled(driver, list[0]!.smmuCompatible)) {
      problems.push({ kind: 'unmodelled', smmu, ...(driver ? { driver } : {}), entries: list });
      continue;
    }
    for (const g of groupsOfIommu(smmu, driver, list, problems, options.probeRank)) groups.push(g);
  }
  groups.sort((a, b) => (a.smmu < b.smmu ? -1 : a.smmu > b.smmu ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const groupOf = new Map<string, string>();
  for (const g of groups) for (const d of g.devices) if (!groupOf.has(d)) groupOf.set(d, g.id);
  return { groups, groupOf, problems };
}

function groupBy<V>(list: ReadonlyArray<V>, key: (v: V) => string): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const v of list) {
    const k = key(v);
    const l = out.get(k);
    if (l) l.push(v);
    else out.set(k, [v]);
  }
  return out;
}

/** The groups of one IOMMU instance, by its driver's rule. */
function groupsOfIommu<T>(smmu: string, driver: IommuDriver, list: Array<StreamEntry<T>>, problems: Array<SmmuProblem<T>>, probeRank?: (device: string) => number): Array<IommuGroup<T>> {
  const smmuName = smmu.slice(smmu.lastIndexOf('/') + 1) || smmu;
  const make = (key: string | undefined, groupEntries: Array<StreamEntry<T>>): IommuGroup<T> => ({
    id: key === undefined ? smmuName : `${smmuName}:${key}`,
    smmu,
    driver: driver.name,
    kind: driver.groups,
    devices: [...new Set(groupEntries.map((e) => e.device))].sort(),
    entries: groupEntries,
  });
  const byDevice = groupBy(list, (e) => e.device);
  switch (driver.groups) {
    case 'arm-smmu':
      return smrGroups(list, problems, probeRank).map((g) => make(hex(lowest(g.map((e) => effectiveSmr(e).id))), g));
    case 'arm-smmu-v3': {
      // Each device is its own group; a stream ID already taken refuses the device probed later.
      const owner = new Map<number, StreamEntry<T>>();
      for (const e of list) {
        const id = e.streamId >>> 0;
        const first = owner.get(id);
        if (!first) owner.set(id, e);
        else if (first.device !== e.device) problems.push({ kind: 'sid-conflict', a: first, b: e });
      }
      return [...byDevice.values()].map((own) => make(hex(lowest(own.map((e) => e.streamId >>> 0))), own));
    }
    case 'per-device':
      return [...byDevice.entries()].map(([device, own]) => make(device.slice(device.lastIndexOf('/') + 1), own));
    case 'per-instance':
    case 'ipmmu':
    case 'mtk-iommu':
      return [make(undefined, list)];
    case 'apple-dart':
    case 'tegra-smmu': {
      // apple-dart: every (DART, stream ID) of a device; tegra-smmu: the first swgroup only (fwspec->ids[0]).
      const keys = (own: Array<StreamEntry<T>>): number[] => (driver.groups === 'tegra-smmu' ? [own[0]!.streamId >>> 0] : own.map((e) => e.streamId >>> 0));
      const devices = [...byDevice.values()];
      const root = unionFind(devices.length);
      const byKey = new Map<number, number>();
      devices.forEach((own, i) => {
        for (const k of keys(own)) {
          const j = byKey.get(k);
          if (j === undefined) byKey.set(k, i);
          else root.union(i, j);
        }
      });
      const merged = new Map<number, Array<StreamEntry<T>>>();
      devices.forEach((own, i) => {
        const r = root.find(i);
        const m = merged.get(r);
        if (m) for (const e of own) m.push(e);
        else merged.set(r, [...own]);
      });
      return [...merged.values()].map((g) => make(hex(lowest(g.map((e) => e.streamId >>> 0))), g));
    }
    default:
      return [];
  }
}

/** arm-smmu: entries whose SMRs overlap share a stream-match entry, and so a group (transitively). */
function smrGroups<T>(list: Array<StreamEntry<T>>, problems: Array<SmmuProblem<T>>, probeRank?: (device: string) => number): Array<Array<StreamEntry<T>>> {
  const root = unionFind(list.length);
  // Entries of one device belong together: they are one master.
  const firstOfDevice = new Map<string, number>();
  list.forEach((e, i) => {
    const first = firstOfDevice.get(e.device);
    if (first === undefined) firstOfDevice.set(e.device, i);
    else root.union(first, i);
  });
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i]!;
      const b = list[j]!;
      const sa = effectiveSmr(a);
      const sb = effectiveSmr(b);
      if (!smrsOverlap(sa, sb)) continue;
      if (a.device === b.device) {
        root.union(i, j);
        continue;
      }
      const aInB = smrContains(sb, sa);
      const bInA = smrContains(sa, sb);
      // A partial overlap shares no entry: the master probed second is refused, in no group.
      if (!aInB && !bInA) {
        problems.push({ kind: 'smr-conflict', a, b });
        continue;
      }
      if (aInB && bInA) {
        root.union(i, j);
        continue;
      }
      const container = aInB ? b : a;
      const contained = aInB ? a : b;
      const rankOfContainer = probeRank?.(container.device);
      const rankOfContained = probeRank?.(contained.device);
      if (rankOfContainer !== undefined && rankOfContained !== undefined && rankOfContainer > rankOfContained) {
        // The contained entry is in first: arm_smmu_find_sme finds the larger one overlapping an entry
        // that does not contain it and refuses it (-EINVAL). No shared entry, no shared group.
        problems.push({ kind: 'smr-conflict', a: contained, b: container, containment: true });
        continue;
      }
      root.union(i, j);
      if (rankOfContainer === undefined || rankOfContained === undefined || rankOfContainer === rankOfContained) {
        problems.push({ kind: 'smr-order', container, contained });
      }
    }
  }
  const members = new Map<number, Array<StreamEntry<T>>>();
  list.forEach((e, i) => {
    const r = root.find(i);
    const m = members.get(r);
    if (m) m.push(e);
    else members.set(r, [e]);
  });
  return [...members.values()];
}

function unionFind(n: number): { find(i: number): number; union(a: number, b: number): void } {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  return {
    find,
    union(a, b) {
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    },
  };
}

function lowest(values: readonly number[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const v of values) if (v < min) min = v;
  return min;
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
  /** The IOMMU node the entry names. */
  iommu: Node;
}

/**
 * The `iommus` entries of the tree's nodes (enabled ones unless `includeDisabled`), for every IOMMU,
 * including disabled ones (marked `iommuAvailable: false`). Entries the splitter cannot read
 * (unknown phandle, missing `#iommu-cells`, too short) are skipped: the phandle-args rule reports those.
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
    let deviceName: string | undefined;
    for (const e of splitList(node, property, binding, ctx).entries) {
      const smmu = e.provider;
      if (e.problem || e.empty || !smmu) continue;
      const compat = getProperty(smmu, 'compatible');
      const smmuCompatible = compat ? (propertyStrings(compat) ?? []) : [];
      deviceName ??= sysfsName(node);
      const entry: StreamEntry<TreeStreamSource> = {
        device: nodePath(node),
        deviceName,
        smmu: nodePath(smmu),
        smmuCompatible,
        iommuAvailable: isAvailableNode(smmu),
        streamId: e.args.length > 0 ? cellNumber(e.args[0]!) : 0,
        data: { node, property, entry: e.index, at: e.phandleCell.at, enabled, iommu: smmu },
      };
      if (e.args.length > 1) entry.mask = cellNumber(e.args[1]!);
      const smm = readU32(smmu, 'stream-match-mask');
      if (smm !== undefined) entry.smmuStreamMatchMask = smm;
      out.push(entry);
    }
  });
  return out;
}

/** of_device_is_available looks at the node's own status only. */
function isAvailableNode(node: Node): boolean {
  return isEnabled(node);
}
