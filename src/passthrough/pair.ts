/**
 * The host/guest pair as pair rules see it: both trees, the devices passed (from the QEMU command
 * line's `-device vfio-platform,host=NAME` in order, and `--pass`), their sysfs names and host
 * footprints, where QEMU's platform bus puts them, their guest counterparts, the IOMMU groups, the
 * i.MX partition, and the dependency closure (pair-closure.ts). Built once per pair; rules only read.
 */
import { resolve } from 'node:path';
import type { Diagnostic } from '../dts/diagnostic.js';
import { compatibles, findNodeByPath, getProperty, nodePath, propertyStrings, walk } from '../dts/query.js';
import { disabledDetail, isAvailable } from './availability.js';
import type { SourceHost } from '../dts/source.js';
import type { Node, Tree } from '../dts/tree.js';
import { translateReg, sysfsName } from '../graph/address.js';
import { buildDependencyGraph, type DependencyGraph } from '../graph/graph.js';
import { resolveNode } from '../graph/resolve-node.js';
import { splitContext, type SplitContext } from '../graph/split.js';
import { compatiblesEverWritten, findCounterpart, namedCounterpart, hostNodeFor, indexTree, type Counterpart, type TreeIndex } from './counterparts.js';
import { IMX8_SCU_IOMUXC_COMPATIBLES } from './imx-pads.js';
import { decodePartition, findPartitionNode, namesFromTree, type DefineNames, type ImxPartition } from './imx-partition.js';
import type { KconfigFile } from './kconfig.js';
import { cmdlineFromBootargs, kernelCmdline, type CmdlineSource, type KernelCmdline } from './cmdline.js';
import { computeClosure, type PairClosure } from './pair-closure.js';
import {
  allocatePlatformBus,
  hostFootprint,
  QEMU_SYSBUS_FOOTPRINTS,
  VIRT_PLATFORM_BUS,
  type HostFootprint,
  type PlatformBusAllocation,
  type PlatformBusDeviceInput,
  type PlatformBusGeometry,
  type PlatformBusPlacement,
} from './platform-bus.js';
import { platformBusDevices, VFIO_PLATFORM_DRIVERS, type QemuArgs, type QemuDevice } from './qemu-args.js';
import { iommuGroups, streamEntries, type IommuGroup, type IommuGroups, type TreeStreamSource } from './smmu.js';

/** One side of the pair. */
export interface PairSide {
  file: string;
  tree: Tree;
  /** The input and the DTS files it includes from the user's own tree (absolute paths). */
  userFiles: ReadonlySet<string>;
  graph: DependencyGraph;
  split: SplitContext;
  index: TreeIndex;
}

export interface PassedDevice {
  node: Node;
  path: string;
  /** The name Linux gives its platform device (`5b040000.ethernet`). */
  sysfs: string;
  /** The name as the user wrote it (QEMU's `host=`, or the `--pass` entry). */
  name: string;
  /** The `-device` that hands it to QEMU, when the command line does. */
  qemu?: QemuDevice;
  /** Named by `--pass` (or the config's `pass`). */
  fromPass: boolean;
  /** The node and its ancestors are enabled: Linux creates a platform device for it. */
  available: boolean;
  footprint: HostFootprint;
  /** Where QEMU puts its regions and interrupts (absent when QEMU never gets to it). */
  placement?: PlatformBusPlacement;
  guest?: Counterpart;
}

/**
 * A device that takes platform-bus slots and SPIs: a passed vfio device, or another dynamic sysbus
 * device of the command line (tpm-tis-device, ramfb) that shifts the ones after it.
 */
export interface PlatformBusOccupant {
  /** The sysfs name of a passed device, else the QEMU driver. */
  name: string;
  /** The `-device` (absent for a `--pass` device without a command line). */
  qemu?: QemuDevice;
  /** The passed device, for vfio-platform and its subclasses. */
  device?: PassedDevice;
  /** Where QEMU puts it (absent when QEMU never gets to it). */
  placement?: PlatformBusPlacement;
}

/** A device name that does not lead to a device vfio-platform can take. */
export interface UnknownDevice {
  name: string;
  qemu?: QemuDevice;
  /** The node when the name found one (disabled, or named by label where QEMU needs the sysfs name). */
  node?: Node;
  reason: 'no-node' | 'disabled' | 'not-sysfs' | 'no-host' | 'duplicate';
  /** Why, in a sentence fragment (resolveNode's message, or the node's state). */
  detail: string;
}

