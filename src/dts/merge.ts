/**
 * The tree under construction and dtc's operations on it: merging a definition into a node
 * (merge_nodes), deleting by name, and looking nodes up by label or path (get_node_by_ref).
 * Labels are indexed so that a board with thousands of `&label { }` stays linear.
 */
import type { Reference } from './ast.js';
import { pushAll } from './list.js';
import {
  addLabel,
  appendChild,
  appendProp,
  computePath,
  deleteNode,
  deleteProp,
  firstChild,
  firstProp,
  hasLiveLabel,
  isLive,
  liveChild,
  type LiveNode,
} from './live.js';
import type { Location } from './location.js';
import type { Deletion } from './tree.js';

export class LiveTree {
  /** Nodes that carry (or once carried) each label; filtered by liveness on lookup. */
  private readonly labelIndex = new Map<string, LiveNode[]>();
  readonly deletions: Deletion[] = [];
  /**
   * Override lists this tree's merges made, which it appends to in place; any other (the shared
   * empty one, a store's, another tree's) is copied first. Copying every time made a property
   * defined 2,000 times (one .dtsi included 2,000 times) cost the square of that.
   */
  private readonly ownOverrides = new WeakSet<readonly Location[]>();

  /** A tree from its root; or, `restored`, as a prefix store kept it (its label index and deletions). */
  constructor(readonly root: LiveNode, restored?: { labelIndex: Map<string, LiveNode[]>; deletions: Deletion[] }) {
    if (!restored) {
      this.registerLabels(root);
      return;
    }
    for (const [label, nodes] of restored.labelIndex) this.labelIndex.set(label, nodes);
    for (let i = 0; i < restored.deletions.length; i++) this.deletions.push(restored.deletions[i]!);
  }

  /** The label index, for a prefix store (read only). */
  labels(): Map<string, LiveNode[]> {
    return this.labelIndex;
  }

  /** dtc's get_node_by_ref on the tree as it stands now. */
  findByRef(ref: Reference): LiveNode | undefined {
    if (ref.path !== undefined) {
      if (ref.path === '/') return this.root;
      return findByPath(this.root, ref.path);
    }
    return ref.label !== undefined ? this.findByLabel(ref.label) : undefined;
  }

  /** dtc's get_node_by_label: the first node in pre-order with that live label. */
  findByLabel(name: string): LiveNode | undefined {
    const candidates = this.labelIndex.get(name);
    if (!candidates) return undefined;
    let found: LiveNode | undefined;
    for (let nIndex = 0; nIndex < candidates.length; nIndex++) {
      const n = candidates[nIndex]!;
      if (n === found || !hasLiveLabel(n, name)) continue;
      // The root's own labels count even when the root is deleted; others must be reachable.
      if (n !== this.root && !isLive(n)) continue;
      if (!found || precedes(n, found)) found = n;
    }
    return found;
  }

  private withOverride(list: readonly Location[], at: Location): readonly Location[] {
    if (this.ownOverrides.has(list)) {
      (list as Location[]).push(at);
      return list;
    }
    const own = [...list, at];
    this.ownOverrides.add(own);
    return own;
  }

  /** dtc's add_label on a node of the tree. */
  addNodeLabel(node: LiveNode, name: string, at: Reference['at']): void {
    addLabel(node, name, at);
    this.index(node, name);
  }

  /** dtc's merge_nodes: folds a fresh definition into an existing node. */
  merge(old: LiveNode, fresh: LiveNode): void {
    old.deleted = false;
    for (let lIndex = 0; lIndex < fresh.labels.length; lIndex++) {
      const l = fresh.labels[lIndex]!;
      this.addNodeLabel(old, l.name, l.at);
    }

    for (let propIndex = 0; propIndex < fresh.props.length; propIndex++) {
      const prop = fresh.props[propIndex]!;
      if (prop.deleteAt) {
        const target = firstProp(old, prop.name);
        const matched = !!target && !target.deleted;
        const deletion: Deletion = { kind: 'property', name: prop.name, at: prop.deleteAt, matched, node: computePath(old) };
        // Kept so that a rule can say what the deletion took away (smmu-sid-unprogrammed's fix).
        if (matched) deletion.removed = { value: target.value, at: target.at };
        this.deletions.push(deletion);
        if (target) deleteProp(target);
        continue;
      }
      const existing = firstProp(old, prop.name);
      if (!existing) {
        appendProp(old, prop);
        continue;
      }
      for (let lIndex = 0; lIndex < prop.labels.length; lIndex++) {
        const l = prop.labels[lIndex]!;
        addLabel(existing, l.name, l.at);
      }
      existing.overridden = this.withOverride(existing.overridden, existing.at);
      existing.value = prop.value;
      existing.valueLabels = prop.valueLabels;
      existing.deleted = false;
      existing.at = prop.at;
      existing.nameAt = prop.nameAt;
    }

    for (let childIndex = 0; childIndex < fresh.children.length; childIndex++) {
      const child = fresh.children[childIndex]!;
      if (child.deleteAt) {
        const target = firstChild(old, child.name);
        this.deletions.push({ kind: 'node', name: child.name, at: child.deleteAt, matched: !!target && !target.deleted, node: computePath(old) });
        if (target) deleteNode(target);
        continue;
      }
      const existing = firstChild(old, child.name);
      if (existing) this.merge(existing, child);
      else this.attach(old, child);
    }

    pushAll(old.definedAt, fresh.definedAt);
  }

