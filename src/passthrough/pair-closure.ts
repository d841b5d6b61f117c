/**
 * The dependency closure of a passthrough, in four passes over the host and guest graphs:
 * 1. what the passed devices (and everything inside them) depend on;
 * 2. the set grown to a fixpoint by IOMMU group members and by suppliers that only devices of the
 *    set use (they have to go along);
 * 3. every dependency classified: inside the set, provided by the guest platform (its GIC, its own
 *    SCU node, fixed clocks and regulators), or missing; the guest counterparts' own dependencies
 *    likewise (a guest node that copies a host device the host keeps is missing too);
 * 4. the reverse: enabled host nodes that still depend on a passed device.
 * Every result keeps the edges that explain it (`chain`), first to last.
 */
import type { Node } from '../dts/tree.js';
import { walk } from '../dts/query.js';
import { consumersOf, suppliersOf } from '../graph/closure.js';
import type { DependencyEdge } from '../graph/edges.js';
import { nodesCompatible } from './imx-partition.js';
import { isAvailable, type PairModel, type PassedDevice } from './pair.js';
import { isFixedSupplier, isGic, SCU_COMPATIBLE, scuCounterpart, scuOf } from './platform-providers.js';
import { mayBlockGroup } from './group-viability.js';
import type { IommuGroup, TreeStreamSource } from './smmu.js';

/** How a dependency is met. */
export type DependencyClass =
  /** A passed device (or a node inside one). */
  | 'passed'
  /** A node the closure grew by (group member, sole supplier) that is not passed. */
  | 'grown'
  /** The guest's interrupt controller. */
  | 'gic'
  /** The guest's own SCU node provides it. */
  | 'scu'
  /** A fixed clock or regulator the guest carries a copy of. */
  | 'fixed'
  | 'missing';

/** Why a dependency is missing. */
export type MissingReason =
  /** The supplier is disabled on the host. */
  | 'disabled'
  /** Enabled host nodes outside the passed set use it too: it stays with the host. */
  | 'shared'
  /** It lives in the host's SCU node and the guest has no SCU node. */
  | 'no-guest-scu'
  /** It lives in the host's SCU node and the guest's SCU node has no counterpart. */
  | 'not-in-guest-scu'
  /** A fixed clock or regulator the guest has no copy of. */
  | 'no-guest-copy';

export interface HostDependency {
  edge: DependencyEdge;
  /** Edges from a device of the set to this one, this edge last. */
  chain: DependencyEdge[];
  /** The device of the set whose closure reached it. */
  root: Node;
  class: DependencyClass;
  /** The guest node that stands in for the supplier (`scu`, `fixed`). */
  guest?: Node;
  why?: MissingReason;
  /** For `grown`: why the set grew by the supplier. */
  grown?: GrownMember;
  /** For `shared`: the enabled host nodes outside the set that use the supplier too. */
  sharedWith: Node[];
}

export interface GrownMember {
  node: Node;
  reason: 'iommu-group' | 'sole-supplier';
  group?: IommuGroup<TreeStreamSource>;
  /** For a sole supplier: the chain from a passed device to it. */
  chain: DependencyEdge[];
}

export type GuestDependencyClass = 'counterpart' | 'gic' | 'scu' | 'fixed' | 'guest' | 'missing';

export interface GuestDependency {
  /** An edge of the guest graph, from inside a passed device's counterpart. */
  edge: DependencyEdge;
  device: PassedDevice;
  class: GuestDependencyClass;
  /** The host node the supplier copies, when it visibly does. */
  host?: Node;
}

export interface ReverseDependency {
  /** An edge of the host graph whose supplier is (inside) a passed device. */
  edge: DependencyEdge;
  device: PassedDevice;
}

export interface PairClosure {
  /** Passed devices and what the closure grew by. */
  required: Set<Node>;
  grown: GrownMember[];
  host: HostDependency[];
  guest: GuestDependency[];
  consumers: ReverseDependency[];
}

