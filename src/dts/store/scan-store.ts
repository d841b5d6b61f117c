/**
 * A scan store on disk: the lexed form of each file (FileScan's columns) kept between runs, one
 * file per source file, so that the kernel headers and .dtsi files a board includes are lexed once
 * and not on every commit. An entry is used only while the source file's stamp (size, times,
 * inode) is the one it was made from, and only by the same format version; anything else about it
 * (missing, unreadable, truncated, another version) is a miss, and a miss only costs the lexing.
 * Entries are written whole under a temporary name and renamed, so parallel runs never read half.
 *
 * Format (store-entry.ts frame): header (JSON), the identifier names of the file (interned ids are
 * per process, so the entry numbers them locally), then the columns.
 */
import { basename, join, resolve } from 'node:path';
import { modifiedRecently, type SourceFile } from '../source.js';
import { packEntry, readEntryFile, unpackEntry, writeEntryFile } from './store-entry.js';
import { hashRange, intern, nameOf } from '../preprocess/names.js';
import type { Run, ScanColumns, ScanStore } from '../preprocess/scan.js';

/** Bumped whenever the lexer or the columns change: older entries are then misses. */
export const SCAN_FORMAT = 2;
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
  const h = hashRange(abs, 0, abs.length) >>> 0;
  return join(dir, `${h.toString(16).padStart(8, '0')}-${basename(abs)}.scan`);
}

function loadEntry(dir: string, file: SourceFile, producer: string): ScanColumns | undefined {
  const stamp = file.stamp;
  if (stamp === undefined) return undefined;
  const path = resolve(file.path);
  return readEntryFile(entryPath(dir, path), (bytes) => decode(bytes, path, stamp, producer));
}

function saveEntry(dir: string, file: SourceFile, columns: ScanColumns, producer: string): void {
  const stamp = file.stamp;
  if (stamp === undefined || modifiedRecently(stamp)) return;
  const path = resolve(file.path);
  writeEntryFile(dir, entryPath(dir, path), () => encode(columns, path, stamp, producer));
}

/**
 * The columns an entry holds, beyond the header and the names: FileScan's typed arrays, with the
 * runs and the comment list as arrays too.
 */
type EntryColumns = Omit<ScanColumns, 'count' | 'lineCount' | 'runs' | 'condJump' | 'unterminatedComment' | 'comments'> & {
  condJump: Int32Array;
  comments: Int32Array;
  runFirst: Int32Array;
  runEnd: Int32Array;
  runIdStart: Int32Array;
  runIds: Int32Array;
  runVerbatim: Uint8Array;
};

/**
 * The columns in the order they are stored, with their width and length: the one place the format
 * is written down (encode and decode both read it; store-entry.ts starts each on a 4-byte boundary).
 */
