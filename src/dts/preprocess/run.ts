/**
 * One preprocessing run: the stack of open files, the lexer-level token reader (libcpp's
 * _cpp_lex_token: line after line, directives handled as they come, skipped groups passed over),
 * the macro table, and the main loop (scan_translation_unit). Lines that hold no macro name are
 * copied from the file verbatim instead of going token by token.
 */
import type { Diagnostic } from '../diagnostic.js';
import type { Location } from '../location.js';
import { SourceFile, type ReadFailure, type SourceHost } from '../source.js';
import { executeDirective } from './directives.js';
import { Machine, type ExpansionHost, type TokenReader } from './expand.js';
import type { Macro } from './macros.js';
import { restoreCheckpoint, takeCheckpoint, type BlockStart, type HeadState, type PrefixState } from './run-checkpoint.js';
import { MacroTable, intern } from './names.js';
import { Output, type OpenedFile } from './origins.js';
import { Printer } from './printer.js';
import { Dir, scanOf, type FileScan, type Run as TextRun } from './scan.js';
import { BOL, EOF_TOKEN, PREV_WHITE, Tok, withFlags, type Token } from './tokens.js';

let runCount = 0;

/** host.read's answers by the path as written, while the host forgot nothing (its generation). */
const READS = new WeakMap<SourceHost, { generation: number; paths: Map<string, SourceFile | ReadFailure> }>();


export interface IfFrame {
  kind: Dir;
  skipElses: boolean;
  wasSkipping: boolean;
  /** The directive name token that opened the conditional. */
  at: Token;
}

/** An open file. */
export interface Buffer {
  scan: FileScan;
  path: string;
  /** Directory searched first for `#include "x"` (with trailing slash, '' for the current dir). */
  dir: string;
  /** Index of the -I dir the file was found in, -1 otherwise (for #include_next). */
  dirIndex: number;
  /** Current line, and the token range of it still to read. */
  line: number;
  tok: number;
  lineEnd: number;
  ifs: IfFrame[];
}

export interface RunOptions {
  host: SourceHost;
  includeDirs: string[];
}

export class Run implements ExpansionHost, TokenReader {
  readonly host: SourceHost;
  readonly includeDirs: string[];
  readonly macros = new MacroTable();
  readonly diagnostics: Diagnostic[] = [];
  readonly files: string[] = [];
  /** The paths in `files` (run-checkpoint.ts restores both). */
  readonly fileSet = new Set<string>();
  readonly opened: OpenedFile[] = [];
  /** Tells this run's marks on FileScans (runStamp) from other runs'. */
  private readonly stamp = ++runCount;
  readonly stack: Buffer[] = [];
  /** Files that may not be read again (#pragma once, #import). */
  readonly once = new Set<SourceFile>();
  readonly machine: Machine;
  readonly out: Output;
  readonly printer: Printer;
  skipping = false;
  stopped = false;
  /** An #include went past MAX_INCLUDE_DEPTH: later #include lines are not followed (directives.ts says why). */
  includeDepthExceeded = false;
  parsingArgs = 0;
  lastDelivered: Token | null = null;
  /** Bumped whenever the macro table changes, to reuse the last run-cleanliness answer. */
  generation = 0;
  counter = 0;
  mainPath = '';
  /** The directive being run (its file and first token), for diagnostics about macro text in it. */
  private directiveAt: { scan: FileScan; first: number } | null = null;
  /** Set while a directive reads its own line through the macro machine. */
  directive: { scan: FileScan; pos: number; end: number } | null = null;
  private markBuffer: Buffer | undefined;
  private markLine = 0;
  private markTok = 0;
  private markLineEnd = 0;
  private memoRun: TextRun | null = null;
  private memoGeneration = -1;
  private memoClean = false;
  /** The main file's line whose #include ends the prefix to take; -1 when none is wanted. */
  private prefixLine = -1;
  /** A prefix with less output than this is not taken (the caller would not keep it). */
  private prefixMinText = 0;
  /** The include lookups while a prefix may still be taken. */
  private reads: [string, SourceFile | ReadFailure][] | null = null;
  /** Set when the output depends on more than the files (__DATE__, __TIME__, __TIMESTAMP__). */
  timeDependent = false;
  /** The prefix taken (takePrefix), if it could be. */
  prefix: PrefixState | null = null;
  /** Restored files by their index in `opened` (fileIndexOf). */
  restoredIndex: Map<SourceFile, number> | null = null;
  /**
   * The splice asked for (wantSplice): the main file's first #include `line`, where `find` is asked
   * for a state to go on from; the prefix to `take` when it asks for that (its last #include line
   * and least output); the macro table's `generation` then (before the main file ran).
   */
  private splicing: { line: number; find: (head: HeadState) => PrefixState | boolean; take: { line: number; minText: number }; generation: number } | null = null;
  /** Set when __BASE_FILE__ expanded: the output names the main file (another main file cannot share it). */
  mainNamed = false;
  /** True when the prefix taken is for boards of this run only (the share's), not kept on disk. */
  prefixInRun = false;
  /** True once the run went on from the state the splice's `find` gave. */
  spliced = false;
  /** Where the main file's first #include began, when the run was asked there and went on itself. */
  blockStart: BlockStart | null = null;

