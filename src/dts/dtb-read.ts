/**
 * Reads a flattened device tree (a QEMU `dumpdtb`, /sys/firmware/fdt, a kernel build's .dtb) into
 * the Tree the DTS front end builds, as dtc's dt_from_blob (flattree.c, v1.6.1) reads one: header,
 * memory reservation map (ends at an entry of size 0), structure block (FDT_BEGIN_NODE, FDT_PROP,
 * FDT_NOP, FDT_END_NODE, FDT_END), strings block. Versions 16 and 17; before 16 a node's name is
 * its full path and a value of 8 bytes or more is 8-aligned, as dtc handles them.
 *
 * There is no source text: every node and property is located in the .dtb at line 1, column =
 * byte offset + 1 (the token that starts it), with its node path in `Location.nodePath`. Values
 * are typed by dtc's decompiler guess (treesource.c guess_value_type): strings where they look
 * like strings, 32-bit cells where the length is a multiple of 4, bytes otherwise. Labels come
 * back from /__symbols__ (a dtb built with `dtc -@`), phandles from `phandle`/`linux,phandle`.
 * A malformed blob is one `syntax-error` at the offending byte, never an exception.
 */
import type { Diagnostic } from './diagnostic.js';
import type { Location } from './location.js';
import type { Cell, Label, MemReserve, Node, Property, Tree, ValueChunk } from './tree.js';
import { printable } from './message-text.js';
import { latin1 } from './value.js';

export const FDT_MAGIC = 0xd00dfeed;
const FDT_BEGIN_NODE = 1;
const FDT_END_NODE = 2;
const FDT_PROP = 3;
const FDT_NOP = 4;
const FDT_END = 9;
/** dtc's FDT_V1_SIZE: magic, totalsize, three offsets, version, last_comp_version. */
const V1_HEADER = 28;
/** As deep as the DTS parser nests (parser.ts MAX_NODE_DEPTH): printers and walkers stay in bounds. */
const MAX_DEPTH = 1000;

/** True when the bytes start with the FDT magic (dtc's guess_input_format). */
export function hasFdtMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0x0d && bytes[2] === 0xfe && bytes[3] === 0xed;
}

export interface DtbReadResult {
  tree?: Tree;
  diagnostics: Diagnostic[];
}

/** Where a byte range of the blob is: line 1, columns counting bytes from 1. */
export function dtbLocation(file: string, start: number, end: number, nodePath?: string): Location {
  const at: Location = { file, line: 1, column: start + 1, endLine: 1, endColumn: Math.max(end, start + 1) + 1 };
  if (nodePath !== undefined) at.nodePath = nodePath;
  return at;
}

class Malformed {
  constructor(
    readonly message: string,
    readonly offset: number,
    readonly nodePath?: string,
  ) {}
}

export function readDtbTree(file: string, blob: Uint8Array): DtbReadResult {
  try {
    const tree = new Reader(file, blob).read();
    return { tree, diagnostics: checkNameChars(tree) };
  } catch (e) {
    if (!(e instanceof Malformed)) throw e;
    const end = Math.min(e.offset + 4, Math.max(blob.length, e.offset + 1));
    return { diagnostics: [{ code: 'syntax-error', severity: 'error', message: e.message, at: dtbLocation(file, e.offset, end, e.nodePath ?? '') }] };
  }
}

