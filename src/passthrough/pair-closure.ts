/**
 * The dependency closure of a passthrough, in four passes over the host and guest graphs:
 * 1. the passed devices (and everything inside them);
 * 2. the set grown to a fixpoint by IOMMU group members (vfio takes a group whole);
 * 3. every host dependency of the final set classified: inside the set, the GIC, or a supplier that
 *    stays with the host (clocks, resets, power domains, pins, firmware, nvmem cells, regulators,
 *    GPIOs: the host applies or keeps them; a guest neither has nor needs them described). Then the
 *    guest side: the guest counterparts' own references, followed through the guest's own providers,
 *    each classified (a passed counterpart, the guest's GIC or SCU, a guest-own provider, a node
 *    disabled in the guest, a copy of a host device the host keeps, firmware the guest calls by SMC);
 * 4. the reverse: enabled host nodes that still depend on a passed device.
 * Every result keeps the edges that explain it (`chain`), first to last.
 */
import type { Node } from '../dts/tree.js';
import { walk } from '../dts/query.js';
import { consumersOf, suppliersOf } from '../graph/closure.js';
import type { DependencyEdge } from '../graph/edges.js';
import type { PairWithoutClosure, PassedDevice } from './pair.js';
import { isAvailable } from './availability.js';
import { deviceOf, isGic, scuOf, smcFirmwareOf } from './platform-providers.js';
import { mayBlockGroup } from './group-viability.js';
import type { IommuGroup, TreeStreamSource } from './smmu.js';

/** How a host dependency of the passed set is met. */
export type DependencyClass =
  /** A passed device (or a node inside one). */
  | 'passed'
  /** An IOMMU group member the set grew by, not passed (iommu-group-incomplete reports it). */
  | 'grown'
  /** The host's interrupt controller: the guest gets QEMU's virtual GIC instead. */
  | 'gic'
  /** A supplier that stays with the host: the host applies it or keeps it, the guest never sees it. */
  | 'host';

export interface HostDependency {
  edge: DependencyEdge;
  /** Edges from a device of the set to this one, this edge last. */
  chain: DependencyEdge[];
  /** The device of the set whose closure reached it. */
  root: Node;
  class: DependencyClass;
  /** For `grown`: the group member. */
  grown?: GrownMember;
  /**
   * For `host`: enabled host nodes outside the set that use the supplier too. Empty: only passed
   * devices use it, so no host driver holds it for them (the host may gate or power it down).
   */
  sharedWith: Node[];
  /** For `host`: the supplier or an ancestor is disabled on the host. */
  disabled?: true;
}

export interface GrownMember {
  node: Node;
  reason: 'iommu-group';
  group?: IommuGroup<TreeStreamSource>;
  /** Always empty for a group member (kept for the chain of a finding). */
  chain: DependencyEdge[];
}

/** How a guest counterpart's reference is met in the guest. */
export type GuestDependencyClass =
  /** A node inside a passed device's guest counterpart. */
  | 'counterpart'
  /** The guest's interrupt controller (or a node inside it). */
  | 'gic'
  /** The guest's own SCU node (i.MX): it reaches the firmware through its own MU (mu-clash judges that MU). */
  | 'scu'
  /** A guest-own provider (a fixed clock or regulator, a QEMU node, ...): its own references are followed. */
  | 'guest'
  /** Disabled in the guest (disabled-supplier reports it on the guest file). */
  | 'disabled'
  /** A copy of a host device that is not passed: the guest cannot reach its registers. */
  | 'host-device'
  /** Provided through firmware the guest calls by SMC/HVC, which KVM does not forward. */
  | 'smc-firmware';

export interface GuestDependency {
  /** An edge of the guest graph, from inside a passed device's counterpart or a guest-own provider it reaches. */
  edge: DependencyEdge;
  /** From the passed device's counterpart to this edge, this edge last. */
  chain: DependencyEdge[];
  device: PassedDevice;
  class: GuestDependencyClass;
  /** For `host-device`: the host device the supplier (or the device it belongs to) copies. */
  host?: Node;
  /** For `smc-firmware`: the firmware node. */
  firmware?: Node;
}

export interface ReverseDependency {
  /** An edge of the host graph whose supplier is (inside) a passed device. */
  edge: DependencyEdge;
  device: PassedDevice;
}

