/**
 * dtc 1.6.1's lexer (dtc-lexer.l), by hand over char codes. It keeps flex's rules exactly where they
 * decide what a program means or where an error is reported:
 * - start states: INITIAL (before `/dts-v1/`: no integer literals), V1, PROPNODENAME (after `{`, `;`,
 *   `/delete-node/`, `/delete-property/`, `/omit-if-no-ref/`: names like `#address-cells` or `1wire`
 *   are one token), BYTESTRING (after `[`: hex pairs);
 * - longest match, then first rule (a label `foo:` beats a name `foo`);
 * - white space, comments and cpp line markers are lexemes too: an error at end of input points at
 *   the last one, as dtc's yylloc does;
 * - `/include/ "file"` pushes the file (raw, not preprocessed) and lexes on in the same state.
 */
import { dirname, isAbsolute, join } from 'node:path';
import type { Diagnostic } from './diagnostic.js';
import { decodeEscapes } from './escapes.js';
import { spanLocations, type Location } from './location.js';
import { identityOrigins, type OriginMap } from './origin.js';
import { SourceFile, type SourceHost } from './source.js';

const TOKENS = {
  EOF: 256,
  V1: 257,
  PLUGIN: 258,
  MEMRESERVE: 259,
  BITS: 260,
  DEL_PROP: 261,
  DEL_NODE: 262,
  OMIT_NO_REF: 263,
  INCBIN: 264,
  PROPNODENAME: 265,
  LITERAL: 266,
  CHAR_LITERAL: 267,
  BYTE: 268,
  STRING: 269,
  LABEL: 270,
  LABEL_REF: 271,
  PATH_REF: 272,
  LSHIFT: 273,
  RSHIFT: 274,
  LE: 275,
  GE: 276,
  EQ: 277,
  NE: 278,
  AND: 279,
  OR: 280,
};

/**
 * Token kinds. A single-char token's kind is its char code (0-255); named tokens are above.
 * Typed as plain numbers so that comparing `lexer.kind` does not narrow it for the next test.
 */
export const T: { readonly [K in keyof typeof TOKENS]: number } = TOKENS;

const TOKEN_NAMES: Record<number, string> = {
  [T.EOF]: 'end of input',
  [T.V1]: '/dts-v1/',
  [T.PLUGIN]: '/plugin/',
  [T.MEMRESERVE]: '/memreserve/',
  [T.BITS]: '/bits/',
  [T.DEL_PROP]: '/delete-property/',
  [T.DEL_NODE]: '/delete-node/',
  [T.OMIT_NO_REF]: '/omit-if-no-ref/',
  [T.INCBIN]: '/incbin/',
  [T.PROPNODENAME]: 'name',
  [T.LITERAL]: 'integer',
  [T.CHAR_LITERAL]: 'character literal',
  [T.BYTE]: 'byte',
  [T.STRING]: 'string',
  [T.LABEL]: 'label',
  [T.LABEL_REF]: 'reference',
  [T.PATH_REF]: 'path reference',
  [T.LSHIFT]: "'<<'",
  [T.RSHIFT]: "'>>'",
  [T.LE]: "'<='",
  [T.GE]: "'>='",
  [T.EQ]: "'=='",
  [T.NE]: "'!='",
  [T.AND]: "'&&'",
  [T.OR]: "'||'",
};

export function describeToken(kind: number): string {
  if (kind < 256) return kind >= 0x21 && kind < 0x7f ? `'${String.fromCharCode(kind)}'` : `character 0x${kind.toString(16).padStart(2, '0')}`;
  return TOKEN_NAMES[kind] ?? 'token';
}

const enum State {
  Initial,
  V1,
  PropNodeName,
  ByteString,
}

/** One text being lexed: the main input or a file opened by `/include/`. */
export interface LexFrame {
  text: string;
  origins: OriginMap;
  pos: number;
}