  /** dtc's add_child of a whole definition: its own placeholders stay inert. */
  attach(parent: LiveNode, child: LiveNode): void {
    appendChild(parent, child);
    this.registerLabels(child);
  }

  /** A top-level `/delete-node/ &ref;` that found its target. */
  deleteByRef(target: LiveNode, name: string, at: Reference['at']): void {
    this.deletions.push({ kind: 'node', name, at, matched: true, node: computePath(target) });
    deleteNode(target);
  }

  private registerLabels(node: LiveNode): void {
    for (let lIndex = 0; lIndex < node.labels.length; lIndex++) {
      const l = node.labels[lIndex]!;
      this.index(node, l.name);
    }
    // A deletion inside a node's first definition is an inert placeholder (dtc's build_node).
    const inert = { matched: false, node: computePath(node), firstDefinition: true } as const;
    for (let pIndex = 0; pIndex < node.props.length; pIndex++) {
      const p = node.props[pIndex]!;
      if (p.deleteAt) this.deletions.push({ kind: 'property', name: p.name, at: p.deleteAt, ...inert });
    }
    for (let cIndex = 0; cIndex < node.children.length; cIndex++) {
      const c = node.children[cIndex]!;
      if (c.deleteAt) this.deletions.push({ kind: 'node', name: c.name, at: c.deleteAt, ...inert });
      else this.registerLabels(c);
    }
  }

  private index(node: LiveNode, name: string): void {
    const list = this.labelIndex.get(name);
    if (!list) this.labelIndex.set(name, [node]);
    else if (!list.includes(node)) list.push(node);
  }
}

/** dtc's get_node_by_path: exact names, the first live child of each name. */
export function findByPath(root: LiveNode, path: string): LiveNode | undefined {
  let node = root;
  let rest = path;
  for (;;) {
    if (rest === '') return node.deleted ? undefined : node;
    rest = rest.replace(/^\/+/, '');
    const slash = rest.indexOf('/');
    const name = slash === -1 ? rest : rest.slice(0, slash);
    const child = liveChild(node, name);
    if (!child) return undefined;
    if (slash === -1) return child;
    node = child;
    rest = rest.slice(slash + 1);
  }
}

/** Pre-order comparison of two nodes of the same tree: no arrays, and a sibling's place by index. */
function precedes(a: LiveNode, b: LiveNode): boolean {
  if (a === b) return false;
  let x = a;
  let y = b;
  let dx = depthOf(x);
  let dy = depthOf(y);
  // An ancestor comes before its descendants.
  while (dx > dy) {
    x = x.parent!;
    dx--;
  }
  while (dy > dx) {
    y = y.parent!;
    dy--;
  }
  if (x === y) return a === x;
  while (x.parent !== y.parent) {
    x = x.parent!;
    y = y.parent!;
  }
  const siblings = x.parent!.children;
  return siblingIndex(siblings, x) < siblingIndex(siblings, y);
}

function depthOf(node: LiveNode): number {
  let d = 0;
  for (let n = node.parent; n; n = n.parent) d++;
  return d;
}

/**
 * Each child's index in a children list, built as the list grows (children are only appended): a
 * label on thousands of siblings (an error, but dtc still resolves it to the first) made every
 * reference to it scan them all for each candidate.
 */
const SIBLING_INDEX = new WeakMap<readonly LiveNode[], Map<LiveNode, number>>();

function siblingIndex(siblings: readonly LiveNode[], node: LiveNode): number {
  if (siblings.length < 16) return siblings.indexOf(node);
  let index = SIBLING_INDEX.get(siblings);
  if (!index) SIBLING_INDEX.set(siblings, (index = new Map()));
  for (let i = index.size; i < siblings.length; i++) index.set(siblings[i]!, i);
  return index.get(node) ?? -1;
}
