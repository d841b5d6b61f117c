/**
 * The tree builder's state between two top-level items (build.ts TopLevel: the tree merged so far,
 * its label index and deletions, memreserves, files) in the stream form of stream-codec.ts, for the
 * prefix store (prefix.ts): a later run starts from the tree its prefix built instead of decoding
 * and merging the prefix's items again. Decoding builds the objects the merge builds (same keys in
 * the same order); the lookup maps a node keeps past a few children are made again as appendChild
 * makes them.
 */
import type { Label } from '../ast.js';
import type { BuilderState } from '../build.js';
import { CodecError, type StreamReader, type StreamWriter } from './stream-codec.js';
import { firstByName, NO_LIVE_LABELS, SCAN_MAX, type LiveLabel, type LiveNode, type LiveProp } from '../live.js';
import { listOf } from '../list.js';
import type { Location } from '../location.js';
import type { Cell, Deletion, MemReserve, Node, ResolvedReference, ValueChunk } from '../tree.js';
import { NO_LABELS, NOT_OVERRIDDEN } from '../definition.js';

const NODE_DELETED = 1;
const NODE_OMIT = 2;
const NODE_REFERENCED = 4;
const NODE_GENERATED = 8;
const NODE_DELETE_AT = 16;
const PROP_DELETED = 1;
const PROP_GENERATED = 2;
const PROP_DELETE_AT = 4;

const CHUNK_STRING = 0;
const CHUNK_CELLS = 1;
const CHUNK_BYTES = 2;
const CHUNK_PATH_REF = 3;

export function writeBuilderState(w: StreamWriter, s: BuilderState): void {
  const ids = new Map<LiveNode, number>();
  w.int(s.files.length);
  for (let i = 0; i < s.files.length; i++) w.str(s.files[i]!);
  w.int(s.memreserves.length);
  for (let i = 0; i < s.memreserves.length; i++) {
    const m = s.memreserves[i]!;
    w.big(m.address);
    w.big(m.size);
    w.labels(m.labels);
    w.loc(m.at);
  }
  w.int(s.root ? 1 : 0);
  if (s.root) writeNode(w, s.root, ids);
  w.int(s.labelIndex.size);
  for (const [label, nodes] of s.labelIndex) {
    w.str(label);
    w.int(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      const id = ids.get(nodes[i]!);
      if (id === undefined) throw new CodecError('builder state: a labelled node outside the tree');
      w.int(id);
    }
  }
  w.int(s.deletions.length);
  for (let i = 0; i < s.deletions.length; i++) {
    const d = s.deletions[i]!;
    w.int(d.kind === 'node' ? 1 : 0);
    w.str(d.name);
    w.loc(d.at);
    w.int((d.matched ? 1 : 0) | (d.firstDefinition ? 2 : 0) | (d.removed ? 4 : 0));
    w.str(d.node);
    if (d.removed) {
      writeChunks(w, d.removed.value);
      w.loc(d.removed.at);
    }
  }
}

function writeLiveLabels(w: StreamWriter, labels: readonly LiveLabel[]): void {
  w.int(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    w.str(l.name);
    w.loc(l.at);
    w.int(l.deleted ? 1 : 0);
  }
}

function writeLocations(w: StreamWriter, locations: readonly Location[]): void {
  w.int(locations.length);
  for (let i = 0; i < locations.length; i++) w.loc(locations[i]!);
}

function writeNode(w: StreamWriter, n: LiveNode, ids: Map<LiveNode, number>): void {
  ids.set(n, ids.size);
  w.str(n.name);
  w.loc(n.nameAt);
  w.int((n.deleted ? NODE_DELETED : 0) | (n.omitIfUnused ? NODE_OMIT : 0) | (n.referenced ? NODE_REFERENCED : 0) | (n.generated ? NODE_GENERATED : 0) | (n.deleteAt ? NODE_DELETE_AT : 0));
  if (n.deleteAt) w.loc(n.deleteAt);
  w.int(n.phandle);
  writeLiveLabels(w, n.labels);
  writeLocations(w, n.definedAt);
  w.int(n.props.length);
  for (let i = 0; i < n.props.length; i++) writeProp(w, n.props[i]!);
  w.int(n.children.length);
  for (let i = 0; i < n.children.length; i++) writeNode(w, n.children[i]!, ids);
}

