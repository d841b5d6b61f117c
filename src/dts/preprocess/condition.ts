/**
 * `#if` / `#elif` expressions: C integer constant expressions in intmax_t / uintmax_t (64 bits),
 * with `defined`, evaluated as libcpp's expr.cc does: unsigned wins in binary operators,
 * comparisons and logical operators give signed 0/1, `&&` `||` `?:` do not evaluate (nor report
 * division by zero in) the branch they skip. Tokens are pulled through the macro machine so that
 * `defined` sees its operand unexpanded.
 */
import type { Machine } from './expand.js';
import { Tok, type Token } from './tokens.js';

interface Value {
  v: bigint;
  unsigned: boolean;
}

class ExprError extends Error {}

const MAX_DEPTH = 500;

/** Binary operators: precedence (higher binds tighter). */
const BINARY = new Map<Tok, number>([
  [Tok.MULT, 10],
  [Tok.DIV, 10],
  [Tok.MOD, 10],
  [Tok.PLUS, 9],
  [Tok.MINUS, 9],
  [Tok.LSHIFT, 8],
  [Tok.RSHIFT, 8],
  [Tok.LESS, 7],
  [Tok.GREATER, 7],
  [Tok.LESS_EQ, 7],
  [Tok.GREATER_EQ, 7],
  [Tok.EQ_EQ, 6],
  [Tok.NOT_EQ, 6],
  [Tok.AND, 5],
  [Tok.XOR, 4],
  [Tok.OR, 3],
  [Tok.AND_AND, 2],
  [Tok.OR_OR, 1],
]);

export interface ConditionHost {
  machine: Machine;
  isDefined(name: string): boolean;
  report(message: string, at: Token | null, severity?: 'error' | 'warning'): void;
}

/** Evaluates the rest of the directive line; errors are reported and make the condition false. */
export function evaluateCondition(host: ConditionHost, directive: string, at: Token): boolean {
  const p = new Parser(host, directive, at);
  try {
    return p.run();
  } catch (e) {
    if (e instanceof ExprError) {
      host.report(e.message, p.errorAt ?? at);
      return false;
    }
    throw e;
  }
}

class Parser {
  private tok!: Token;
  private skip = 0;
  private depth = 0;
  errorAt: Token | null = null;

  constructor(
    private readonly host: ConditionHost,
    private readonly directive: string,
    private readonly at: Token,
  ) {}

  run(): boolean {
    this.next();
    if (this.kind() === Tok.EOF) this.fail(`#${this.directive} with no expression`, this.at);
    const value = this.comma();
    if (this.kind() !== Tok.EOF) {
      if (this.kind() === Tok.CLOSE_PAREN) this.fail("missing '(' in expression");
      if (this.kind() === Tok.COLON) this.fail("':' without preceding '?'");
      this.fail(`missing binary operator before token "${this.tok.text}"`);
    }
    return value.v !== 0n;
  }

  /** The current token's kind (a call, so that TypeScript does not narrow it across next()). */
  private kind(): Tok {
    return this.tok.type;
  }

  private next(): void {
    const m = this.host.machine;
    let t = m.getToken();
    while (t.type === Tok.PADDING) t = m.getToken();
    this.tok = t;
  }

  private fail(message: string, at: Token = this.tok): never {
    this.errorAt = at.type === Tok.EOF ? this.at : at;
    throw new ExprError(message);
  }

  private comma(): Value {
    let v = this.conditional();
    while (this.kind() === Tok.COMMA) {
      this.next();
      v = this.conditional();
    }
    return v;
  }

