/**
 * Preprocessing tokens as GCC's libcpp sees them in assembler-with-cpp mode (no digraphs, no `::`,
 * `$` is not an identifier character), and the rule that decides where the output needs a space
 * so that two tokens do not lex as one (libcpp's cpp_avoid_paste).
 */
import type { FileScan } from './scan.js';
import type { Chain } from './macros.js';
import { intern } from './names.js';

/** Token kinds. The first fourteen are the operators that can take a following `=` (CPP_LAST_EQ). */
export enum Tok {
  EQ,
  NOT,
  GREATER,
  LESS,
  PLUS,
  MINUS,
  MULT,
  DIV,
  MOD,
  AND,
  OR,
  XOR,
  RSHIFT,
  LSHIFT,
  COMPL,
  AND_AND,
  OR_OR,
  QUERY,
  COLON,
  COMMA,
  OPEN_PAREN,
  CLOSE_PAREN,
  EQ_EQ,
  NOT_EQ,
  GREATER_EQ,
  LESS_EQ,
  PLUS_EQ,
  MINUS_EQ,
  MULT_EQ,
  DIV_EQ,
  MOD_EQ,
  AND_EQ,
  OR_EQ,
  XOR_EQ,
  RSHIFT_EQ,
  LSHIFT_EQ,
  HASH,
  PASTE,
  OPEN_SQUARE,
  CLOSE_SQUARE,
  OPEN_BRACE,
  CLOSE_BRACE,
  SEMICOLON,
  ELLIPSIS,
  PLUS_PLUS,
  MINUS_MINUS,
  DEREF,
  DOT,
  /** Last operator kind. */
  NAME,
  NUMBER,
  CHAR,
  STRING,
  /** A character that starts no other token, or an unterminated quote up to the end of the line. */
  OTHER,
  HEADER_NAME,
  PADDING,
  EOF,
  MACRO_ARG,
}

const LAST_EQ = Tok.LSHIFT;
const LAST_OPERATOR = Tok.DOT;

/** Token flags (libcpp's names). */
export const PREV_WHITE = 1;
export const BOL = 2;
/** The token's spelling is not the raw source slice (a backslash-newline inside it). */
export const SPLICED = 4;
export const NO_EXPAND = 8;
export const PASTE_LEFT = 16;
export const STRINGIFY_ARG = 32;

/**
 * A token of the macro machinery. Tokens lexed from a file are shared between runs and never
 * mutated: flag changes make copies, as libcpp does.
 */
export interface Token {
  type: Tok;
  flags: number;
  text: string;
  /** Lexed from this file (the one token in the file's scan, `index`); null for made-up tokens. */
  scan: FileScan | null;
  index: number;
  /** For tokens made by a macro expansion: the macros that produced it. */
  chain: Chain | null;
  /** PADDING: the token whose whitespace it inherits (null: avoid paste only). */
  source: Token | null;
  /** MACRO_ARG: 0-based parameter number. */
  arg: number;
  /** NAME: the interned identifier (see names.ts); -1 otherwise. */
  id: number;
}

export function makeToken(type: Tok, flags: number, text: string, chain: Chain | null): Token {
  return { type, flags, text, scan: null, index: -1, chain, source: null, arg: -1, id: type === Tok.NAME ? intern(text) : -1 };
}

export function withFlags(tok: Token, flags: number): Token {
  return { type: tok.type, flags, text: tok.text, scan: tok.scan, index: tok.index, chain: tok.chain, source: tok.source, arg: tok.arg, id: tok.id };
}

export function paddingToken(source: Token | null): Token {
  return { type: Tok.PADDING, flags: 0, text: '', scan: null, index: -1, chain: null, source, arg: -1, id: -1 };
}

/** libcpp's pfile->avoid_paste: padding with no source. */
export const AVOID_PASTE: Token = paddingToken(null);
export const EOF_TOKEN: Token = makeToken(Tok.EOF, 0, '', null);

const OPERATOR_SPELLING: string[] = [
  '=', '!', '>', '<', '+', '-', '*', '/', '%', '&', '|', '^', '>>', '<<',
  '~', '&&', '||', '?', ':', ',', '(', ')', '==', '!=', '>=', '<=',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '>>=', '<<=',
  '#', '##', '[', ']', '{', '}', ';', '...', '++', '--', '->', '.',
];

/** 1: identifier start, 2: identifier part (letters, digits, `_`). */
export const IDENT = new Uint8Array(256);
IDENT[0x5f] = 3; // _
for (let c = 0x41; c <= 0x5a; c++) IDENT[c] = IDENT[c + 0x20] = 3; // A-Z, a-z
for (let c = 0x30; c <= 0x39; c++) IDENT[c] = 2; // 0-9