/** dtc opens at most 200 files in all (srcpos.c MAX_SRCFILE_DEPTH; it never counts down on close). */
const MAX_FILES = 200;

/** Thrown to unwind the parser at a fatal error; never leaves parseDts. */
export class ParseAbort extends Error {}

// Char classes as bit flags in one table: one lookup per char.
const C_SPACE = 1;
const C_PROPNODE = 2; // [a-zA-Z0-9,._+*#?@-]
const C_LABEL_START = 4; // [a-zA-Z_]
const C_LABEL = 8; // [a-zA-Z0-9_]
const C_DIGIT = 16;
const C_HEX = 32;
const C_PATH = C_PROPNODE; // PATHCHAR adds '/', tested separately

// Built with character ranges, not regex tests: this runs on every start, before any input.
const CLASS = new Uint8Array(256);
for (const c of ' \t\n\v\f\r') CLASS[c.charCodeAt(0)] |= C_SPACE;
for (const c of ',._+*#?@-') CLASS[c.charCodeAt(0)] |= C_PROPNODE;
CLASS[0x5f] |= C_LABEL_START | C_LABEL; // _
for (let c = 0x30; c <= 0x39; c++) CLASS[c] |= C_PROPNODE | C_LABEL | C_DIGIT | C_HEX;
for (let c = 0x41; c <= 0x5a; c++) {
  const hex = c <= 0x46 ? C_HEX : 0;
  CLASS[c] |= C_PROPNODE | C_LABEL_START | C_LABEL | hex; // A-Z
  CLASS[c + 0x20] |= C_PROPNODE | C_LABEL_START | C_LABEL | hex; // a-z
}

function hexValue(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10;
}

function cls(c: number): number {
  return c < 256 ? CLASS[c]! : 0;
}

const SLASH = 0x2f;
const STAR = 0x2a;
const NL = 0x0a;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;

const KEYWORDS: { text: string; kind: number; next: State | -1; incbin?: boolean }[] = [
  { text: '/dts-v1/', kind: T.V1, next: State.V1 },
  { text: '/plugin/', kind: T.PLUGIN, next: -1 },
  { text: '/memreserve/', kind: T.MEMRESERVE, next: State.V1 },
  { text: '/bits/', kind: T.BITS, next: State.V1 },
  { text: '/delete-property/', kind: T.DEL_PROP, next: State.PropNodeName },
  { text: '/delete-node/', kind: T.DEL_NODE, next: State.PropNodeName },
  { text: '/omit-if-no-ref/', kind: T.OMIT_NO_REF, next: State.PropNodeName },
  { text: '/incbin/', kind: T.INCBIN, next: -1, incbin: true },
];

const U64_MAX = (1n << 64n) - 1n;

/**
 * Most cells are small numbers: share their BigInts instead of allocating one per literal. Made
 * on first use (making all 4,096 took ~1 ms of every start).
 */
const SMALL_BIGINTS: (bigint | undefined)[] = new Array<bigint | undefined>(4096);

/** `BigInt(n)` for a whole number n >= 0, shared when it is small. */
export function bigOf(n: number): bigint {
  if (n >= SMALL_BIGINTS.length) return BigInt(n);
  return (SMALL_BIGINTS[n] ??= BigInt(n));
}

export interface LexerOptions {
  host: SourceHost;
  includeDirs: string[];
}

export class Lexer {
  /** The current token. */
  kind: number = T.EOF;
  start = 0;
  end = 0;
  frame: LexFrame;
  /** Name, label or reference text (PROPNODENAME, LABEL, LABEL_REF, PATH_REF) or decoded STRING. */
  str = '';
  /** LITERAL and CHAR_LITERAL value. */
  num = 0n;
  /** BYTE value. */
  byte = 0;

  /** The token before the current one, for spans that end there. */
  prevFrame: LexFrame;
  prevStart = 0;
  prevEnd = 0;

