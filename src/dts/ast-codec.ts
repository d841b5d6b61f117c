/**
 * A compact form of parsed top-level items, for keeping them between runs (prefix-store.ts): one
 * stream of 32-bit integers and a table of strings. Decoding builds the very objects the parser
 * builds (same keys, in the same order, optional keys only where the parser sets them), so
 * nothing downstream can tell a decoded item from a parsed one. Locations are values: each use
 * gets its own object; `expansion` lists are shared, as the preprocessor shares them.
 */
import type { CellAst, Label, NodeAst, NodeItemAst, PropertyAst, Reference, TopItemAst, ValueChunkAst } from './ast.js';
import { SMALL_BIGINTS } from './lexer.js';
import type { Location, MacroOrigin } from './location.js';

export interface EncodedItems {
  ints: Int32Array;
  strings: string[];
}

const NONE = -1;

/** Most cells are small numbers: the lexer's shared BigInts. */
const SMALL = SMALL_BIGINTS;

const TOP_KINDS = ['version', 'plugin', 'memreserve', 'root', 'refNode', 'deleteNode', 'omitIfNoRef'] as const;
const ITEM_PROPERTY = 0;
const ITEM_NODE = 1;
const ITEM_DELETE_PROPERTY = 2;
const ITEM_DELETE_NODE = 3;
const CHUNK_KINDS = ['string', 'cells', 'bytes', 'pathRef', 'incbin'] as const;

/** Writes items, locations and plain ints and strings into one stream (prefix.ts adds its own). */
export class ItemWriter {
  private buf = new Int32Array(1 << 14);
  private n = 0;
  readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly expansionIds = new Map<MacroOrigin[], number>();

  /**
   * Starts a section that reads on its own (ItemReader at this offset): expansion lists are
   * written again in it, not referred to earlier ones. Returns the section's offset.
   */
  section(): number {
    this.expansionIds.clear();
    return this.n;
  }

  int(x: number): void {
    if (this.n === this.buf.length) {
      const grown = new Int32Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.n++] = x;
  }

