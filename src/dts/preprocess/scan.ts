/**
 * The per-file half of the preprocessor: everything about a file that does not depend on which
 * macros are defined. A file is lexed once (as libcpp lexes it in assembler-with-cpp mode) and the
 * result is cached on its SourceFile, so a header that 500 boards include is scanned once.
 *
 * Offsets: libcpp lexes logical lines, with backslash-newlines removed. `spliced` is that text;
 * token offsets are in it, and `rawOffset` maps them back to the file. `clean` is the file's own
 * text (same length, same offsets) with comments and line-splicing backslashes blanked, newlines
 * kept: the preprocessor copies runs of it verbatim when no macro applies to them.
 */
import type { SourceFile } from '../source.js';
import { internRange, nameOf } from './names.js';
import { pushAll } from '../list.js';
import {
  BOL,
  IDENT,
  PREV_WHITE,
  SPLICED,
  Tok,
  isDigit,
  lexOperator,
  numberEnd,
  quotedEnd,
  type Token,
} from './tokens.js';

/** Line kinds: TEXT, or the directive. Unknown `#word` lines are text in assembler mode. */
export enum Dir {
  TEXT,
  NULL,
  DEFINE,
  UNDEF,
  INCLUDE,
  INCLUDE_NEXT,
  IMPORT,
  IF,
  IFDEF,
  IFNDEF,
  ELIF,
  ELIFDEF,
  ELIFNDEF,
  ELSE,
  ENDIF,
  ERROR,
  WARNING,
  PRAGMA,
  LINE,
  IDENT,
  SCCS,
  ASSERT,
  UNASSERT,
}

const DIRECTIVES = new Map<string, Dir>([
  ['define', Dir.DEFINE],
  ['undef', Dir.UNDEF],
  ['include', Dir.INCLUDE],
  ['include_next', Dir.INCLUDE_NEXT],
  ['import', Dir.IMPORT],
  ['if', Dir.IF],
  ['ifdef', Dir.IFDEF],
  ['ifndef', Dir.IFNDEF],
  ['elif', Dir.ELIF],
  ['elifdef', Dir.ELIFDEF],
  ['elifndef', Dir.ELIFNDEF],
  ['else', Dir.ELSE],
  ['endif', Dir.ENDIF],
  ['error', Dir.ERROR],
  ['warning', Dir.WARNING],
  ['pragma', Dir.PRAGMA],
  ['line', Dir.LINE],
  ['ident', Dir.IDENT],
  ['sccs', Dir.SCCS],
  ['assert', Dir.ASSERT],
  ['unassert', Dir.UNASSERT],
]);

/** Consecutive text lines with no directive between them. */
export interface Run {
  firstLine: number;
  endLine: number;
  /** Every identifier in the run, once (interned ids). */
  ids: Int32Array;
  verbatim: boolean;
}

const INCLUDE_NAMES = new Set(['include', 'include_next', 'import']);
const EMPTY = new Int32Array(0);

/**
 * Everything a FileScan holds besides the file's text, which is a function of that text alone:
 * what a scan store (scan-store.ts) keeps between runs, so that a file scanned once is not lexed
 * again while it does not change. Identifier ids are the process's interned ids.
 */
export interface ScanColumns {
  count: number;
  type: Uint8Array;
  flags: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  ids: Int32Array;
  lineCount: number;
  lineKind: Uint8Array;
  lineFirst: Int32Array;
  lineEnd: Int32Array;
  lineRawStart: Int32Array;
  lineRun: Int32Array;
  lineIds0: Int32Array;
  lineIds1: Int32Array;
  lineVerbatim: Uint8Array;
  lineIds: Int32Array;
  runs: Run[];
  condJump: Int32Array | null;
  unterminatedComment: number;
  /** Comment ranges, in spliced offsets, as [start, end) pairs. */
  comments: ArrayLike<number>;
}

/**
 * Keeps scans between runs (the CLI's is on disk, scan-store.ts): `load` gives the columns of a
 * file's earlier scan when the file has not changed since, `save` is handed each new scan.
 */
