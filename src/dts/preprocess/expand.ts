/**
 * Macro expansion, step for step as libcpp's macro.cc does it (cpp_get_token_1, enter_macro_context,
 * collect_args, replace_args, expand_arg, paste_all_tokens, stringify_arg), including its padding
 * tokens: the printer needs them to put spaces exactly where cpp does.
 *
 * A macro is disabled while its expansion is being read, and a name of a disabled macro is marked
 * NO_EXPAND for good, so expansion always terminates; a budget on produced tokens guards against
 * exponential definitions.
 */
import { childChain, chainBody, type Chain, type Macro } from './macros.js';
import type { MacroTable } from './names.js';
import {
  AVOID_PASTE,
  BOL,
  NO_EXPAND,
  PASTE_LEFT,
  PREV_WHITE,
  STRINGIFY_ARG,
  Tok,
  lexSingle,
  makeToken,
  paddingToken,
  withFlags,
  type Token,
} from './tokens.js';

/** Where the lexer-level tokens come from (the open files, or the current directive's line). */
export interface TokenReader {
  lex(): Token;
  /** Step back over the token lex() returned last. */
  backup(): void;
  /** libcpp's state.parsing_args: 1 while looking for a macro's `(`, 2 while collecting arguments. */
  parsingArgs: number;
  /** The last token lex() handed out. */
  lastDelivered: Token | null;
}

export interface ExpansionHost {
  readonly macros: MacroTable;
  readonly reader: TokenReader;
  report(message: string, at: Token | null, severity?: 'error' | 'warning'): void;
  /** Text of a built-in macro other than __has_include. */
  builtinText(macro: Macro, name: Token): string;
  hasInclude(name: string, angled: boolean, next: boolean): boolean;
}

/** The use site of a top-level expansion: from the macro name to the last `)` read from the file. */
export interface Episode {
  name: Token;
  last: Token;
  /** The outermost macro's chain. */
  root: Chain | null;
}

interface Context {
  tokens: Token[];
  pos: number;
  macro: Macro | null;
  chain: Chain | null;
}

/** End-of-argument marker (libcpp's pfile->endarg). */
const ENDARG: Token = makeToken(Tok.EOF, 0, '', null);

/** Macro calls nested in arguments (F(F(F(...)))): each level copies the rest, so depth costs time squared. */
const MAX_ARG_NESTING = 64;
/**
 * The longest string `#x` may make (64 KiB): no devicetree needs more, and nested stringifying
 * (S(S(...)) escapes every backslash again) grows a text fourfold per level, so a lower cap ends a
 * stringify bomb levels earlier.
 */
const MAX_STRINGIFIED = 1 << 16;
/** Tokens one run may produce by expansion; the most any Linux 6.12 arm/arm64 board needs is ~110k. */
const TOKEN_BUDGET = 300_000;
/**
 * And this many more for each token read from a file: a board ten times as long may use its macros
 * ten times as often (a generated 10 MB board needs ~3M), while a bomb, which grows as 2^depth from a
 * few lines, still meets the fixed part.
 */
const BUDGET_PER_LEXED_TOKEN = 2;

/**
 * A string or character literal's text as it stands inside `#x`: backslashes and quotes escaped,
 * a newline as `\n`. Split and join, not a regular expression: nested stringifying makes texts
 * that are mostly backslashes, and a replace per match took a quarter of a second on a 700 KB one.
 */
function escapeForString(text: string): string {
  let out = text.includes('\\') ? text.split('\\').join('\\\\') : text;
  if (out.includes('"')) out = out.split('"').join('\\"');
  if (out.includes('\n')) out = out.split('\n').join('\\n');
  return out;
}

export class Machine {
  private readonly contexts: Context[] = [];
  private readonly disabled = new Set<Macro>();
  preventExpansion = 0;
  inDirective = false;
  /** #include's tokens keep padding (libcpp's directive_wants_padding). */
  wantsPadding = false;
  episode: Episode | null = null;
  private argNesting = 0;
  private budget = TOKEN_BUDGET;
  overBudget = false;

