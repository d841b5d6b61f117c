/**
 * Flattened device tree (DTB), version 17, laid out byte for byte as dtc 1.6.1 writes it
 * (flattree.c): 40-byte header, memory reservation map at offset 40 ending with an empty entry,
 * structure block, strings block; no padding between blocks. Property names are stored once:
 * a name that is a suffix of one already in the table reuses its tail (dtc's stringtable_insert).
 * readDtb is the reverse, to a plain structure, for tests and comparisons.
 */
import type { Node, Tree, ValueChunk } from './tree.js';
import { encodeChunk, latin1 } from './value.js';

const FDT_MAGIC = 0xd00dfeed;
const FDT_BEGIN_NODE = 1;
const FDT_END_NODE = 2;
const FDT_PROP = 3;
const FDT_NOP = 4;
const FDT_END = 9;
const HEADER_SIZE = 40;

export interface DtbOptions {
  /** boot_cpuid_phys; defaults to dtc's guess kept in the tree, else 0. */
  bootCpuid?: number;
}

export function writeDtb(tree: Tree, options: DtbOptions = {}): Uint8Array {
  const struct = new ByteWriter(1 << 16);
  const strings = new StringTable();
  writeNode(tree.root, struct, strings);
  struct.u32(FDT_END);

  const reserve = new ByteWriter(16 * (tree.memreserves.length + 1));
  for (const r of tree.memreserves) {
    reserve.u64(r.address);
    reserve.u64(r.size);
  }
  reserve.u64(0n);
  reserve.u64(0n);

  const stringBytes = strings.bytes();
  const offReserve = HEADER_SIZE;
  const offStruct = offReserve + reserve.length;
  const offStrings = offStruct + struct.length;
  const total = offStrings + stringBytes.length;

  const out = new ByteWriter(total);
  out.u32(FDT_MAGIC);
  out.u32(total);
  out.u32(offStruct);
  out.u32(offStrings);
  out.u32(offReserve);
  out.u32(17);
  out.u32(16);
  out.u32((options.bootCpuid ?? tree.bootCpuid ?? 0) >>> 0);
  out.u32(stringBytes.length);
  out.u32(struct.length);
  out.append(reserve.view());
  out.append(struct.view());
  out.append(stringBytes);
  return out.view();
}

function writeNode(node: Node, out: ByteWriter, strings: StringTable): void {
  out.u32(FDT_BEGIN_NODE);
  out.latin1(node.name);
  out.u8(0);
  out.align4();
  for (const prop of node.properties) {
    out.u32(FDT_PROP);
    // The length goes in once the value is written: one pass over the chunks instead of two.
    const lengthAt = out.length;
    out.u32(0);
    out.u32(strings.offsetOf(prop.name));
    const valueStart = out.length;
    for (const chunk of prop.value) writeChunk(chunk, out);
    out.setU32(lengthAt, out.length - valueStart);
    out.align4();
  }
  for (const child of node.children) writeNode(child, out, strings);
  out.u32(FDT_END_NODE);
}

/** Writes a chunk in place (what encodeChunk returns, without the copy: DTBs of whole boards add up). */
function writeChunk(chunk: ValueChunk, out: ByteWriter): void {
  if (chunk.kind === 'cells' && chunk.bits === 32) {
    for (const c of chunk.cells) {
      // Cells are nearly always in range already (one conversion); asUintN is the slow path.
      const n = Number(c.value);
      out.u32(n >= 0 && n <= 0xffffffff ? n : Number(BigInt.asUintN(32, c.value)));
    }
  } else if (chunk.kind === 'string') {
    out.latin1(chunk.value);
    out.u8(0);
  } else out.append(encodeChunk(chunk));
}

/**
 * dtc's string table (stringtable_insert): a name is stored at the lowest offset where the table
 * already holds it NUL-terminated, that is as the tail of a stored name, else appended.
 */
class StringTable {
  private readonly out = new ByteWriter(1024);
  private readonly offsets = new Map<string, number>();
  /** Stored names in table order, and by their last TAIL chars: only those can end with a longer name. */
  private readonly stored: StoredName[] = [];
  private readonly byTail = new Map<string, StoredName[]>();

  offsetOf(name: string): number {
    const known = this.offsets.get(name);
    if (known !== undefined) return known;
    const at = this.find(name) ?? this.append(name);
    this.offsets.set(name, at);
    return at;
  }

  /** The first stored name (so the lowest offset) that ends with `name`. */
  private find(name: string): number | undefined {
    const candidates = name.length >= TAIL ? (this.byTail.get(name.slice(-TAIL)) ?? []) : this.stored;
    for (const s of candidates) {
      if (s.name.endsWith(name)) return s.at + s.name.length - name.length;
    }
    return undefined;
  }

