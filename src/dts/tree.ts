/**
 * The merged device tree, as dtc builds it: one node per path, properties in dtc's order,
 * phandles assigned, references resolved. Everything keeps where it was written.
 */
import type { Label, Reference } from './ast.js';
import type { Location } from './location.js';

export type { Label, Reference };

/** A reference that has been resolved to its target node. */
export interface ResolvedReference extends Reference {
  target?: Node;
}

export interface Cell {
  /**
   * Numeric value; for a `&ref` cell, the target's phandle (all ones until resolved, as dtc
   * writes an unresolved reference of an overlay).
   */
  value: bigint;
  ref?: ResolvedReference;
  at: Location;
}

export type ValueChunk =
  | { kind: 'string'; value: string; at: Location }
  | { kind: 'cells'; bits: 8 | 16 | 32 | 64; cells: Cell[]; at: Location }
  | { kind: 'bytes'; bytes: Uint8Array; at: Location }
  | { kind: 'pathRef'; ref: ResolvedReference; path: string; at: Location };

export interface Property {
  name: string;
  /** Empty for a boolean property. Read-only: properties share one frozen empty list. */
  value: readonly ValueChunk[];
  /**
   * In dtc's order: the label added last comes first (`b: a: p` then `c: p` gives c, b, a).
   * Read-only: nodes and properties without labels share one frozen empty list.
   */
  labels: readonly Label[];
  /** The definition that gave the current value: from the name to `;`. */
  at: Location;
  nameAt: Location;
  /** Earlier definitions of the same property that this one replaced, oldest first (read-only: shared when none). */
  overridden: readonly Location[];
  /**
   * Set when dtc made the property up (an assigned `phandle`, a `/__symbols__` entry): its
   * locations then point at what caused it (the node's name, the label).
   */
  generated?: boolean;
}

export interface Node {
  /** Full name with unit address (`ethernet@5b040000`); `''` for the root. */
  name: string;
  parent: Node | null;
  /** Read-only: the builder gives a node a shared frozen empty list until its children are made. */
  children: readonly Node[];
  properties: Property[];
  /** In dtc's order (also the order of /__symbols__): the label added last comes first (shared when none). */
  labels: readonly Label[];
  /** Every place the node is defined or extended, in source order; the first created it. */
  definedAt: Location[];
  /** Set from a `phandle`/`linux,phandle` property or assigned when something references the node. */
  phandle?: number;
  omitIfNoRef: boolean;
  /** True when something refers to the node (for /omit-if-no-ref/). */
  referenced: boolean;
  /**
   * Set when dtc made the node up: `__symbols__`, `__fixups__`, `__local_fixups__` and their
   * children (`definedAt` then points at the root's name), overlay `fragment@N` nodes
   * (`definedAt` holds the `&ref { }` they come from).
   */
  generated?: boolean;
}

export interface MemReserve {
  address: bigint;
  size: bigint;
  labels: Label[];
  at: Location;
}

/** A `/delete-node/` or `/delete-property/` statement and whether it removed anything. */
export interface Deletion {
  kind: 'node' | 'property';
  /** The name as written (`&label` / `&{/path}` for a top-level `/delete-node/`). */
  name: string;
  /** The whole statement. */
  at: Location;
  /**
   * False when it named nothing alive where it stands (dtc accepts it silently), including a
   * deletion inside a node's first definition, which dtc keeps as an inert placeholder.
   */
  matched: boolean;
  /**
   * Path of the node the statement stands in (for a top-level `/delete-node/ &ref`, the node it
   * deleted), as it was when the statement was read.
   */
  node: string;
  /** Set when it stands in a node's first definition, where dtc keeps it as an inert placeholder. */
  firstDefinition?: true;
  /** A matched `/delete-property/`: the value it removed and where that value was written. */
  removed?: { value: readonly ValueChunk[]; at: Location };
}

export interface Tree {
  root: Node;
  memreserves: MemReserve[];
  plugin: boolean;
  /** Every file read to build it, in the order first opened. */
  files: string[];
  /** dtc's guess of the boot CPU (`reg` of the first child of /cpus), for the DTB header. */
  bootCpuid?: number;
  /**
   * Set when the tree was read from a DTB (dtb-read.ts): there is no source text, values are typed
   * by dtc's guess, and `tree` prints it as `dtc -I dtb -O dts` does.
   */
  dtb?: { version: number };
  /** Every deletion statement, in source order (set by buildTree). */
  deletions?: Deletion[];
  /** What later layers derive from the tree (indexes, the dependency graph): see `derivedOf`. */
  derived?: Map<symbol, unknown>;
}

/**
 * Data derived from a tree, made once and kept on the tree, so that it lives and dies with it.
 * Not a WeakMap keyed by the tree: V8's young-generation collector keeps a WeakMap value alive
 * while its key is in the old generation, so each board whose tree had been promoted kept its
 * derived data (and through it the whole board) until the next full collection. A lint of the
 * arm64 corpus ran 40% slower and at twice the memory.
 */
export function derivedOf<T>(tree: Tree, key: symbol, make: (tree: Tree) => T): T {
  const memo = (tree.derived ??= new Map<symbol, unknown>());
  if (memo.has(key)) return memo.get(key) as T;
  const value = make(tree);
  memo.set(key, value);
  return value;
}