  constructor(options: RunOptions) {
    this.host = options.host;
    this.includeDirs = options.includeDirs;
    this.machine = new Machine(this);
    this.out = new Output(this.opened);
    this.printer = new Printer(this.out, (scan) => this.fileIndexOf(scan), () => this.machine.episode);
  }

  get reader(): TokenReader {
    return this;
  }

  get top(): Buffer | undefined {
    return this.stack[this.stack.length - 1];
  }

  // ---- files

  fileIndexOf(scan: FileScan, path?: string): number {
    if (scan.runStamp === this.stamp) return scan.runIndex;
    const restored = this.restoredIndex?.get(scan.file);
    if (restored !== undefined) {
      scan.runStamp = this.stamp;
      scan.runIndex = restored;
      return restored;
    }
    const index = this.opened.length;
    this.opened.push({ path: path ?? scan.file.path, file: scan.file });
    scan.runStamp = this.stamp;
    scan.runIndex = index;
    return index;
  }

  pushFile(file: SourceFile, path: string, dirIndex: number): void {
    const scan = scanOf(file, this.host.stores.scans);
    if (!this.fileSet.has(path)) {
      this.fileSet.add(path);
      this.files.push(path);
    }
    // Origins name the file by the path this run opened it under.
    this.fileIndexOf(scan, path);
    const slash = path.lastIndexOf('/');
    this.stack.push({
      scan,
      path,
      dir: slash >= 0 ? path.slice(0, slash + 1) : '',
      dirIndex,
      line: -1,
      tok: 0,
      lineEnd: 0,
      ifs: [],
    });
  }

  /** _cpp_pop_buffer: reports what the file left open. False when no file is left. */
  private popFile(): boolean {
    const buf = this.stack.pop()!;
    if (buf.scan.unterminatedComment >= 0) {
      this.reportAt('unterminated comment', this.rangeAt(buf.scan, buf.scan.unterminatedComment, buf.scan.unterminatedComment + 2));
    }
    for (let k = buf.ifs.length - 1; k >= 0; k--) {
      const frame = buf.ifs[k]!;
      this.report(`unterminated #${Dir[frame.kind]!.toLowerCase()}`, frame.at);
    }
    this.skipping = false;
    return this.stack.length > 0;
  }

  // ---- the lexer level

  lex(): Token {
    const d = this.directive;
    if (d) {
      if (d.pos >= d.end) return EOF_TOKEN;
      const t = d.scan.token(d.pos++);
      this.lastDelivered = t;
      return t;
    }
    const mark = this.top;
    this.markBuffer = mark;
    if (mark) {
      this.markLine = mark.line;
      this.markTok = mark.tok;
      this.markLineEnd = mark.lineEnd;
    }
    for (;;) {
      const buf = this.top;
      if (!buf || this.stopped) return EOF_TOKEN;
      if (buf.tok < buf.lineEnd) {
        const scan = buf.scan;
        let t = scan.token(buf.tok++);
        if (t.flags & BOL) {
          if (this.parsingArgs === 2) {
            // A new line inside macro arguments counts as whitespace.
            if (!(t.flags & PREV_WHITE)) t = withFlags(t, t.flags | PREV_WHITE);
          } else if (this.parsingArgs === 0) {
            this.printer.lineChange(t, scan.lineRawStart[buf.line]!);
          }
        }
        this.lastDelivered = t;
        return t;
      }
      if (this.parsingArgs === 1) {
        // Looking for a macro's `(`: a directive line answers "no" without being run yet.
        const scan = buf.scan;
        const next = buf.line + 1;
        if (next < scan.lineCount && scan.lineKind[next] !== Dir.TEXT) {
          const t = scan.token(scan.lineFirst[next]!);
          this.lastDelivered = t;
          return t;
        }
      }
      if (!this.advance()) {
        if (this.stopped || this.parsingArgs !== 0) return EOF_TOKEN;
        if (!this.popFile()) return EOF_TOKEN;
      }
    }
  }