  readonly files: string[] = [];
  private state = State.Initial;
  private readonly stack: LexFrame[] = [];
  private filesOpened = 1;
  // The last lexeme of any kind (white space and comments too): dtc's position at end of input.
  private lastFrame: LexFrame | null = null;
  private lastStart = 0;
  private lastEnd = 0;
  /** Where the last failed label scan stopped (see label()). */
  private noLabelFrame: LexFrame | null = null;
  private noLabelUntil = 0;

  constructor(
    main: { text: string; origins: OriginMap },
    private readonly options: LexerOptions,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.frame = { text: main.text, origins: main.origins, pos: 0 };
    this.prevFrame = this.frame;
  }

  loc(): Location {
    if (this.kind === T.EOF && this.lastFrame === null) return this.frame.origins.locate(0, 0);
    return this.frame.origins.locate(this.start, this.end);
  }

  /**
   * From a token that began at `start` (and ended at `startEnd`) in `frame` to the end of the
   * current token. One lookup when both lie in the same text; the origin map resolves the range.
   */
  spanFrom(frame: LexFrame, start: number, startEnd: number): Location {
    if (frame === this.frame) return frame.origins.locate(start, this.end);
    return spanLocations(frame.origins.locate(start, startEnd), this.loc());
  }

  prevLoc(): Location {
    return this.prevFrame.origins.locate(this.prevStart, this.prevEnd);
  }

  error(message: string, at: Location = this.loc()): void {
    this.diagnostics.push({ code: 'syntax-error', severity: 'error', message, at });
  }

  fatal(message: string, at: Location = this.loc()): never {
    this.error(message, at);
    throw new ParseAbort(message);
  }

  /** dtc's `syntax error`: the current token cannot continue the input. */
  unexpected(): never {
    if (this.kind === T.EOF && this.lastFrame !== null && this.frame.text.charCodeAt(this.start) >= 0x80) {
      this.fatal(`syntax error: unexpected byte 0x${this.frame.text.charCodeAt(this.start).toString(16)} (dtc takes it for the end of input)`);
    }
    if (this.kind === T.EOF && this.end === this.start + 1 && this.frame.text.charCodeAt(this.start) === 0) {
      this.fatal('syntax error: unexpected NUL byte (dtc takes it for the end of input)');
    }
    this.fatal(`syntax error: unexpected ${describeToken(this.kind)}`);
  }

  /** The start state the current token was lexed in (white space and comments change none). */
  tokenState: number = State.Initial;

  /**
   * True when the input so far was the main text alone (no `/include/` opened, none open now)
   * and gave no diagnostic: what came before the current token can be taken as a prefix.
   */
  cleanSoFar(): boolean {
    return this.stack.length === 0 && this.files.length === 0 && this.diagnostics.length === 0;
  }

  /**
   * Goes on lexing the main text at `pos` in start state `state`, as if the token before had been
   * [prevStart, prevEnd): how a run starts from a prefix another run parsed (src/dts/store/prefix.ts).
   */
  resumeAt(pos: number, state: number, prevStart: number, prevEnd: number): void {
    const f = this.frame;
    f.pos = pos;
    this.state = state as State;
    this.start = prevStart;
    this.end = prevEnd;
    this.lastFrame = f;
    this.lastStart = prevStart;
    this.lastEnd = prevEnd;
    this.next();
  }