  /**
   * `c ? a : b`, right-associative. A chain `c1 ? a1 : c2 ? a2 : ...` is read in a loop and folded
   * from the right, so its length costs no stack (libcpp's operator stack takes any length too);
   * a `?:` nested in a middle operand counts towards MAX_DEPTH.
   */
  private conditional(): Value {
    const chain: { taken: boolean; a: Value }[] = [];
    let v: Value;
    for (;;) {
      const cond = this.binary(1);
      if (this.kind() !== Tok.QUERY) {
        v = cond;
        break;
      }
      const query = this.tok;
      this.next();
      const taken = cond.v !== 0n;
      if (!taken) this.skip++;
      if (++this.depth > MAX_DEPTH) this.fail('#if expression nested too deeply', query);
      const a = this.comma();
      this.depth--;
      if (!taken) this.skip--;
      if (this.kind() !== Tok.COLON) this.fail(this.kind() === Tok.EOF ? "'?' without following ':'" : `missing ':' before token "${this.tok.text}"`);
      this.next();
      // A taken condition skips everything after its ':' (the rest of the chain).
      if (taken) this.skip++;
      chain.push({ taken, a });
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const { taken, a } = chain[i]!;
      if (taken) this.skip--;
      const unsigned = a.unsigned || v.unsigned;
      const r = taken ? a.v : v.v;
      v = { v: unsigned ? BigInt.asUintN(64, r) : r, unsigned };
    }
    return v;
  }

  private binary(minPrec: number): Value {
    let left = this.unary();
    for (;;) {
      const op = this.kind();
      const prec = BINARY.get(op);
      if (prec === undefined || prec < minPrec) return left;
      const opTok = this.tok;
      this.next();
      if (op === Tok.AND_AND || op === Tok.OR_OR) {
        const short = op === Tok.AND_AND ? left.v === 0n : left.v !== 0n;
        if (short) this.skip++;
        const right = this.operand(prec + 1, opTok);
        if (short) this.skip--;
        const v = op === Tok.AND_AND ? left.v !== 0n && right.v !== 0n : left.v !== 0n || right.v !== 0n;
        left = { v: v ? 1n : 0n, unsigned: false };
        continue;
      }
      const right = this.operand(prec + 1, opTok);
      left = this.apply(op, left, right, opTok);
    }
  }

  private operand(minPrec: number, op: Token): Value {
    if (this.kind() === Tok.EOF) this.fail(`operator '${op.text}' has no right operand`, op);
    return this.binary(minPrec);
  }