export function computeClosure(pair: PairModel): PairClosure {
  const required = new Set<Node>(pair.passed.map((d) => d.node));
  const chains = new Map<Node, DependencyEdge[]>(pair.passed.map((d) => [d.node, []]));
  const grown: GrownMember[] = [];
  const inside = (node: Node): Node | undefined => {
    for (let n: Node | null = node; n; n = n.parent) if (required.has(n)) return n;
    return undefined;
  };
  const guestScu = nodesCompatible(pair.guest.tree, SCU_COMPATIBLE)[0];
  const hostDg = pair.host.graph;

  const otherConsumers = (supplier: Node): Node[] => {
    const out: Node[] = [];
    for (const e of consumersOf(hostDg, supplier)) {
      const c = e.consumer;
      if (e.binding.layout === 'parent' || inside(c) || isWithin(c, supplier) || !isAvailable(c) || out.includes(c)) continue;
      out.push(c);
    }
    return out;
  };
  const platform = (supplier: Node): Pick<HostDependency, 'class' | 'guest' | 'why'> | undefined => {
    if (isGicFamily(supplier)) return { class: 'gic' };
    const scu = scuOf(supplier);
    if (scu) {
      if (!guestScu) return { class: 'missing', why: 'no-guest-scu' };
      const g = scuCounterpart(scu, supplier, guestScu);
      return g ? { class: 'scu', guest: g } : { class: 'missing', why: 'not-in-guest-scu' };
    }
    if (isFixedSupplier(supplier)) {
      const g = pair.guestNodeFor(supplier);
      return g ? { class: 'fixed', guest: g } : { class: 'missing', why: 'no-guest-copy' };
    }
    return undefined;
  };

  // Pass 2 (with pass 1 inside it): grow the set until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of pair.iommu.groups) {
      if (!g.entries.some((e) => e.data && inside(e.data.node))) continue;
      for (const e of g.entries) {
        const n = e.data?.node;
        // Only a member a host driver may bind keeps the group from being viable (group-viability.ts).
        if (!n || inside(n) || !mayBlockGroup(n)) continue;
        required.add(n);
        chains.set(n, []);
        grown.push({ node: n, reason: 'iommu-group', group: g, chain: [] });
        changed = true;
      }
    }
    for (const root of [...required]) {
      forEachEdge(pair, root, (edge) => {
        const s = edge.supplier;
        if (inside(s) || platform(s) || !isAvailable(s) || otherConsumers(s).length > 0) return;
        const chain = [...(chains.get(root) ?? []), edge];
        required.add(s);
        chains.set(s, chain);
        grown.push({ node: s, reason: 'sole-supplier', chain });
        changed = true;
      });
    }
  }

  // Pass 3: classify every dependency of the final set.
  const host: HostDependency[] = [];
  const grownNodes = new Set(grown.map((g) => g.node));
  const seen = new Set<DependencyEdge>();
  for (const root of required) {
    forEachEdge(pair, root, (edge) => {
      if (seen.has(edge)) return;
      seen.add(edge);
      const s = edge.supplier;
      const chain = [...(chains.get(root) ?? []), edge];
      const owner = inside(s);
      if (owner) {
        const member = grown.find((g) => g.node === owner);
        host.push(member ? { edge, chain, root, class: 'grown', grown: member, sharedWith: [] } : { edge, chain, root, class: 'passed', sharedWith: [] });
        return;
      }
      const p = platform(s);
      if (p) {
        host.push({ edge, chain, root, ...p, sharedWith: [] });
        return;
      }
      const shared = otherConsumers(s);
      host.push({ edge, chain, root, class: 'missing', why: isAvailable(s) ? 'shared' : 'disabled', sharedWith: shared });
    });
  }

  return { required, grown, host, guest: guestDependencies(pair, inside, grownNodes), consumers: reverseDependencies(pair) };
}

/** Dependencies of the guest counterparts, classified on the guest side. */
function guestDependencies(pair: PairModel, inside: (n: Node) => Node | undefined, grownNodes: Set<Node>): GuestDependency[] {
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
  for (const d of pair.passed) {
    if (!d.guest) continue;
    walk(d.guest.node, (c) => {
      for (const edge of suppliersOf(pair.guest.graph, c)) {
        if (edge.binding.layout === 'parent') continue;
        const s = edge.supplier;
        if (ownerOf(s)) out.push({ edge, device: d, class: 'counterpart' });
        else if (isGicFamily(s)) out.push({ edge, device: d, class: 'gic' });
        else if (scuOf(s)) out.push({ edge, device: d, class: 'scu' });
        else if (isFixedSupplier(s)) out.push({ edge, device: d, class: 'fixed' });
        else {
          const h = pair.hostNodeFor(s);
          if (!h) out.push({ edge, device: d, class: 'guest' });
          else {
            const owner = inside(h);
            const ok = owner !== undefined && !grownNodes.has(owner);
            out.push({ edge, device: d, class: ok ? 'counterpart' : 'missing', host: h });
          }
        }
      }
    });
  }
  return out;
}

/** Pass 4: enabled host nodes outside the passed devices that depend on one. */
function reverseDependencies(pair: PairModel): ReverseDependency[] {
  const out: ReverseDependency[] = [];
  for (const d of pair.passed) {
    walk(d.node, (n) => {
      for (const edge of consumersOf(pair.host.graph, n)) {
        const c = edge.consumer;
        if (edge.binding.layout === 'parent' || pair.isPassed(c) || !isAvailable(c) || isWithin(n, c)) continue;
        out.push({ edge, device: d });
      }
    });
  }
  return out;
}

/** Every dependency edge of the node and the nodes inside it that matters to the guest. */
function forEachEdge(pair: PairModel, root: Node, fn: (edge: DependencyEdge) => void): void {
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
