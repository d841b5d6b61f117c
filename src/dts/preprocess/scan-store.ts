/**
 * A scan store on disk: the lexed form of each file (FileScan's columns) kept between runs, one
 * file per source file, so that the kernel headers and .dtsi files a board includes are lexed once
 * and not on every commit. An entry is used only while the source file's stamp (size, times,
 * inode) is the one it was made from, and only by the same format version; anything else about it
 * (missing, unreadable, truncated, another version) is a miss, and a miss only costs the lexing.
 * Entries are written whole under a temporary name and renamed, so parallel runs never read half.
 *
 * Format (little-endian): magic, header length, header (JSON), the identifier names of the file
 * (interned ids are per process, so the entry numbers them locally), then the columns.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { SourceFile } from '../source.js';
import { intern, nameOf } from './names.js';
import type { Run, ScanColumns, ScanStore } from './scan.js';

/** Bumped whenever the lexer or the columns change: older entries are then misses. */
export const SCAN_FORMAT = 1;
const MAGIC = 'DTLSCAN\n';

interface Header {
  v: number;
  producer: string;
  path: string;
  stamp: string;
  count: number;
  lineCount: number;
  lineIdCount: number;
  runCount: number;
  runIdCount: number;
  commentCount: number;
  hasCondJump: boolean;
  unterminatedComment: number;
  nameBytes: number;
}

/**
 * The store in `dir` (created on the first save). `producer` names the program and its version:
 * entries another one wrote are misses, so that a release whose lexer changed never reads them.
 */
export function diskScanStore(dir: string, producer = ''): ScanStore {
  return {
    load: (file) => loadEntry(dir, file, producer),
    save: (file, columns) => saveEntry(dir, file, columns, producer),
  };
}

/** Where the entry of `path` lives: a hash of the absolute path, and the name for people. */
export function entryPath(dir: string, path: string): string {
  const abs = resolve(path);
  let h = 0x811c9dc5;
  for (let i = 0; i < abs.length; i++) h = Math.imul(h ^ abs.charCodeAt(i), 0x01000193);
  return join(dir, `${(h >>> 0).toString(16).padStart(8, '0')}-${basename(abs)}.scan`);
}

function loadEntry(dir: string, file: SourceFile, producer: string): ScanColumns | undefined {
  if (file.stamp === undefined) return undefined;
  let buf: Buffer;
  try {
    buf = readFileSync(entryPath(dir, file.path));
  } catch {
    return undefined;
  }
  try {
    return decode(buf, resolve(file.path), file.stamp, producer);
  } catch {
    // A damaged entry is a miss; the new scan overwrites it.
    return undefined;
  }
}

function saveEntry(dir: string, file: SourceFile, columns: ScanColumns, producer: string): void {
  if (file.stamp === undefined) return;
  const target = entryPath(dir, file.path);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, encode(columns, resolve(file.path), file.stamp, producer));
    renameSync(tmp, target);
  } catch {
    // A store that cannot be written (read-only home, full disk) only means lexing next time.
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Not even that: nothing was written.
    }
  }
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

/** The entry's bytes. */
export function encode(c: ScanColumns, path: string, stamp: string, producer = ''): Uint8Array {
  // Local numbering of the file's identifiers, in order of first use.
  const local = new Map<number, number>();
  const names: string[] = [];
  const localIds = (ids: Int32Array): Int32Array => {
    const out = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id < 0) {
        out[i] = id;
        continue;
      }
      let l = local.get(id);
      if (l === undefined) {
        l = names.length;
        local.set(id, l);
        names.push(nameOf(id));
      }
      out[i] = l;
    }
    return out;
  };
  const ids = localIds(c.ids);
  const lineIds = localIds(c.lineIds);
  const runFirst = new Int32Array(c.runs.length);
  const runEnd = new Int32Array(c.runs.length);
  const runVerbatim = new Uint8Array(c.runs.length);
  const runIdStart = new Int32Array(c.runs.length + 1);
  let runIdCount = 0;
  for (let r = 0; r < c.runs.length; r++) {
    const run = c.runs[r]!;
    runFirst[r] = run.firstLine;
    runEnd[r] = run.endLine;
    runVerbatim[r] = run.verbatim ? 1 : 0;
    runIdStart[r] = runIdCount;
    runIdCount += run.ids.length;
  }
  runIdStart[c.runs.length] = runIdCount;
  const allRunIds = new Int32Array(runIdCount);
  for (let r = 0; r < c.runs.length; r++) allRunIds.set(c.runs[r]!.ids, runIdStart[r]!);
  const runIds = localIds(allRunIds);
  const nameText = Buffer.from(names.join('\n'), 'latin1');
  const header: Header = {
    v: SCAN_FORMAT,
    producer,
    path,
    stamp,
    count: c.count,
    lineCount: c.lineCount,
    lineIdCount: c.lineIds.length,
    runCount: c.runs.length,
    runIdCount,
    commentCount: c.comments.length,
    hasCondJump: c.condJump !== null,
    unterminatedComment: c.unterminatedComment,
    nameBytes: nameText.length,
  };
  const headerText = Buffer.from(JSON.stringify(header), 'utf8');
  const int32s: Int32Array[] = [
    c.start,
    c.end,
    ids,
    c.lineFirst,
    c.lineEnd,
    c.lineRawStart,
    c.lineRun,
    c.lineIds0,
    c.lineIds1,
    lineIds,
    ...(c.condJump ? [c.condJump] : []),
    runFirst,
    runEnd,
    runIdStart,
    runIds,
    Int32Array.from(c.comments),
  ];
  const bytes: Uint8Array[] = [c.type, c.flags, c.lineKind, c.lineVerbatim, runVerbatim];
  const top = align4(MAGIC.length + 4 + headerText.length + nameText.length);
  let size = top;
  for (const a of int32s) size += a.byteLength;
  for (const a of bytes) size += a.byteLength;
  const out = Buffer.alloc(size);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(headerText.length, MAGIC.length);
  headerText.copy(out, MAGIC.length + 4);
  nameText.copy(out, MAGIC.length + 4 + headerText.length);
  let at = top;
  for (const a of [...int32s, ...bytes]) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  return out;
}