export interface PairModel {
  host: PairSide;
  guest: PairSide;
  qemu?: { file: string; args: QemuArgs };
  /** In QEMU's creation order; `--pass` devices the command line does not name come last. */
  passed: PassedDevice[];
  unknown: UnknownDevice[];
  /** The node or one of its ancestors is passed (a passed device takes its subtree along). */
  isPassed(node: Node): boolean;
  /** The passed device that is the node or contains it. */
  passedDeviceOf(node: Node): PassedDevice | undefined;
  /** IOMMU groups of the host's enabled devices, as each IOMMU driver forms them (smmu.ts). */
  iommu: IommuGroups<TreeStreamSource>;
  groupsOf(node: Node): Array<IommuGroup<TreeStreamSource>>;
  geometry: PlatformBusGeometry;
  /** Placement of the devices in order; absent when nothing is passed. */
  allocation?: PlatformBusAllocation;
  /** Every device QEMU links to its platform bus, in creation order (the allocation's input order). */
  busOccupants: PlatformBusOccupant[];
  /** Set when a device QEMU cannot resolve stops the placement of the ones after it. */
  placementStoppedBy?: UnknownDevice;
  /** The guest's `qemu,platform` bus. */
  platformBus?: Node;
  partition?: ImxPartition;
  /** What the partition reader could not read (imx-partition.ts), at its place. */
  partitionProblems: readonly Diagnostic[];
  rsrcNames?: DefineNames;
  padNames?: DefineNames;
  /** The host kernel's command line as far as dtlint sees it (--cmdline, /chosen/bootargs, CONFIG_CMDLINE). */
  cmdline: KernelCmdline;
  kconfig?: KconfigFile;
  /** i.MX 8QM (root compatible, or its SCU pin controller): U-Boot programs SMMU stream IDs. */
  imx8qm: boolean;
  closure: PairClosure;
  /** The guest node a host node is copied as, and back (labels, names, passed counterparts). */
  guestNodeFor(hostNode: Node): Node | undefined;
  hostNodeFor(guestNode: Node): Node | undefined;
  sources: SourceHost;
}

/** The model before its dependency closure, which is computed from the rest (pair-closure.ts). */
export type PairWithoutClosure = Omit<PairModel, 'closure'>;

export interface PairInput {
  file: string;
  tree: Tree;
  userFiles: Iterable<string>;
  /** The tree's dependency graph and split context when the caller has them (the source rules built them). */
  graph?: DependencyGraph;
  split?: SplitContext;
}

export interface BuildPairOptions {
  host: PairInput;
  guest: PairInput;
  qemu?: { file: string; args: QemuArgs };
  /** Devices to pass: label, path or sysfs name. */
  pass?: readonly string[];
  /** Path of the host's partition node; default the first enabled `xen,domu` node. */
  domain?: string;
  /** The `--cmdline` file, read. */
  cmdline?: CmdlineSource;
  kconfig?: KconfigFile;
  geometry?: PlatformBusGeometry;
  sources: SourceHost;
}

export type BuildPairResult = { ok: true; pair: PairModel } | { ok: false; error: string };