const LAYOUT: readonly { name: keyof EntryColumns; bytes: 4 | 1; length: (h: Header) => number }[] = [
  { name: 'start', bytes: 4, length: (h) => h.count },
  { name: 'end', bytes: 4, length: (h) => h.count },
  { name: 'ids', bytes: 4, length: (h) => h.count },
  { name: 'lineFirst', bytes: 4, length: (h) => h.lineCount },
  { name: 'lineEnd', bytes: 4, length: (h) => h.lineCount },
  { name: 'lineRawStart', bytes: 4, length: (h) => h.lineCount },
  { name: 'lineRun', bytes: 4, length: (h) => h.lineCount },
  { name: 'lineIds0', bytes: 4, length: (h) => h.lineCount },
  { name: 'lineIds1', bytes: 4, length: (h) => h.lineCount },
  { name: 'lineIds', bytes: 4, length: (h) => h.lineIdCount },
  { name: 'condJump', bytes: 4, length: (h) => (h.hasCondJump ? h.lineCount : 0) },
  { name: 'runFirst', bytes: 4, length: (h) => h.runCount },
  { name: 'runEnd', bytes: 4, length: (h) => h.runCount },
  { name: 'runIdStart', bytes: 4, length: (h) => h.runCount + 1 },
  { name: 'runIds', bytes: 4, length: (h) => h.runIdCount },
  { name: 'comments', bytes: 4, length: (h) => h.commentCount },
  { name: 'type', bytes: 1, length: (h) => h.count },
  { name: 'flags', bytes: 1, length: (h) => h.count },
  { name: 'lineKind', bytes: 1, length: (h) => h.lineCount },
  { name: 'lineVerbatim', bytes: 1, length: (h) => h.lineCount },
  { name: 'runVerbatim', bytes: 1, length: (h) => h.runCount },
];

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
  const runCount = c.runs.length;
  const runFirst = new Int32Array(runCount);
  const runEnd = new Int32Array(runCount);
  const runVerbatim = new Uint8Array(runCount);
  const runIdStart = new Int32Array(runCount + 1);
  let runIdCount = 0;
  for (let r = 0; r < runCount; r++) {
    const run = c.runs[r]!;
    runFirst[r] = run.firstLine;
    runEnd[r] = run.endLine;
    runVerbatim[r] = run.verbatim ? 1 : 0;
    runIdStart[r] = runIdCount;
    runIdCount += run.ids.length;
  }
  runIdStart[runCount] = runIdCount;
  const allRunIds = new Int32Array(runIdCount);
  for (let r = 0; r < runCount; r++) allRunIds.set(c.runs[r]!.ids, runIdStart[r]!);
  const columns: EntryColumns = {
    start: c.start,
    end: c.end,
    ids: localIds(c.ids),
    lineFirst: c.lineFirst,
    lineEnd: c.lineEnd,
    lineRawStart: c.lineRawStart,
    lineRun: c.lineRun,
    lineIds0: c.lineIds0,
    lineIds1: c.lineIds1,
    lineIds: localIds(c.lineIds),
    condJump: c.condJump ?? new Int32Array(0),
    runFirst,
    runEnd,
    runIdStart,
    runIds: localIds(allRunIds),
    comments: Int32Array.from(c.comments),
    type: c.type,
    flags: c.flags,
    lineKind: c.lineKind,
    lineVerbatim: c.lineVerbatim,
    runVerbatim,
  };
  const nameText = Buffer.from(names.join('\n'), 'latin1');
  const header: Header = {
    v: SCAN_FORMAT,
    producer,
    path,
    stamp,
    count: c.count,
    lineCount: c.lineCount,
    lineIdCount: c.lineIds.length,
    runCount,
    runIdCount,
    commentCount: c.comments.length,
    hasCondJump: c.condJump !== null,
    unterminatedComment: c.unterminatedComment,
    nameBytes: nameText.length,
  };
  const parts: ArrayBufferView[] = [nameText];
  for (const column of LAYOUT) {
    const a = columns[column.name];
    if (a.length !== column.length(header)) throw new Error(`scan entry: column ${column.name} has ${a.length} entries`);
    parts.push(a);
  }
  return packEntry(MAGIC, header, parts);
}

/**
 * The columns of an entry made from `path` at `stamp` by `producer`; undefined for an entry of
 * something else, and throws when the bytes are not an entry at all.
 */
export function decode(buf: Uint8Array, path: string, stamp: string, producer = ''): ScanColumns | undefined {
  const entry = unpackEntry(buf, MAGIC);
  if (!entry) return undefined;
  const h = entry.header as Header;
  if (h.v !== SCAN_FORMAT || h.producer !== producer || h.path !== path || h.stamp !== stamp) return undefined;
  const parts = entry.parts;
  const nameText = parts.text(h.nameBytes, 'latin1');
  const names = h.nameBytes === 0 ? [] : nameText.split('\n');
  const global = new Int32Array(names.length);
  for (let l = 0; l < names.length; l++) global[l] = intern(names[l]!);
  // The columns are views of the bytes read (store-entry.ts).
  const read: Partial<Record<keyof EntryColumns, Int32Array | Uint8Array>> = {};
  for (const column of LAYOUT) {
    const n = column.length(h);
    read[column.name] = column.bytes === 4 ? parts.int32(n) : parts.uint8(n);
  }
  parts.end();
  const c = read as EntryColumns;
  const toGlobal = (ids: Int32Array): Int32Array => {
    for (let i = 0; i < ids.length; i++) {
      const l = ids[i]!;
      if (l >= 0) ids[i] = global[l]!;
    }
    return ids;
  };
  const runIds = toGlobal(c.runIds);
  const runs: Run[] = [];
  for (let r = 0; r < h.runCount; r++) {
    runs.push({ firstLine: c.runFirst[r]!, endLine: c.runEnd[r]!, ids: runIds.subarray(c.runIdStart[r]!, c.runIdStart[r + 1]!), verbatim: c.runVerbatim[r] === 1 });
  }
  return {
    count: h.count,
    type: c.type,
    flags: c.flags,
    start: c.start,
    end: c.end,
    ids: toGlobal(c.ids),
    lineCount: h.lineCount,
    lineKind: c.lineKind,
    lineFirst: c.lineFirst,
    lineEnd: c.lineEnd,
    lineRawStart: c.lineRawStart,
    lineRun: c.lineRun,
    lineIds0: c.lineIds0,
    lineIds1: c.lineIds1,
    lineVerbatim: c.lineVerbatim,
    lineIds: toGlobal(c.lineIds),
    runs,
    condJump: h.hasCondJump ? c.condJump : null,
    unterminatedComment: h.unterminatedComment,
    comments: c.comments,
  };
}

