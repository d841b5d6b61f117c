/**
 * The output text and, for every stretch of it, where it came from. Text copied from a file is a
 * linear segment (output offset maps to file offset one for one, so a whole verbatim run of lines
 * is one segment); text made by a macro expansion maps as a whole to the expansion's use site, with
 * the chain of macros. `locate` is a binary search over the segment starts.
 */
import type { Location } from '../location.js';
import type { OriginMap } from '../origin.js';
import { indexAtOrBefore, type SourceFile } from '../source.js';
import { chainOrigins, type Chain } from './macros.js';
import type { Episode } from './expand.js';

/** A file as this run opened it: the path it was opened under and its text. */
export interface OpenedFile {
  path: string;
  file: SourceFile;
}

/** Pieces of output joined into one block (see Output). */
const PIECES = 1024;

/** The kinds of segment: text copied from a file, from offset `a` on. */
export const LINEAR = 0;
/** A whole raw range `a`..`b` of a file (a token whose spelling is not its raw text). */
export const SPAN = 1;
/** A macro's output: `a` is its record. */
export const MACRO = 2;

/** Use site and macros of one stretch of expansion output (a restored one has only its location). */
interface MacroRecord {
  episode: Episode | null;
  chain: Chain | null;
  location: Location | null;
}

/** An Output so far, to go on from in a later run (prefix.ts): its text and the origins of it. */
export interface OutputState {
  text: string;
  starts: Int32Array;
  kinds: Uint8Array;
  files: Int32Array;
  a: Int32Array;
  b: Int32Array;
  /**
   * The location of each macro record, by record index; or, from a store, their count and how to
   * read them (only when a location inside the restored text is asked for: rarely).
   */
  records: Location[] | { count: number; read(): Location[] };
}

export class Output {
  /**
   * The text in pieces, joined into blocks of PIECES and the blocks joined once at the end: join
   * makes one flat string, where `+=` would make a rope (a node per piece) that stays a level of
   * indirection on every char the lexer reads; blocks keep every array small (one array of all the
   * pieces of a board would be big enough to go straight to the old generation).
   */
  private pieces: string[] = [];
  private readonly blocks: string[] = [];
  private joined: string | undefined;
  private last = 0x0a;
  length = 0;
  /**
   * The segments, as columns in typed arrays (grown by doubling): a board has tens of thousands,
   * and numbers in JS arrays would be objects for the young-generation collector to copy.
   */
  private count = 0;
  private starts = new Int32Array(1024);
  private kinds = new Uint8Array(1024);
  private files = new Int32Array(1024);
  private a = new Int32Array(1024);
  private b = new Int32Array(1024);
  private readonly records: MacroRecord[] = [];
  /** Gives the restored records (restore) their locations. */
  private fillRestored: () => void = () => {};

  constructor(private readonly opened: OpenedFile[]) {}

  private segment(kind: number, file: number, a: number, b: number): void {
    const k = this.count;
    if (k === this.starts.length) this.grow();
    this.starts[k] = this.length;
    this.kinds[k] = kind;
    this.files[k] = file;
    this.a[k] = a;
    this.b[k] = b;
    this.count = k + 1;
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const grown = <T extends Int32Array | Uint8Array>(from: T, to: T): T => (to.set(from), to);
    this.starts = grown(this.starts, new Int32Array(n));
    this.kinds = grown(this.kinds, new Uint8Array(n));
    this.files = grown(this.files, new Int32Array(n));
    this.a = grown(this.a, new Int32Array(n));
    this.b = grown(this.b, new Int32Array(n));
  }

  /** Text with no origin of its own (spaces and newlines between tokens). */
  write(text: string): void {
    const n = text.length;
    if (n === 0) return;
    this.pieces.push(text);
    if (this.pieces.length === PIECES) {
      this.blocks.push(this.pieces.join(''));
      this.pieces = [];
    }
    this.joined = undefined;
    this.length += n;
    this.last = text.charCodeAt(n - 1);
  }

  endsWithNewline(): boolean {
    return this.last === 0x0a;
  }

  /** Text that is the file's own text at `raw`, char for char. */
  writeLinear(text: string, file: number, raw: number): void {
    if (text.length === 0) return;
    const n = this.count - 1;
    if (!(n >= 0 && this.kinds[n] === LINEAR && this.files[n] === file && this.length - this.starts[n]! === raw - this.a[n]!)) {
      this.segment(LINEAR, file, raw, 0);
    }
    this.write(text);
  }

  writeSpan(text: string, file: number, rawStart: number, rawEnd: number): void {
    this.segment(SPAN, file, rawStart, rawEnd);
    this.write(text);
  }