  /** Moves to the next token. */
  next(): void {
    this.prevFrame = this.frame;
    this.prevStart = this.start;
    this.prevEnd = this.end;
    this.tokenState = this.state;
    for (;;) {
      const f = this.frame;
      const text = f.text;
      const len = text.length;
      let p = f.pos;
      if (p >= len) {
        const outer = this.stack.pop();
        if (outer) {
          this.frame = outer;
          continue;
        }
        this.kind = T.EOF;
        if (this.lastFrame) {
          this.frame = this.lastFrame;
          this.start = this.lastStart;
          this.end = this.lastEnd;
        } else {
          this.start = this.end = 0;
        }
        return;
      }
      const c = text.charCodeAt(p);
      const k = cls(c);
      if (k & C_SPACE) {
        const s = p;
        p++;
        while (p < len && cls(text.charCodeAt(p)) & C_SPACE) p++;
        this.trivia(f, s, p);
        continue;
      }
      if (c === SLASH) {
        const c1 = text.charCodeAt(p + 1);
        if (c1 === STAR) {
          const e = this.blockComments(text, p);
          if (e > 0) {
            this.trivia(f, p, e);
            continue;
          }
        } else if (c1 === SLASH) {
          const e = this.lineComments(text, p);
          if (e > 0) {
            this.trivia(f, p, e);
            continue;
          }
        } else if (cls(c1) & C_LABEL_START) {
          if (text.startsWith('/include/', p) && this.include(f, p)) continue;
          if (this.keyword(f, p)) return;
        }
        this.single(f, p, c);
        return;
      }
      if (c === 0x23 /* # */ && (p === 0 || text.charCodeAt(p - 1) === NL)) {
        const e = lineMarkerEnd(text, p);
        if (e > 0) {
          this.trivia(f, p, e);
          continue;
        }
      }
      switch (this.state) {
        case State.PropNodeName:
          if (this.labelOrName(f, p, k)) return;
          break;
        case State.V1:
          if (k & C_DIGIT) {
            this.integer(f, p);
            return;
          }
          if (k & C_LABEL_START && this.label(f, p)) return;
          break;
        case State.ByteString:
          if (k & C_LABEL_START && this.label(f, p)) return;
          if (k & C_HEX && cls(text.charCodeAt(p + 1)) & C_HEX) {
            this.token(f, T.BYTE, p, p + 2);
            this.byte = hexValue(c) * 16 + hexValue(text.charCodeAt(p + 1));
            return;
          }
          if (c === 0x5d /* ] */) {
            this.state = State.V1;
            this.token(f, 0x5d, p, p + 1);
            return;
          }
          break;
        default:
          if (k & C_LABEL_START && this.label(f, p)) return;
      }
      if (c === DQUOTE) {
        const e = stringEnd(text, p);
        if (e > 0) {
          this.token(f, T.STRING, p, e);
          const d = decodeEscapes(text, p + 1, e - 1);
          if (d.error !== undefined) this.fatal(d.error);
          this.str = d.value;
          return;
        }
      } else if (c === SQUOTE) {
        const e = charLiteralEnd(text, p);
        if (e > 0) {
          this.charLiteral(f, p, e);
          return;
        }
      } else if (c === 0x26 /* & */) {
        if (this.reference(f, p)) return;
      } else if (this.operator(f, p, c)) {
        return;
      }
      this.single(f, p, c);
      return;
    }
  }

  private trivia(f: LexFrame, s: number, e: number): void {
    f.pos = e;
    this.lastFrame = f;
    this.lastStart = s;
    this.lastEnd = e;
  }

  private token(f: LexFrame, kind: number, s: number, e: number): void {
    f.pos = e;
    this.frame = f;
    this.kind = kind;
    this.start = s;
    this.end = e;
    this.lastFrame = f;
    this.lastStart = s;
    this.lastEnd = e;
  }

  /** dtc's catch-all rule: any other char is a token by itself; `[`, `{`, `;` switch states. */
  private single(f: LexFrame, p: number, c: number): void {
    if (c === 0x5b /* [ */) this.state = State.ByteString;
    else if (c === 0x7b /* { */ || c === 0x3b /* ; */) this.state = State.PropNodeName;
    // dtc returns the char as a (signed) char: NUL is token 0 and bytes 0x80-0xff are negative,
    // and bison takes both for the end of input.
    this.token(f, c === 0 || c >= 0x80 ? T.EOF : c, p, p + 1);
  }