export interface PairClosure {
  /** Passed devices and the IOMMU group members the closure grew by. */
  required: Set<Node>;
  grown: GrownMember[];
  host: HostDependency[];
  guest: GuestDependency[];
  consumers: ReverseDependency[];
}

export function computeClosure(pair: PairWithoutClosure): PairClosure {
  const required = new Set<Node>(pair.passed.map((d) => d.node));
  const grown: GrownMember[] = [];
  const inside = (node: Node): Node | undefined => {
    for (let n: Node | null = node; n; n = n.parent) if (required.has(n)) return n;
    return undefined;
  };
  const hostDg = pair.host.graph;

  // Asked once per supplier: a clock controller may have hundreds of consumers.
  const others = new Map<Node, Node[]>();
  const otherConsumers = (supplier: Node): Node[] => {
    const known = others.get(supplier);
    if (known) return known;
    const out = new Set<Node>();
    for (const e of consumersOf(hostDg, supplier)) {
      const c = e.consumer;
      if (e.binding.layout === 'parent' || inside(c) || isWithin(c, supplier) || !isAvailable(c)) continue;
      out.add(c);
    }
    const list = [...out];
    others.set(supplier, list);
    return list;
  };

  // Pass 2: grow the set by IOMMU group members until nothing changes. Suppliers do not grow it:
  // a clock, reset, power domain or pin group the passed device uses stays with the host (its pins
  // and power domain are applied when vfio-platform binds it: pinctrl_bind_pins, platform_probe).
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of pair.iommu.groups) {
      if (!g.entries.some((e) => e.data && inside(e.data.node))) continue;
      for (const e of g.entries) {
        const n = e.data?.node;
        // Only a member a host driver may bind keeps the group from being viable (group-viability.ts).
        if (!n || inside(n) || !mayBlockGroup(n)) continue;
        required.add(n);
        grown.push({ node: n, reason: 'iommu-group', group: g, chain: [] });
        changed = true;
      }
    }
  }

  // Pass 3: classify every host dependency of the final set.
  const host: HostDependency[] = [];
  const seen = new Set<DependencyEdge>();
  for (const root of required) {
    forEachEdge(pair, root, (edge) => {
      if (seen.has(edge)) return;
      seen.add(edge);
      const s = edge.supplier;
      const chain = [edge];
      const owner = inside(s);
      if (owner) {
        const member = grown.find((g) => g.node === owner);
        host.push(member ? { edge, chain, root, class: 'grown', grown: member, sharedWith: [] } : { edge, chain, root, class: 'passed', sharedWith: [] });
        return;
      }
      if (isGicFamily(s)) {
        host.push({ edge, chain, root, class: 'gic', sharedWith: [] });
        return;
      }
      const dep: HostDependency = { edge, chain, root, class: 'host', sharedWith: otherConsumers(s) };
      if (!isAvailable(s)) dep.disabled = true;
      host.push(dep);
    });
  }

  return { required, grown, host, guest: guestDependencies(pair), consumers: reverseDependencies(pair) };
}

/**
 * The guest counterparts' own references, classified on the guest side. A reference to a guest-own
 * provider (a fixed clock, a fixed regulator with an enable GPIO, ...) is followed into that
 * provider's references, so that a guest chain ending at a copy of a host device is found too.
 * The passed node's own interrupts are the interrupt rules' to judge (a PHY's inside it are followed),
 * and the bus a node sits on the platform-bus rules'.
 */