  backup(): void {
    const d = this.directive;
    if (d) {
      d.pos--;
      return;
    }
    const buf = this.markBuffer;
    if (buf && buf === this.top) {
      buf.line = this.markLine;
      buf.tok = this.markTok;
      buf.lineEnd = this.markLineEnd;
    }
  }

  /**
   * Moves to the next line of the current file that has text to read, running directives and
   * passing skipped groups on the way. False at the end of the file (which stays open).
   */
  private advance(): boolean {
    for (;;) {
      const buf = this.top!;
      const scan = buf.scan;
      const l = buf.line + 1;
      buf.tok = 0;
      buf.lineEnd = 0;
      if (l >= scan.lineCount) {
        buf.line = scan.lineCount;
        return false;
      }
      buf.line = l;
      const kind = scan.lineKind[l]!;
      if (kind === Dir.TEXT) {
        if (this.skipping) {
          buf.line = scan.runs[scan.lineRun[l]!]!.endLine - 1;
          continue;
        }
        buf.tok = scan.lineFirst[l]!;
        buf.lineEnd = scan.lineEnd[l]!;
        return true;
      }
      if (l === this.splicing?.line && this.stack.length === 1 && this.splice(buf, l)) continue;
      this.runDirective(buf, kind, l);
      if (this.stopped) return false;
    }
  }

  private runDirective(buf: Buffer, kind: Dir, line: number): void {
    if (this.skipping && !(kind >= Dir.IF && kind <= Dir.ENDIF)) return;
    if (kind === Dir.NULL) return;
    const m = this.machine;
    const savedArgs = this.parsingArgs;
    const savedPrevent = m.preventExpansion;
    const savedEpisode = m.episode;
    const savedLast = this.lastDelivered;
    const depth = m.depth;
    this.parsingArgs = 0;
    m.preventExpansion = 0;
    m.inDirective = true;
    this.directiveAt = { scan: buf.scan, first: buf.scan.lineFirst[line]! };
    try {
      executeDirective(this, buf, kind, line);
    } finally {
      this.directive = null;
      this.directiveAt = null;
      m.unwindTo(depth);
      m.inDirective = false;
      m.wantsPadding = false;
      this.parsingArgs = savedArgs;
      m.preventExpansion = savedPrevent;
      m.episode = savedEpisode;
      this.lastDelivered = savedLast;
    }
  }

  /** Lets the macro machine read tokens [from, end) of the current directive line. */
  readDirective(scan: FileScan, from: number, end: number): void {
    this.directive = { scan, pos: from, end };
  }

  // ---- the main loop

  run(): void {
    const m = this.machine;
    const printer = this.printer;
    for (;;) {
      if (this.stopped) break;
      if (m.depth === 0) {
        const buf = this.top;
        if (!buf) break;
        if (buf.tok >= buf.lineEnd) {
          if (!this.nextTextLine()) break;
          if (this.verbatim()) continue;
        } else if (printer.follows(buf.scan, buf.tok - 1) && buf.scan.lineVerbatim[buf.line]) {
          // Mid-line after a file token: copy up to the next macro name in one piece.
          const end = this.nextMacroName(buf);
          if (end > buf.tok) {
            printer.copy(buf.scan, buf.tok, end);
            this.lastDelivered = buf.scan.token(end - 1);
            buf.tok = end;
            continue;
          }
        }
      }
      const tok = m.getToken();
      // Only the end of the input (or a fatal error) gives EOF at this level.
      if (tok.type === Tok.EOF) break;
      printer.print(tok);
    }
  }

  /** Moves to the next line with text to read, in whichever file; false at the end of the input. */
  private nextTextLine(): boolean {
    for (;;) {
      if (!this.top) return false;
      if (this.advance()) return true;
      if (this.stopped) return false;
      if (!this.popFile()) return false;
      if (this.prefixLine >= 0 && this.stack.length === 1 && this.top!.line >= this.prefixLine) this.takePrefix();
    }
  }

  // ---- the prefix (src/dts/store/prefix.ts)

  /** Takes the prefix when the main file's #include on `line` is done (the includes before it too). */
  wantPrefix(line: number, minText = 0): void {
    this.prefixLine = line;
    this.prefixMinText = minText;
    this.reads = [];
  }