export interface ScanStore {
  load(file: SourceFile): ScanColumns | undefined;
  save(file: SourceFile, columns: ScanColumns): void;
}

/** Token objects are made in chunks of 2^TOKEN_CHUNK_BITS. */
const TOKEN_CHUNK_BITS = 10;
const TOKEN_CHUNK_MASK = (1 << TOKEN_CHUNK_BITS) - 1;
/** From this size on a file's token columns are sized for the worst common case at once. */
const LARGE_FILE = 4 << 20;

export class FileScan {
  readonly raw: string;
  readonly spliced: string;
  /** spliced offset -> raw offset; null when the file has no backslash-newline. */
  readonly toRaw: Int32Array | null;
  count = 0;
  type!: Uint8Array;
  flags!: Uint8Array;
  start!: Int32Array;
  end!: Int32Array;
  /** Interned identifier per token (-1 for other tokens). */
  ids!: Int32Array;
  /**
   * Logical lines that hold tokens (blank and comment-only lines are not listed), as columns:
   * kind, token range, raw offset of the start of the physical line of the first token, and for
   * text lines the run and the range of the line's identifiers in `lineIds`. `lineVerbatim` is 1
   * when no token of the line has a backslash-newline inside it (the raw text can be copied).
   */
  lineCount = 0;
  lineKind: Uint8Array = new Uint8Array(0);
  lineFirst: Int32Array = EMPTY;
  lineEnd: Int32Array = EMPTY;
  lineRawStart: Int32Array = EMPTY;
  lineRun: Int32Array = EMPTY;
  lineIds0: Int32Array = EMPTY;
  lineIds1: Int32Array = EMPTY;
  lineVerbatim: Uint8Array = new Uint8Array(0);
  lineIds: Int32Array = EMPTY;
  runs: Run[] = [];
  /** #define lines, by line: the definition, parsed on first use (see directives.ts). */
  defines: unknown[] | null = null;
  /** Per-run scratch: this file's index among the run's opened files (see Run.fileIndexOf). */
  runStamp = 0;
  runIndex = 0;
  /** For conditional directive lines: index of the next #elif/#else/#endif line at the same depth; null when the file's conditionals do not balance. */
  condJump: Int32Array | null = null;
  /** Raw offset of an unterminated block comment, or -1. */
  unterminatedComment = -1;
  /** Token objects made so far, in chunks of TOKEN_CHUNK (a 24 MB file has 12M tokens, most never made). */
  private objs: (Token | null)[][] = [];
  /** Comment ranges (spliced offsets). */
  private comments!: ArrayLike<number>;
  /** Splices, until `clean` is asked for. */
  private splices: number[] | null;
  private cleanText: string | null = null;

  /** Lexes the file, or takes the columns of an earlier scan of the same text. */
  constructor(
    readonly file: SourceFile,
    columns?: ScanColumns,
  ) {
    this.raw = file.text;
    const spliced = splice(this.raw);
    this.spliced = spliced.text;
    this.toRaw = spliced.toRaw;
    this.splices = spliced.splices;
    if (columns) {
      // Every column, as the earlier scan made it.
      Object.assign(this, columns);
      return;
    }
    const comments: number[] = [];
    this.comments = comments;
    // Room for a token per 4 characters (DTS text has fewer). A large file gets room for a token
    // per character, the most it can have, instead of growing (copying) its columns: a buffer that
    // large is mapped, and only the pages its tokens fill are ever touched.
    const n = this.spliced.length;
    this.allocate((n > LARGE_FILE ? n : n >> 2) + 16);
    this.lex(comments);
    this.trim();
    this.group();
  }