function writeProp(w: StreamWriter, p: LiveProp): void {
  w.str(p.name);
  w.loc(p.nameAt);
  w.loc(p.at);
  w.int((p.deleted ? PROP_DELETED : 0) | (p.generated ? PROP_GENERATED : 0) | (p.deleteAt ? PROP_DELETE_AT : 0));
  if (p.deleteAt) w.loc(p.deleteAt);
  writeLiveLabels(w, p.labels);
  writeChunks(w, p.value);
  w.labels(p.valueLabels.length === 0 ? undefined : p.valueLabels);
  writeLocations(w, p.overridden);
}

function writeRef(w: StreamWriter, ref: ResolvedReference): void {
  if (ref.target !== undefined) throw new CodecError('builder state: a resolved reference');
  w.int((ref.label !== undefined ? 1 : 0) | (ref.path !== undefined ? 2 : 0));
  w.loc(ref.at);
  if (ref.label !== undefined) w.str(ref.label);
  if (ref.path !== undefined) w.str(ref.path);
}

function writeChunks(w: StreamWriter, chunks: readonly ValueChunk[]): void {
  w.int(chunks.length);
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i]!;
    switch (c.kind) {
      case 'string':
        w.int(CHUNK_STRING);
        w.str(c.value);
        break;
      case 'cells':
        w.int(CHUNK_CELLS);
        w.int(c.bits);
        w.int(c.cells.length);
        for (let k = 0; k < c.cells.length; k++) {
          const cell = c.cells[k]!;
          w.big(cell.value);
          w.int(cell.ref ? 1 : 0);
          if (cell.ref) writeRef(w, cell.ref);
          w.loc(cell.at);
        }
        break;
      case 'bytes':
        w.int(CHUNK_BYTES);
        w.int(c.bytes.length);
        for (let k = 0; k < c.bytes.length; k++) w.int(c.bytes[k]!);
        break;
      case 'pathRef':
        w.int(CHUNK_PATH_REF);
        writeRef(w, c.ref);
        w.str(c.path);
        break;
    }
    w.loc(c.at);
  }
}

export function readBuilderState(r: StreamReader): BuilderState {
  const nodes: LiveNode[] = [];
  const files: string[] = [];
  for (let n = r.count(); n > 0; n--) files.push(r.str());
  const memreserves: MemReserve[] = [];
  for (let n = r.count(); n > 0; n--) {
    const address = r.big();
    const size = r.big();
    const labels = r.labels();
    memreserves.push({ address, size, labels, at: r.loc() });
  }
  const root = r.int() === 1 ? readNode(r, null, nodes) : undefined;
  const labelIndex = new Map<string, LiveNode[]>();
  for (let n = r.count(); n > 0; n--) {
    const label = r.str();
    const list: LiveNode[] = [];
    for (let k = r.count(); k > 0; k--) {
      const node = nodes[r.int()];
      if (!node) throw new CodecError('builder state: bad node');
      list.push(node);
    }
    labelIndex.set(label, list);
  }
  const deletions: Deletion[] = [];
  for (let n = r.count(); n > 0; n--) {
    const kind = r.int() === 1 ? 'node' : 'property';
    const name = r.str();
    const at = r.loc();
    const flags = r.int();
    const d: Deletion = { kind, name, at, matched: (flags & 1) !== 0, node: r.str() };
    if (flags & 2) d.firstDefinition = true;
    if (flags & 4) {
      const value = readChunks(r);
      d.removed = { value, at: r.loc() };
    }
    deletions.push(d);
  }
  return { root, labelIndex, deletions, memreserves, files };
}