  constructor(private readonly host: ExpansionHost) {}

  get depth(): number {
    return this.contexts.length;
  }

  /** Pops contexts down to `depth` (the end of a directive discards what it left unread). */
  unwindTo(depth: number): void {
    while (this.contexts.length > depth) this.popContext();
  }

  /** cpp_get_token_1. */
  getToken(): Token {
    const contexts = this.contexts;
    for (;;) {
      let result: Token;
      const fromLexer = contexts.length === 0;
      if (fromLexer) {
        result = this.host.reader.lex();
        this.budget += BUDGET_PER_LEXED_TOKEN;
      } else {
        const ctx = contexts[contexts.length - 1]!;
        if (ctx.pos < ctx.tokens.length) {
          result = ctx.tokens[ctx.pos++]!;
          if (result.flags & PASTE_LEFT) {
            this.pasteAll(result);
            if (this.inDirective) continue;
            return paddingToken(result);
          }
        } else {
          this.popContext();
          if (this.inDirective) continue;
          return AVOID_PASTE;
        }
      }
      if (result.type !== Tok.NAME || result.flags & NO_EXPAND) return result;
      const macro = this.host.macros.get(result.id);
      if (macro === undefined) return result;
      if (this.disabled.has(macro)) return withFlags(result, result.flags | NO_EXPAND);
      if (this.preventExpansion) return result;
      if (this.enterMacro(macro, result, fromLexer)) {
        if (this.inDirective) continue;
        return paddingToken(result);
      }
      return result;
    }
  }

  private macroOfTop(): Macro | null {
    const n = this.contexts.length;
    return n === 0 ? null : this.contexts[n - 1]!.macro;
  }

  private chainOfTop(): Chain | null {
    const n = this.contexts.length;
    return n === 0 ? null : this.contexts[n - 1]!.chain;
  }

  /** _cpp_push_token_context with a NULL macro: the new context continues the current expansion. */
  private pushInherited(tokens: Token[]): void {
    this.contexts.push({ tokens, pos: 0, macro: this.macroOfTop(), chain: this.chainOfTop() });
  }

  private popContext(): void {
    const ctx = this.contexts.pop()!;
    if (ctx.macro !== null && this.macroOfTop() !== ctx.macro) this.disabled.delete(ctx.macro);
  }

  private backup(): void {
    const n = this.contexts.length;
    if (n === 0) this.host.reader.backup();
    else this.contexts[n - 1]!.pos--;
  }

  private spend(count: number): boolean {
    this.budget -= count;
    if (this.budget >= 0) return true;
    if (!this.overBudget) {
      this.overBudget = true;
      this.host.report('macro expansion produces too many tokens', null);
    }
    return false;
  }

  /** enter_macro_context: returns true when a context was pushed. */
  private enterMacro(macro: Macro, name: Token, fromLexer: boolean): boolean {
    const outer = this.episode;
    const top = fromLexer && !this.inDirective;
    if (top) this.episode = { name, last: name, root: childChain(null, macro) };
    if (macro.builtin) return this.enterBuiltin(macro, name);
    let args: (Token[] | null)[] | null = null;
    if (macro.funLike) {
      const reader = this.host.reader;
      this.preventExpansion++;
      reader.parsingArgs = 1;
      args = this.funlikeInvocation(macro, name);
      reader.parsingArgs = 0;
      this.preventExpansion--;
      if (args === null) {
        if (top) this.episode = outer;
        return false;
      }
    }
    const chain = childChain(name.chain, macro);
    if (macro.params.length === 0) {
      const body = chainBody(chain);
      if (!this.spend(body.length)) return false;
      this.contexts.push({ tokens: body, pos: 0, macro, chain });
    } else {
      // The arguments are expanded before the macro is disabled: id(id(1)) expands both.
      this.replaceArgs(macro, args!, chain);
    }
    this.disabled.add(macro);
    return true;
  }