  private stringId(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  str(s: string): void {
    this.int(this.stringId(s));
  }

  big(v: bigint): void {
    // Beyond 31 bits: -1 - the index of its decimal text in the string table.
    if (v >= 0n && v <= 0x7fffffffn) this.int(Number(v));
    else this.int(-1 - this.stringId(v.toString()));
  }

  loc(at: Location): void {
    this.str(at.file);
    this.int(at.line);
    this.int(at.column);
    this.int(at.endLine);
    this.int(at.endColumn);
    if (!at.expansion) {
      this.int(NONE);
      return;
    }
    const known = this.expansionIds.get(at.expansion);
    if (known !== undefined) {
      this.int(known);
      return;
    }
    // First use: the list itself follows its new id.
    const id = this.expansionIds.size;
    this.expansionIds.set(at.expansion, id);
    this.int(id);
    this.int(at.expansion.length);
    for (const origin of at.expansion) {
      this.str(origin.macro);
      this.loc(origin.definedAt);
    }
  }

  labels(labels: Label[] | undefined): void {
    if (!labels) {
      this.int(NONE);
      return;
    }
    this.int(labels.length);
    for (const label of labels) {
      this.str(label.name);
      this.loc(label.at);
    }
  }

  ref(ref: Reference): void {
    if (ref.label !== undefined) {
      this.int(0);
      this.str(ref.label);
    } else {
      this.int(1);
      this.str(ref.path ?? '');
    }
    this.loc(ref.at);
  }

  node(node: NodeAst): void {
    this.str(node.name);
    this.loc(node.nameAt);
    this.labels(node.labels);
    this.int(node.omitIfNoRef ? 1 : 0);
    this.int(node.items.length);
    for (const item of node.items) this.nodeItem(item);
    this.loc(node.at);
  }

  nodeItem(item: NodeItemAst): void {
    switch (item.kind) {
      case 'property':
        this.int(ITEM_PROPERTY);
        this.property(item);
        return;
      case 'node':
        this.int(ITEM_NODE);
        this.node(item);
        return;
      default:
        this.int(item.kind === 'deleteProperty' ? ITEM_DELETE_PROPERTY : ITEM_DELETE_NODE);
        this.str(item.name);
        this.loc(item.nameAt);
        this.loc(item.at);
    }
  }

  property(prop: PropertyAst): void {
    this.str(prop.name);
    this.loc(prop.nameAt);
    this.labels(prop.labels);
    if (prop.value === null) this.int(NONE);
    else {
      this.int(prop.value.length);
      for (const chunk of prop.value) this.chunk(chunk);
    }
    this.loc(prop.at);
    this.labels(prop.endLabels);
  }

  chunk(chunk: ValueChunkAst): void {
    this.int(CHUNK_KINDS.indexOf(chunk.kind));
    switch (chunk.kind) {
      case 'string':
        this.str(chunk.value);
        this.loc(chunk.at);
        break;
      case 'cells':
        this.int(chunk.bits);
        this.int(chunk.cells.length);
        for (const cell of chunk.cells) this.cell(cell);
        this.loc(chunk.at);
        break;
      case 'bytes':
        this.int(chunk.bytes.length);
        for (const b of chunk.bytes) this.int(b);
        this.loc(chunk.at);
        break;
      case 'pathRef':
        this.ref(chunk.ref);
        this.loc(chunk.at);
        break;
      case 'incbin':
        this.str(chunk.file);
        this.loc(chunk.at);
        this.int(chunk.offset === undefined ? 0 : 1);
        if (chunk.offset !== undefined) this.big(chunk.offset);
        this.int(chunk.length === undefined ? 0 : 1);
        if (chunk.length !== undefined) this.big(chunk.length);
        break;
    }
    this.labels(chunk.labels);
    if (chunk.kind === 'cells' || chunk.kind === 'bytes') this.labels(chunk.endLabels);
  }

  cell(cell: CellAst): void {
    this.big(cell.value);
    if (cell.ref) {
      this.int(1);
      this.ref(cell.ref);
    } else this.int(0);
    this.loc(cell.at);
    this.labels(cell.labels);
  }

  top(item: TopItemAst): void {
    this.int(TOP_KINDS.indexOf(item.kind));
    switch (item.kind) {
      case 'version':
      case 'plugin':
        break;
      case 'memreserve':
        this.labels(item.labels);
        this.big(item.address);
        this.big(item.size);
        break;
      case 'root':
        this.node(item.node);
        break;
      case 'refNode':
        this.ref(item.ref);
        this.labels(item.labels);
        this.node(item.node);
        break;
      case 'deleteNode':
      case 'omitIfNoRef':
        this.ref(item.ref);
        break;
    }
    this.loc(item.at);
  }

  items(items: readonly TopItemAst[]): void {
    this.int(items.length);
    for (const item of items) this.top(item);
  }

  done(): EncodedItems {
    return { ints: this.buf.slice(0, this.n), strings: this.strings };
  }
}

export function encodeItems(items: readonly TopItemAst[]): EncodedItems {
  const w = new ItemWriter();
  w.items(items);
  return w.done();
}

/** Thrown for a stream that is not an encoding of items (a damaged store entry). */
export class CodecError extends Error {}

/** Reads what an ItemWriter wrote, in the same order. */
export class ItemReader {
  private readonly expansions: MacroOrigin[][] = [];

  constructor(
    private readonly ints: Int32Array,
    private readonly strings: string[],
    /** Where to start: 0, or a section's offset (ItemWriter.section). */
    private p = 0,
  ) {}

  /** Past the end this reads undefined, which no caller takes for a count or an index. */
  int(): number {
    return this.ints[this.p++]!;
  }

  /** Skips a NONE (-1) and says so, or reads nothing. */
  peekNone(): boolean {
    if (this.ints[this.p] !== NONE) return false;
    this.p++;
    return true;
  }