  /** The columns a ScanStore keeps. */
  columns(): ScanColumns {
    return {
      count: this.count,
      type: this.type,
      flags: this.flags,
      start: this.start,
      end: this.end,
      ids: this.ids,
      lineCount: this.lineCount,
      lineKind: this.lineKind,
      lineFirst: this.lineFirst,
      lineEnd: this.lineEnd,
      lineRawStart: this.lineRawStart,
      lineRun: this.lineRun,
      lineIds0: this.lineIds0,
      lineIds1: this.lineIds1,
      lineVerbatim: this.lineVerbatim,
      lineIds: this.lineIds,
      runs: this.runs,
      condJump: this.condJump,
      unterminatedComment: this.unterminatedComment,
      comments: this.comments,
    };
  }

  /**
   * The file's text with comments and splice backslashes blanked (same offsets as `raw`). Made on
   * first use: a header of #defines never copies text out.
   */
  get clean(): string {
    if (this.cleanText === null) {
      this.cleanText = blank(this.raw, this.comments, this.toRaw, this.splices!);
      this.splices = null;
    }
    return this.cleanText;
  }

  rawOffset(offset: number): number {
    return this.toRaw ? this.toRaw[offset]! : offset;
  }

  rawStart(i: number): number {
    return this.rawOffset(this.start[i]!);
  }

  /** Raw end of token i (exclusive). */
  rawEnd(i: number): number {
    return this.toRaw ? this.toRaw[this.end[i]! - 1]! + 1 : this.end[i]!;
  }

  text(i: number): string {
    const id = this.ids[i]!;
    return id >= 0 ? nameOf(id) : this.spliced.slice(this.start[i]!, this.end[i]!);
  }

  /** The identifier at token i ('' when it is not one). */
  name(i: number): string {
    const id = this.ids[i]!;
    return id >= 0 ? nameOf(id) : '';
  }

  /** The shared Token object of token i. */
  token(i: number): Token {
    let chunk = this.objs[i >> TOKEN_CHUNK_BITS];
    if (chunk === undefined) chunk = this.objs[i >> TOKEN_CHUNK_BITS] = new Array<Token | null>(1 << TOKEN_CHUNK_BITS).fill(null);
    let t = chunk[i & TOKEN_CHUNK_MASK]!;
    if (t === null) {
      t = { type: this.type[i]!, flags: this.flags[i]!, text: this.text(i), scan: this, index: i, chain: null, source: null, arg: -1, id: this.ids[i]! };
      chunk[i & TOKEN_CHUNK_MASK] = t;
    }
    return t;
  }

  private push(type: Tok, flags: number, start: number, end: number, id: number): void {
    if (this.count === this.type.length) this.grow();
    const k = this.count++;
    this.type[k] = type;
    this.flags[k] = flags;
    this.start[k] = start;
    this.end[k] = end;
    this.ids[k] = id;
  }

  /**
   * Token columns for `cap` tokens, all in one buffer: each new buffer is memory the process
   * touches for the first time, which costs more than lexing into it (see docs/performance.md).
   */
  private allocate(cap: number): void {
    const buffer = new ArrayBuffer(cap * 14);
    this.start = new Int32Array(buffer, 0, cap);
    this.end = new Int32Array(buffer, cap * 4, cap);
    this.ids = new Int32Array(buffer, cap * 8, cap);
    this.type = new Uint8Array(buffer, cap * 12, cap);
    this.flags = new Uint8Array(buffer, cap * 13, cap);
  }

  /** Views of the lexed tokens only (the room beyond stays in the buffer, unused). */
  private trim(): void {
    const n = this.count;
    this.type = this.type.subarray(0, n);
    this.flags = this.flags.subarray(0, n);
    this.start = this.start.subarray(0, n);
    this.end = this.end.subarray(0, n);
    this.ids = this.ids.subarray(0, n);
  }

  private grow(): void {
    const { type, flags, start, end, ids } = this;
    this.allocate(type.length * 2);
    this.type.set(type);
    this.flags.set(flags);
    this.start.set(start);
    this.end.set(end);
    this.ids.set(ids);
  }

