/**
 * The prefix of a main file: its text up to and including the `#include` lines it opens with, when
 * only text comes before them (`#include "soc.dtsi"` at the top of a board file, or `/dts-v1/;` and
 * then the includes of headers). What preprocessing, parsing and merging that prefix give depends
 * on nothing after it, so a prefix store keeps it between runs, the way ccache keeps a compile: a
 * later run of the same main file (same path, same text up to the includes, same options) whose
 * every include lookup still finds the same file (same stamp: size, times, inode) or still finds
 * nothing starts after them: from the preprocessor's state (output, origins, file table, macro
 * table), the lexer's, and the tree builder's (the tree merged from the prefix's items, its label
 * index, deletions and memreserves; live-codec.ts). Editing the file below its includes, as a user
 * does with the overrides of a board, keeps the prefix; editing an included file or an include
 * line loses it.
 *
 * A prefix is kept only when it ends cleanly: no diagnostic, no __DATE__ or __TIME__, the main
 * file back at top level with no conditional open, the parse between two top-level definitions,
 * no plugin, no /incbin/. Anything else is a miss, and a miss only costs the work.
 *
 * Format of a stored entry (store-entry.ts frame): header (JSON: key, file table, lookups, string
 * tables), the output's origin segments, the macros and macro records' locations and the builder
 * state as 32-bit columns (stream-codec.ts streams), the segment kinds, then the output text (UTF-8).
 */
import { basename, join, resolve } from 'node:path';
import { StreamReader, StreamWriter, type EncodedStream } from './stream-codec.js';
import type { Location } from '../location.js';
import type { PrefixEnd } from '../parser.js';
import { readBuilderState } from './live-codec.js';
import type { BuilderState } from '../build.js';
import { StoredMacros } from '../preprocess/macro-checkpoint.js';
import { hashRange } from '../preprocess/names.js';
import type { PrefixState } from '../preprocess/run-checkpoint.js';
import { Dir, scanOf, type ScanStore } from '../preprocess/scan.js';
import { SourceFile, type SourceHost } from '../source.js';
import { packEntry, readEntryFile, unpackEntry, writeEntryFile } from './store-entry.js';
import type { SpareBuffer } from './spare-buffer.js';

/** What a prefix depends on besides the files its lookups find. */
export interface PrefixKey {
  /** The main file's path as given. */
  main: string;
  cppDirs: string[];
  dtcDirs: string[];
  defines: Record<string, string>;
  /** The #include's line (0-based) and the main file's text through the end of it. */
  line: number;
  text: string;
}

/** A prefix as a later run takes it: the preprocessor's state, the lexer's, the tree builder's. */
export interface Prefix {
  pp: PrefixState;
  /** Where the parse goes on (the builder state stands for the prefix's items). */
  parse: PrefixEnd;
  /** Decoded when first asked for (after the lookups were checked); throws for a damaged entry. */
  readonly built: BuilderState;
}

/** A prefix to keep: the builder state is encoded when the build passes the prefix's end. */
export interface PrefixToKeep {
  pp: PrefixState;
  parse: PrefixEnd;
  built: EncodedStream;
}

export interface PrefixStore {
  load(key: PrefixKey): Prefix | undefined;
  save(key: PrefixKey, prefix: PrefixToKeep): void;
}

/**
 * The key of `main`'s prefix, or undefined when its first directive is not an #include. The prefix
 * ends with the last of the #include lines that open the file (blank lines and comments between
 * them), so that a board's own lines after its includes are not part of it.
 */
export function prefixKey(main: SourceFile, path: string, options: Omit<PrefixKey, 'main' | 'line' | 'text'>, scans?: ScanStore): PrefixKey | undefined {
  const scan = scanOf(main, scans);
  let last = -1;
  for (let l = 0; l < scan.lineCount; l++) {
    const kind = scan.lineKind[l]!;
    if (kind === Dir.INCLUDE) last = l;
    else if (kind !== Dir.TEXT || (last >= 0 && scan.lineEnd[l]! > scan.lineFirst[l]!)) break;
  }
  if (last < 0) return undefined;
  const end = last + 1 < scan.lineCount ? scan.lineRawStart[last + 1]! : main.text.length;
  return { main: path, cppDirs: options.cppDirs, dtcDirs: options.dtcDirs, defines: options.defines, line: last, text: main.text.slice(0, end) };
}

/** True when every lookup of the prefix finds what it found when the prefix was taken. */
export function lookupsUnchanged(reads: PrefixState['reads'], host: SourceHost): boolean {
  for (let k = 0; k < reads.length; k++) {
    const [path, stamp] = reads[k]!;
    const r = host.read(path);
    if (stamp === null ? r instanceof SourceFile || r.reason !== 'not-found' : !(r instanceof SourceFile) || r.stamp !== stamp) return false;
  }
  return true;
}

/** Bumped whenever the preprocessor's state, the tree builder's state or this format change. */
export const PREFIX_FORMAT = 6;
const MAGIC = 'DTLPFX\n\n';

