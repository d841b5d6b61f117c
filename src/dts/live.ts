/**
 * The tree while it is being built, in dtc's own model (livetree.c): deleted properties, nodes
 * and labels stay in place with a `deleted` flag, so that a later definition revives them at
 * their original position. Lookups follow dtc exactly (first match by name, deleted ones
 * skipped or not as dtc does), with maps instead of dtc's list walks.
 */
import type { Label } from './ast.js';
import type { Location } from './location.js';
import type { Node, ValueChunk } from './tree.js';

export interface LiveLabel {
  name: string;
  at: Location;
  deleted: boolean;
}

export interface LiveProp {
  name: string;
  nameAt: Location;
  at: Location;
  /** In dtc's order: the label added last comes first. Shared when none: see addLabel. */
  labels: readonly LiveLabel[];
  /** Shared when empty: replaced, never added to. */
  value: readonly ValueChunk[];
  /** Labels inside the value (dtc's LABEL markers), in source order (shared when none). */
  valueLabels: readonly Label[];
  deleted: boolean;
  /** Shared when none: merge replaces it. */
  overridden: readonly Location[];
  /** Set on the placeholder a `/delete-property/` leaves in a body: where it was written. */
  deleteAt?: Location;
  /** Made up by dtc (`phandle`, `__symbols__` entries): written nowhere. */
  generated?: boolean;
}

export interface LiveNode {
  name: string;
  nameAt: Location;
  parent: LiveNode | null;
  children: LiveNode[];
  /**
   * First child of each name, deleted or not (dtc's for_each_child_withdel + streq), once the
   * node has enough children for a map to beat a scan; read it through firstChild.
   */
  childByName: Map<string, LiveNode> | undefined;
  props: LiveProp[];
  /** The same for properties; read it through firstProp. */
  propByName: Map<string, LiveProp> | undefined;
  /** Shared when none: see addLabel. */
  labels: readonly LiveLabel[];
  definedAt: Location[];
  deleted: boolean;
  omitIfUnused: boolean;
  referenced: boolean;
  /** 0 when none (dtc's node->phandle). */
  phandle: number;
  /** Set for the nodes that exist when references are fixed up (dtc's fill_fullpaths). */
  fullpath?: string;
  /** Set on the placeholder a `/delete-node/` leaves in a body: where it was written. */
  deleteAt?: Location;
  /** Made up by dtc (`__symbols__`, `__fixups__`, overlay fragments): written nowhere. */
  generated?: boolean;
  /** The tree's node made from this one when the build ends. */
  built: Node | undefined;
}

export function newNode(name: string, nameAt: Location, definedAt: Location[]): LiveNode {
  return {
    name,
    nameAt,
    parent: null,
    children: [],
    childByName: undefined,
    props: [],
    propByName: undefined,
    labels: NO_LIVE_LABELS,
    definedAt,
    deleted: false,
    omitIfUnused: false,
    referenced: false,
    phandle: 0,
    built: undefined,
  };
}

/**
 * Shared by the nodes and properties of a kept tree that have no labels (most of them): addLabel
 * replaces it, never adds to it. Frozen, so that an addition anywhere else fails loudly.
 */
export const NO_LIVE_LABELS: readonly LiveLabel[] = Object.freeze([]);

/**
 * Whether a label list is an owner's own, which addLabel may add to: every list but the shared
 * empty one is made for one owner (here, by the definition reader, or by the store's decoder).
 */
function ownLabels(labels: readonly LiveLabel[]): labels is LiveLabel[] {
  return labels !== NO_LIVE_LABELS;
}

/** dtc's add_label: a label already there (even deleted) is revived, a new one goes first. */
export function addLabel(owner: { labels: readonly LiveLabel[] }, name: string, at: Location): boolean {
  const labels = owner.labels;
  const old = labels.find((l) => l.name === name);
  if (old) {
    old.deleted = false;
    return false;
  }
  const label: LiveLabel = { name, at, deleted: false };
  if (ownLabels(labels)) labels.unshift(label);
  else owner.labels = [label];
  return true;
}

/**
 * Most nodes have a handful of properties and children: a scan finds a name as fast as a map,
 * and a board has thousands of nodes. Past this many, the node gets its maps.
 */
export const SCAN_MAX = 8;

/** The first property of that name, deleted or not. */
export function firstProp(node: LiveNode, name: string): LiveProp | undefined {
  if (node.propByName) return node.propByName.get(name);
  for (let pIndex = 0; pIndex < node.props.length; pIndex++) {
    const p = node.props[pIndex]!;
    if (p.name === name) return p;
  }
  return undefined;
}