  private enterBuiltin(macro: Macro, name: Token): boolean {
    const chain = childChain(name.chain, macro);
    let text: string;
    if (macro.builtin === 'HAS_INCLUDE' || macro.builtin === 'HAS_INCLUDE_NEXT') {
      text = this.hasInclude(macro, name) ? '1' : '0';
    } else {
      text = this.host.builtinText(macro, name);
    }
    const type = lexSingle(text) ?? Tok.OTHER;
    this.contexts.push({ tokens: [makeToken(type, 0, text, chain)], pos: 0, macro, chain });
    return true;
  }

  /** builtin_has_include: `__has_include ( "x" )` or `( <x> )`, the name possibly from macros. */
  private hasInclude(macro: Macro, name: Token): boolean {
    if (!this.inDirective) this.host.report(`"${macro.name}" used outside of preprocessing directive`, name);
    let tok = this.nextNonPadding();
    const paren = tok.type === Tok.OPEN_PAREN;
    if (paren) tok = this.nextNonPadding();
    else this.host.report(`missing '(' before "${macro.name}" operand`, name);
    let file: string | undefined;
    let angled = false;
    if (tok.type === Tok.STRING && tok.text.charCodeAt(0) === 0x22) {
      file = tok.text.slice(1, -1);
    } else if (tok.type === Tok.HEADER_NAME) {
      file = tok.text.slice(1, -1);
      angled = true;
    } else if (tok.type === Tok.LESS) {
      file = this.bracketName();
      angled = true;
    } else {
      this.host.report(`operator "${macro.name}" requires a header-name`, name);
    }
    if (paren && this.nextNonPadding().type !== Tok.CLOSE_PAREN)
      this.host.report(`missing ')' after "${macro.name}" operand`, name);
    if (file === undefined) return false;
    return this.host.hasInclude(file, angled, macro.builtin === 'HAS_INCLUDE_NEXT');
  }

  nextNonPadding(): Token {
    for (;;) {
      const t = this.getToken();
      if (t.type !== Tok.PADDING) return t;
    }
  }

  /** _cpp_bracket_include: the spellings up to `>`, a space where the source had whitespace. */
  bracketName(): string | undefined {
    let name = '';
    for (;;) {
      const t = this.getToken();
      if (t.type === Tok.PADDING) continue;
      if (t.type === Tok.EOF) return undefined;
      if (t.type === Tok.GREATER) return name;
      if (name.length > 0 && t.flags & PREV_WHITE) name += ' ';
      name += t.text;
    }
  }

  /** funlike_invocation_p: finds the `(` (possibly after padding or on later lines) and collects the arguments. */
  private funlikeInvocation(macro: Macro, name: Token): (Token[] | null)[] | null {
    let padding: Token | null = null;
    let tok: Token;
    for (;;) {
      tok = this.getToken();
      if (tok.type !== Tok.PADDING) break;
      if (padding === null || padding.source === null || (!(padding.source.flags & PREV_WHITE) && tok.source === null))
        padding = tok;
    }
    if (tok.type === Tok.OPEN_PAREN) {
      this.host.reader.parsingArgs = 2;
      return this.collectArgs(macro, name);
    }
    if (tok.type !== Tok.EOF || tok === ENDARG) {
      this.backup();
      if (padding) this.pushInherited([padding]);
    }
    return null;
  }