  /** libcpp's _cpp_lex_direct over the whole file, in assembler-with-cpp mode. */
  private lex(comments: number[]): void {
    const s = this.spliced;
    const n = s.length;
    let i = 0;
    let bol = true;
    let white = false;
    // 1: line so far is `#`; 2: `# include`, so `<...>` is a header name.
    let header = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 0x0a) {
        i++;
        bol = true;
        white = false;
        header = 0;
        continue;
      }
      if (c === 0x20 || c === 0x09 || c === 0x0c || c === 0x0b || c === 0x0d || c === 0) {
        white = true;
        i++;
        continue;
      }
      if (c === 0x2f) {
        const d = s.charCodeAt(i + 1);
        if (d === 0x2a) {
          const e = s.indexOf('*/', i + 2);
          const end = e < 0 ? n : e + 2;
          if (e < 0) this.unterminatedComment = this.rawOffset(i);
          comments.push(i, end);
          i = end;
          white = true;
          continue;
        }
        if (d === 0x2f) {
          let e = s.indexOf('\n', i + 2);
          if (e < 0) e = n;
          comments.push(i, e);
          i = e;
          white = true;
          continue;
        }
      }
      let type: Tok;
      let end: number;
      let id = -1;
      if (c < 256 && IDENT[c]! & 1) {
        const q = s.charCodeAt(i + 1);
        if (c === 0x4c && (q === 0x22 || q === 0x27)) {
          end = quotedEnd(s, i + 1);
          type = q === 0x22 ? Tok.STRING : Tok.CHAR;
          if (end < 0) {
            end = lineEnd(s, i);
            type = Tok.OTHER;
          }
        } else {
          // The identifier's end and hash in one pass (names.ts hashRange, inlined).
          let h = Math.imul(0x811c9dc5 ^ c, 0x01000193);
          end = i + 1;
          while (end < n) {
            const e = s.charCodeAt(end);
            if (e < 256 && IDENT[e]! & 2) {
              h = Math.imul(h ^ e, 0x01000193);
              end++;
            } else break;
          }
          type = Tok.NAME;
          id = internRange(s, i, end, h);
        }
      } else if ((c >= 0x30 && c <= 0x39) || (c === 0x2e && isDigit(s.charCodeAt(i + 1)))) {
        end = numberEnd(s, i);
        type = Tok.NUMBER;
      } else if (c === 0x22 || c === 0x27) {
        end = quotedEnd(s, i);
        type = c === 0x22 ? Tok.STRING : Tok.CHAR;
        if (end < 0) {
          end = lineEnd(s, i);
          type = Tok.OTHER;
        }
      } else if (c === 0x3c && header === 2 && (end = headerEnd(s, i)) > 0) {
        type = Tok.HEADER_NAME;
      } else {
        const o = lexOperator(s, i);
        type = o.type;
        end = i + o.len;
      }
      let flags = (white ? PREV_WHITE : 0) | (bol ? BOL : 0);
      if (this.toRaw && this.toRaw[end - 1]! + 1 - this.toRaw[i]! !== end - i) flags |= SPLICED;
      this.push(type, flags, i, end, id);
      if (bol && type === Tok.HASH) header = 1;
      else if (header === 1 && type === Tok.NAME && INCLUDE_NAMES.has(nameOf(id))) header = 2;
      else header = 0;
      bol = false;
      white = false;
      i = end;
    }
  }

  /** Splits the tokens into logical lines, classifies them, and groups text lines into runs. */
  private group(): void {
    const n = this.count;
    const flags = this.flags;
    let count = 0;
    for (let i = 0; i < n; i++) if (flags[i]! & BOL) count++;
    this.lineCount = count;
    // The line columns in one buffer (as the token columns, see allocate()); a text line's
    // identifiers are at most its tokens.
    const buffer = new ArrayBuffer(count * 26 + n * 4);
    const firsts = (this.lineFirst = new Int32Array(buffer, 0, count));
    const ends = (this.lineEnd = new Int32Array(buffer, count * 4, count));
    const rawStarts = (this.lineRawStart = new Int32Array(buffer, count * 8, count));
    const runsOf = (this.lineRun = new Int32Array(buffer, count * 12, count).fill(-1));
    const ids0 = (this.lineIds0 = new Int32Array(buffer, count * 16, count));
    const ids1 = (this.lineIds1 = new Int32Array(buffer, count * 20, count));
    const lineIds = new Int32Array(buffer, count * 24, n);
    const kinds = (this.lineKind = new Uint8Array(buffer, count * 24 + n * 4, count));
    const verbatims = (this.lineVerbatim = new Uint8Array(buffer, count * 25 + n * 4, count));
    let lineIdCount = 0;
    const ids = this.ids;
    let run: Run | null = null;
    let runIds: Set<number> | null = null;
    let i = 0;
    for (let l = 0; l < count; l++) {
      let j = i + 1;
      while (j < n && !(flags[j]! & BOL)) j++;
      let kind = Dir.TEXT;
      if (this.type[i] === Tok.HASH) {
        if (j === i + 1) kind = Dir.NULL;
        else if (this.type[i + 1] === Tok.NAME) kind = DIRECTIVES.get(this.name(i + 1)) ?? Dir.TEXT;
      }
      kinds[l] = kind;
      firsts[l] = i;
      ends[l] = j;
      rawStarts[l] = this.rawOffset(lineStartBefore(this.spliced, this.start[i]!));
      let verbatim = 1;
      for (let k = i; k < j; k++) if (flags[k]! & SPLICED) verbatim = 0;
      verbatims[l] = verbatim;
      if (kind !== Dir.TEXT) {
        if (run) run.ids = Int32Array.from(runIds!);
        run = null;
      } else {
        if (!run) {
          run = { firstLine: l, endLine: l, ids: EMPTY, verbatim: true };
          runIds = new Set();
          this.runs.push(run);
        }
        runsOf[l] = this.runs.length - 1;
        run.endLine = l + 1;
        if (!verbatim) run.verbatim = false;
        ids0[l] = lineIdCount;
        for (let k = i; k < j; k++) {
          const id = ids[k]!;
          if (id >= 0) {
            lineIds[lineIdCount++] = id;
            runIds!.add(id);
          }
        }
        ids1[l] = lineIdCount;
      }
      i = j;
    }
    if (run) run.ids = Int32Array.from(runIds!);
    this.lineIds = lineIds.subarray(0, lineIdCount);
    this.condJump = conditionalJumps(kinds);
  }
}