const NODE_CHARS = /[^a-zA-Z0-9,._+@-]/;
const PROP_CHARS = /[^a-zA-Z0-9,._+*#?-]/;

/**
 * dtc's node_name_chars and property_name_chars (checks.c): errors that stop dtc, so `tree` prints
 * nothing, as `dtc -I dtb -O dts` does; a DTS cannot spell such a name, a blob can. The character
 * is shown escaped: names from a binary never reach a terminal raw.
 */
function checkNameChars(tree: Tree): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: Node[] = [tree.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const at = node.definedAt[0]!;
    const bad = node.parent ? NODE_CHARS.exec(node.name) : null;
    if (bad) out.push({ code: 'node_name_chars', severity: 'error', message: `${at.nodePath}: Bad character '${printable(bad[0])}' in node name`, at });
    for (const p of node.properties) {
      const badProp = PROP_CHARS.exec(p.name);
      if (badProp) out.push({ code: 'property_name_chars', severity: 'error', message: `${p.at.nodePath}: Bad character '${printable(badProp[0])}' in property name`, at: p.at });
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

class Reader {
  private readonly view: DataView;
  private path = '';

  constructor(
    private readonly file: string,
    private readonly blob: Uint8Array,
  ) {
    this.view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  }

  read(): Tree {
    const size = this.blob.length;
    if (size < 4) this.fail(`DTB: EOF reading the magic number (file is ${size} bytes)`, 0);
    if (!hasFdtMagic(this.blob)) this.fail(`DTB: incorrect magic number 0x${this.u32(0).toString(16).padStart(8, '0')} (expected 0xd00dfeed)`, 0);
    if (size < 8) this.fail('DTB: EOF reading the blob size', 4);
    const total = this.u32(4);
    if (total < V1_HEADER) this.fail(`DTB: blob size (${total}) is too small`, 4);
    if (total > size) this.fail(`DTB: header says ${total} bytes, the file has ${size} (truncated)`, size);
    const offStruct = this.u32(8);
    const offStrings = this.u32(12);
    const offReserve = this.u32(16);
    const version = this.u32(20);
    if (offReserve >= total) this.fail(`DTB: memory reserve map offset 0x${offReserve.toString(16)} is past the end (0x${total.toString(16)})`, 16);
    if (offStruct >= total) this.fail(`DTB: structure block offset 0x${offStruct.toString(16)} is past the end (0x${total.toString(16)})`, 8);
    if (offStrings > total) this.fail(`DTB: strings block offset 0x${offStrings.toString(16)} is past the end (0x${total.toString(16)})`, 12);
    let stringsEnd = total;
    if (version >= 3) {
      if (total < 36) this.fail('DTB: header ends before size_dt_strings', total);
      stringsEnd = offStrings + this.u32(32);
      if (stringsEnd > total) this.fail('DTB: strings block extends past the end', 32);
    }
    let structEnd = total;
    if (version >= 17) {
      if (total < 40) this.fail('DTB: header ends before size_dt_struct', total);
      structEnd = offStruct + this.u32(36);
      if (structEnd > total) this.fail('DTB: structure block extends past the end', 36);
    }
    const bootCpuid = version >= 2 && total >= 32 ? this.u32(28) : 0;
    const memreserves = this.memreserves(offReserve, total);
    const root = this.structure(offStruct, structEnd, offStrings, stringsEnd, version);
    const tree: Tree = { root, memreserves, plugin: false, files: [this.file], bootCpuid, dtb: { version } };
    const top = root.children;
    for (let i = 0; i < top.length; i++) if (top[i]!.name === '__fixups__' || top[i]!.name === '__local_fixups__') tree.plugin = true;
    restoreLabels(tree);
    return tree;
  }

  private memreserves(at: number, end: number): MemReserve[] {
    const out: MemReserve[] = [];
    for (;; at += 16) {
      if (at + 16 > end) this.fail('DTB: memory reserve map has no terminating entry', at);
      const address = this.view.getBigUint64(at);
      const size = this.view.getBigUint64(at + 8);
      if (size === 0n) return out;
      out.push({ address, size, labels: [], at: dtbLocation(this.file, at, at + 16) });
    }
  }

  private structure(start: number, end: number, strings: number, stringsEnd: number, version: number): Node {
    const fullPaths = version < 16;
    let pos = start;
    const word = (): number => {
      if (pos + 4 > end) this.fail('DTB: premature end of the structure block', pos);
      const w = this.u32(pos);
      pos += 4;
      return w;
    };
    const first = word();
    if (first !== FDT_BEGIN_NODE) this.fail(`DTB: structure block does not begin with FDT_BEGIN_NODE (begins with 0x${first.toString(16).padStart(8, '0')})`, pos - 4);
    // The open nodes, their paths and (before version 16) their flat names: a loop, no recursion on the input's depth.
    const stack: Node[] = [];
    const paths: string[] = [];
    const flats: string[] = [];
    let root: Node | undefined;
    let token = first;
    let tokenAt = pos - 4;
    for (;;) {
      if (token === FDT_BEGIN_NODE) {
        const [flat, next] = this.cString(pos, end, 'node name');
        const parent = stack[stack.length - 1];
        const name = !parent ? '' : fullPaths ? this.nameFromPath(flats[flats.length - 1]!, flat, tokenAt) : flat;
        const parentPath = paths[paths.length - 1];
        // Paths are for locations and messages: a name's control characters are shown escaped.
        const path = parentPath === undefined ? '/' : `${parentPath === '/' ? '' : parentPath}/${printable(name)}`;
        if (stack.length >= MAX_DEPTH) this.fail('DTB: nodes nested too deeply', tokenAt, path);
        const at = dtbLocation(this.file, tokenAt, next, path);
        const node: Node = { name, parent: parent ?? null, children: [], properties: [], labels: [], definedAt: [at], omitIfNoRef: false, referenced: false };
        if (parent) (parent.children as Node[]).push(node);
        else root = node;
        stack.push(node);
        paths.push(path);
        flats.push(flat);
        this.path = path;
        pos = align(next, 4);
      } else if (token === FDT_PROP) {
        const node = stack[stack.length - 1]!;
        const len = word();
        const nameOff = word();
        const nameAt = strings + nameOff;
        if (nameOff >= stringsEnd - strings) this.fail(`DTB: property name offset ${nameOff} is outside the strings block`, pos - 4, this.path);
        const [name] = this.cString(nameAt, stringsEnd, 'property name');
        if (fullPaths && len >= 8) pos = align(pos, 8);
        if (pos + len > end || pos + len < pos) this.fail(`DTB: property ${printable(name)} (${len} bytes) runs past the structure block`, tokenAt, `${this.path}:${printable(name)}`);
        const where = `${this.path}:${printable(name)}`;
        const at = dtbLocation(this.file, tokenAt, pos + len, where);
        const value = typedValue(this.blob.subarray(pos, pos + len), pos, this.file, where);
        const prop: Property = { name, value, labels: [], at, nameAt: dtbLocation(this.file, tokenAt, tokenAt + 12, where), overridden: [] };
        node.properties.push(prop);
        if ((name === 'phandle' || name === 'linux,phandle') && len === 4 && node.phandle === undefined) {
          const v = this.u32(pos);
          if (v !== 0 && v !== 0xffffffff) node.phandle = v;
        }
        pos = align(pos + len, 4);
      } else if (token === FDT_END_NODE) {
        stack.pop();
        paths.pop();
        flats.pop();
        this.path = paths[paths.length - 1] ?? '';
        if (stack.length === 0) break;
      } else if (token === FDT_END) {
        this.fail('DTB: premature FDT_END in the structure block', tokenAt, this.path);
      } else if (token !== FDT_NOP) {
        this.fail(`DTB: invalid token 0x${token.toString(16).padStart(8, '0')} in the structure block`, tokenAt, this.path);
      }
      tokenAt = pos;
      token = word();
    }
    const last = word();
    if (last !== FDT_END) this.fail('DTB: structure block does not end with FDT_END', pos - 4);
    return root!;
  }

  /** dtc's nodename_from_path (version < 16: a node's name is its full path). */
  private nameFromPath(parentPath: string, path: string, at: number): string {
    const p = parentPath === '' ? '/' : parentPath;
    if (!path.startsWith(p)) this.fail(`DTB: path "${printable(path)}" is not valid as a child of "${printable(p)}"`, at);
    return path.slice(p === '/' ? 1 : p.length + 1);
  }

  private cString(at: number, end: number, what: string): [string, number] {
    const stop = this.blob.subarray(0, end).indexOf(0, at);
    if (stop === -1 || at >= end) this.fail(`DTB: ${what} runs past the end of its block`, at, this.path || undefined);
    return [latin1(this.blob.subarray(at, stop)), stop + 1];
  }

  private u32(at: number): number {
    return this.view.getUint32(at);
  }

  private fail(message: string, offset: number, nodePath?: string): never {
    throw new Malformed(message, offset, nodePath);
  }
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** dtc's isstring: printable, NUL, or one of the C escapes. */
function isStringByte(b: number): boolean {
  return (b >= 0x20 && b < 0x7f) || b === 0 || (b >= 7 && b <= 13);
}

export type GuessedType = 'string' | 'cells' | 'bytes';

/** dtc's guess_value_type for a value with no type markers (every value read from a DTB). */
export function guessValueType(bytes: Uint8Array): GuessedType {
  const len = bytes.length;
  let notString = 0;
  let nul = 0;
  for (let i = 0; i < len; i++) {
    const b = bytes[i]!;
    if (!isStringByte(b)) notString++;
    if (b === 0) nul++;
  }
  if (len > 0 && bytes[len - 1] === 0 && notString === 0 && nul <= len - nul) return 'string';
  if (len % 4 === 0) return 'cells';
  return 'bytes';
}

/** The value as chunks of the guessed type, each located at its bytes. */
function typedValue(bytes: Uint8Array, offset: number, file: string, where: string): readonly ValueChunk[] {
  if (bytes.length === 0) return NO_VALUE;
  const type = guessValueType(bytes);
  const at = dtbLocation(file, offset, offset + bytes.length, where);
  if (type === 'bytes') return [{ kind: 'bytes', bytes: bytes.slice(), at }];
  if (type === 'cells') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const cells: Cell[] = [];
    for (let i = 0; i < bytes.length; i += 4) cells.push({ value: BigInt(view.getUint32(i)), at: dtbLocation(file, offset + i, offset + i + 4, where) });
    return [{ kind: 'cells', bits: 32, cells, at }];
  }
  const out: ValueChunk[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue;
    out.push({ kind: 'string', value: latin1(bytes.subarray(start, i)), at: dtbLocation(file, offset + start, offset + i + 1, where) });
    start = i + 1;
  }
  return out;
}

const NO_VALUE: readonly ValueChunk[] = Object.freeze([]);

/** Labels from /__symbols__ (`dtc -@`): each entry is a label and the full path of its node. */
function restoreLabels(tree: Tree): void {
  const symbols = tree.root.children.find((c) => c.name === '__symbols__');
  if (!symbols) return;
  const byPath = new Map<string, Node>();
  const stack: Node[] = [tree.root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    byPath.set(n.definedAt[0]!.nodePath ?? '', n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  for (const prop of symbols.properties) {
    const only = prop.value.length === 1 ? prop.value[0] : undefined;
    if (only?.kind !== 'string') continue;
    const target = byPath.get(only.value);
    if (!target) continue;
    const label: Label = { name: prop.name, at: prop.at };
    (target.labels as Label[]).push(label);
  }
}