  /** collect_args: the arguments, unexpanded; null (and the tokens dropped) on error. */
  private collectArgs(macro: Macro, name: Token): (Token[] | null)[] | null {
    const paramc = macro.params.length;
    const args: Token[][] = [];
    let tok: Token;
    do {
      const arg: Token[] = [];
      let depth = 0;
      for (;;) {
        tok = this.getToken();
        const type = tok.type;
        if (type === Tok.PADDING) {
          if (arg.length === 0) continue;
        } else if (type === Tok.OPEN_PAREN) {
          depth++;
        } else if (type === Tok.CLOSE_PAREN) {
          if (depth-- === 0) break;
        } else if (type === Tok.COMMA) {
          if (depth === 0 && !(macro.variadic && args.length + 1 === paramc)) break;
        } else if (type === Tok.EOF || (type === Tok.HASH && tok.flags & BOL)) {
          break;
        }
        arg.push(tok);
      }
      while (arg.length > 0 && arg[arg.length - 1]!.type === Tok.PADDING) arg.pop();
      args.push(arg);
    } while (tok.type !== Tok.CLOSE_PAREN && tok.type !== Tok.EOF);

    if (tok.type === Tok.EOF) {
      if (tok === ENDARG) this.backup();
      this.host.report(`unterminated argument list invoking macro "${macro.name}"`, name);
      return null;
    }
    if (this.episode && tok === this.host.reader.lastDelivered && tok.scan === this.episode.name.scan) this.episode.last = tok;
    let argc = args.length;
    if (argc === 1 && paramc === 0 && args[0]!.length === 0) argc = 0;
    if (argc !== paramc && !(argc + 1 === paramc && macro.variadic)) {
      this.host.report(
        argc < paramc
          ? `macro "${macro.name}" requires ${paramc} arguments, but only ${argc} given`
          : `macro "${macro.name}" passed ${argc} arguments, but takes just ${paramc}`,
        name,
      );
      return null;
    }
    const result: (Token[] | null)[] = args;
    // GNU: `, ## __VA_ARGS__` loses the comma when the variable arguments are left out entirely.
    if (macro.variadic && (argc < paramc || (argc === 1 && args[0]!.length === 0))) result[paramc - 1] = null;
    return result;
  }

  /** replace_args: the replacement list with arguments substituted, pushed as a new context. */
  private replaceArgs(macro: Macro, args: (Token[] | null)[], chain: Chain): void {
    const body = chainBody(chain);
    const expanded: (Token[] | undefined)[] = [];
    const stringified: (Token | undefined)[] = [];
    const padding = !this.inDirective || this.wantsPadding;
    const out: Token[] = [];
    for (let k = 0; k < body.length; k++) {
      const src = body[k]!;
      if (src.type !== Tok.MACRO_ARG) {
        out.push(src);
        continue;
      }
      const arg = args[src.arg] ?? null;
      const afterPaste = k > 0 && (body[k - 1]!.flags & PASTE_LEFT) !== 0;
      let from: Token[];
      let pasteFlag = -1;
      if (src.flags & STRINGIFY_ARG) {
        from = [(stringified[src.arg] ??= this.stringify(arg ?? [], chain))];
      } else if (src.flags & PASTE_LEFT) {
        from = arg ?? [];
      } else if (afterPaste) {
        from = arg ?? [];
        if (out.length > 0) {
          const last = out.length - 1;
          if (out[last]!.type === Tok.COMMA && macro.variadic && src.arg === macro.params.length - 1) {
            if (arg === null) out.pop();
            else pasteFlag = last;
          } else if (from.length === 0) {
            pasteFlag = last;
          }
        }
      } else {
        from = expanded[src.arg] ??= this.expandArg(arg ?? []);
      }
      if (padding && k > 0 && !afterPaste) out.push(paddingToken(src));
      if (from.length > 0) {
        for (let tIndex = 0; tIndex < from.length; tIndex++) {
          const t = from[tIndex]!;
          out.push(t);
        }
        if (src.flags & PASTE_LEFT) pasteFlag = out.length - 1;
      }
      if (!this.inDirective && !(src.flags & PASTE_LEFT)) out.push(AVOID_PASTE);
      if (pasteFlag >= 0) {
        const t = out[pasteFlag]!;
        out[pasteFlag] = withFlags(t, src.flags & PASTE_LEFT ? t.flags | PASTE_LEFT : t.flags & ~PASTE_LEFT);
      }
    }
    this.spend(out.length);
    this.contexts.push({ tokens: this.overBudget ? [] : out, pos: 0, macro, chain });
  }