interface Header {
  v: number;
  producer: string;
  key: PrefixKey;
  line: number;
  opened: { path: string; file: string }[];
  files: string[];
  once: string[];
  counter: number;
  macros: number;
  records: number;
  /** Where the records' section starts in the stream. */
  recordsAt: number;
  reads: [string, string | null][];
  segments: number;
  textBytes: number;
  state: number;
  lastStart: number;
  lastEnd: number;
  definitions: boolean;
  ints: number;
  strings: string[];
  /** The builder state (live-codec.ts), a stream of its own. */
  builtInts: number;
  builtStrings: string[];
}

/**
 * A store in `dir` (made on the first save); entries another `producer` wrote are misses. `spare`
 * is memory the caller is done with, for the first entry read that fits (spare-buffer.ts).
 */
export function diskPrefixStore(dir: string, producer = '', spare?: SpareBuffer): PrefixStore {
  return {
    load: (key) => readEntryFile(entryPath(dir, key), (bytes) => decodePrefix(bytes, key, producer), spare),
    save: (key, prefix) => writeEntryFile(dir, entryPath(dir, key), () => encodePrefix(prefix, key, producer)),
  };
}

/** One entry per main file and options: a new prefix of the same file replaces the old one. */
export function entryPath(dir: string, key: PrefixKey): string {
  const id = JSON.stringify([resolve(key.main), key.cppDirs, key.dtcDirs, key.defines]);
  const h = hashRange(id, 0, id.length) >>> 0;
  return join(dir, `${h.toString(16).padStart(8, '0')}-${basename(key.main)}.prefix`);
}

export function encodePrefix(prefix: PrefixToKeep, key: PrefixKey, producer = ''): Uint8Array {
  const { pp, parse, built } = prefix;
  const out = pp.output;
  // One stream in two sections: the macros; the macro records' locations (read only if a location
  // in the prefix's text is asked for).
  const w = new StreamWriter();
  pp.macros.write(w);
  const recordLocations = Array.isArray(out.records) ? out.records : out.records.read();
  const recordsAt = w.section();
  for (const loc of recordLocations) w.loc(loc);
  const main: EncodedStream = w.done();
  const text = Buffer.from(out.text, 'utf8');
  const header: Header = {
    v: PREFIX_FORMAT,
    producer,
    key,
    line: pp.line,
    opened: pp.opened,
    files: pp.files,
    once: pp.once,
    counter: pp.counter,
    macros: pp.macros.length,
    records: recordLocations.length,
    recordsAt,
    reads: pp.reads,
    segments: out.starts.length,
    textBytes: text.length,
    state: parse.state,
    lastStart: parse.lastStart,
    lastEnd: parse.lastEnd,
    definitions: parse.definitions,
    ints: main.ints.length,
    strings: main.strings,
    builtInts: built.ints.length,
    builtStrings: built.strings,
  };
  return packEntry(MAGIC, header, [out.starts, out.files, out.a, out.b, main.ints, built.ints, out.kinds, text]);
}

/** The prefix in `bytes` when it is one of `key` made by `producer`; throws for bytes that are no entry. */
export function decodePrefix(bytes: Uint8Array, key: PrefixKey, producer = ''): Prefix | undefined {
  const entry = unpackEntry(bytes, MAGIC);
  if (!entry) return undefined;
  const h = entry.header as Header;
  if (h.v !== PREFIX_FORMAT || h.producer !== producer || JSON.stringify(h.key) !== JSON.stringify(key)) return undefined;
  const parts = entry.parts;
  const n = h.segments;
  const starts = parts.int32(n);
  const files = parts.int32(n);
  const a = parts.int32(n);
  const bs = parts.int32(n);
  const mainInts = parts.int32(h.ints);
  const builtInts = parts.int32(h.builtInts);
  const kinds = parts.uint8(n);
  const text = parts.text(h.textBytes, 'utf8');
  parts.end();
  const r = new StreamReader(mainInts, h.strings);
  const macros = StoredMacros.read(r, h.macros);
  r.end(h.recordsAt);
  const records = {
    count: h.records,
    read(): Location[] {
      const rr = new StreamReader(mainInts, h.strings, h.recordsAt);
      const locations: Location[] = [];
      for (let k = 0; k < h.records; k++) locations.push(rr.loc());
      rr.end();
      return locations;
    },
  };
  let built: BuilderState | undefined;
  return {
    pp: {
      line: h.line,
      output: { text, starts, kinds, files, a, b: bs, records },
      opened: h.opened,
      files: h.files,
      once: h.once,
      counter: h.counter,
      macros,
      reads: h.reads,
    },
    parse: { definitions: h.definitions, state: h.state, lastStart: h.lastStart, lastEnd: h.lastEnd },
    // Decoded when asked for: after the lookups were checked.
    get built(): BuilderState {
      if (built === undefined) {
        const br = new StreamReader(builtInts, h.builtStrings);
        built = readBuilderState(br);
        br.end();
      }
      return built;
    },
  };
}