  writeMacro(text: string, episode: Episode | null, chain: Chain): void {
    const n = this.count - 1;
    if (n >= 0 && this.kinds[n] === MACRO) {
      const r = this.records[this.a[n]!]!;
      if (r.chain !== null && r.episode === episode && r.chain === chain) {
        this.write(text);
        return;
      }
    }
    this.segment(MACRO, -1, this.records.length, 0);
    this.records.push({ episode, chain, location: null });
    this.write(text);
  }

  text(): string {
    this.joined ??= this.blocks.concat(this.pieces.join('')).join('');
    return this.joined;
  }

  /** What has been written so far, with every macro record's location worked out. */
  state(fallback: OpenedFile): OutputState {
    const n = this.count;
    const origins = this.origins(fallback) as Origins;
    const records = new Array<Location>(this.records.length);
    for (let seg = 0; seg < n; seg++) {
      if (this.kinds[seg] === MACRO) records[this.a[seg]!] ??= origins.segmentLocation(seg);
    }
    return {
      text: this.text(),
      starts: this.starts.slice(0, n),
      kinds: this.kinds.slice(0, n),
      files: this.files.slice(0, n),
      a: this.a.slice(0, n),
      b: this.b.slice(0, n),
      records,
    };
  }

  /** Starts over from `state` (on an Output nothing was written to yet). */
  restore(state: OutputState): void {
    const text = state.text;
    this.pieces = [];
    this.blocks.length = 0;
    if (text.length > 0) this.blocks.push(text);
    this.joined = undefined;
    this.length = text.length;
    this.last = text.length > 0 ? text.charCodeAt(text.length - 1) : 0x0a;
    const n = state.starts.length;
    let size = 1024;
    while (size <= n) size *= 2;
    this.starts = new Int32Array(size);
    this.starts.set(state.starts);
    this.kinds = new Uint8Array(size);
    this.kinds.set(state.kinds);
    this.files = new Int32Array(size);
    this.files.set(state.files);
    this.a = new Int32Array(size);
    this.a.set(state.a);
    this.b = new Int32Array(size);
    this.b.set(state.b);
    this.count = n;
    const source = state.records;
    const count = Array.isArray(source) ? source.length : source.count;
    const records = this.records;
    records.length = 0;
    for (let r = 0; r < count; r++) records.push({ episode: null, chain: null, location: null });
    let filled = false;
    this.fillRestored = () => {
      if (filled) return;
      filled = true;
      const locations = Array.isArray(source) ? source : source.read();
      for (let r = 0; r < count; r++) records[r]!.location = locations[r]!;
    };
  }

  origins(fallback: OpenedFile): OriginMap {
    const n = this.count;
    return new Origins(
      this.starts.subarray(0, n),
      this.kinds.subarray(0, n),
      this.files.subarray(0, n),
      this.a.subarray(0, n),
      this.b.subarray(0, n),
      this.records,
      this.opened,
      fallback,
      this.fillRestored,
    );
  }
}

class Origins implements OriginMap {
  constructor(
    private readonly starts: Int32Array,
    private readonly kinds: Uint8Array,
    private readonly files: Int32Array,
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly records: MacroRecord[],
    private readonly opened: OpenedFile[],
    private readonly fallback: OpenedFile,
    private readonly fillRestored: () => void,
  ) {}

  /** The segment find returned last: the parser asks about offsets in increasing order. */
  private hint = 0;

  /**
   * A fresh Location; its `expansion` array is shared between calls (treat it as read-only).
   * Called for every token the parser keeps (millions over a corpus), so the common case, a range
   * of text copied from one file, allocates the result and nothing else.
   */
  locate(start: number, end: number): Location {
    if (this.starts.length === 0) {
      return { file: this.fallback.path, line: 1, column: 1, endLine: 1, endColumn: 1 };
    }
    if (end < start) end = start;
    const i = this.find(start);
    const last = end > start ? end - 1 : start;
    const j = end > start ? this.find(last) : i;
    if (this.kinds[i] !== LINEAR) return this.locateFromRecord(i, j, start, end);
    const opened = this.opened[this.files[i]!]!;
    const file = opened.file;
    const from = this.a[i]! + Math.max(0, start - this.starts[i]!);
    const line = file.lineIndexAt(from);
    const column = from - file.lineStarts[line]! + 1;
    if (this.kinds[j] === LINEAR) {
      const endOpened = this.opened[this.files[j]!]!;
      // A range that ends in another file is shown as its first character.
      if (endOpened.path !== opened.path) return { file: opened.path, line: line + 1, column, endLine: line + 1, endColumn: column + 1 };
      const endFile = endOpened.file;
      const to = this.a[j]! + Math.max(0, last - this.starts[j]!);
      const endLine = endFile.lineIndexAt(to);
      const endColumn = to - endFile.lineStarts[endLine]! + 1 + (end > start ? 1 : 0);
      return { file: opened.path, line: line + 1, column, endLine: endLine + 1, endColumn };
    }
    const tail = this.at(j, last);
    if (tail.file !== opened.path) return { file: opened.path, line: line + 1, column, endLine: line + 1, endColumn: column + 1 };
    return { file: opened.path, line: line + 1, column, endLine: tail.endLine, endColumn: tail.endColumn };
  }