/**
 * Lexes one operator starting at `i` (the first character is known not to start a name, number,
 * string, comment or whitespace). Returns kind and length, or OTHER with length 1.
 */
export function lexOperator(s: string, i: number): { type: Tok; len: number } {
  const c = s.charCodeAt(i);
  const d = s.charCodeAt(i + 1);
  switch (c) {
    case 0x3d: return d === 0x3d ? op(Tok.EQ_EQ, 2) : op(Tok.EQ, 1); // =
    case 0x21: return d === 0x3d ? op(Tok.NOT_EQ, 2) : op(Tok.NOT, 1); // !
    case 0x3e: // >
      if (d === 0x3e) return s.charCodeAt(i + 2) === 0x3d ? op(Tok.RSHIFT_EQ, 3) : op(Tok.RSHIFT, 2);
      return d === 0x3d ? op(Tok.GREATER_EQ, 2) : op(Tok.GREATER, 1);
    case 0x3c: // <
      if (d === 0x3c) return s.charCodeAt(i + 2) === 0x3d ? op(Tok.LSHIFT_EQ, 3) : op(Tok.LSHIFT, 2);
      return d === 0x3d ? op(Tok.LESS_EQ, 2) : op(Tok.LESS, 1);
    case 0x2b: // +
      if (d === 0x2b) return op(Tok.PLUS_PLUS, 2);
      return d === 0x3d ? op(Tok.PLUS_EQ, 2) : op(Tok.PLUS, 1);
    case 0x2d: // -
      if (d === 0x2d) return op(Tok.MINUS_MINUS, 2);
      if (d === 0x3d) return op(Tok.MINUS_EQ, 2);
      return d === 0x3e ? op(Tok.DEREF, 2) : op(Tok.MINUS, 1);
    case 0x2a: return d === 0x3d ? op(Tok.MULT_EQ, 2) : op(Tok.MULT, 1); // *
    case 0x2f: return d === 0x3d ? op(Tok.DIV_EQ, 2) : op(Tok.DIV, 1); // /
    case 0x25: return d === 0x3d ? op(Tok.MOD_EQ, 2) : op(Tok.MOD, 1); // %
    case 0x26: // &
      if (d === 0x26) return op(Tok.AND_AND, 2);
      return d === 0x3d ? op(Tok.AND_EQ, 2) : op(Tok.AND, 1);
    case 0x7c: // |
      if (d === 0x7c) return op(Tok.OR_OR, 2);
      return d === 0x3d ? op(Tok.OR_EQ, 2) : op(Tok.OR, 1);
    case 0x5e: return d === 0x3d ? op(Tok.XOR_EQ, 2) : op(Tok.XOR, 1); // ^
    case 0x7e: return op(Tok.COMPL, 1);
    case 0x3f: return op(Tok.QUERY, 1);
    case 0x3a: return op(Tok.COLON, 1);
    case 0x2c: return op(Tok.COMMA, 1);
    case 0x28: return op(Tok.OPEN_PAREN, 1);
    case 0x29: return op(Tok.CLOSE_PAREN, 1);
    case 0x5b: return op(Tok.OPEN_SQUARE, 1);
    case 0x5d: return op(Tok.CLOSE_SQUARE, 1);
    case 0x7b: return op(Tok.OPEN_BRACE, 1);
    case 0x7d: return op(Tok.CLOSE_BRACE, 1);
    case 0x3b: return op(Tok.SEMICOLON, 1);
    case 0x23: return d === 0x23 ? op(Tok.PASTE, 2) : op(Tok.HASH, 1); // #
    case 0x2e: // .
      if (d === 0x2e && s.charCodeAt(i + 2) === 0x2e) return op(Tok.ELLIPSIS, 3);
      return op(Tok.DOT, 1);
    default:
      return op(Tok.OTHER, 1);
  }
}

const OPS: { type: Tok; len: number }[][] = [];
function op(type: Tok, len: number): { type: Tok; len: number } {
  const row = (OPS[type] ??= []);
  return (row[len] ??= { type, len });
}

/** End of a pp-number starting at `i`: digits, letters, `_`, `.`, and a sign after e/E/p/P. */
export function numberEnd(s: string, i: number): number {
  const n = s.length;
  let j = i + 1;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c < 256 && IDENT[c]! & 2) j++;
    else if (c === 0x2e) j++;
    else if ((c === 0x2b || c === 0x2d) && isExponent(s.charCodeAt(j - 1))) j++;
    else break;
  }
  return j;
}

