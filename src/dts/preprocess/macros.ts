/**
 * Macro definitions: `#define` parsed as libcpp's create_iso_definition does in assembler mode
 * (where `#` not followed by a parameter is kept as a token), the built-in macros, and the chains
 * that record which macros produced a token.
 */
import type { Location, MacroOrigin } from '../location.js';
import type { FileScan } from './scan.js';
import { intern } from './names.js';
import { PASTE_LEFT, PREV_WHITE, STRINGIFY_ARG, Tok, type Token } from './tokens.js';

export type Builtin =
  | 'FILE'
  | 'LINE'
  | 'COUNTER'
  | 'INCLUDE_LEVEL'
  | 'BASE_FILE'
  | 'FILE_NAME'
  | 'DATE'
  | 'TIME'
  | 'TIMESTAMP'
  | 'HAS_INCLUDE'
  | 'HAS_INCLUDE_NEXT';

export interface Macro {
  name: string;
  /** Interned name. */
  id: number;
  funLike: boolean;
  params: readonly string[];
  variadic: boolean;
  /**
   * Replacement list: parameters are MACRO_ARG tokens; the first token has no PREV_WHITE. Made on
   * first use from tokens [bodyStart, bodyEnd) of the scan (most header macros are never used).
   */
  body: Token[] | null;
  bodyStart: number;
  bodyEnd: number;
  builtin: Builtin | null;
  /** The defining file and the raw range of the definition's body (the name when the body is empty). */
  scan: FileScan | null;
  /** The #define's line in `scan` (-1 for a built-in macro). */
  line: number;
  defStart: number;
  defEnd: number;
  /** Chain for expansions of this macro from file text; made on first use. */
  root: Chain | null;
  definedAt: Location | null;
}

/**
 * The macros that produced a token, innermost last. Chains are shared (one object per path), so
 * comparing chains is comparing references, and each caches its macro's body with itself attached.
 */
export interface Chain {
  macro: Macro;
  parent: Chain | null;
  children: Map<Macro, Chain> | null;
  body: Token[] | null;
  origins: MacroOrigin[] | null;
}

export function childChain(parent: Chain | null, macro: Macro): Chain {
  if (parent === null) return (macro.root ??= newChain(macro, null));
  const children = (parent.children ??= new Map());
  let chain = children.get(macro);
  if (!chain) {
    chain = newChain(macro, parent);
    children.set(macro, chain);
  }
  return chain;
}

function newChain(macro: Macro, parent: Chain | null): Chain {
  return { macro, parent, children: null, body: null, origins: null };
}

/** The macro's replacement list, each token marked as produced through `chain`. */
export function chainBody(chain: Chain): Token[] {
  if (chain.body) return chain.body;
  chain.body = bodyOf(chain.macro).map((t) => ({ ...t, chain }));
  return chain.body;
}

/** `expansion` for a Location: outermost first. */
export function chainOrigins(chain: Chain): MacroOrigin[] {
  if (chain.origins) return chain.origins;
  const list: MacroOrigin[] = [];
  for (let c: Chain | null = chain; c; c = c.parent) list.push({ macro: c.macro.name, definedAt: definedAt(c.macro) });
  list.reverse();
  chain.origins = list;
  return list;
}

export function definedAt(macro: Macro): Location {
  if (macro.definedAt) return macro.definedAt;
  let loc: Location;
  if (macro.scan) {
    const file = macro.scan.file;
    loc = file.rangeAt(macro.defStart, macro.defEnd);
  } else {
    loc = { file: macro.builtin ? '<built-in>' : '<command-line>', line: 1, column: 1, endLine: 1, endColumn: 1 };
  }
  macro.definedAt = loc;
  return loc;
}

export interface DefineError {
  message: string;
  /** Token index in the scan the error points at. */
  at: number;
}

/** Parses the `#define` on `line`, made of tokens [first, end); the result is cached by the caller. */
export function parseDefine(scan: FileScan, line: number, first: number, end: number): Macro | DefineError {
  let i = first + 2;
  if (i >= end) return { message: 'no macro name given in #define directive', at: first + 1 };
  const nameError = checkMacroName(scan, i);
  if (nameError) return nameError;
  const name = scan.name(i);
  const id = scan.ids[i]!;
  i++;
  const params: string[] = [];
  let variadic = false;
  let funLike = false;
  if (i < end && scan.type[i] === Tok.OPEN_PAREN && !(scan.flags[i]! & PREV_WHITE)) {
    funLike = true;
    i++;
    let prevIdent = false;
    for (;;) {
      if (i >= end) {
        const message = variadic
          ? 'expected \')\' after "..."'
          : prevIdent
            ? "expected ')' before end of line"
            : 'expected parameter name before end of line';
        return { message, at: end - 1 };
      }
      const type = scan.type[i]!;
      let bad = false;
      if (type === Tok.NAME) {
        if (prevIdent || variadic) bad = true;
        else {
          const p = scan.name(i);
          if (params.includes(p)) return { message: `duplicate macro parameter "${p}"`, at: i };
          params.push(p);
          prevIdent = true;
        }
      } else if (type === Tok.CLOSE_PAREN && (prevIdent || params.length === 0 || variadic)) {
        i++;
        break;
      } else if (type === Tok.COMMA || type === Tok.CLOSE_PAREN) {
        if (!prevIdent || variadic) bad = true;
        prevIdent = false;
      } else if (type === Tok.ELLIPSIS) {
        if (variadic) bad = true;
        else {
          variadic = true;
          if (!prevIdent) params.push('__VA_ARGS__');
        }
      } else bad = true;
      if (bad) {
        const text = scan.text(i);
        const message = variadic
          ? 'expected \')\' after "..."'
          : prevIdent
            ? `expected ',' or ')', found "${text}"`
            : `expected parameter name, found "${text}"`;
        return { message, at: i };
      }
      i++;
    }
  }
  // `##` at either end is the only error a replacement list can have in assembler mode.
  if (i < end && scan.type[i] === Tok.PASTE) return { message: "'##' cannot appear at either end of a macro expansion", at: i };
  if (i < end && scan.type[end - 1] === Tok.PASTE) return { message: "'##' cannot appear at either end of a macro expansion", at: end - 1 };
  const defStart = i < end ? scan.rawStart(i) : scan.rawStart(first + 2);
  const defEnd = i < end ? scan.rawEnd(end - 1) : scan.rawEnd(first + 2);
  return {
    name,
    id,
    funLike,
    params,
    variadic,
    body: null,
    bodyStart: i,
    bodyEnd: end,
    builtin: null,
    scan,
    line,
    defStart,
    defEnd,
    root: null,
    definedAt: null,
  };
}

