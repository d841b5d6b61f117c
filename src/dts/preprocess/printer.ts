/**
 * Turns the token stream into text the way GCC's c-ppoutput.cc (scan_translation_unit and
 * cb_line_change) prints it: a space where the source had whitespace, or where a macro expansion
 * sits between two tokens that would otherwise lex as one, or where the padding says so.
 * A new source line starts a new output line. Whitespace between consecutive file tokens is copied
 * from the file (comments blanked), so file text stays one linear origin segment.
 */
import type { Episode } from './expand.js';
import type { Output } from './origins.js';
import type { FileScan } from './scan.js';
import { PREV_WHITE, SPLICED, Tok, avoidPaste, type Token } from './tokens.js';

export class Printer {
  private avoid = false;
  private source: Token | null = null;
  private prev: Token | null = null;
  /** The previous token was printed as file text (own origin). */
  private prevFile = false;
  /** A line change printed the indentation: the next token needs no space. */
  private lineStart = false;

  constructor(
    private readonly out: Output,
    private readonly fileIndex: (scan: FileScan) => number,
    private readonly episode: () => Episode | null,
  ) {}

  print(tok: Token): void {
    if (tok.type === Tok.PADDING) {
      this.avoid = true;
      const source = this.source;
      if (source === null || (!(source.flags & PREV_WHITE) && tok.source === null)) this.source = tok.source;
      return;
    }
    let space: boolean;
    if (this.lineStart) {
      space = false;
      this.lineStart = false;
    } else if (this.avoid) {
      const source = this.source ?? tok;
      space = (source.flags & PREV_WHITE) !== 0 || (this.prev !== null ? avoidPaste(this.prev, tok) : tok.type === Tok.HASH);
    } else {
      space = (tok.flags & PREV_WHITE) !== 0;
    }
    const own = tok.chain === null && tok.scan !== null;
    if (space) {
      const prev = this.prev;
      if (own && this.prevFile && prev !== null && prev.scan === tok.scan && prev.index + 1 === tok.index) {
        const scan = tok.scan!;
        const from = scan.rawEnd(prev.index);
        this.out.writeLinear(scan.clean.slice(from, scan.rawStart(tok.index)), this.fileIndex(scan), from);
      } else {
        this.out.write(' ');
      }
    }
    this.avoid = false;
    this.source = null;
    this.prev = tok;
    this.prevFile = own;
    if (own) {
      const scan = tok.scan!;
      if (tok.flags & SPLICED) this.out.writeSpan(tok.text, this.fileIndex(scan), scan.rawStart(tok.index), scan.rawEnd(tok.index));
      else this.out.writeLinear(tok.text, this.fileIndex(scan), scan.rawStart(tok.index));
    } else if (tok.chain !== null) {
      this.out.writeMacro(tok.text, this.episode(), tok.chain);
    } else {
      this.out.write(tok.text);
    }
  }

  /** True when the last thing printed is file token `index` of `scan`, with no padding after it. */
  follows(scan: FileScan, index: number): boolean {
    const prev = this.prev;
    return this.prevFile && !this.avoid && prev !== null && prev.index === index && prev.scan === scan;
  }

  /** File tokens [from, to) of the current line, after token from-1 (see follows): copied with their whitespace. */
  copy(scan: FileScan, from: number, to: number): void {
    const start = scan.rawEnd(from - 1);
    this.out.writeLinear(scan.clean.slice(start, scan.rawEnd(to - 1)), this.fileIndex(scan), start);
    this.prev = scan.token(to - 1);
    this.source = null;
  }

  /** cb_line_change: `tok` is the first token of a new source line, about to be read. */
  lineChange(tok: Token, lineRawStart: number): void {
    if (!this.out.endsWithNewline()) this.out.write('\n');
    const scan = tok.scan!;
    const at = scan.rawStart(tok.index);
    if (at > lineRawStart) this.out.writeLinear(scan.clean.slice(lineRawStart, at), this.fileIndex(scan), lineRawStart);
    this.prev = null;
    this.source = null;
    this.prevFile = false;
    this.lineStart = true;
  }

  /** Whole lines copied verbatim (no macro in them): raw range of the file. */
  verbatim(scan: FileScan, rawStart: number, rawEnd: number): void {
    if (!this.out.endsWithNewline()) this.out.write('\n');
    this.out.writeLinear(scan.clean.slice(rawStart, rawEnd), this.fileIndex(scan), rawStart);
    this.prev = null;
    this.source = null;
    this.prevFile = false;
    this.avoid = false;
    this.lineStart = false;
  }
}