function guestDependencies(pair: PairWithoutClosure): GuestDependency[] {
  const owners = new Map<Node, PassedDevice>();
  for (const d of pair.passed) if (d.guest) owners.set(d.guest.node, d);
  const ownerOf = (node: Node): PassedDevice | undefined => {
    for (let n: Node | null = node; n; n = n.parent) {
      const d = owners.get(n);
      if (d) return d;
    }
    return undefined;
  };
  const out: GuestDependency[] = [];
  const expanded = new Set<Node>();
  for (const d of pair.passed) {
    if (!d.guest) continue;
    const root = d.guest.node;
    const queue: Array<{ node: Node; chain: DependencyEdge[]; subtree: boolean }> = [{ node: root, chain: [], subtree: true }];
    for (let i = 0; i < queue.length; i++) {
      const item = queue[i]!;
      const visit = (c: Node): void => {
        for (const edge of suppliersOf(pair.guest.graph, c)) {
          if (edge.binding.layout === 'parent') continue;
          // The passed node's own interrupts are interrupt-mismatch's (what QEMU delivers).
          if (c === root && (edge.binding.layout === 'interrupts' || edge.binding.id === 'interrupt-parent')) continue;
          if (isWithin(edge.supplier, item.node)) continue;
          const chain = [...item.chain, edge];
          const dep = classifyGuest(pair, edge, chain, d, ownerOf);
          out.push(dep);
          if (dep.class === 'guest' && !expanded.has(edge.supplier)) {
            expanded.add(edge.supplier);
            queue.push({ node: edge.supplier, chain, subtree: false });
          }
        }
      };
      if (item.subtree) walk(item.node, visit);
      else visit(item.node);
    }
  }
  return out;
}

function classifyGuest(pair: PairWithoutClosure, edge: DependencyEdge, chain: DependencyEdge[], device: PassedDevice, ownerOf: (n: Node) => PassedDevice | undefined): GuestDependency {
  const s = edge.supplier;
  const base = { edge, chain, device };
  if (ownerOf(s)) return { ...base, class: 'counterpart' };
  if (isGicFamily(s)) return { ...base, class: 'gic' };
  if (!isAvailable(s)) return { ...base, class: 'disabled' };
  if (scuOf(s)) return { ...base, class: 'scu' };
  const firmware = smcFirmwareOf(s);
  if (firmware) return { ...base, class: 'smc-firmware', firmware };
  const host = hostDeviceCopied(pair, s);
  if (host) return pair.isPassed(host) ? { ...base, class: 'counterpart' } : { ...base, class: 'host-device', host };
  return { ...base, class: 'guest' };
}

/**
 * The host device a guest node visibly copies (by label, or by name and compatible): the host copy
 * of the node itself or of the guest device it belongs to, taken to the host device it belongs to.
 * Fixed clocks and regulators have no `reg`, so they belong to no device and copy nothing.
 */
function hostDeviceCopied(pair: PairWithoutClosure, guestNode: Node): Node | undefined {
  const candidates: Node[] = [guestNode];
  const guestDevice = deviceOf(guestNode);
  if (guestDevice && guestDevice !== guestNode) candidates.push(guestDevice);
  for (const g of candidates) {
    const h = pair.hostNodeFor(g);
    const device = h ? deviceOf(h) : undefined;
    if (device && !isGicFamily(device)) return device;
  }
  return undefined;
}

/** Pass 4: enabled host nodes outside the passed devices that depend on one. */
function reverseDependencies(pair: PairWithoutClosure): ReverseDependency[] {
  const out: ReverseDependency[] = [];
  for (const d of pair.passed) {
    walk(d.node, (n) => {
      for (const edge of consumersOf(pair.host.graph, n)) {
        const c = edge.consumer;
        // A node's bus is not its supplier here, and fw_devlink ignores post-init-providers.
        if (edge.binding.layout === 'parent' || edge.binding.devlink === 'ignored' || pair.isPassed(c) || !isAvailable(c) || isWithin(n, c)) continue;
        out.push({ edge, device: d });
      }
    });
  }
  return out;
}

/** Every dependency edge of the node and the nodes inside it that matters to the guest. */
function forEachEdge(pair: PairWithoutClosure, root: Node, fn: (edge: DependencyEdge) => void): void {
  walk(root, (c) => {
    for (const edge of suppliersOf(pair.host.graph, c)) {
      // The bus, the SMMU and what encloses the device stay on the host side of the passthrough.
      if (edge.binding.layout === 'parent' || edge.property === 'iommus' || edge.property === 'iommu-map') continue;
      if (isWithin(c, edge.supplier)) continue;
      fn(edge);
    }
  });
}

/** `node` is `ancestor` or lies inside it. */
function isWithin(node: Node, ancestor: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** The GIC and its parts (the ITS an `msi-parent` names): the guest has its own. */
function isGicFamily(node: Node): boolean {
  if (isGic(node)) return true;
  const parent = node.parent;
  return parent !== null && isGic(parent);
}