  /** expand_arg: the argument fully macro-expanded, as if it were the rest of the file. */
  private expandArg(arg: Token[]): Token[] {
    if (arg.length === 0) return [];
    if (this.argNesting >= MAX_ARG_NESTING) {
      if (this.argNesting === MAX_ARG_NESTING) this.host.report('macro arguments nested too deeply', arg[0]!);
      return arg;
    }
    this.argNesting++;
    const depth = this.contexts.length;
    this.contexts.push({ tokens: [...arg, ENDARG], pos: 0, macro: this.macroOfTop(), chain: this.chainOfTop() });
    const out: Token[] = [];
    for (;;) {
      const t = this.getToken();
      if (t.type === Tok.EOF) break;
      out.push(t);
      if (this.overBudget) break;
    }
    // Normally only the argument's own context is left; after an error, drop whatever is above it too.
    while (this.contexts.length > depth) this.popContext();
    this.argNesting--;
    return out;
  }

  /** stringify_arg: `#x`, whitespace as the padding tokens tell, quotes and backslashes escaped. */
  private stringify(arg: Token[], chain: Chain): Token {
    let out = '"';
    let source: Token | null = null;
    let backslashes = 0;
    for (let tIndex = 0; tIndex < arg.length; tIndex++) {
      const t = arg[tIndex]!;
      if (t.type === Tok.PADDING) {
        if (source === null || (!(source.flags & PREV_WHITE) && t.source === null)) source = t.source;
        continue;
      }
      if (out.length > 1 && ((source ?? t).flags & PREV_WHITE) !== 0) out += ' ';
      source = null;
      if (t.type === Tok.STRING || t.type === Tok.CHAR) out += escapeForString(t.text);
      else out += t.text;
      if (t.type === Tok.OTHER && t.text.charCodeAt(0) === 0x5c) backslashes++;
      else backslashes = 0;
      // Nested stringifying doubles the text at each level (and escapes it): the token budget
      // does not see that, so a string past MAX_STRINGIFIED ends the expansion as the budget does.
      if (out.length > MAX_STRINGIFIED) {
        this.spend(this.budget + 1);
        out = out.slice(0, MAX_STRINGIFIED);
        backslashes = 0;
        break;
      }
    }
    if (backslashes & 1) out = out.slice(0, -1);
    return makeToken(Tok.STRING, 0, out + '"', chain);
  }

  /** paste_all_tokens: `a ## b ## c`, left to right; a failed paste leaves both tokens (silently, as in assembler mode). */
  private pasteAll(first: Token): void {
    const ctx = this.contexts[this.contexts.length - 1]!;
    let lhs = first;
    for (;;) {
      if (ctx.pos >= ctx.tokens.length) {
        lhs = withFlags(lhs, lhs.flags & ~PASTE_LEFT);
        break;
      }
      const rhs = ctx.tokens[ctx.pos++]!;
      let text = lhs.text;
      // libcpp adds a space after `/` so that the paste cannot open a comment.
      if (lhs.type === Tok.DIV && rhs.type !== Tok.EQ) text += ' ';
      if (rhs.type !== Tok.PADDING) text += rhs.text;
      const type = lexSingle(text);
      if (type === undefined) {
        ctx.pos--;
        lhs = withFlags(lhs, lhs.flags & ~PASTE_LEFT);
        break;
      }
      lhs = makeToken(type, lhs.flags & PREV_WHITE, text, ctx.chain);
      if (!(rhs.flags & PASTE_LEFT)) break;
    }
    this.pushInherited([lhs]);
  }
}