/**
 * The columns of an entry made from `path` at `stamp` by `producer`; undefined for an entry of
 * something else, and throws when the bytes are not an entry at all.
 */
export function decode(buf: Uint8Array, path: string, stamp: string, producer = ''): ScanColumns | undefined {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < MAGIC.length + 4 || b.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const headerLength = b.readUInt32LE(MAGIC.length);
  const h = JSON.parse(b.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + headerLength)) as Header;
  if (h.v !== SCAN_FORMAT || h.producer !== producer || h.path !== path || h.stamp !== stamp) return undefined;
  const nameStart = MAGIC.length + 4 + headerLength;
  const names = h.nameBytes === 0 ? [] : b.toString('latin1', nameStart, nameStart + h.nameBytes).split('\n');
  const global = new Int32Array(names.length);
  for (let l = 0; l < names.length; l++) global[l] = intern(names[l]!);
  // The columns are views of the bytes read (copied only when they sit unaligned in memory).
  const top = align4(nameStart + h.nameBytes);
  if (b.length - top !== expectedBytes(h)) throw new Error('scan entry: wrong size');
  let data: Uint8Array = b.subarray(top);
  if (data.byteOffset % 4 !== 0) data = new Uint8Array(data);
  const buffer = data.buffer;
  let at = data.byteOffset;
  const int32 = (n: number): Int32Array => {
    const a = new Int32Array(buffer, at, n);
    at += n * 4;
    return a;
  };
  const uint8 = (n: number): Uint8Array => {
    const a = new Uint8Array(buffer, at, n);
    at += n;
    return a;
  };
  const toGlobal = (ids: Int32Array): Int32Array => {
    for (let i = 0; i < ids.length; i++) {
      const l = ids[i]!;
      if (l >= 0) ids[i] = global[l]!;
    }
    return ids;
  };
  const start = int32(h.count);
  const end = int32(h.count);
  const ids = toGlobal(int32(h.count));
  const lineFirst = int32(h.lineCount);
  const lineEnd = int32(h.lineCount);
  const lineRawStart = int32(h.lineCount);
  const lineRun = int32(h.lineCount);
  const lineIds0 = int32(h.lineCount);
  const lineIds1 = int32(h.lineCount);
  const lineIds = toGlobal(int32(h.lineIdCount));
  const condJump = h.hasCondJump ? int32(h.lineCount) : null;
  const runFirst = int32(h.runCount);
  const runEnd = int32(h.runCount);
  const runIdStart = int32(h.runCount + 1);
  const runIds = toGlobal(int32(h.runIdCount));
  const comments = int32(h.commentCount);
  const type = uint8(h.count);
  const flags = uint8(h.count);
  const lineKind = uint8(h.lineCount);
  const lineVerbatim = uint8(h.lineCount);
  const runVerbatim = uint8(h.runCount);
  const runs: Run[] = [];
  for (let r = 0; r < h.runCount; r++) {
    runs.push({ firstLine: runFirst[r]!, endLine: runEnd[r]!, ids: runIds.subarray(runIdStart[r]!, runIdStart[r + 1]!), verbatim: runVerbatim[r] === 1 });
  }
  return {
    count: h.count,
    type,
    flags,
    start,
    end,
    ids,
    lineCount: h.lineCount,
    lineKind,
    lineFirst,
    lineEnd,
    lineRawStart,
    lineRun,
    lineIds0,
    lineIds1,
    lineVerbatim,
    lineIds,
    runs,
    condJump,
    unterminatedComment: h.unterminatedComment,
    comments,
  };
}

function expectedBytes(h: Header): number {
  const int32s = 3 * h.count + (6 + (h.hasCondJump ? 1 : 0)) * h.lineCount + h.lineIdCount + 3 * h.runCount + 1 + h.runIdCount + h.commentCount;
  return int32s * 4 + 2 * h.count + 2 * h.lineCount + h.runCount;
}