  /** `{COMMENT}+`: end of a run of block comments, or -1 when the first is not closed. */
  private blockComments(text: string, p: number): number {
    let end = -1;
    while (text.charCodeAt(p) === SLASH && text.charCodeAt(p + 1) === STAR) {
      const close = text.indexOf('*/', p + 2);
      if (close < 0) break;
      end = p = close + 2;
    }
    return end;
  }

  /** `{LINECOMMENT}+`: each comment must end with a newline. */
  private lineComments(text: string, p: number): number {
    let end = -1;
    while (text.charCodeAt(p) === SLASH && text.charCodeAt(p + 1) === SLASH) {
      const nl = text.indexOf('\n', p + 2);
      if (nl < 0) break;
      end = p = nl + 1;
    }
    return end;
  }

  private keyword(f: LexFrame, p: number): boolean {
    const text = f.text;
    for (const kw of KEYWORDS) {
      if (kw.incbin && (this.state === State.PropNodeName || this.state === State.ByteString)) continue;
      if (!text.startsWith(kw.text, p)) continue;
      this.token(f, kw.kind, p, p + kw.text.length);
      if (kw.next !== -1) this.state = kw.next;
      return true;
    }
    return false;
  }

  /** `/include/ "file"`: true when the directive matched and the file is now being read. */
  private include(f: LexFrame, p: number): boolean {
    const text = f.text;
    let q = p + '/include/'.length;
    while (q < text.length && cls(text.charCodeAt(q)) & C_SPACE) q++;
    if (text.charCodeAt(q) !== DQUOTE) return false;
    const e = stringEnd(text, q);
    if (e < 0) return false;
    this.trivia(f, p, e);
    const at = f.origins.locate(p, e);
    // dtc takes the name raw, without decoding escapes.
    const name = text.slice(q + 1, e - 1);
    if (this.filesOpened++ >= MAX_FILES) this.fatal('Includes nested too deeply', at);
    const opened = this.open(name, f.origins.locate(p, p).file);
    if (!opened) this.fatal(`Couldn't open "${name}": No such file or directory`, at);
    // Named by the path it was found at, not by the path the host first read it by (another board's
    // #include may have read the same file by another path: the name must not depend on that).
    if (!this.files.includes(opened.path)) this.files.push(opened.path);
    this.stack.push(f);
    this.frame = { text: opened.file.text, origins: identityOrigins(opened.file, opened.path), pos: 0 };
    return true;
  }

  /** dtc's search: beside the including file, then each -i dir in order. */
  private open(name: string, including: string): { file: SourceFile; path: string } | undefined {
    const candidates = isAbsolute(name) ? [name] : [join(dirname(including), name), ...this.options.includeDirs.map((d) => join(d, name))];
    for (const path of candidates) {
      const r = this.options.host.read(path);
      if (r instanceof SourceFile) return { file: r, path };
    }
    return undefined;
  }

  /** In PROPNODENAME: `label:` or `\?{PROPNODECHAR}+`. */
  private labelOrName(f: LexFrame, p: number, k: number): boolean {
    const text = f.text;
    let s = p;
    if (text.charCodeAt(p) === BACKSLASH) s = p + 1;
    // One scan for both rules: label chars are name chars, and ':' is not, so the label rule
    // matches (and, longer, wins) exactly when the name is all label chars and ':' follows it.
    let e = s;
    let labelChars = true;
    for (;;) {
      const c = cls(text.charCodeAt(e));
      if (!(c & C_PROPNODE)) break;
      if (!(c & C_LABEL)) labelChars = false;
      e++;
    }
    if (s === p && labelChars && k & C_LABEL_START && text.charCodeAt(e) === 0x3a /* : */) {
      this.token(f, T.LABEL, p, e + 1);
      this.str = text.slice(p, e);
      return true;
    }
    if (e === s) return false;
    this.token(f, T.PROPNODENAME, p, e);
    this.str = text.slice(s, e);
    this.state = State.V1;
    return true;
  }

