/**
 * Property values as bytes, the way dtc lays them out in a DTB: strings NUL-terminated
 * (latin1, one char per byte), cells big-endian in their /bits/ size, byte strings as is,
 * `&ref` outside `< >` as the target's path string. Plus the reverse helpers for readers.
 */
import type { ValueChunk } from './tree.js';

/** The bytes of one chunk. */
export function encodeChunk(chunk: ValueChunk): Uint8Array {
  switch (chunk.kind) {
    case 'string':
      return stringBytes(chunk.value);
    case 'bytes':
      return chunk.bytes;
    case 'pathRef':
      // An unresolved path reference inserts nothing (dtc leaves the marker empty).
      return chunk.ref.target === undefined && chunk.path === '' ? new Uint8Array(0) : stringBytes(chunk.path);
    case 'cells': {
      const size = chunk.bits / 8;
      const out = new Uint8Array(chunk.cells.length * size);
      const view = new DataView(out.buffer);
      chunk.cells.forEach((cell, i) => writeCell(view, i * size, chunk.bits, cell.value));
      return out;
    }
  }
}

/** The whole value of a property: its chunks concatenated. */
export function encodeValue(chunks: readonly ValueChunk[]): Uint8Array {
  if (chunks.length === 1) return encodeChunk(chunks[0]!);
  const parts = chunks.map(encodeChunk);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (let pIndex = 0; pIndex < parts.length; pIndex++) {
    const p = parts[pIndex]!;
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Byte length of a value without building it. */
export function valueLength(chunks: readonly ValueChunk[]): number {
  let n = 0;
  for (let cIndex = 0; cIndex < chunks.length; cIndex++) {
    const c = chunks[cIndex]!;
    if (c.kind === 'cells') n += (c.cells.length * c.bits) / 8;
    else if (c.kind === 'bytes') n += c.bytes.length;
    else if (c.kind === 'string') n += c.value.length + 1;
    else n += encodeChunk(c).length;
  }
  return n;
}

/** A string as dtc stores it: its latin1 bytes and a NUL. */
export function stringBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length + 1);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

function writeCell(view: DataView, at: number, bits: 8 | 16 | 32 | 64, value: bigint): void {
  // dtc truncates to the element size (negative values are two's complement).
  const v = BigInt.asUintN(bits, value);
  if (bits === 8) view.setUint8(at, Number(v));
  else if (bits === 16) view.setUint16(at, Number(v));
  else if (bits === 32) view.setUint32(at, Number(v));
  else view.setBigUint64(at, v);
}

/** The value as 32-bit big-endian cells, or undefined when its length is not a multiple of 4. */
export function bytesToU32s(bytes: Uint8Array): number[] | undefined {
  if (bytes.length % 4 !== 0) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += 4) out.push(view.getUint32(i));
  return out;
}

/**
 * The value as a list of NUL-terminated strings (latin1), or undefined when it is not one:
 * empty, or not ending in NUL.
 */
export function bytesToStrings(bytes: Uint8Array): string[] | undefined {
  if (bytes.length === 0 || bytes[bytes.length - 1] !== 0) return undefined;
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue;
    out.push(latin1(bytes.subarray(start, i)));
    start = i + 1;
  }
  return out;
}

export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096)
    s += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 4096)));
  return s;
}
