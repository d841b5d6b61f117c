/**
 * Read-only helpers over a built Tree: paths, lookups by path/label/phandle, typed property
 * values, status, and the one pre-order walker.
 */
import { derivedOf, type Node, type Property, type Reference, type Tree } from './tree.js';
import { bytesToStrings, bytesToU32s, encodeValue } from './value.js';

/** The node's full path: `/` for the root, `/soc/bus@5b000000/ethernet@5b040000` below. */
export function nodePath(node: Node): string {
  if (!node.parent) return '/';
  const names: string[] = [];
  for (let n: Node | null = node; n?.parent; n = n.parent) names.push(n.name);
  return '/' + names.reverse().join('/');
}

/**
 * The node at a path. Each component matches a child's full name; failing that, a name without
 * unit address matches the first child with that base name (as libfdt does).
 */
export function findNodeByPath(tree: Tree, path: string): Node | undefined {
  let node = tree.root;
  for (const part of path.split('/')) {
    if (part === '') continue;
    const next = node.children.find((c) => c.name === part) ??
      (part.includes('@') ? undefined : node.children.find((c) => c.name.split('@')[0] === part));
    if (!next) return undefined;
    node = next;
  }
  return node;
}

const LABEL_INDEX = Symbol('label index');

/** The node that carries a label (the first in pre-order, as dtc resolves `&label`). */
export function findNodeByLabel(tree: Tree, name: string): Node | undefined {
  const index = derivedOf(tree, LABEL_INDEX, () => {
    const built = new Map<string, Node>();
    walk(tree, (n) => {
      for (let lIndex = 0; lIndex < n.labels.length; lIndex++) {
        const l = n.labels[lIndex]!;
        if (!built.has(l.name)) built.set(l.name, n);
      }
    });
    return built;
  });
  return index.get(name);
}

const PHANDLE_INDEX = Symbol('phandle index');

/** The node with a phandle. */
export function findNodeByPhandle(tree: Tree, phandle: number): Node | undefined {
  const index = derivedOf(tree, PHANDLE_INDEX, () => {
    const built = new Map<number, Node>();
    walk(tree, (n) => {
      if (n.phandle !== undefined && !built.has(n.phandle)) built.set(n.phandle, n);
    });
    return built;
  });
  return index.get(phandle);
}

export function getProperty(node: Node, name: string): Property | undefined {
  // A plain loop: called for nearly every node by every rule, and a short run (bin/dtlint.js)
  // has no optimizing compiler to inline a find() callback.
  const props = node.properties;
  for (let i = 0; i < props.length; i++) if (props[i]!.name === name) return props[i];
  return undefined;
}

/** The bytes of a property's value as they go into the DTB. */
export function propertyBytes(prop: Property): Uint8Array {
  return encodeValue(prop.value);
}

/** The value as 32-bit cells, or undefined when its length is not a multiple of 4. */
export function propertyU32s(prop: Property): number[] | undefined {
  return bytesToU32s(encodeValue(prop.value));
}

/** The value as a string list, or undefined when it is not NUL-terminated text. */
export function propertyStrings(prop: Property): string[] | undefined {
  // Most values are plain strings (compatible, status): read them without building the bytes.
  const chunks = prop.value;
  const only = chunks.length === 1 ? chunks[0]! : undefined;
  if (only && only.kind === 'string' && !only.value.includes('\0')) return [only.value];
  const strings: string[] = [];
  for (let cIndex = 0; cIndex < chunks.length; cIndex++) {
    const c = chunks[cIndex]!;
    if (c.kind !== 'string' || c.value.includes('\0')) return bytesToStrings(encodeValue(chunks));
    strings.push(c.value);
  }
  if (strings.length > 0) return strings;
  return bytesToStrings(encodeValue(chunks));
}

/** The node's `compatible` as its list of strings (none when absent or not strings). */
export function compatibles(node: Node): string[] {
  const p = getProperty(node, 'compatible');
  return p ? (propertyStrings(p) ?? []) : [];
}

/** A node is enabled unless its `status` says otherwise (`okay` and `ok` are enabled). */
export function isEnabled(node: Node): boolean {
  const status = getProperty(node, 'status');
  if (!status) return true;
  const value = propertyStrings(status)?.[0];
  return value === 'okay' || value === 'ok';
}

/** A reference as written: `&label` or `&{/path}`. */
export function referenceText(ref: Reference): string {
  return ref.path !== undefined ? `&{${ref.path}}` : `&${ref.label ?? ''}`;
}

/**
 * The tree's nodes under each key `keysOf` gives them (in tree order, each node once per key),
 * made on first use and kept on the tree under `memo`: one walk for any number of questions.
 */
export function nodeIndex(tree: Tree, memo: symbol, keysOf: (node: Node) => readonly string[]): ReadonlyMap<string, readonly Node[]> {
  return derivedOf(tree, memo, () => {
    const index = new Map<string, Node[]>();
    walk(tree, (node) => {
      const keys = keysOf(node);
      for (let i = 0; i < keys.length; i++) {
        const nodes = index.get(keys[i]!);
        if (!nodes) index.set(keys[i]!, [node]);
        else if (nodes[nodes.length - 1] !== node) nodes.push(node);
      }
    });
    return index;
  });
}

/**
 * Visits every node in pre-order (parents before children, children in tree order).
 * Returning `false` from `fn` skips the node's children.
 */
export function walk(tree: Tree | Node, fn: (node: Node, depth: number) => boolean | void): void {
  const start = 'root' in tree ? tree.root : tree;
  const visit = (node: Node, depth: number): void => {
    if (fn(node, depth) === false) return;
    const children = node.children;
    for (let i = 0; i < children.length; i++) visit(children[i]!, depth + 1);
  };
  visit(start, 0);
}