  /** `[a-zA-Z_][a-zA-Z0-9_]*:` */
  private label(f: LexFrame, p: number): boolean {
    // A run of label characters without ':' fails from every start inside it: remembering where it
    // ends keeps `[abab...]` (one try per byte) linear, not quadratic.
    if (f === this.noLabelFrame && p < this.noLabelUntil) return false;
    const text = f.text;
    let e = p + 1;
    while (e < text.length && cls(text.charCodeAt(e)) & C_LABEL) e++;
    if (text.charCodeAt(e) !== 0x3a /* : */) {
      this.noLabelFrame = f;
      this.noLabelUntil = e;
      return false;
    }
    this.token(f, T.LABEL, p, e + 1);
    this.str = text.slice(p, e);
    return true;
  }

  /** `&&`, `&label`, `&{/path}`. */
  private reference(f: LexFrame, p: number): boolean {
    const text = f.text;
    const c1 = text.charCodeAt(p + 1);
    if (c1 === 0x26) {
      this.token(f, T.AND, p, p + 2);
      return true;
    }
    if (cls(c1) & C_LABEL_START) {
      let e = p + 2;
      while (e < text.length && cls(text.charCodeAt(e)) & C_LABEL) e++;
      this.token(f, T.LABEL_REF, p, e);
      this.str = text.slice(p + 1, e);
      return true;
    }
    if (c1 === 0x7b /* { */ && text.charCodeAt(p + 2) === SLASH) {
      let e = p + 3;
      for (;;) {
        const c = text.charCodeAt(e);
        if (c === SLASH || cls(c) & C_PATH) e++;
        else break;
      }
      if (text.charCodeAt(e) !== 0x7d /* } */) return false;
      this.token(f, T.PATH_REF, p, e + 1);
      this.str = text.slice(p + 2, e);
      return true;
    }
    return false;
  }

  private operator(f: LexFrame, p: number, c: number): boolean {
    const c1 = f.text.charCodeAt(p + 1);
    let kind = -1;
    if (c === 0x3c /* < */) kind = c1 === 0x3c ? T.LSHIFT : c1 === 0x3d ? T.LE : -1;
    else if (c === 0x3e /* > */) kind = c1 === 0x3e ? T.RSHIFT : c1 === 0x3d ? T.GE : -1;
    else if (c === 0x3d /* = */) kind = c1 === 0x3d ? T.EQ : -1;
    else if (c === 0x21 /* ! */) kind = c1 === 0x3d ? T.NE : -1;
    else if (c === 0x7c /* | */) kind = c1 === 0x7c ? T.OR : -1;
    if (kind < 0) return false;
    this.token(f, kind, p, p + 2);
    return true;
  }