  /**
   * Back in the main file from an include: keeps the state if it is the wanted include, nothing
   * in it depends on more than the files read, and nothing went wrong (run-checkpoint.ts).
   */
  private takePrefix(): void {
    const line = this.prefixLine;
    const lookups = this.reads!;
    this.prefixLine = -1;
    this.reads = null;
    this.prefix = takeCheckpoint(this, line, this.prefixMinText, lookups);
  }

  /**
   * At the main file's first #include line `line`, asks `find` for a state to go on from (one kept
   * from a main file with the same #include lines, another text before them: prefix-share.ts), or
   * whether to take the prefix that ends at `take.line` (true).
   */
  wantSplice(line: number, find: (head: HeadState) => PrefixState | boolean, take: { line: number; minText: number }): void {
    this.splicing = { line, find, take, generation: this.generation };
  }

  /**
   * The main file reached its first #include: goes on from the state `find` gives, when the
   * text before (the head) left nothing behind but output (no macro, no condition, no diagnostic,
   * no __COUNTER__) and the state's files all read; true then, and the main file stands on the
   * last #include's line, done. Else takes the prefix when asked to, noting where the #include
   * lines began.
   */
  private splice(buf: Buffer, line: number): boolean {
    const { find, take, generation } = this.splicing!;
    this.splicing = null;
    if (buf.ifs.length > 0 || this.skipping || this.machine.depth !== 0 || this.counter !== 0) return false;
    if (this.timeDependent || this.stopped || this.diagnostics.length > 0 || this.generation !== generation) return false;
    const output = this.out.state(this.opened[0]!);
    const block: BlockStart = { line, rawStart: buf.scan.lineRawStart[line]!, text: output.text.length, segments: output.starts.length, records: (output.records as Location[]).length };
    const state = find({ ...block, output });
    if (typeof state !== 'boolean' && restoreCheckpoint(this, state)) {
      this.spliced = true;
      return true;
    }
    if (state === true) {
      this.wantPrefix(take.line, take.minText);
      this.prefixInRun = true;
      this.blockStart = block;
    }
    return false;
  }

  /** Goes on from `state` (run-checkpoint.ts); false when a file it names does not read. */
  restorePrefix(state: PrefixState): boolean {
    return restoreCheckpoint(this, state);
  }

  /** Copies the current line, and the clean lines after it, when no macro can apply to them. */
  private verbatim(): boolean {
    const buf = this.top!;
    const scan = buf.scan;
    const line = buf.line;
    if (!scan.lineVerbatim[line] || !this.lineClean(scan, line)) return false;
    const textRun = scan.runs[scan.lineRun[line]!]!;
    let last = line;
    if (textRun.verbatim && this.runClean(textRun)) {
      last = textRun.endLine - 1;
    } else {
      while (last + 1 < textRun.endLine && scan.lineVerbatim[last + 1] && this.lineClean(scan, last + 1)) last++;
    }
    const end = scan.lineEnd[last]!;
    this.printer.verbatim(scan, scan.lineRawStart[line]!, scan.rawEnd(end - 1));
    buf.line = last;
    buf.tok = end;
    buf.lineEnd = end;
    return true;
  }

  /** Index of the next token of the current line that names a macro (the line's end if none). */
  private nextMacroName(buf: Buffer): number {
    const ids = buf.scan.ids;
    const macros = this.macros;
    let k = buf.tok;
    while (k < buf.lineEnd && !macros.has(ids[k]!)) k++;
    return k;
  }

  private lineClean(scan: FileScan, line: number): boolean {
    const ids = scan.lineIds;
    const macros = this.macros;
    const end = scan.lineIds1[line]!;
    for (let k = scan.lineIds0[line]!; k < end; k++) if (macros.has(ids[k]!)) return false;
    return true;
  }

  private runClean(textRun: TextRun): boolean {
    if (this.memoRun === textRun && this.memoGeneration === this.generation) return this.memoClean;
    let clean = true;
    const macros = this.macros;
    const ids = textRun.ids;
    for (let k = 0; k < ids.length; k++) {
      if (macros.has(ids[k]!)) {
        clean = false;
        break;
      }
    }
    this.memoRun = textRun;
    this.memoGeneration = this.generation;
    this.memoClean = clean;
    return clean;
  }

  // ---- diagnostics and built-ins (ExpansionHost)

  report(message: string, at: Token | null, severity: 'error' | 'warning' = 'error'): void {
    this.reportAt(message, this.locationOf(at), severity);
  }

  reportAt(message: string, at: Location, severity: 'error' | 'warning' = 'error', related?: Diagnostic['related']): void {
    if (this.stopped) return;
    const d: Diagnostic = { code: 'syntax-error', severity, message, at };
    if (related) d.related = related;
    this.diagnostics.push(d);
  }

