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
  /** Numeric value; for a `&ref` cell, the target's phandle (0 until resolved). */
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
  /** Empty for a boolean property. */
  value: ValueChunk[];
  labels: Label[];
  /** The definition that gave the current value: from the name to `;`. */
  at: Location;
  nameAt: Location;
  /** Earlier definitions of the same property that this one replaced, oldest first. */
  overridden: Location[];
}

export interface Node {
  /** Full name with unit address (`ethernet@5b040000`); `''` for the root. */
  name: string;
  parent: Node | null;
  children: Node[];
  properties: Property[];
  labels: Label[];
  /** Every place the node is defined or extended, in source order; the first created it. */
  definedAt: Location[];
  /** Set from a `phandle`/`linux,phandle` property or assigned when something references the node. */
  phandle?: number;
  omitIfNoRef: boolean;
  /** True when something refers to the node (for /omit-if-no-ref/). */
  referenced: boolean;
}

export interface MemReserve {
  address: bigint;
  size: bigint;
  labels: Label[];
  at: Location;
}

export interface Tree {
  root: Node;
  memreserves: MemReserve[];
  plugin: boolean;
  /** Every file read to build it, in the order first opened. */
  files: string[];
}