/** Where each conditional directive's group ends, when every conditional in the file balances. */
function conditionalJumps(kinds: Uint8Array): Int32Array | null {
  const jump = new Int32Array(kinds.length).fill(-1);
  const stack: number[] = [];
  const sawElse: boolean[] = [];
  for (let l = 0; l < kinds.length; l++) {
    const kind = kinds[l]!;
    if (kind === Dir.IF || kind === Dir.IFDEF || kind === Dir.IFNDEF) {
      stack.push(l);
      sawElse.push(false);
    } else if (kind === Dir.ELIF || kind === Dir.ELIFDEF || kind === Dir.ELIFNDEF || kind === Dir.ELSE) {
      if (stack.length === 0 || sawElse[sawElse.length - 1]) return null;
      jump[stack[stack.length - 1]!] = l;
      stack[stack.length - 1] = l;
      if (kind === Dir.ELSE) sawElse[sawElse.length - 1] = true;
    } else if (kind === Dir.ENDIF) {
      if (stack.length === 0) return null;
      jump[stack.pop()!] = l;
      sawElse.pop();
    }
  }
  return stack.length === 0 ? jump : null;
}

function lineEnd(s: string, i: number): number {
  const e = s.indexOf('\n', i);
  return e < 0 ? s.length : e;
}

function lineStartBefore(s: string, i: number): number {
  return s.lastIndexOf('\n', i - 1) + 1;
}

