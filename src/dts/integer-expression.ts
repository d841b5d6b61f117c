/**
 * dtc's integer expressions (dtc-parser.y integer_prim .. integer_trinary): a literal, a char literal,
 * or `( expr )` with C's operators and precedence, evaluated on uint64 as dtc does:
 * wrapping + - * and unary minus, unsigned / % < > (division by zero is an error and gives 0),
 * shifts by 64 or more give 0, `&&` `||` `!` give 0 or 1, `?:` evaluates both branches (dtc
 * computes every operand while it parses, so an error in the branch not taken still counts).
 */
import { spanLocations, type Location } from './location.js';
import { T, type Lexer, type LexFrame } from './lexer.js';

const MASK = (1n << 64n) - 1n;

/** dtc's parser stack holds 10,000 entries; we stop sooner, before the JS stack does. */
const MAX_PAREN_DEPTH = 1000;

const QUESTION: number = 0x3f;
const COLON: number = 0x3a;
const LPAREN: number = 0x28;
const RPAREN: number = 0x29;

/** Binding power of each binary operator token; higher binds tighter (C's table). */
const PRECEDENCE = new Map<number, number>([
  [T.OR, 1],
  [T.AND, 2],
  [0x7c /* | */, 3],
  [0x5e /* ^ */, 4],
  [0x26 /* & */, 5],
  [T.EQ, 6],
  [T.NE, 6],
  [0x3c /* < */, 7],
  [0x3e /* > */, 7],
  [T.LE, 7],
  [T.GE, 7],
  [T.LSHIFT, 8],
  [T.RSHIFT, 8],
  [0x2b /* + */, 9],
  [0x2d /* - */, 9],
  [0x2a /* * */, 10],
  [0x2f /* / */, 10],
  [0x25 /* % */, 10],
]);

/**
 * integer_prim: the current token must start one. Afterwards the lexer stands ON its last token
 * (the literal or the `)`): dtc checks the value before it reads on, so its errors come first.
 */
export function parseIntegerPrim(lx: Lexer): bigint {
  if (lx.kind === T.LITERAL || lx.kind === T.CHAR_LITERAL) return lx.num;
  return new ExpressionParser(lx).paren();
}

class ExpressionParser {
  private depth = 0;

  constructor(private readonly lx: Lexer) {}

  prim(): bigint {
    const lx = this.lx;
    const kind = lx.kind;
    if (kind === T.LITERAL || kind === T.CHAR_LITERAL) {
      const v = lx.num;
      lx.next();
      return v;
    }
    const v = this.paren();
    lx.next();
    return v;
  }

  /** `( expr )`, leaving the lexer on the `)`. */
  paren(): bigint {
    const lx = this.lx;
    if (lx.kind !== LPAREN) lx.unexpected();
    if (++this.depth > MAX_PAREN_DEPTH) lx.fatal('memory exhausted (expression nested too deeply)');
    lx.next();
    const v = this.ternary();
    if (lx.kind !== RPAREN) lx.unexpected();
    this.depth--;
    return v;
  }

  /** integer_trinary: `or ? expr : trinary`, right-associative. */
  private ternary(): bigint {
    const lx = this.lx;
    const cond = this.binary(1);
    if (lx.kind !== QUESTION) return cond;
    lx.next();
    const yes = this.ternary();
    if (lx.kind !== COLON) lx.unexpected();
    lx.next();
    const no = this.ternary();
    return cond !== 0n ? yes : no;
  }

  /** Left-associative binary operators of precedence `min` and above. */
  private binary(min: number): bigint {
    const lx = this.lx;
    // Where this operand starts: dtc reports division by zero over the whole product.
    const startFrame = lx.frame;
    const start = lx.start;
    let left = this.unary();
    for (;;) {
      const op = lx.kind;
      const prec = PRECEDENCE.get(op);
      if (prec === undefined || prec < min) return left;
      lx.next();
      const right = this.binary(prec + 1);
      left = this.apply(op, left, right, startFrame, start);
    }
  }

  private unary(): bigint {
    const lx = this.lx;
    const op = lx.kind;
    if (op === 0x2d /* - */ || op === 0x7e /* ~ */ || op === 0x21 /* ! */) {
      lx.next();
      const v = this.unary();
      if (op === 0x2d) return -v & MASK;
      if (op === 0x7e) return ~v & MASK;
      return v === 0n ? 1n : 0n;
    }
    return this.prim();
  }

  private apply(op: number, a: bigint, b: bigint, startFrame: LexFrame, start: number): bigint {
    switch (op) {
      case T.OR:
        return a !== 0n || b !== 0n ? 1n : 0n;
      case T.AND:
        return a !== 0n && b !== 0n ? 1n : 0n;
      case 0x7c:
        return a | b;
      case 0x5e:
        return a ^ b;
      case 0x26:
        return a & b;
      case T.EQ:
        return a === b ? 1n : 0n;
      case T.NE:
        return a !== b ? 1n : 0n;
      case 0x3c:
        return a < b ? 1n : 0n;
      case 0x3e:
        return a > b ? 1n : 0n;
      case T.LE:
        return a <= b ? 1n : 0n;
      case T.GE:
        return a >= b ? 1n : 0n;
      case T.LSHIFT:
        return b < 64n ? (a << b) & MASK : 0n;
      case T.RSHIFT:
        return b < 64n ? a >> b : 0n;
      case 0x2b:
        return (a + b) & MASK;
      case 0x2d:
        return (a - b) & MASK;
      case 0x2a:
        return (a * b) & MASK;
      default: {
        // `/` and `%`
        if (b === 0n) {
          this.lx.error('Division by zero', this.spanFrom(startFrame, start));
          return 0n;
        }
        return op === 0x2f ? a / b : a % b;
      }
    }
  }

  private spanFrom(frame: LexFrame, start: number): Location {
    const lx = this.lx;
    return spanLocations(frame.origins.locate(start, start), lx.prevLoc());
  }
}