/** The replacement list, as create_iso_definition builds it: `#param` and `a ## b` folded into flags. */
function bodyOf(macro: Macro): Token[] {
  if (macro.body) return macro.body;
  const scan = macro.scan!;
  const { funLike, params } = macro;
  const body: Token[] = [];
  let followingPaste = false;
  for (let i = macro.bodyStart; i < macro.bodyEnd; i++) {
    const tok = fileToken(scan, i);
    if (tok.type === Tok.PASTE) {
      if (!followingPaste) body[body.length - 1]!.flags |= PASTE_LEFT;
      followingPaste = true;
      continue;
    }
    followingPaste = false;
    if (funLike && tok.type === Tok.NAME) {
      const k = params.indexOf(tok.text);
      if (k >= 0) {
        tok.type = Tok.MACRO_ARG;
        tok.arg = k;
      }
    }
    const prev = body[body.length - 1];
    if (funLike && prev && prev.type === Tok.HASH && tok.type === Tok.MACRO_ARG) {
      tok.flags = (tok.flags & ~PREV_WHITE) | STRINGIFY_ARG | (prev.flags & PREV_WHITE);
      body[body.length - 1] = tok;
      continue;
    }
    body.push(tok);
  }
  if (body.length > 0) body[0]!.flags &= ~PREV_WHITE;
  macro.body = body;
  return body;
}

/** A new Token for token i of the scan (replacement lists own theirs: their flags change). */
function fileToken(scan: FileScan, i: number): Token {
  return { type: scan.type[i]!, flags: scan.flags[i]!, text: scan.text(i), scan, index: i, chain: null, source: null, arg: -1, id: scan.ids[i]! };
}


/** lex_macro_node: the token at `i` must be an identifier other than `defined`. */
export function checkMacroName(scan: FileScan, i: number): DefineError | undefined {
  if (scan.type[i] !== Tok.NAME) return { message: 'macro names must be identifiers', at: i };
  const name = scan.name(i);
  if (name === 'defined' || name === '__has_include' || name === '__has_include_next')
    return { message: `"${name}" cannot be used as a macro name`, at: i };
  return undefined;
}

export function isDefineError(x: Macro | DefineError): x is DefineError {
  return (x as DefineError).message !== undefined;
}

/** libcpp's cpp_compare_macros: true when a redefinition changes the macro. */
export function macrosDiffer(a: Macro, b: Macro): boolean {
  if (a.builtin || b.builtin) return true;
  if (a.funLike !== b.funLike || a.variadic !== b.variadic || a.params.length !== b.params.length) return true;
  for (let i = 0; i < a.params.length; i++) if (a.params[i] !== b.params[i]) return true;
  const p = bodyOf(a);
  const q = bodyOf(b);
  if (p.length !== q.length) return true;
  const mask = PREV_WHITE | PASTE_LEFT | STRINGIFY_ARG;
  for (let i = 0; i < p.length; i++) {
    const x = p[i]!;
    const y = q[i]!;
    if (x.type !== y.type || x.text !== y.text || x.arg !== y.arg || (x.flags & mask) !== (y.flags & mask)) return true;
  }
  return false;
}

const BUILTINS: [string, Builtin][] = [
  ['__FILE__', 'FILE'],
  ['__LINE__', 'LINE'],
  ['__COUNTER__', 'COUNTER'],
  ['__INCLUDE_LEVEL__', 'INCLUDE_LEVEL'],
  ['__BASE_FILE__', 'BASE_FILE'],
  ['__FILE_NAME__', 'FILE_NAME'],
  ['__DATE__', 'DATE'],
  ['__TIME__', 'TIME'],
  ['__TIMESTAMP__', 'TIMESTAMP'],
  ['__has_include', 'HAS_INCLUDE'],
  ['__has_include_next', 'HAS_INCLUDE_NEXT'],
];

const BUILTIN_MACROS: Macro[] = BUILTINS.map(([name, builtin]) => ({
  name,
  id: intern(name),
  funLike: false,
  params: [],
  variadic: false,
  body: [],
  bodyStart: 0,
  bodyEnd: 0,
  builtin,
  scan: null,
  line: -1,
  defStart: 0,
  defEnd: 0,
  root: null,
  definedAt: null,
}));

export function builtinMacros(): readonly Macro[] {
  return BUILTIN_MACROS;
}