  /** A count of things that each take at least one int. */
  count(): number {
    const n = this.ints[this.p++]!;
    if (!(n >= 0 && n <= this.ints.length - this.p)) throw new CodecError('encoded items: bad count');
    return n;
  }

  str(): string {
    const s = this.strings[this.int()];
    if (s === undefined) throw new CodecError('encoded items: bad string');
    return s;
  }

  big(): bigint {
    const x = this.int();
    if (x >= 0) return x < SMALL.length ? SMALL[x]! : BigInt(x);
    const text = this.strings[-1 - x];
    if (text === undefined) throw new CodecError('encoded items: bad integer');
    return BigInt(text);
  }

  /** The hottest read (every token the parser kept has one): straight from the array. */
  loc(): Location {
    const ints = this.ints;
    const p = this.p;
    const file = this.strings[ints[p]!];
    if (file === undefined) throw new CodecError('encoded items: bad location');
    const e = ints[p + 5]!;
    this.p = p + 6;
    // One literal per shape: adding `expansion` afterwards would give the object a property store.
    if (e === NONE) return { file, line: ints[p + 1]!, column: ints[p + 2]!, endLine: ints[p + 3]!, endColumn: ints[p + 4]! };
    return { file, line: ints[p + 1]!, column: ints[p + 2]!, endLine: ints[p + 3]!, endColumn: ints[p + 4]!, expansion: this.expansion(e) };
  }

  private expansion(id: number): MacroOrigin[] {
    if (id < this.expansions.length) return this.expansions[id]!;
    if (id !== this.expansions.length) throw new CodecError('encoded items: bad expansion');
    const list: MacroOrigin[] = [];
    this.expansions.push(list);
    const n = this.count();
    for (let i = 0; i < n; i++) {
      const macro = this.str();
      list.push({ macro, definedAt: this.loc() });
    }
    return list;
  }

  labelList(): Label[] | undefined {
    if (this.ints[this.p] === NONE) {
      this.p++;
      return undefined;
    }
    const n = this.count();
    const labels: Label[] = [];
    for (let i = 0; i < n; i++) {
      const name = this.str();
      labels.push({ name, at: this.loc() });
    }
    return labels;
  }

  labels(): Label[] {
    return this.labelList() ?? [];
  }

  ref(): Reference {
    const kind = this.int();
    const name = this.str();
    const at = this.loc();
    return kind === 0 ? { label: name, at } : { path: name, at };
  }

  node(): NodeAst {
    const name = this.str();
    const nameAt = this.loc();
    const labels = this.labels();
    const omitIfNoRef = this.int() === 1;
    const n = this.count();
    const items: NodeItemAst[] = new Array<NodeItemAst>(n);
    for (let i = 0; i < n; i++) items[i] = this.nodeItem();
    return { kind: 'node', name, nameAt, labels, omitIfNoRef, items, at: this.loc() };
  }

  nodeItem(): NodeItemAst {
    const kind = this.int();
    if (kind === ITEM_PROPERTY) return this.property();
    if (kind === ITEM_NODE) return this.node();
    if (kind !== ITEM_DELETE_PROPERTY && kind !== ITEM_DELETE_NODE) throw new CodecError('encoded items: bad node item');
    const name = this.str();
    const nameAt = this.loc();
    return { kind: kind === ITEM_DELETE_PROPERTY ? 'deleteProperty' : 'deleteNode', name, nameAt, at: this.loc() };
  }

  property(): PropertyAst {
    const name = this.str();
    const nameAt = this.loc();
    const labels = this.labels();
    let value: ValueChunkAst[] | null = null;
    if (this.ints[this.p] === NONE) this.p++;
    else {
      const n = this.count();
      value = new Array<ValueChunkAst>(n);
      for (let i = 0; i < n; i++) value[i] = this.chunk();
    }
    const prop: PropertyAst = { kind: 'property', name, nameAt, labels, value, at: this.loc() };
    const endLabels = this.labelList();
    if (endLabels) prop.endLabels = endLabels;
    return prop;
  }