/** The first child of that name, deleted or not. */
export function firstChild(node: LiveNode, name: string): LiveNode | undefined {
  if (node.childByName) return node.childByName.get(name);
  for (let cIndex = 0; cIndex < node.children.length; cIndex++) {
    const c = node.children[cIndex]!;
    if (c.name === name) return c;
  }
  return undefined;
}

export function appendProp(node: LiveNode, prop: LiveProp): void {
  node.props.push(prop);
  if (node.propByName) {
    if (!node.propByName.has(prop.name)) node.propByName.set(prop.name, prop);
  } else if (node.props.length > SCAN_MAX) node.propByName = firstByName(node.props);
}

export function appendChild(parent: LiveNode, child: LiveNode): void {
  child.parent = parent;
  parent.children.push(child);
  if (parent.childByName) {
    if (!parent.childByName.has(child.name)) parent.childByName.set(child.name, child);
  } else if (parent.children.length > SCAN_MAX) parent.childByName = firstByName(parent.children);
}

export function firstByName<T extends { name: string }>(list: T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (let itemIndex = 0; itemIndex < list.length; itemIndex++) {
    const item = list[itemIndex]!;
    if (!map.has(item.name)) map.set(item.name, item);
  }
  return map;
}

/** dtc's get_property: the first property of that name that is not deleted. */
export function liveProp(node: LiveNode, name: string): LiveProp | undefined {
  const first = firstProp(node, name);
  if (!first || !first.deleted) return first;
  return node.props.find((p) => p.name === name && !p.deleted);
}

/** dtc's get_subnode: the first child of that name that is not deleted. */
export function liveChild(node: LiveNode, name: string): LiveNode | undefined {
  const first = firstChild(node, name);
  if (!first || !first.deleted) return first;
  return node.children.find((c) => c.name === name && !c.deleted);
}

/** Removes a property from the list altogether (dtc does it to a redundant `name`). */
export function removeProp(node: LiveNode, prop: LiveProp): void {
  node.props.splice(node.props.indexOf(prop), 1);
  const map = node.propByName;
  if (!map) return;
  map.delete(prop.name);
  const next = node.props.find((p) => p.name === prop.name);
  if (next) map.set(prop.name, next);
}

/** True when the node and all its ancestors are not deleted: dtc's walks reach it. */
export function isLive(node: LiveNode): boolean {
  for (let n: LiveNode | null = node; n; n = n.parent) if (n.deleted) return false;
  return true;
}

export function deleteProp(prop: LiveProp): void {
  prop.deleted = true;
  for (let lIndex = 0; lIndex < prop.labels.length; lIndex++) {
    const l = prop.labels[lIndex]!;
    l.deleted = true;
  }
}

/** dtc's delete_node: the node, its live children and properties, and its labels. */
export function deleteNode(node: LiveNode): void {
  node.deleted = true;
  for (let cIndex = 0; cIndex < node.children.length; cIndex++) {
    const c = node.children[cIndex]!;
    if (!c.deleted) deleteNode(c);
  }
  for (let pIndex = 0; pIndex < node.props.length; pIndex++) {
    const p = node.props[pIndex]!;
    if (!p.deleted) deleteProp(p);
  }
  for (let lIndex = 0; lIndex < node.labels.length; lIndex++) {
    const l = node.labels[lIndex]!;
    l.deleted = true;
  }
}

export function hasLiveLabel(node: LiveNode, name: string): boolean {
  return node.labels.some((l) => l.name === name && !l.deleted);
}

/** Pre-order walk over the nodes dtc's for_each_child reaches. */
export function forEachLive(node: LiveNode, fn: (n: LiveNode) => void): void {
  if (node.deleted) return;
  fn(node);
  for (let cIndex = 0; cIndex < node.children.length; cIndex++) {
    const c = node.children[cIndex]!;
    if (!c.deleted) forEachLive(c, fn);
  }
}

/** dtc's join_path. */
export function joinPath(prefix: string, name: string): string {
  return prefix.endsWith('/') ? prefix + name : `${prefix}/${name}`;
}

/** The path of a node from its ancestry (for nodes that have no `fullpath` yet). */
export function computePath(node: LiveNode): string {
  if (!node.parent) return '/';
  return joinPath(computePath(node.parent), node.name);
}

/** Length of the name before the unit address. */
export function baseNameLength(name: string): number {
  const at = name.indexOf('@');
  return at === -1 ? name.length : at;
}