  /** Where a token is in the user's files: its own place, or the expansion it came from. */
  locationOf(at: Token | null): Location {
    let t = at;
    if (t && t.chain !== null) {
      const d = this.directiveAt;
      t = d ? d.scan.token(d.first + 1) : (this.machine.episode?.name ?? null);
    }
    if (t === null || t.scan === null) t = this.lastDelivered;
    if (t && t.scan) return this.rangeAt(t.scan, t.scan.rawStart(t.index), t.scan.rawEnd(t.index));
    return { file: this.mainPath, line: 1, column: 1, endLine: 1, endColumn: 1 };
  }

  rangeAt(scan: FileScan, rawStart: number, rawEnd: number): Location {
    const opened = this.opened[this.fileIndexOf(scan)]!;
    return { ...scan.file.rangeAt(rawStart, rawEnd), file: opened.path };
  }

  builtinText(macro: Macro, name: Token): string {
    const buf = this.top;
    switch (macro.builtin) {
      case 'FILE':
        return quote(buf ? buf.path : this.mainPath);
      case 'BASE_FILE':
        this.mainNamed = true;
        return quote(this.mainPath);
      case 'FILE_NAME': {
        const path = buf ? buf.path : this.mainPath;
        return quote(path.slice(path.lastIndexOf('/') + 1));
      }
      case 'LINE': {
        const t = name.scan && name.chain === null ? name : (this.machine.episode?.last ?? this.lastDelivered);
        return t && t.scan ? String(t.scan.file.positionAt(t.scan.rawStart(t.index)).line) : '1';
      }
      case 'COUNTER':
        return String(this.counter++);
      case 'INCLUDE_LEVEL':
        return String(Math.max(0, this.stack.length - 1));
      case 'DATE':
      case 'TIME':
        this.timeDependent = true;
        this.host.unrepeatable();
        return dateText(macro.builtin);
      default:
        this.timeDependent = true;
        this.host.unrepeatable();
        return '"??? ??? ?? ??:??:?? ????"';
    }
  }

  hasInclude(name: string, angled: boolean, next: boolean): boolean {
    return this.findInclude(name, angled, next) !== null;
  }

  /** The include search: the including file's own directory for `"x"`, then the -I dirs. */
  findInclude(name: string, angled: boolean, next: boolean): { file: SourceFile; path: string; dirIndex: number } | null | { failure: string } {
    const buf = this.top;
    if (name.startsWith('/')) {
      const r = this.read(name);
      return r instanceof SourceFile ? { file: r, path: name, dirIndex: -1 } : r.reason === 'unreadable' ? { failure: r.message } : null;
    }
    let from = 0;
    const candidates: [string, number][] = [];
    if (next && buf && buf.dirIndex >= 0) from = buf.dirIndex + 1;
    else if (!angled && buf) candidates.push([buf.dir + name, -1]);
    for (let k = from; k < this.includeDirs.length; k++) candidates.push([joinDir(this.includeDirs[k]!, name), k]);
    for (const [path, dirIndex] of candidates) {
      const r = this.read(path);
      if (r instanceof SourceFile) return { file: r, path, dirIndex };
      if (r.reason === 'unreadable') return { failure: r.message };
    }
    return null;
  }

  /** host.read, remembered by the path as written (the host normalizes every path it is given). */
  read(path: string): SourceFile | ReadFailure {
    const host = this.host;
    let cache = READS.get(host);
    if (!cache || cache.generation !== host.generation) {
      cache = { generation: host.generation, paths: new Map() };
      READS.set(host, cache);
    }
    let r = cache.paths.get(path);
    if (r === undefined) {
      r = host.read(path);
      cache.paths.set(path, r);
    } else {
      // Used now: the host's trim keeps the recently used files (and a recording host notes it).
      host.reused(path, r);
    }
    if (this.reads) this.reads.push([path, r]);
    return r;
  }

  isDefined(name: string): boolean {
    return this.macros.has(intern(name));
  }
}

function joinDir(dir: string, name: string): string {
  if (dir === '') return name;
  return dir.endsWith('/') ? dir + name : dir + '/' + name;
}

/** cpp_quote_string inside double quotes. */
export function quote(text: string): string {
  return '"' + text.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : '\\' + c)) + '"';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function dateText(which: 'DATE' | 'TIME'): string {
  const d = new Date();
  if (which === 'DATE') return `"${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${d.getFullYear()}"`;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `"${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}"`;
}