  private append(name: string): number {
    const stored = { name, at: this.out.length };
    this.out.latin1(name);
    this.out.u8(0);
    this.stored.push(stored);
    if (name.length >= TAIL) {
      const tail = name.slice(-TAIL);
      const list = this.byTail.get(tail);
      if (list) list.push(stored);
      else this.byTail.set(tail, [stored]);
    }
    return stored.at;
  }

  bytes(): Uint8Array {
    return this.out.view();
  }
}

interface StoredName {
  name: string;
  at: number;
}

const TAIL = 3;

class ByteWriter {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(capacity, 16));
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(v: number): void {
    this.reserve(1);
    this.buf[this.length++] = v;
  }

  u32(v: number): void {
    this.reserve(4);
    this.put32(this.length, v);
    this.length += 4;
  }

  /** Overwrites 4 bytes already written. */
  setU32(at: number, v: number): void {
    this.put32(at, v);
  }

  u64(v: bigint): void {
    const u = BigInt.asUintN(64, v);
    this.u32(Number(u >> 32n));
    this.u32(Number(u & 0xffffffffn));
  }

  latin1(s: string): void {
    const n = s.length;
    this.reserve(n);
    const buf = this.buf;
    let at = this.length;
    for (let i = 0; i < n; i++) buf[at++] = s.charCodeAt(i);
    this.length = at;
  }

  append(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  align4(): void {
    while (this.length & 3) this.u8(0);
  }

  /** The bytes written, without a copy when the buffer is exactly full. */
  view(): Uint8Array {
    return this.length === this.buf.length ? this.buf : this.buf.slice(0, this.length);
  }

  /** Big-endian, as every FDT field. */
  private put32(at: number, v: number): void {
    const buf = this.buf;
    buf[at] = v >>> 24;
    buf[at + 1] = v >>> 16;
    buf[at + 2] = v >>> 8;
    buf[at + 3] = v;
  }
}

/** A DTB read back: names and raw values only. */
export interface DtbNode {
  name: string;
  properties: { name: string; value: Uint8Array }[];
  children: DtbNode[];
}

export interface Dtb {
  version: number;
  lastCompatibleVersion: number;
  bootCpuid: number;
  memreserves: { address: bigint; size: bigint }[];
  root: DtbNode;
}

/** Parses a DTB (version 16 or 17). Throws on a malformed blob: it is a test helper, not user input. */
export function readDtb(blob: Uint8Array): Dtb {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (view.getUint32(0) !== FDT_MAGIC) throw new Error('not a DTB: bad magic');
  const offStruct = view.getUint32(8);
  const offStrings = view.getUint32(12);
  const offReserve = view.getUint32(16);
  const memreserves: Dtb['memreserves'] = [];
  for (let at = offReserve; ; at += 16) {
    const address = view.getBigUint64(at);
    const size = view.getBigUint64(at + 8);
    if (address === 0n && size === 0n) break;
    memreserves.push({ address, size });
  }
  const cString = (at: number): [string, number] => {
    const end = blob.indexOf(0, at);
    return [latin1(blob.subarray(at, end)), end + 1];
  };
  let pos = offStruct;
  const stack: DtbNode[] = [];
  let root: DtbNode | undefined;
  for (;;) {
    const token = view.getUint32(pos);
    pos += 4;
    if (token === FDT_BEGIN_NODE) {
      const [name, next] = cString(pos);
      pos = (next + 3) & ~3;
      const node: DtbNode = { name, properties: [], children: [] };
      if (stack.length > 0) stack[stack.length - 1]!.children.push(node);
      else root = node;
      stack.push(node);
    } else if (token === FDT_PROP) {
      const len = view.getUint32(pos);
      const nameOff = view.getUint32(pos + 4);
      const value = blob.slice(pos + 8, pos + 8 + len);
      pos = (pos + 8 + len + 3) & ~3;
      stack[stack.length - 1]!.properties.push({ name: cString(offStrings + nameOff)[0], value });
    } else if (token === FDT_END_NODE) stack.pop();
    else if (token === FDT_END) break;
    else if (token !== FDT_NOP) throw new Error(`bad DTB token ${token} at ${pos - 4}`);
  }
  if (!root) throw new Error('DTB has no root node');
  return {
    version: view.getUint32(20),
    lastCompatibleVersion: view.getUint32(24),
    bootCpuid: view.getUint32(28),
    memreserves,
    root,
  };
}