  private apply(op: Tok, a: Value, b: Value, opTok: Token): Value {
    const unsigned = a.unsigned || b.unsigned;
    const norm = (v: bigint): bigint => (unsigned ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v));
    const x = norm(a.v);
    const y = norm(b.v);
    switch (op) {
      case Tok.MULT: return { v: norm(x * y), unsigned };
      case Tok.DIV:
      case Tok.MOD:
        if (y === 0n) {
          if (this.skip === 0) this.fail('division by zero in #' + this.directive, opTok);
          return { v: 0n, unsigned };
        }
        return { v: norm(op === Tok.DIV ? x / y : x % y), unsigned };
      case Tok.PLUS: return { v: norm(x + y), unsigned };
      case Tok.MINUS: return { v: norm(x - y), unsigned };
      case Tok.LSHIFT: return shift(a, b, true);
      case Tok.RSHIFT: return shift(a, b, false);
      case Tok.LESS: return bool(x < y);
      case Tok.GREATER: return bool(x > y);
      case Tok.LESS_EQ: return bool(x <= y);
      case Tok.GREATER_EQ: return bool(x >= y);
      case Tok.EQ_EQ: return bool(x === y);
      case Tok.NOT_EQ: return bool(x !== y);
      case Tok.AND: return { v: norm(x & y), unsigned };
      case Tok.XOR: return { v: norm(x ^ y), unsigned };
      case Tok.OR: return { v: norm(x | y), unsigned };
      default: return a;
    }
  }

  private unary(): Value {
    const t = this.tok;
    switch (t.type) {
      case Tok.PLUS:
      case Tok.MINUS:
      case Tok.COMPL:
      case Tok.NOT: {
        this.next();
        if (this.kind() === Tok.EOF) this.fail(`operator '${t.text}' has no right operand`, t);
        if (++this.depth > MAX_DEPTH) this.fail('#if expression nested too deeply', t);
        const v = this.unary();
        this.depth--;
        if (t.type === Tok.PLUS) return v;
        if (t.type === Tok.MINUS) return { v: v.unsigned ? BigInt.asUintN(64, -v.v) : BigInt.asIntN(64, -v.v), unsigned: v.unsigned };
        if (t.type === Tok.COMPL) return { v: v.unsigned ? BigInt.asUintN(64, ~v.v) : ~v.v, unsigned: v.unsigned };
        return bool(v.v === 0n);
      }
      case Tok.OPEN_PAREN: {
        this.next();
        if (this.kind() === Tok.CLOSE_PAREN) this.fail("missing expression between '(' and ')'");
        if (++this.depth > MAX_DEPTH) this.fail('#if expression nested too deeply', t);
        const v = this.comma();
        this.depth--;
        if (this.kind() !== Tok.CLOSE_PAREN) this.fail(this.kind() === Tok.EOF ? "missing ')' in expression" : `missing ')' before "${this.tok.text}"`, this.kind() === Tok.EOF ? t : this.tok);
        this.next();
        return v;
      }
      default: {
        const v = this.primary();
        this.next();
        return v;
      }
    }
  }

  /** The current token as a value; the caller moves past it. */
  private primary(): Value {
    const t = this.tok;
    switch (t.type) {
      case Tok.NUMBER:
        return parseNumber(t.text, (m) => this.fail(m, t), (m) => this.host.report(m, t, 'warning'));
      case Tok.CHAR:
        return parseChar(t.text, (m) => this.fail(m, t));
      case Tok.NAME:
        if (t.text === 'defined') return this.defined(t);
        // Identifiers that are not macros are 0.
        return { v: 0n, unsigned: false };
      case Tok.EOF:
        this.fail(`#${this.directive} with no expression`, this.at);
        break;
      case Tok.CLOSE_PAREN:
        this.fail("missing expression between '(' and ')'");
        break;
      case Tok.HASH:
        // #assert predicates are not supported; libcpp answers 0 for unknown ones.
        this.fail('assertions are a GCC extension');
        break;
      case Tok.OTHER:
        if (t.text.charCodeAt(0) === 0x27 || t.text.charCodeAt(0) === 0x22) this.fail(`missing terminating ${t.text[0]} character`);
        this.fail(`token "${t.text}" is not valid in preprocessor expressions`);
        break;
      default:
        if (BINARY.has(t.type)) this.fail(`operator '${t.text}' has no left operand`);
        this.fail(`token "${t.text}" is not valid in preprocessor expressions`);
    }
    return { v: 0n, unsigned: false };
  }

  /** `defined X` / `defined ( X )`: the operand is read with expansion turned off. */
  private defined(op: Token): Value {
    const m = this.host.machine;
    m.preventExpansion++;
    try {
      this.next();
      const paren = this.kind() === Tok.OPEN_PAREN;
      if (paren) this.next();
      if (this.kind() !== Tok.NAME) this.fail('operator "defined" requires an identifier', this.kind() === Tok.EOF ? op : this.tok);
      const result = this.host.isDefined(this.tok.text);
      if (paren) {
        this.next();
        if (this.kind() !== Tok.CLOSE_PAREN) this.fail('missing \')\' after "defined"', this.kind() === Tok.EOF ? op : this.tok);
      }
      return bool(result);
    } finally {
      m.preventExpansion--;
    }
  }
}

function bool(b: boolean): Value {
  return { v: b ? 1n : 0n, unsigned: false };
}

const INTMAX = (1n << 63n) - 1n;
const UINTMAX = (1n << 64n) - 1n;

function shift(a: Value, b: Value, left: boolean): Value {
  const unsigned = a.unsigned;
  const x = unsigned ? BigInt.asUintN(64, a.v) : BigInt.asIntN(64, a.v);
  let n = b.unsigned ? BigInt.asUintN(64, b.v) : BigInt.asIntN(64, b.v);
  if (n < 0n) {
    n = -n;
    left = !left;
  }
  if (left) {
    if (n >= 64n) return { v: 0n, unsigned };
    const v = x << n;
    return { v: unsigned ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v), unsigned };
  }
  if (n >= 64n) return { v: !unsigned && x < 0n ? -1n : 0n, unsigned };
  return { v: x >> n, unsigned };
}

