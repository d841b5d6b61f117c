/**
 * The syntax tree of one DTS translation unit, as the parser reads it after preprocessing.
 * Nothing here is merged or resolved yet: that is the tree builder's job (tree.ts, build.ts).
 */
import type { Location } from './location.js';

export interface Label {
  name: string;
  at: Location;
}

/** `&label`, `&{/path}` or a bare path (`/delete-node/ &{...}`, `&{/}`). */
export interface Reference {
  /** The label name for `&label`. */
  label?: string;
  /** The path for `&{/path}`. */
  path?: string;
  at: Location;
}

/** One 8/16/32/64-bit element of a `< >` list. */
export interface CellAst {
  /** The value, already evaluated (expressions, char literals). Unused when `ref` is set. */
  value: bigint;
  /** `&label` inside `< >`: becomes the target's phandle. */
  ref?: Reference;
  /** Labels that stand before this cell inside the list (`< a: 1 >`). */
  labels?: Label[];
  at: Location;
}

export type ValueChunkAst =
  | { kind: 'string'; value: string; labels?: Label[]; at: Location }
  | { kind: 'cells'; bits: 8 | 16 | 32 | 64; cells: CellAst[]; labels?: Label[]; endLabels?: Label[]; at: Location }
  | { kind: 'bytes'; bytes: number[]; labels?: Label[]; endLabels?: Label[]; at: Location }
  /** `&label` outside `< >`: the target's full path as a string. */
  | { kind: 'pathRef'; ref: Reference; labels?: Label[]; at: Location }
  /** `/incbin/("file", offset, length)`. */
  | { kind: 'incbin'; file: string; offset?: bigint; length?: bigint; labels?: Label[]; at: Location };

export interface PropertyAst {
  kind: 'property';
  name: string;
  nameAt: Location;
  labels: Label[];
  /** `null` for a boolean (empty) property `name;`. */
  value: ValueChunkAst[] | null;
  /** Labels after the last value chunk (`prop = "a" end:;`). */
  endLabels?: Label[];
  /** From the name to the `;`. */
  at: Location;
}

export interface NodeAst {
  kind: 'node';
  /** Full node name with unit address, `ethernet@5b040000`; `/` for the root. */
  name: string;
  nameAt: Location;
  labels: Label[];
  omitIfNoRef: boolean;
  items: NodeItemAst[];
  /** From the name (or first label) to the closing `};`. */
  at: Location;
}

export type NodeItemAst =
  | PropertyAst
  | NodeAst
  | { kind: 'deleteProperty'; name: string; nameAt: Location; at: Location }
  | { kind: 'deleteNode'; name: string; nameAt: Location; at: Location };

export type TopItemAst =
  | { kind: 'version'; at: Location }
  | { kind: 'plugin'; at: Location }
  | { kind: 'memreserve'; labels: Label[]; address: bigint; size: bigint; at: Location }
  /** `/ { ... };` */
  | { kind: 'root'; node: NodeAst; at: Location }
  /** `label: &ref { ... };`: merges into the referenced node. */
  | { kind: 'refNode'; ref: Reference; labels: Label[]; node: NodeAst; at: Location }
  | { kind: 'deleteNode'; ref: Reference; at: Location }
  | { kind: 'omitIfNoRef'; ref: Reference; at: Location };

export interface DtsFileAst {
  items: TopItemAst[];
}