/** Builds the pair model; a `--pass` name or `--domain` path that names nothing is an error (exit 2). */
export function buildPair(options: BuildPairOptions): BuildPairResult {
  const host = side(options.host);
  const guest = side(options.guest);
  const unknown: UnknownDevice[] = [];
  const passed: PassedDevice[] = [];
  const byNode = new Map<Node, PassedDevice>();

  const add = (node: Node, name: string, qemu: QemuDevice | undefined, fromPass: boolean): PassedDevice => {
    const device: PassedDevice = {
      node,
      path: nodePath(node),
      sysfs: sysfsName(node),
      name,
      fromPass,
      available: isAvailable(node),
      footprint: hostFootprint(node, host.tree),
    };
    if (qemu) device.qemu = qemu;
    passed.push(device);
    byNode.set(node, device);
    if (!device.available) unknown.push({ name, ...(qemu ? { qemu } : {}), node, reason: 'disabled', detail: disabledDetail(node) });
    return device;
  };

  // The QEMU command line first: its creation order is the platform bus's order, and every dynamic
  // sysbus device takes its slots and SPIs in turn (virt_machine_device_plug_cb ->
  // platform_bus_link_device), not only the vfio ones.
  let stoppedBy: UnknownDevice | undefined;
  const placeable: PlatformBusOccupant[] = [];
  for (const d of options.qemu ? platformBusDevices(options.qemu.args) : []) {
    if (!VFIO_PLATFORM_DRIVERS.includes(d.driver)) {
      if (!stoppedBy) placeable.push({ name: d.driver, qemu: d });
      continue;
    }
    const problem = qemuProblem(host.tree, d, byNode);
    if ('reason' in problem) {
      // QEMU exits when this device fails to realize: the devices after it are never placed.
      unknown.push(problem);
      stoppedBy ??= problem;
      continue;
    }
    const device = add(problem.node, d.host!, d, false);
    if (!stoppedBy) placeable.push({ name: device.sysfs, qemu: d, device });
  }
  for (const name of options.pass ?? []) {
    const found = resolveNode(host.tree, name);
    if (!found.ok) return { ok: false, error: `--pass ${name}: ${found.message}` };
    const existing = byNode.get(found.node);
    if (existing) {
      existing.fromPass = true;
      continue;
    }
    const device = add(found.node, name, undefined, true);
    // Without a command line, --pass is the order the -device arguments will have.
    if (!options.qemu) placeable.push({ name: device.sysfs, device });
  }

  const geometry = options.geometry ?? VIRT_PLATFORM_BUS;
  let allocation: PlatformBusAllocation | undefined;
  if (placeable.some((o) => o.device)) {
    allocation = allocatePlatformBus(placeable.map(busInput), geometry);
    for (const p of allocation.placements) {
      const occupant = placeable[p.index]!;
      occupant.placement = p;
      if (occupant.device) occupant.device.placement = p;
    }
  }

  // Labels and names first, for every device: a guest node they name describes that host node, and
  // no other device's match by compatible or slot may take it.
  const guestBus = platformBusOf(guest.tree);
  const named = new Set<Node>();
  for (const d of passed) {
    const found = namedCounterpart(guest.index, d.node);
    if (found) named.add(found.node);
  }
  const taken = (g: Node): boolean => named.has(g) || (g.labels.length > 0 && hostNodeFor(host.index, g) !== undefined);
  for (const d of passed) {
    const t = translateReg(d.node);
    const slot = d.placement?.slots[0]?.base;
    const found = findCounterpart(guest.index, {
      host: d.node,
      hostCompatibles: compatiblesEverWritten(d.node, options.sources),
      taken: (g) => taken(g) && hostNodeFor(host.index, g) !== d.node,
      ...(guestBus ? { within: guestBus } : {}),
      ...(t.ok ? { hostAddress: t.address } : {}),
      ...(slot !== undefined ? { slotBase: slot } : {}),
    });
    if (found) d.guest = found;
  }

  const names = namesFromTree(host.tree, options.sources);
  const guestNames = namesFromTree(guest.tree, options.sources);
  const rsrcNames = names.rsrcNames ?? guestNames.rsrcNames;
  const padNames = names.padNames ?? guestNames.padNames;
  let partition: ImxPartition | undefined;
  const partitionProblems: Diagnostic[] = [];
  if (options.domain !== undefined || findPartitionNode(host.tree)) {
    const node = options.domain !== undefined ? resolveNode(host.tree, options.domain) : undefined;
    if (node && !node.ok) return { ok: false, error: `--domain ${options.domain}: ${node.message}` };
    const decoded = decodePartition(host.tree, {
      ...(node?.ok ? { node: node.node } : {}),
      ...(rsrcNames ? { rsrcNames } : {}),
      ...(padNames ? { padNames } : {}),
    });
    partition = decoded.partition;
    for (const p of decoded.problems) partitionProblems.push(p);
  }

  // Host drivers bind at boot, before vfio-platform binds the passed devices in QEMU's -device order.
  const passedRank = new Map(passed.map((d, i) => [d.path, 1 + i]));
  const iommu = iommuGroups(streamEntries(host.tree), { rootCompatibles: compatibles(host.tree.root), probeRank: (device) => passedRank.get(device) ?? 0 });
  const groupIndex = new Map<string, Array<IommuGroup<TreeStreamSource>>>();
  for (const g of iommu.groups) for (const dev of g.devices) groupIndex.set(dev, [...(groupIndex.get(dev) ?? []), g]);

  const passedDeviceOf = (node: Node): PassedDevice | undefined => {
    for (let n: Node | null = node; n; n = n.parent) {
      const d = byNode.get(n);
      if (d) return d;
    }
    return undefined;
  };
  const counterpartOwners = new Map<Node, Node>();
  for (const d of passed) if (d.guest) counterpartOwners.set(d.guest.node, d.node);

  const base: PairWithoutClosure = {
    host,
    partitionProblems,
    guest,
    passed,
    unknown,
    isPassed: (node) => passedDeviceOf(node) !== undefined,
    passedDeviceOf,
    iommu,
    groupsOf: (node) => groupIndex.get(nodePath(node)) ?? [],
    geometry,
    busOccupants: placeable,
    imx8qm: isImx8qm(host.tree),
    guestNodeFor: (hostNode) => byNode.get(hostNode)?.guest?.node ?? findCounterpart(guest.index, { host: hostNode })?.node,
    hostNodeFor: (guestNode) => counterpartOwners.get(guestNode) ?? hostNodeFor(host.index, guestNode),
    sources: options.sources,
    cmdline: hostCmdline(host.tree, options),
  };
  if (options.qemu) base.qemu = options.qemu;
  if (allocation) base.allocation = allocation;
  if (stoppedBy) base.placementStoppedBy = stoppedBy;
  if (guestBus) base.platformBus = guestBus;
  if (partition) base.partition = partition;
  if (rsrcNames) base.rsrcNames = rsrcNames;
  if (padNames) base.padNames = padNames;
  if (options.kconfig) base.kconfig = options.kconfig;
  // The closure is computed from everything else the model holds: the model is complete when made.
  return { ok: true, pair: { ...base, closure: computeClosure(base) } };
}

