/**
 * An entry of dtlint's stores (preprocess/scan-store.ts, prefix.ts) and the file it lives in.
 * Frame (little-endian): magic, CRC-32 of everything after it, header length, header (JSON), then
 * parts, each from a 4-byte boundary so that a 32-bit column is viewed where it lies. The checksum
 * makes a damaged file (a flipped byte, a disk error, a truncation) a miss: without it a damaged
 * count or offset decoded into other findings, or into a loop that did not end. A file is read whole and written
 * whole under a temporary name and renamed, so parallel runs never read half; a file that cannot
 * be read, written or decoded is a miss, and a miss only costs the work again.
 */
import { mkdirSync } from 'node:fs';
import { readWholeFile, type SpareBuffer } from './spare-buffer.js';
import { writeAtomically } from './write-atomically.js';

type Zlib = typeof import('node:zlib');
let zlib: Zlib | undefined;

/** node:zlib's CRC-32, loaded when a store entry is first read or written: not at every start. */
function crc32(bytes: Uint8Array): number {
  zlib ??= process.getBuiltinModule('node:zlib') as Zlib;
  return zlib.crc32(bytes);
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

export function packEntry(magic: string, header: object, parts: readonly ArrayBufferView[]): Uint8Array {
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const headerAt = magic.length + 8;
  let size = headerAt + headerBytes.length;
  for (const part of parts) size = align4(size) + part.byteLength;
  const out = Buffer.alloc(size);
  out.write(magic, 0, 'latin1');
  out.writeUInt32LE(headerBytes.length, magic.length + 4);
  headerBytes.copy(out, headerAt);
  let at = headerAt + headerBytes.length;
  for (const part of parts) {
    at = align4(at);
    out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
    at += part.byteLength;
  }
  out.writeUInt32LE(crc32(out.subarray(magic.length + 4)), magic.length);
  return out;
}

/** The parts of an entry, in the order they were packed; views of the bytes read. */
export class EntryParts {
  constructor(
    private readonly data: Uint8Array,
    private at: number,
  ) {}

  private take(byteLength: number): number {
    const start = align4(this.at);
    if (start + byteLength > this.data.byteLength) throw new Error('store entry: too short');
    this.at = start + byteLength;
    return this.data.byteOffset + start;
  }

  int32(count: number): Int32Array {
    return new Int32Array(this.data.buffer, this.take(count * 4), count);
  }

  uint8(count: number): Uint8Array {
    return new Uint8Array(this.data.buffer, this.take(count), count);
  }

  text(byteLength: number, encoding: 'latin1' | 'utf8'): string {
    return Buffer.from(this.data.buffer, this.take(byteLength), byteLength).toString(encoding);
  }

  /** Throws unless every byte was taken. */
  end(): void {
    if (this.at !== this.data.byteLength) throw new Error('store entry: too long');
  }
}

/** The header and parts of an entry of this magic; undefined for other bytes. */
export function unpackEntry(bytes: Uint8Array, magic: string): { header: unknown; parts: EntryParts } | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerAt = magic.length + 8;
  if (b.length < headerAt || b.toString('latin1', 0, magic.length) !== magic) return undefined;
  if (b.readUInt32LE(magic.length) !== crc32(b.subarray(magic.length + 4))) return undefined;
  const headerLength = b.readUInt32LE(magic.length + 4);
  if (headerAt + headerLength > b.length) return undefined;
  const header: unknown = JSON.parse(b.toString('utf8', headerAt, headerAt + headerLength));
  // Parts are views: of the bytes themselves when they sit 4-aligned in memory, else of a copy.
  const data = b.byteOffset % 4 === 0 ? b : new Uint8Array(b);
  return { header, parts: new EntryParts(data, headerAt + headerLength) };
}

/** What `decode` makes of the file at `path`; undefined when there is none or it is damaged. */
export function readEntryFile<T>(path: string, decode: (bytes: Buffer) => T | undefined, spare?: SpareBuffer): T | undefined {
  let bytes: Buffer;
  try {
    bytes = readWholeFile(path, spare);
  } catch {
    return undefined;
  }
  try {
    return decode(bytes);
  } catch {
    // A damaged entry is a miss; the next save overwrites it.
    return undefined;
  }
}

/** Writes `encode()` to `path` in `dir` (made if needed); a store that cannot be written is no error. */
export function writeEntryFile(dir: string, path: string, encode: () => Uint8Array): void {
  try {
    mkdirSync(dir, { recursive: true });
    writeAtomically(path, encode());
  } catch {
    // A read-only home or a full disk only means the work again next time.
  }
}