  /** `([0-9]+|0[xX][0-9a-fA-F]+)(U|L|UL|LL|ULL)?`, valued as strtoull(…, 0) does. */
  private integer(f: LexFrame, p: number): void {
    const text = f.text;
    let e = p;
    let digitsStart = p;
    let base = 10;
    const c1 = text.charCodeAt(p + 1);
    if (text.charCodeAt(p) === 0x30 && (c1 === 0x78 || c1 === 0x58) && cls(text.charCodeAt(p + 2)) & C_HEX) {
      base = 16;
      digitsStart = e = p + 2;
      while (cls(text.charCodeAt(e)) & C_HEX) e++;
    } else {
      while (cls(text.charCodeAt(e)) & C_DIGIT) e++;
      if (text.charCodeAt(p) === 0x30 && e > p + 1) base = 8;
    }
    const digitsEnd = e;
    // Suffix: the longest of U, L, UL, LL, ULL.
    if (text.startsWith('ULL', e)) e += 3;
    else if (text.startsWith('UL', e) || text.startsWith('LL', e)) e += 2;
    else if (text.charCodeAt(e) === 0x55 || text.charCodeAt(e) === 0x4c) e += 1;
    this.token(f, T.LITERAL, p, e);
    let valid = digitsEnd;
    if (base === 8) {
      valid = digitsStart;
      while (valid < digitsEnd && text.charCodeAt(valid) <= 0x37) valid++;
    }
    if (valid < digitsEnd) this.error(`Bad integer literal '${text.slice(p, e)}'`);
    if (valid - digitsStart <= (base === 16 ? 13 : 15)) {
      // Fits a double exactly: no string, no BigInt arithmetic.
      let n = 0;
      for (let i = digitsStart; i < valid; i++) n = n * base + hexValue(text.charCodeAt(i));
      this.num = bigOf(n);
    } else {
      const prefix = base === 16 ? '0x' : base === 8 ? '0o' : '';
      const v = BigInt(prefix + text.slice(digitsStart, valid));
      if (v > U64_MAX) {
        this.error(`Integer literal '${text.slice(p, e)}' out of range`);
        this.num = U64_MAX;
      } else {
        this.num = v;
      }
    }
  }

  private charLiteral(f: LexFrame, p: number, e: number): void {
    this.token(f, T.CHAR_LITERAL, p, e);
    const d = decodeEscapes(f.text, p + 1, e - 1);
    if (d.error !== undefined) this.fatal(d.error);
    if (d.value.length === 0) {
      this.error('Empty character literal');
      this.num = 0n;
      return;
    }
    this.num = BigInt(d.value.charCodeAt(0) & 0xff);
    if (d.value.length > 1) this.error(`Character literal has ${d.value.length} characters instead of 1`);
  }
}

/** End (exclusive) of `"([^\\"]|\\.)*"` starting at `p`, or -1. */
export function stringEnd(text: string, p: number): number {
  const len = text.length;
  for (let q = p + 1; q < len; q++) {
    const c = text.charCodeAt(q);
    if (c === DQUOTE) return q + 1;
    if (c === BACKSLASH) {
      // `\\.`: the escaped char may be anything but a newline.
      if (q + 1 >= len || text.charCodeAt(q + 1) === NL) return -1;
      q++;
    }
  }
  return -1;
}

/**
 * End of flex's longest match for `'([^']|\\')*'`: a quote that follows a backslash may be inside
 * the literal, so the match runs to the first quote that does not (or, at end of input, to the
 * last quote seen). `'\\'` therefore does not end at its second quote, exactly as in dtc.
 */
function charLiteralEnd(text: string, p: number): number {
  let last = -1;
  let q = p + 1;
  for (;;) {
    const i = text.indexOf("'", q);
    if (i < 0) return last;
    if (i > p + 1 && text.charCodeAt(i - 1) === BACKSLASH) {
      last = i + 1;
      q = i + 1;
      continue;
    }
    return i + 1;
  }
}

/** `^"#"(line)?[ \t]+[0-9]+[ \t]+{STRING}([ \t]+[0-9]+)*`, or -1. */
function lineMarkerEnd(text: string, p: number): number {
  let q = p + 1;
  if (text.startsWith('line', q)) q += 4;
  const blanks = (from: number): number => {
    let i = from;
    while (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09) i++;
    return i;
  };
  const digits = (from: number): number => {
    let i = from;
    while (cls(text.charCodeAt(i)) & C_DIGIT) i++;
    return i;
  };
  let r = blanks(q);
  if (r === q) return -1;
  q = digits(r);
  if (q === r) return -1;
  r = blanks(q);
  if (r === q || text.charCodeAt(r) !== DQUOTE) return -1;
  q = stringEnd(text, r);
  if (q < 0) return -1;
  for (;;) {
    const b = blanks(q);
    if (b === q) return q;
    const d = digits(b);
    if (d === b) return q;
    q = d;
  }
}