  /** locate() for a range that starts in a whole-token span or a macro's output. */
  private locateFromRecord(i: number, j: number, start: number, end: number): Location {
    const first = this.at(i, start);
    if (i === j) return { ...first };
    const last = this.at(j, end - 1);
    let endLine = last.endLine;
    let endColumn = last.endColumn;
    if (this.kinds[j] === LINEAR) {
      const p = this.position(j, end - 1);
      endLine = p.line;
      endColumn = p.column + 1;
    }
    if (last.file !== first.file) return { ...first };
    const loc: Location = { file: first.file, line: first.line, column: first.column, endLine, endColumn };
    if (first.expansion) loc.expansion = first.expansion;
    return loc;
  }

  /** The location of segment `seg` as a whole (a macro record's use site). */
  segmentLocation(seg: number): Location {
    return this.at(seg, this.starts[seg]!);
  }

  private find(offset: number): number {
    return (this.hint = indexAtOrBefore(this.starts, offset, this.hint));
  }


  private position(seg: number, offset: number): { line: number; column: number } {
    const file = this.opened[this.files[seg]!]!.file;
    return file.positionAt(this.a[seg]! + Math.max(0, offset - this.starts[seg]!));
  }

  /** The location of segment `seg` at output offset `offset` (a point for linear text). */
  private at(seg: number, offset: number): Location {
    const kind = this.kinds[seg];
    if (kind === LINEAR) {
      const p = this.position(seg, offset);
      return { file: this.opened[this.files[seg]!]!.path, line: p.line, column: p.column, endLine: p.line, endColumn: p.column + 1 };
    }
    if (kind === SPAN) {
      const opened = this.opened[this.files[seg]!]!;
      return rangeLocation(opened, this.a[seg]!, this.b[seg]!);
    }
    const record = this.records[this.a[seg]!]!;
    if (record.chain === null) this.fillRestored();
    record.location ??= macroLocation(record, this.openedAs());
    return record.location;
  }

  /** Each file under the path it was first opened as. */
  private openedAs(): Map<SourceFile, OpenedFile> {
    if (!this.byFile) {
      this.byFile = new Map();
      for (const o of this.opened) if (!this.byFile.has(o.file)) this.byFile.set(o.file, o);
    }
    return this.byFile;
  }

  private byFile: Map<SourceFile, OpenedFile> | undefined;
}

function rangeLocation(opened: OpenedFile, rawStart: number, rawEnd: number): Location {
  const file = opened.file;
  const p = file.lineIndexAt(rawStart);
  const column = rawStart - file.lineStarts[p]! + 1;
  const last = Math.max(rawStart, rawEnd - 1);
  const q = file.lineIndexAt(last);
  return { file: opened.path, line: p + 1, column, endLine: q + 1, endColumn: last - file.lineStarts[q]! + 2 };
}

function macroLocation(record: MacroRecord, opened: Map<SourceFile, OpenedFile>): Location {
  const episode = record.episode;
  const chain = record.chain!;
  let expansion = chainOrigins(chain);
  if (episode === null) {
    const at = expansion[0]!.definedAt;
    return { ...at, expansion };
  }
  const name = episode.name;
  const scan = name.scan!;
  const file = opened.get(scan.file) ?? { path: scan.file.path, file: scan.file };
  const loc = rangeLocation(file, scan.rawStart(name.index), episode.last.scan === scan ? scan.rawEnd(episode.last.index) : scan.rawEnd(name.index));
  // Tokens made while expanding an argument have their own chain; the expansion they sit in comes first.
  let outer = chain;
  while (outer.parent) outer = outer.parent;
  const top = episode.root;
  if (top && outer.macro !== top.macro) expansion = [...chainOrigins(top), ...expansion];
  loc.expansion = expansion;
  return loc;
}