/** `<...>` of an #include, or -1 when the line ends before `>`. */
function headerEnd(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x3e) return j + 1;
    if (c === 0x0a) return -1;
  }
  return -1;
}

/**
 * libcpp's line cleaning: a backslash followed by optional horizontal whitespace and a newline
 * joins two lines. Returns the joined text and, when anything was joined, the offset map.
 */
function splice(raw: string): { text: string; toRaw: Int32Array | null; splices: number[] } {
  const splices: number[] = [];
  let i = raw.indexOf('\\');
  while (i >= 0) {
    let j = i + 1;
    while (j < raw.length) {
      const c = raw.charCodeAt(j);
      if (c === 0x20 || c === 0x09 || c === 0x0c || c === 0x0b || c === 0x0d || c === 0) j++;
      else break;
    }
    if (raw.charCodeAt(j) === 0x0a) {
      splices.push(i, j + 1);
      i = raw.indexOf('\\', j + 1);
    } else {
      i = raw.indexOf('\\', i + 1);
    }
  }
  if (splices.length === 0) return { text: raw, toRaw: null, splices };
  const parts: string[] = [];
  let length = 0;
  let from = 0;
  for (let k = 0; k < splices.length; k += 2) {
    parts.push(raw.slice(from, splices[k]));
    length += splices[k]! - from;
    from = splices[k + 1]!;
  }
  parts.push(raw.slice(from));
  length += raw.length - from;
  const toRaw = new Int32Array(length + 1);
  let o = 0;
  from = 0;
  for (let k = 0; k <= splices.length; k += 2) {
    const stop = k < splices.length ? splices[k]! : raw.length;
    for (let r = from; r < stop; r++) toRaw[o++] = r;
    if (k < splices.length) from = splices[k + 1]!;
  }
  toRaw[o] = raw.length;
  return { text: parts.join(''), toRaw, splices };
}

/** The raw text with comments (given in spliced offsets) and splice backslashes blanked. */
function blank(raw: string, comments: ArrayLike<number>, toRaw: Int32Array | null, splices: number[]): string {
  if (comments.length === 0 && splices.length === 0) return raw;
  const ranges: number[] = [];
  for (let k = 0; k < comments.length; k += 2) {
    const a = toRaw ? toRaw[comments[k]!]! : comments[k]!;
    const b = toRaw ? toRaw[comments[k + 1]! - 1]! + 1 : comments[k + 1]!;
    ranges.push(a, b);
  }
  for (let k = 0; k < splices.length; k += 2) ranges.push(splices[k]!, splices[k + 1]! - 1);
  if (splices.length > 0) {
    const order = [...Array(ranges.length / 2).keys()].sort((x, y) => ranges[2 * x]! - ranges[2 * y]!);
    const sorted: number[] = [];
    for (const o of order) sorted.push(ranges[2 * o]!, ranges[2 * o + 1]!);
    ranges.length = 0;
    pushAll(ranges, sorted);
  }
  const parts: string[] = [];
  let from = 0;
  for (let k = 0; k < ranges.length; k += 2) {
    const a = Math.max(ranges[k]!, from);
    const b = ranges[k + 1]!;
    if (b <= a) continue;
    parts.push(raw.slice(from, a));
    const piece = raw.slice(a, b);
    parts.push(b - a <= SPACES.length && piece.indexOf('\n') < 0 ? SPACES.slice(0, b - a) : piece.replace(/[^\n]/g, ' '));
    from = b;
  }
  parts.push(raw.slice(from));
  return parts.join('');
}

const SPACES = ' '.repeat(256);

const SCANS = new WeakMap<SourceFile, FileScan>();

/** The scan of a file: this process's, else the one `store` kept (the run host's), else lexed now. */
export function scanOf(file: SourceFile, store?: ScanStore): FileScan {
  let scan = SCANS.get(file);
  if (!scan) {
    const columns = store?.load(file);
    scan = new FileScan(file, columns);
    if (!columns) store?.save(file, scan.columns());
    SCANS.set(file, scan);
  }
  return scan;
}