/** The host's command line from the --cmdline file, the host tree's /chosen/bootargs and CONFIG_CMDLINE. */
function hostCmdline(tree: Tree, options: BuildPairOptions): KernelCmdline {
  const chosen = findNodeByPath(tree, '/chosen');
  const prop = chosen ? getProperty(chosen, 'bootargs') : undefined;
  const text = prop ? propertyStrings(prop)?.[0] : undefined;
  return kernelCmdline({
    ...(options.cmdline ? { file: options.cmdline } : {}),
    ...(prop && text !== undefined ? { bootargs: cmdlineFromBootargs(text, prop.at.file, prop.at) } : {}),
    ...(options.kconfig ? { kconfig: options.kconfig } : {}),
  });
}

/** What an occupant takes on the bus: a passed device's host footprint, or the QEMU device's own. */
function busInput(o: PlatformBusOccupant): PlatformBusDeviceInput {
  if (o.device) {
    const f = o.device.footprint;
    return { name: o.name, regionSizes: f.regionSizes, ...(f.regionAddresses ? { regionAddresses: f.regionAddresses } : {}), irqCount: f.irqCount };
  }
  const own = QEMU_SYSBUS_FOOTPRINTS[o.name] ?? { regionSizes: [], irqCount: 0 };
  return { name: o.name, regionSizes: own.regionSizes, irqCount: own.irqCount };
}

function side(input: PairInput): PairSide {
  return {
    file: input.file,
    tree: input.tree,
    userFiles: new Set([...input.userFiles].map((f) => resolve(f))),
    graph: input.graph ?? buildDependencyGraph(input.tree),
    split: input.split ?? splitContext(input.tree),
    index: indexTree(input.tree),
  };
}

/** What QEMU's `-device` names: a device of this tree, or why not. */
function qemuProblem(tree: Tree, d: QemuDevice, seen: Map<Node, PassedDevice>): UnknownDevice | { node: Node } {
  const name = d.host;
  if (name === undefined) return { name: '', qemu: d, reason: 'no-host', detail: `${d.driver} has neither host= nor sysfsdev=` };
  const found = resolveNode(tree, name);
  if (!found.ok) return { name, qemu: d, reason: 'no-node', detail: found.message };
  if (found.how !== 'sysfs') {
    return { name, qemu: d, node: found.node, reason: 'not-sysfs', detail: `it is a ${found.how}; Linux calls ${nodePath(found.node)} ${sysfsName(found.node)}` };
  }
  if (seen.has(found.node)) return { name, qemu: d, node: found.node, reason: 'duplicate', detail: 'an earlier -device already takes it' };
  return { node: found.node };
}

function platformBusOf(tree: Tree): Node | undefined {
  let found: Node | undefined;
  walk(tree, (n) => {
    if (found) return false;
    if (compatibles(n).includes('qemu,platform')) found = n;
  });
  return found;
}

function isImx8qm(tree: Tree): boolean {
  if (compatibles(tree.root).some((c) => c.startsWith('fsl,imx8qm'))) return true;
  let found = false;
  walk(tree, (n) => {
    if (found) return false;
    if (compatibles(n).some((c) => c === IMX8_SCU_IOMUXC_COMPATIBLES[0])) found = true;
  });
  return found;
}
