/**
 * Which guest node describes a host node, and back. A guest DT is written by hand (the seed starts
 * from a QEMU dump and pastes host nodes into its platform bus), so a passed device is found in the
 * guest by what the author is likely to have kept: its label (`fec1`), its node name with unit
 * address (`ethernet@5b040000`), the address QEMU gives it (guest `reg` through the buses' `ranges`),
 * or its host address with a matching compatible (the seed's own style: host addresses in `reg` and
 * a `ranges` that maps them onto the platform-bus slots). A compatible the host node has (or had,
 * before the host overlay replaced it with a non-binding one) that one guest node alone carries wins
 * over the slot: a slot matches whatever QEMU puts there, so matching by slot alone would pair each
 * device with its neighbour's node when the -device order and the guest disagree.
 */
import { findNodeByLabel, getProperty, walk, compatibles } from '../dts/query.js';
import { SourceFile, type SourceHost } from '../dts/source.js';
import type { Node, Tree } from '../dts/tree.js';
import { firstRegTranslator, regEntries } from '../graph/address.js';

export type CounterpartHow = 'label' | 'name' | 'compatible' | 'slot' | 'address';

export interface Counterpart {
  node: Node;
  /** How it was recognised, for messages. */
  how: CounterpartHow;
}

/** Lookups over the guest tree, built once. */
export interface TreeIndex {
  tree: Tree;
  /** Nodes by full name (`ethernet@5b040000`), in tree order. */
  byName: Map<string, Node[]>;
  /** Nodes with `reg`: CPU address of the first entry when it translates, and the raw first address. */
  addressed: Array<{ node: Node; cpu?: bigint; raw?: bigint }>;
}

export function indexTree(tree: Tree): TreeIndex {
  const byName = new Map<string, Node[]>();
  const addressed: TreeIndex['addressed'] = [];
  const translate = firstRegTranslator(tree);
  walk(tree, (node) => {
    if (!node.parent) return;
    const list = byName.get(node.name);
    if (list) list.push(node);
    else byName.set(node.name, [node]);
    if (!getProperty(node, 'reg')) return;
    const entry: TreeIndex['addressed'][number] = { node };
    const t = translate(node);
    if (t.ok) entry.cpu = t.address;
    const raw = regEntries(node);
    if (Array.isArray(raw) && raw[0]) entry.raw = raw[0].address;
    addressed.push(entry);
  });
  return { tree, byName, addressed };
}

export interface CounterpartQuery {
  host: Node;
  /** The host node's CPU address (first `reg` entry). */
  hostAddress?: bigint;
  /** Where QEMU places its first region in the guest. */
  slotBase?: bigint;
  /** The host node's compatibles, those its overlay replaced included (default: its current ones). */
  hostCompatibles?: readonly string[];
  /** The guest's platform bus: a match by compatible is looked for inside it only. */
  within?: Node;
  /** Guest nodes that describe some other host node (matched by label or name): never this one's. */
  taken?: (guestNode: Node) => boolean;
}

/** Compatibles that many unrelated devices share: no evidence of which device a node describes. */
const SHARED_COMPATIBLES = new Set(['arm,primecell', 'simple-bus', 'simple-mfd', 'syscon']);

/** The guest node that describes a host node, if any: by label, node name, compatible, platform-bus slot, host address. */
export function findCounterpart(guest: TreeIndex, q: CounterpartQuery): Counterpart | undefined {
  return namedCounterpart(guest, q.host) ?? likelyCounterpart(guest, q);
}

/** The guest node that shares the host node's label or full name: the author's plain word for it. */
export function namedCounterpart(guest: TreeIndex, host: Node): Counterpart | undefined {
  for (const label of host.labels) {
    const node = findNodeByLabel(guest.tree, label.name);
    if (node) return { node, how: 'label' };
  }
  if (host.name.includes('@')) {
    const named = guest.byName.get(host.name) ?? [];
    if (named.length === 1) return { node: named[0]!, how: 'name' };
  }
  return undefined;
}

/** Without a shared label or name: by compatible, slot or host address, among the guest nodes not `taken`. */
function likelyCounterpart(guest: TreeIndex, q: CounterpartQuery): Counterpart | undefined {
  const free = (n: Node): boolean => !q.taken?.(n);
  const hostCompatibles = q.hostCompatibles ?? compatibles(q.host);
  const telling = hostCompatibles.filter((c) => !SHARED_COMPATIBLES.has(c));
  if (telling.length > 0 && q.within) {
    const same = guest.addressed.filter((a) => free(a.node) && isWithin(a.node, q.within!) && compatibles(a.node).some((c) => telling.includes(c)));
    if (same.length === 1) return { node: same[0]!.node, how: 'compatible' };
  }
  if (q.slotBase !== undefined) {
    const inSlot = guest.addressed.filter((a) => free(a.node) && a.cpu === q.slotBase);
    if (inSlot.length === 1) return { node: inSlot[0]!.node, how: 'slot' };
  }
  if (q.hostAddress !== undefined) {
    const base = baseOf(q.host.name);
    const same = guest.addressed.filter(
      (a) => a.raw === q.hostAddress && (baseOf(a.node.name) === base || compatibles(a.node).some((c) => hostCompatibles.includes(c))),
    );
    if (same.length === 1) return { node: same[0]!.node, how: 'address' };
  }
  return undefined;
}

/**
 * The host node a guest node copies, when it visibly does: a shared label, or the same node name
 * with unit address and the same first compatible. QEMU's own nodes (the GIC, virtio, pl011) have
 * neither.
 */
export function hostNodeFor(host: TreeIndex, guestNode: Node): Node | undefined {
  for (const label of guestNode.labels) {
    const node = findNodeByLabel(host.tree, label.name);
    if (node) return node;
  }
  if (!guestNode.name.includes('@')) return undefined;
  const named = host.byName.get(guestNode.name) ?? [];
  const first = compatibles(guestNode)[0];
  const same = first === undefined ? [] : named.filter((n) => compatibles(n)[0] === first);
  return same.length === 1 ? same[0] : undefined;
}

function baseOf(name: string): string {
  const at = name.indexOf('@');
  return at === -1 ? name : name.slice(0, at);
}

function isWithin(node: Node, ancestor: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/**
 * The compatibles of a node, and those its earlier `compatible` definitions gave it (a host overlay
 * replaces a device's compatible with a non-binding one so that no host driver takes it), read from
 * the source text of each definition.
 */
export function compatiblesEverWritten(node: Node, sources: SourceHost): string[] {
  const out = [...compatibles(node)];
  const property = getProperty(node, 'compatible');
  for (const at of property?.overridden ?? []) {
    const file = sources.read(at.file);
    if (!(file instanceof SourceFile)) continue;
    const starts = file.lineStarts;
    const from = (starts[at.line - 1] ?? 0) + at.column - 1;
    const to = (starts[at.endLine - 1] ?? 0) + at.endColumn - 1;
    for (const m of file.text.slice(from, to).matchAll(/"([^"\\]*)"/g)) if (!out.includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}