/*
 * Lists are made at their final length (listOf): a list filled by push from [] gets room for 17
 * items on its first push, and a decoded tree has ~18,000 lists, most of one or two items (~1 MB
 * of empty slots the tree would keep).
 */

function readLiveLabels(r: StreamReader): readonly LiveLabel[] {
  const n = r.count();
  if (n === 0) return NO_LIVE_LABELS;
  const labels = listOf<LiveLabel>(n);
  for (let i = 0; i < n; i++) {
    const name = r.str();
    const at = r.loc();
    labels[i] = { name, at, deleted: r.int() === 1 };
  }
  return labels;
}

function readLocations(r: StreamReader): Location[] {
  const n = r.count();
  const out = listOf<Location>(n);
  for (let i = 0; i < n; i++) out[i] = r.loc();
  return out;
}

function readNode(r: StreamReader, parent: LiveNode | null, nodes: LiveNode[]): LiveNode {
  const name = r.str();
  const nameAt = r.loc();
  const flags = r.int();
  const deleteAt = flags & NODE_DELETE_AT ? r.loc() : undefined;
  const phandle = r.int();
  const labels = readLiveLabels(r);
  const definedAt = readLocations(r);
  const propCount = r.count();
  const props = listOf<LiveProp>(propCount);
  for (let i = 0; i < propCount; i++) props[i] = readProp(r);
  let children: LiveNode[] = [];
  const node: LiveNode = {
    name,
    nameAt,
    parent,
    children,
    childByName: undefined,
    props,
    propByName: props.length > SCAN_MAX ? firstByName(props) : undefined,
    labels,
    definedAt,
    deleted: (flags & NODE_DELETED) !== 0,
    omitIfUnused: (flags & NODE_OMIT) !== 0,
    referenced: (flags & NODE_REFERENCED) !== 0,
    phandle,
    built: undefined,
  };
  if (deleteAt) node.deleteAt = deleteAt;
  if (flags & NODE_GENERATED) node.generated = true;
  nodes.push(node);
  const childCount = r.count();
  if (childCount > 0) {
    children = node.children = listOf<LiveNode>(childCount);
    for (let i = 0; i < childCount; i++) children[i] = readNode(r, node, nodes);
  }
  if (children.length > SCAN_MAX) node.childByName = firstByName(children);
  return node;
}

function readProp(r: StreamReader): LiveProp {
  const name = r.str();
  const nameAt = r.skipLoc();
  const at = r.skipLoc();
  const flags = r.int();
  const deleteAt = flags & PROP_DELETE_AT ? r.loc() : undefined;
  const labels = readLiveLabels(r);
  const value = readChunks(r);
  // Empty lists shared as emptyProp shares them (merge replaces these two, never pushes).
  const valueLabels: readonly Label[] = r.peekNone() ? NO_LABELS : r.labels();
  const overridden = r.ints0() ? NOT_OVERRIDDEN : readLocations(r);
  const prop = new StoredProp(name, labels, value, valueLabels, (flags & PROP_DELETED) !== 0, overridden, r, nameAt, at);
  if (deleteAt) prop.deleteAt = deleteAt;
  if (flags & PROP_GENERATED) prop.generated = true;
  return prop;
}

/**
 * A property of a kept tree, whose two locations are read when asked for (the build makes it the
 * tree's Property itself: build.ts toProperty). A later definition sets them (merge.ts).
 */
class StoredProp implements LiveProp {
  declare deleteAt?: Location;
  declare generated?: boolean;
  readonly #r: StreamReader;
  readonly #pName: number;
  readonly #pAt: number;
  #nameAt: Location | undefined;
  #at: Location | undefined;

  constructor(
    public name: string,
    public labels: readonly LiveLabel[],
    public value: readonly ValueChunk[],
    public valueLabels: readonly Label[],
    public deleted: boolean,
    public overridden: readonly Location[],
    r: StreamReader,
    pName: number,
    pAt: number,
  ) {
    this.#r = r;
    this.#pName = pName;
    this.#pAt = pAt;
    this.#nameAt = undefined;
    this.#at = undefined;
  }