  chunk(): ValueChunkAst {
    const kind = CHUNK_KINDS[this.int()];
    let chunk: ValueChunkAst;
    switch (kind) {
      case 'string': {
        const value = this.str();
        chunk = { kind, value, at: this.loc() };
        break;
      }
      case 'cells': {
        const bits = this.int() as 8 | 16 | 32 | 64;
        const n = this.count();
        const cells = new Array<CellAst>(n);
        for (let i = 0; i < n; i++) cells[i] = this.cell();
        chunk = { kind, bits, cells, at: this.loc() };
        break;
      }
      case 'bytes': {
        const n = this.count();
        const bytes: number[] = [];
        for (let i = 0; i < n; i++) bytes.push(this.int());
        chunk = { kind, bytes, at: this.loc() };
        break;
      }
      case 'pathRef': {
        const ref = this.ref();
        chunk = { kind, ref, at: this.loc() };
        break;
      }
      case 'incbin': {
        const file = this.str();
        const incbin: ValueChunkAst = { kind, file, at: this.loc() };
        if (this.int() === 1) incbin.offset = this.big();
        if (this.int() === 1) incbin.length = this.big();
        chunk = incbin;
        break;
      }
      default:
        throw new CodecError('encoded items: bad chunk');
    }
    const labels = this.labelList();
    if (labels) chunk.labels = labels;
    if (chunk.kind === 'cells' || chunk.kind === 'bytes') {
      const endLabels = this.labelList();
      if (endLabels) chunk.endLabels = endLabels;
    }
    return chunk;
  }

  cell(): CellAst {
    // Most cells are a plain number (no reference, no label) at a place no macro made: read in one go.
    const ints = this.ints;
    const p = this.p;
    const x = ints[p]!;
    if (x >= 0 && ints[p + 1] === 0 && ints[p + 7] === NONE && ints[p + 8] === NONE) {
      const file = this.strings[ints[p + 2]!];
      if (file === undefined) throw new CodecError('encoded items: bad location');
      this.p = p + 9;
      const at: Location = { file, line: ints[p + 3]!, column: ints[p + 4]!, endLine: ints[p + 5]!, endColumn: ints[p + 6]! };
      return { value: x < SMALL.length ? SMALL[x]! : BigInt(x), at };
    }
    const value = this.big();
    let cell: CellAst;
    if (this.int() === 1) {
      const ref = this.ref();
      cell = { value, ref, at: this.loc() };
    } else {
      cell = { value, at: this.loc() };
    }
    const labels = this.labelList();
    if (labels) cell.labels = labels;
    return cell;
  }

  top(): TopItemAst {
    const kind = TOP_KINDS[this.int()];
    switch (kind) {
      case 'version':
      case 'plugin':
        return { kind, at: this.loc() };
      case 'memreserve': {
        const labels = this.labels();
        const address = this.big();
        const size = this.big();
        return { kind, labels, address, size, at: this.loc() };
      }
      case 'root': {
        const node = this.node();
        return { kind, node, at: this.loc() };
      }
      case 'refNode': {
        const ref = this.ref();
        const labels = this.labels();
        const node = this.node();
        return { kind, ref, labels, node, at: this.loc() };
      }
      case 'deleteNode':
      case 'omitIfNoRef': {
        const ref = this.ref();
        return { kind, ref, at: this.loc() };
      }
      default:
        throw new CodecError('encoded items: bad item');
    }
  }

  items(): TopItemAst[] {
    const n = this.count();
    const items: TopItemAst[] = [];
    for (let i = 0; i < n; i++) items.push(this.top());
    return items;
  }

  /** Throws unless the reader stopped at `at` (the stream's end when not given). */
  end(at = this.ints.length): void {
    if (this.p !== at) throw new CodecError('encoded items: trailing data');
  }
}

/** The items `encodeItems` was given; throws CodecError for anything else. */
export function decodeItems(encoded: EncodedItems): TopItemAst[] {
  const r = new ItemReader(encoded.ints, encoded.strings);
  const items = r.items();
  r.end();
  return items;
}