function isExponent(c: number): boolean {
  return c === 0x65 || c === 0x45 || c === 0x70 || c === 0x50;
}

function identEnd(s: string, i: number): number {
  const n = s.length;
  let j = i + 1;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c < 256 && IDENT[c]! & 2) j++;
    else break;
  }
  return j;
}

/**
 * End of a string or char literal opened at `i` (quote at `q`), or -1 when the line ends first
 * (then libcpp makes the rest of the line one OTHER token, silently in assembler mode).
 */
export function quotedEnd(s: string, q: number): number {
  const quote = s.charCodeAt(q);
  const n = s.length;
  for (let j = q + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x5c && j + 1 < n && s.charCodeAt(j + 1) !== 0x0a) j++;
    else if (c === quote) return j + 1;
    else if (c === 0x0a) return -1;
  }
  return -1;
}

/**
 * Lexes `text` as exactly one token (for `##`), or returns undefined when it is not one token.
 * libcpp re-lexes the pasted spelling and fails when anything is left over.
 */
export function lexSingle(text: string): Tok | undefined {
  const n = text.length;
  if (n === 0) return undefined;
  const c = text.charCodeAt(0);
  let end: number;
  let type: Tok;
  if (c < 256 && IDENT[c]! & 1) {
    if (c === 0x4c && (text.charCodeAt(1) === 0x22 || text.charCodeAt(1) === 0x27)) {
      end = quotedEnd(text, 1);
      type = text.charCodeAt(1) === 0x22 ? Tok.STRING : Tok.CHAR;
      if (end < 0) return text.indexOf('\n') < 0 ? Tok.OTHER : undefined;
    } else {
      end = identEnd(text, 0);
      type = Tok.NAME;
    }
  } else if ((c >= 0x30 && c <= 0x39) || (c === 0x2e && isDigit(text.charCodeAt(1)))) {
    end = numberEnd(text, 0);
    type = Tok.NUMBER;
  } else if (c === 0x22 || c === 0x27) {
    end = quotedEnd(text, 0);
    type = c === 0x22 ? Tok.STRING : Tok.CHAR;
    // An unterminated quote lexes as one OTHER token up to the end of the line.
    if (end < 0) return text.indexOf('\n') < 0 ? Tok.OTHER : undefined;
  } else if (c === 0x2f && (text.charCodeAt(1) === 0x2f || text.charCodeAt(1) === 0x2a)) {
    return undefined;
  } else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0b || c === 0x0d || c === 0) {
    return undefined;
  } else {
    const o = lexOperator(text, 0);
    end = o.len;
    type = o.type;
  }
  return end === n ? type : undefined;
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isIdentifier(text: string): boolean {
  const c = text.charCodeAt(0);
  return c < 256 && (IDENT[c]! & 1) !== 0 && identEnd(text, 0) === text.length;
}

/**
 * libcpp's cpp_avoid_paste: would `b` printed right after `a` lex differently? Conservative, as in
 * GCC (it also spaces `.` and `.2`), because the output must equal what cpp prints.
 */
export function avoidPaste(a: Token, b: Token): boolean {
  const at = a.type;
  const bt = b.type;
  const c = bt <= LAST_OPERATOR ? OPERATOR_SPELLING[bt]!.charCodeAt(0) : -1;
  if (at <= LAST_EQ && c === 0x3d) return true;
  switch (at) {
    case Tok.GREATER: return c === 0x3e;
    case Tok.LESS: return c === 0x3c || c === 0x25 || c === 0x3a;
    case Tok.PLUS: return c === 0x2b;
    case Tok.MINUS: return c === 0x2d || c === 0x3e;
    case Tok.DIV: return c === 0x2f || c === 0x2a;
    case Tok.MOD: return c === 0x3a || c === 0x3e;
    case Tok.AND: return c === 0x26;
    case Tok.OR: return c === 0x7c;
    case Tok.COLON: return c === 0x3a || c === 0x3e;
    case Tok.DEREF: return c === 0x2a;
    case Tok.DOT: return c === 0x2e || c === 0x25 || bt === Tok.NUMBER;
    case Tok.HASH: return c === 0x23 || c === 0x25;
    case Tok.NAME:
      return (bt === Tok.NUMBER && isIdentifier(b.text)) || bt === Tok.NAME || bt === Tok.CHAR || bt === Tok.STRING;
    case Tok.NUMBER:
      return bt === Tok.NUMBER || bt === Tok.NAME || c === 0x2e || c === 0x2b || c === 0x2d;
    case Tok.OTHER:
      return a.text.charCodeAt(0) === 0x5c && bt === Tok.NAME;
    default:
      return false;
  }
}