  get nameAt(): Location {
    return (this.#nameAt ??= this.#r.locAt(this.#pName));
  }

  set nameAt(at: Location) {
    this.#nameAt = at;
  }

  get at(): Location {
    return (this.#at ??= this.#r.locAt(this.#pAt));
  }

  set at(at: Location) {
    this.#at = at;
  }
}

function readRef(r: StreamReader): ResolvedReference {
  const flags = r.int();
  const at = r.skipLoc();
  return new StoredRef(r, at, flags & 1 ? r.str() : undefined, flags & 2 ? r.str() : undefined);
}

/**
 * The values of a kept tree (cells, references, strings and cell lists: ~60% of its ~15,000
 * locations) read their location from the stream when it is first asked for: a check asks for a
 * few hundred. Private fields, so that the objects enumerate (and print as JSON) as plain ones,
 * less the location.
 */
abstract class StoredAt {
  readonly #r: StreamReader;
  readonly #p: number;
  #at: Location | undefined;

  constructor(r: StreamReader, p: number) {
    this.#r = r;
    this.#p = p;
    this.#at = undefined;
  }

  get at(): Location {
    return (this.#at ??= this.#r.locAt(this.#p));
  }
}

class StoredRef extends StoredAt implements ResolvedReference {
  declare label?: string;
  declare path?: string;
  declare target?: Node;

  constructor(r: StreamReader, p: number, label: string | undefined, path: string | undefined) {
    super(r, p);
    // In the constructor, so that they are stored in the object itself (the target too: the
    // build sets it on each reference once all are read).
    if (label !== undefined) this.label = label;
    if (path !== undefined) this.path = path;
    this.target = undefined;
  }
}

class StoredCell extends StoredAt implements Cell {
  declare ref?: ResolvedReference;

  constructor(
    readonly value: bigint,
    r: StreamReader,
    p: number,
  ) {
    super(r, p);
  }
}

class StoredCells extends StoredAt {
  readonly kind = 'cells';

  constructor(
    readonly bits: 8 | 16 | 32 | 64,
    readonly cells: Cell[],
    r: StreamReader,
    p: number,
  ) {
    super(r, p);
  }
}

class StoredString extends StoredAt {
  readonly kind = 'string';

  constructor(
    readonly value: string,
    r: StreamReader,
    p: number,
  ) {
    super(r, p);
  }
}

function readChunks(r: StreamReader): ValueChunk[] {
  const chunkCount = r.count();
  const chunks = listOf<ValueChunk>(chunkCount);
  for (let i = 0; i < chunkCount; i++) {
    const kind = r.int();
    let chunk: ValueChunk;
    if (kind === CHUNK_STRING) {
      const value = r.str();
      chunk = new StoredString(value, r, r.skipLoc());
    } else if (kind === CHUNK_CELLS) {
      const bits = r.int() as 8 | 16 | 32 | 64;
      const cellCount = r.count();
      const cells = listOf<Cell>(cellCount);
      for (let k = 0; k < cellCount; k++) {
        const value = r.big();
        if (r.int() === 1) {
          const ref = readRef(r);
          const cell = new StoredCell(value, r, r.skipLoc());
          cell.ref = ref;
          cells[k] = cell;
        } else cells[k] = new StoredCell(value, r, r.skipLoc());
      }
      chunk = new StoredCells(bits, cells, r, r.skipLoc());
    } else if (kind === CHUNK_BYTES) {
      const bytes = new Uint8Array(r.count());
      for (let k = 0; k < bytes.length; k++) bytes[k] = r.int();
      chunk = { kind: 'bytes', bytes, at: r.loc() };
    } else if (kind === CHUNK_PATH_REF) {
      const ref = readRef(r);
      const path = r.str();
      chunk = { kind: 'pathRef', ref, path, at: r.loc() };
    } else throw new CodecError('builder state: bad chunk');
    chunks[i] = chunk;
  }
  return chunks;
}