/** cpp_classify_number + cpp_interpret_integer for an integer pp-number. */
function parseNumber(text: string, fail: (m: string) => never, warn: (m: string) => void): Value {
  let i = 0;
  let base = 10;
  const lower = text.toLowerCase();
  if (lower.startsWith('0x')) {
    base = 16;
    i = 2;
  } else if (lower.startsWith('0b')) {
    base = 2;
    i = 2;
  } else if (lower.startsWith('0')) {
    base = 8;
  }
  let j = i;
  const digit = base === 16 ? /[0-9a-f]/ : /[0-9]/;
  while (j < text.length && digit.test(lower[j]!)) j++;
  const digits = text.slice(i, j);
  const suffix = text.slice(j);
  if (/^[.eE]/.test(suffix) || (base === 16 && /[.pP]/.test(suffix)) || (base !== 16 && suffix.startsWith('.')))
    fail('floating constant in preprocessor expression');
  if (!/^(u|U)?(l|L|ll|LL)?$/.test(suffix) && !/^(l|L|ll|LL)(u|U)$/.test(suffix)) {
    fail(`invalid suffix "${suffix}" on integer constant`);
  }
  if ((base === 16 || base === 2) && digits.length === 0) fail(`invalid suffix "${text.slice(1)}" on integer constant`);
  if (base === 2 && /[^01]/.test(digits)) fail(`invalid digit "${/[^01]/.exec(digits)![0]}" in binary constant`);
  if (base === 8 && /[89]/.test(digits)) fail(`invalid digit "${/[89]/.exec(digits)![0]}" in octal constant`);
  let v = 0n;
  const big = BigInt(base);
  for (const ch of digits.toLowerCase()) v = v * big + BigInt(parseInt(ch, 16));
  let unsigned = /[uU]/.test(suffix);
  if (v > UINTMAX) {
    warn('integer constant is too large for its type');
    v = BigInt.asUintN(64, v);
  }
  if (!unsigned && v > INTMAX) {
    if (base === 10) warn('integer constant is so large that it is unsigned');
    unsigned = true;
  }
  return { v, unsigned };
}

/** A character constant: plain char is signed; several characters make an int, first char highest. */
function parseChar(text: string, fail: (m: string) => never): Value {
  const wide = text.charCodeAt(0) === 0x4c;
  const body = text.slice(wide ? 2 : 1, -1);
  const chars: number[] = [];
  for (let i = 0; i < body.length; ) {
    let c = body.charCodeAt(i++);
    if (c === 0x5c && i < body.length) {
      const e = body[i++]!;
      const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, e: 27, E: 27, '\\': 92, "'": 39, '"': 34, '?': 63 };
      if (e in simple) c = simple[e]!;
      else if (e >= '0' && e <= '7') {
        let k = e.charCodeAt(0) - 48;
        for (let n = 1; n < 3 && i < body.length && body[i]! >= '0' && body[i]! <= '7'; n++) k = k * 8 + body.charCodeAt(i++) - 48;
        c = k;
      } else if (e === 'x') {
        let k = 0;
        while (i < body.length && /[0-9a-fA-F]/.test(body[i]!)) k = k * 16 + parseInt(body[i++]!, 16);
        c = k;
      } else c = e.charCodeAt(0);
    }
    chars.push(c);
  }
  if (chars.length === 0) fail('empty character constant');
  if (wide) return { v: BigInt(chars[chars.length - 1]!), unsigned: false };
  if (chars.length === 1) return { v: BigInt((chars[0]! << 24) >> 24), unsigned: false };
  let v = 0;
  for (const c of chars) v = ((v << 8) | (c & 0xff)) | 0;
  return { v: BigInt(v), unsigned: false };
}

