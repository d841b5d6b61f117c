/**
 * dtc 1.6.1's grammar (dtc-parser.y) by recursive descent. An LR parser reports a syntax error at
 * the first token that no valid input could continue with; each check below is placed so that we
 * stop at that same token, and the AST keeps everything completed before it.
 * Errors that dtc reports and parses on (bad /bits/ size, value out of range, division by zero,
 * lexical errors) are diagnostics here too, and parsing goes on.
 */
import type { CellAst, DtsFileAst, Label, NodeAst, PropertyAst, Reference, TopItemAst, ValueChunkAst } from './ast.js';
import type { Diagnostic } from './diagnostic.js';
import { parseIntegerPrim } from './integer-expression.js';
import { Lexer, ParseAbort, T, type LexFrame } from './lexer.js';
import { spanLocations, type Location } from './location.js';
import type { OriginMap } from './origin.js';
import type { SourceHost } from './source.js';

export interface ParseInput {
  text: string;
  origins: OriginMap;
}

export interface ParseOptions {
  host: SourceHost;
  /**
   * dtc's -i dirs for dtc's own `/include/ "file"` (resolved first beside the file that contains the
   * directive, then in these dirs). Included files are read raw, not preprocessed.
   */
  includeDirs: string[];
  /**
   * The text before `end` is a prefix (src/dts/store/prefix.ts): start after it from `restore`, or
   * (`take`) keep the items parsed from it, when they end there.
   */
  prefix?: { end: number; restore?: PrefixEnd; take?: boolean };
}

/**
 * Where the parse stands at the end of a prefix of the text: a later parse of a text with that
 * prefix starts there (the tree builder's state stands for the prefix's items, src/dts/store/prefix.ts).
 */
export interface PrefixEnd {
  /** True when the first definition (`/ {...}` or `&ref {...}`) is among the prefix's items. */
  definitions: boolean;
  /** The lexer's start state at the end of the prefix. */
  state: number;
  /** The last token of the prefix. */
  lastStart: number;
  lastEnd: number;
}

/** A prefix's end, and how many top-level items the prefix holds (for the tree builder). */
export interface ParsedPrefix extends PrefixEnd {
  itemCount: number;
}

export interface ParseResult {
  ast: DtsFileAst;
  diagnostics: Diagnostic[];
  /** Files opened by `/include/`, in first-opened order. */
  files: string[];
  /** The prefix's end, when `take` asked for it and the prefix ended between two items. */
  prefix?: ParsedPrefix;
}

export function parseDts(input: ParseInput, options: ParseOptions): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const lx = new Lexer(input, options, diagnostics);
  const ast: DtsFileAst = { items: [] };
  const parser = new Parser(lx, ast.items, options.prefix);
  try {
    parser.sourceFile();
  } catch (e) {
    if (e instanceof RangeError) {
      // Nesting deep enough to exhaust the JS stack; dtc's own parser stack gives up sooner.
      diagnostics.push({ code: 'syntax-error', severity: 'error', message: 'memory exhausted (input nested too deeply)', at: lx.loc() });
    } else if (!(e instanceof ParseAbort)) {
      throw e;
    }
  }
  const result: ParseResult = { ast, diagnostics, files: lx.files };
  if (parser.taken && diagnostics.length === 0) result.prefix = parser.taken;
  return result;
}

const SEMI: number = 0x3b;
const COMMA: number = 0x2c;
const EQUALS: number = 0x3d;
const SLASH: number = 0x2f;
const LBRACE: number = 0x7b;
const RBRACE: number = 0x7d;
const LANGLE: number = 0x3c;
const RANGLE: number = 0x3e;
const LBRACKET: number = 0x5b;
const RBRACKET: number = 0x5d;
const LPAREN: number = 0x28;
const RPAREN: number = 0x29;

/** Deeper node nesting than this stops the parse (dtc's bison stack also has a limit). */
const MAX_NODE_DEPTH = 1000;

/** All ones in an element of each size (-1 for 64 bits: no value is out of range). */
const MASKS = { 8: 0xffn, 16: 0xffffn, 32: 0xffffffffn, 64: -1n } as const;

const DTSF_V1 = 1;
const DTSF_PLUGIN = 2;

class Parser {
  /**
   * A property's chunks and a list's cells are gathered in these and copied once complete: an
   * array grown by push keeps spare slots, and the tree holds on to these arrays.
   */
  private readonly chunkScratch: ValueChunkAst[] = [];
  private chunkCount = 0;
  private readonly cellScratch: CellAst[] = [];

  /** The prefix's end, once the parse is past it (ParseOptions.prefix.take). */
  taken: ParsedPrefix | undefined;
  private takeAt: number;

  constructor(
    private readonly lx: Lexer,
    private readonly items: TopItemAst[],
    private readonly prefix: ParseOptions['prefix'],
  ) {
    this.takeAt = prefix?.take && !prefix.restore ? prefix.end : -1;
  }

  sourceFile(): void {
    const restore = this.prefix?.restore;
    if (restore) {
      // The prefix ended after the headers, or between two definitions: the rest goes on from there.
      this.lx.resumeAt(this.prefix!.end, restore.state, restore.lastStart, restore.lastEnd);
      if (restore.definitions) this.definitions();
      else this.devicetree();
      return;
    }
    this.lx.next();
    this.headers();
    this.memreserves();
    this.devicetree();
  }

  /** `(/dts-v1/; [/plugin/;])+`: every header must carry the same flags as the first. */
  private headers(): void {
    const lx = this.lx;
    const spans: { flags: number; start: Location; end: Location }[] = [];
    do {
      if (lx.kind !== T.V1) lx.unexpected();
      const start = lx.loc();
      lx.next();
      if (lx.kind !== SEMI) lx.unexpected();
      let end = lx.loc();
      lx.next();
      this.items.push({ kind: 'version', at: spanLocations(start, end) });
      let flags = DTSF_V1;
      if (lx.kind === T.PLUGIN) {
        const pluginStart = lx.loc();
        lx.next();
        if (lx.kind !== SEMI) lx.unexpected();
        end = lx.loc();
        lx.next();
        this.items.push({ kind: 'plugin', at: spanLocations(pluginStart, end) });
        flags |= DTSF_PLUGIN;
      }
      spans.push({ flags, start, end });
    } while (lx.kind === T.V1);
    // The rule is right-recursive: dtc compares each header with the next, last pair first,
    // and points at the rest of the list.
    const last = spans[spans.length - 1]!;
    for (let i = spans.length - 2; i >= 0; i--) {
      if (spans[i + 1]!.flags !== spans[i]!.flags) {
        lx.error("Header flags don't match earlier ones", spanLocations(spans[i + 1]!.start, last.end));
      }
    }
  }

  private memreserves(): void {
    const lx = this.lx;
    while (lx.kind === T.LABEL || lx.kind === T.MEMRESERVE) {
      const labels = this.labels();
      if (lx.kind !== T.MEMRESERVE) lx.unexpected();
      const start = labels.length > 0 ? labels[0]!.at : lx.loc();
      lx.next();
      const address = parseIntegerPrim(lx);
      lx.next();
      const size = parseIntegerPrim(lx);
      lx.next();
      if (lx.kind !== SEMI) lx.unexpected();
      const end = lx.loc();
      lx.next();
      this.items.push({ kind: 'memreserve', labels, address, size, at: spanLocations(start, end) });
    }
  }

  private devicetree(): void {
    const lx = this.lx;
    if (this.takeAt >= 0 && lx.start >= this.takeAt) this.take(false);
    // The first definition is the root or, in a plugin, a reference; never labelled.
    if (lx.kind === SLASH) this.root();
    else if (lx.kind === T.LABEL_REF || lx.kind === T.PATH_REF) this.refNode(undefined, lx.frame, lx.start, lx.end);
    else lx.unexpected();
    this.definitions();
  }

  /** The definitions after the first. */
  private definitions(): void {
    const lx = this.lx;
    for (;;) {
      if (this.takeAt >= 0 && lx.start >= this.takeAt) this.take(true);
      switch (lx.kind) {
        case T.EOF:
          return;
        case SLASH:
          this.root();
          break;
        case T.LABEL: {
          // dtc takes exactly one label before a top-level reference.
          const label: Label = { name: lx.str, at: lx.loc() };
          const frame = lx.frame;
          const start = lx.start;
          const startEnd = lx.end;
          lx.next();
          if (lx.kind !== T.LABEL_REF && lx.kind !== T.PATH_REF) lx.unexpected();
          this.refNode(label, frame, start, startEnd);
          break;
        }
        case T.LABEL_REF:
        case T.PATH_REF:
          this.refNode(undefined, lx.frame, lx.start, lx.end);
          break;
        case T.DEL_NODE:
        case T.OMIT_NO_REF: {
          const kind = lx.kind === T.DEL_NODE ? 'deleteNode' : 'omitIfNoRef';
          const frame = lx.frame;
          const start = lx.start;
          const startEnd = lx.end;
          lx.next();
          const ref = this.reference();
          if (lx.kind !== SEMI) lx.unexpected();
          this.items.push({ kind, ref, at: lx.spanFrom(frame, start, startEnd) });
          lx.next();
          break;
        }
        default:
          lx.unexpected();
      }
    }
  }

  /**
   * The current token is the first at or after the prefix's end (before the first definition, or
   * between two): the items so far are the prefix's when no token before ran past the end and the
   * input was clean.
   */
  private take(definitions: boolean): void {
    const lx = this.lx;
    const end = this.takeAt;
    this.takeAt = -1;
    if (lx.prevEnd > end || !lx.cleanSoFar()) return;
    this.taken = { itemCount: this.items.length, definitions, state: lx.tokenState, lastStart: lx.prevStart, lastEnd: lx.prevEnd };
  }

  private root(): void {
    const lx = this.lx;
    const at = lx.loc();
    const frame = lx.frame;
    const start = lx.start;
    lx.next();
    const node = newNode('/', at, [], false);
    const item: TopItemAst = { kind: 'root', node, at };
    this.items.push(item);
    item.at = this.nodeBody(node, 0, frame, start, start + 1);
  }

  private refNode(label: Label | undefined, frame: LexFrame, start: number, startEnd: number): void {
    const lx = this.lx;
    const written = lx.kind === T.LABEL_REF ? `&${lx.str}` : `&{${lx.str}}`;
    const ref = this.reference();
    const node = newNode(written, ref.at, [], false);
    const item: TopItemAst = { kind: 'refNode', ref, labels: label ? [label] : [], node, at: ref.at };
    this.items.push(item);
    item.at = this.nodeBody(node, 0, frame, start, startEnd);
  }

  /** `&label` or `&{/path}`, moving past it. */
  private reference(): Reference {
    const ref = this.referenceHere();
    this.lx.next();
    return ref;
  }

  private referenceHere(): Reference {
    const lx = this.lx;
    if (lx.kind === T.LABEL_REF) return { label: lx.str, at: lx.loc() };
    if (lx.kind === T.PATH_REF) return { path: lx.str, at: lx.loc() };
    return lx.unexpected();
  }

  private labels(): Label[] {
    const lx = this.lx;
    const labels: Label[] = [];
    while (lx.kind === T.LABEL) {
      labels.push({ name: lx.str, at: lx.loc() });
      lx.next();
    }
    return labels;
  }

  /**
   * `{ proplist subnodes } ;`. Sets and returns the node's location, from the token at `start`
   * (its first label, or its name) to the final `;`.
   */
  private nodeBody(node: NodeAst, depth: number, frame: LexFrame, start: number, startEnd: number): Location {
    const lx = this.lx;
    if (lx.kind !== LBRACE) lx.unexpected();
    if (depth > MAX_NODE_DEPTH) lx.fatal('memory exhausted (nodes nested too deeply)');
    lx.next();
    let seenSubnode = false;
    while (lx.kind !== RBRACE) {
      // Labels and /omit-if-no-ref/ may come in any order before a node; only labels before a property.
      let labels: Label[] | undefined;
      let omit = false;
      const firstFrame = lx.frame;
      const first = lx.start;
      const firstEnd = lx.end;
      while (lx.kind === T.LABEL || lx.kind === T.OMIT_NO_REF) {
        if (lx.kind === T.LABEL) (labels ??= []).push({ name: lx.str, at: lx.loc() });
        else omit = true;
        lx.next();
      }
      switch (lx.kind) {
        case T.PROPNODENAME: {
          const name = lx.str;
          const nameAt = lx.loc();
          const nameFrame = lx.frame;
          const nameStart = lx.start;
          const nameEnd = lx.end;
          lx.next();
          if (lx.kind === LBRACE) {
            const child = newNode(name, nameAt, labels ?? [], omit);
            node.items.push(child);
            this.nodeBody(child, depth + 1, firstFrame, first, firstEnd);
            seenSubnode = true;
            break;
          }
          if (omit || (lx.kind !== EQUALS && lx.kind !== SEMI)) lx.unexpected();
          const prop = this.property(name, nameAt, labels ?? [], nameFrame, nameStart, nameEnd);
          if (seenSubnode) this.propertyAfterSubnode(firstFrame, first, firstEnd);
          node.items.push(prop);
          lx.next();
          break;
        }
        case T.DEL_PROP: {
          if (omit) lx.unexpected();
          const deletion = this.deletionStatement();
          if (seenSubnode) this.propertyAfterSubnode(firstFrame, first, firstEnd);
          node.items.push({ kind: 'deleteProperty', ...deletion });
          lx.next();
          break;
        }
        case T.DEL_NODE: {
          node.items.push({ kind: 'deleteNode', ...this.deletionStatement() });
          lx.next();
          seenSubnode = true;
          break;
        }
        default:
          lx.unexpected();
      }
    }
    lx.next();
    if (lx.kind !== SEMI) lx.unexpected();
    node.at = lx.spanFrom(frame, start, startEnd);
    lx.next();
    return node.at;
  }

  /**
   * The lexer stands on the `;` of a property that follows a subnode: dtc stops there, before it
   * reads on, and points at the property with its labels.
   */
  /**
   * `/delete-property/ name;` or `/delete-node/ name;` inside a node, from the keyword up to the `;`
   * (which stays the current token): the name, where it stands, and the statement's span.
   */
  private deletionStatement(): { name: string; nameAt: Location; at: Location } {
    const lx = this.lx;
    const kwFrame = lx.frame;
    const kw = lx.start;
    const kwEnd = lx.end;
    lx.next();
    if (lx.kind !== T.PROPNODENAME) lx.unexpected();
    const name = lx.str;
    const nameAt = lx.loc();
    lx.next();
    if (lx.kind !== SEMI) lx.unexpected();
    return { name, nameAt, at: lx.spanFrom(kwFrame, kw, kwEnd) };
  }

  private propertyAfterSubnode(frame: LexFrame, start: number, startEnd: number): never {
    return this.lx.fatal('Properties must precede subnodes', this.lx.spanFrom(frame, start, startEnd));
  }

  /** After the name: `;` or `= value, ...;`. Leaves the lexer on the `;`. */
  private property(name: string, nameAt: Location, labels: Label[], nameFrame: LexFrame, nameStart: number, nameEnd: number): PropertyAst {
    const lx = this.lx;
    const prop: PropertyAst = { kind: 'property', name, nameAt, labels, value: null, at: nameAt };
    if (lx.kind === EQUALS) {
      lx.next();
      this.chunkCount = 0;
      let pending: Label[] | undefined;
      for (;;) {
        while (lx.kind === T.LABEL) {
          (pending ??= []).push({ name: lx.str, at: lx.loc() });
          lx.next();
        }
        this.valueChunk(pending);
        pending = undefined;
        while (lx.kind === T.LABEL) {
          (pending ??= []).push({ name: lx.str, at: lx.loc() });
          lx.next();
        }
        if (lx.kind === COMMA) {
          lx.next();
          continue;
        }
        if (lx.kind !== SEMI) lx.unexpected();
        break;
      }
      prop.value = this.chunkScratch.slice(0, this.chunkCount);
      if (pending) prop.endLabels = pending;
    }
    prop.at = lx.spanFrom(nameFrame, nameStart, nameEnd);
    return prop;
  }

  /** One value: string, cells, bytes, path reference or /incbin/. Labels before it go on it. */
  private valueChunk(labels: Label[] | undefined): void {
    const lx = this.lx;
    switch (lx.kind) {
      case T.STRING: {
        const chunk: ValueChunkAst = { kind: 'string', value: lx.str, at: lx.loc() };
        if (labels) chunk.labels = labels;
        this.addChunk(chunk);
        lx.next();
        return;
      }
      case T.BITS:
      case LANGLE:
        this.addChunk(this.cells(labels));
        return;
      case LBRACKET:
        this.bytes(labels);
        return;
      case T.LABEL_REF:
      case T.PATH_REF: {
        const ref = this.reference();
        const chunk: ValueChunkAst = { kind: 'pathRef', ref, at: ref.at };
        if (labels) chunk.labels = labels;
        this.addChunk(chunk);
        return;
      }
      case T.INCBIN:
        this.addChunk(this.incbin(labels));
        return;
      default:
        lx.unexpected();
    }
  }

  /** `[/bits/ N] < cells >`. */
  private cells(labels: Label[] | undefined): ValueChunkAst {
    const lx = this.lx;
    const frame = lx.frame;
    const start = lx.start;
    const startEnd = lx.end;
    let bits: 8 | 16 | 32 | 64 = 32;
    if (lx.kind === T.BITS) {
      lx.next();
      if (lx.kind !== T.LITERAL) lx.unexpected();
      const n = lx.num;
      const sizeAt = lx.loc();
      lx.next();
      if (lx.kind !== LANGLE) lx.unexpected();
      // dtc checks the size when it reduces `/bits/ N <`, so only once the `<` is there.
      if (n === 8n || n === 16n || n === 32n || n === 64n) bits = Number(n) as 8 | 16 | 32 | 64;
      else lx.error('Array elements must be 8, 16, 32 or 64-bits', sizeAt);
    }
    lx.next();
    const mask = MASKS[bits];
    const cells = this.cellScratch;
    let count = 0;
    let pending: Label[] | undefined;
    for (;;) {
      const kind = lx.kind;
      let cell: CellAst;
      if (kind === T.LITERAL || kind === T.CHAR_LITERAL) {
        cell = { value: lx.num, at: lx.loc() };
      } else if (kind === LPAREN) {
        const parenFrame = lx.frame;
        const parenStart = lx.start;
        const value = parseIntegerPrim(lx);
        cell = { value, at: lx.spanFrom(parenFrame, parenStart, parenStart + 1) };
      } else if (kind === T.LABEL_REF || kind === T.PATH_REF) {
        const ref = this.referenceHere();
        if (bits !== 32) lx.error('References are only allowed in arrays with 32-bit elements.', ref.at);
        // dtc's placeholder until the phandle is known.
        cell = { value: mask === -1n ? 0xffffffffffffffffn : mask, ref, at: ref.at };
      } else if (kind === T.LABEL) {
        (pending ??= []).push({ name: lx.str, at: lx.loc() });
        lx.next();
        continue;
      } else if (kind === RANGLE) {
        break;
      } else {
        return lx.unexpected();
      }
      if (!cell.ref && bits !== 64) {
        const v = cell.value;
        // Negative values, sign-extended to 64 bits, fit too (dtc's test: all bits above the mask set).
        if (v > mask) {
          if ((v | mask) !== 0xffffffffffffffffn) lx.error(`Value out of range for ${bits}-bit array element`, cell.at);
          cell.value = v & mask;
        }
      }
      if (pending) {
        cell.labels = pending;
        pending = undefined;
      }
      cells[count++] = cell;
      lx.next();
    }
    const chunk: ValueChunkAst = { kind: 'cells', bits, cells: cells.slice(0, count), at: lx.spanFrom(frame, start, startEnd) };
    if (labels) chunk.labels = labels;
    if (pending) chunk.endLabels = pending;
    lx.next();
    return chunk;
  }

  /**
   * `[ 00 11 ... ]`. A label between bytes starts a new bytes chunk (the AST has no per-byte
   * labels); the bytes and label offsets stay the same, so the property value is unchanged.
   */
  private bytes(outer: Label[] | undefined): void {
    const lx = this.lx;
    // Where the current chunk starts (the `[`, or the first label of a split) and its last byte.
    let frame = lx.frame;
    let start = lx.start;
    let startEnd = lx.end;
    let lastFrame = frame;
    let lastEnd = startEnd;
    let labels = outer;
    let bytes: number[] = [];
    let pending: Label[] | undefined;
    let pendingFrame = frame;
    let pendingStart = 0;
    let pendingEnd = 0;
    lx.next();
    for (;;) {
      if (lx.kind === T.BYTE) {
        if (pending) {
          if (bytes.length === 0) {
            labels = labels ? [...labels, ...pending] : pending;
          } else {
            this.addChunk(bytesChunk(bytes, labels, undefined, spanBetween(frame, start, startEnd, lastFrame, lastEnd)));
            frame = pendingFrame;
            start = pendingStart;
            startEnd = pendingEnd;
            bytes = [];
            labels = pending;
          }
          pending = undefined;
        }
        bytes.push(lx.byte);
        lastFrame = lx.frame;
        lastEnd = lx.end;
        lx.next();
      } else if (lx.kind === T.LABEL) {
        if (!pending) {
          pendingFrame = lx.frame;
          pendingStart = lx.start;
          pendingEnd = lx.end;
        }
        (pending ??= []).push({ name: lx.str, at: lx.loc() });
        lx.next();
      } else if (lx.kind === RBRACKET) {
        break;
      } else {
        lx.unexpected();
      }
    }
    this.addChunk(bytesChunk(bytes, labels, pending, lx.spanFrom(frame, start, startEnd)));
    lx.next();
  }

  private addChunk(chunk: ValueChunkAst): void {
    this.chunkScratch[this.chunkCount++] = chunk;
  }

  /** `/incbin/("file")` or `/incbin/("file", offset, length)`; the file is read by the tree builder. */
  private incbin(labels: Label[] | undefined): ValueChunkAst {
    const lx = this.lx;
    const start = lx.loc();
    const frame = lx.frame;
    const offset = lx.start;
    lx.next();
    if (lx.kind !== LPAREN) lx.unexpected();
    lx.next();
    if (lx.kind !== T.STRING) lx.unexpected();
    const chunk: ValueChunkAst = { kind: 'incbin', file: lx.str, at: start };
    lx.next();
    if (lx.kind === COMMA) {
      lx.next();
      chunk.offset = parseIntegerPrim(lx);
      lx.next();
      if (lx.kind !== COMMA) lx.unexpected();
      lx.next();
      chunk.length = parseIntegerPrim(lx);
      lx.next();
    }
    if (lx.kind !== RPAREN) lx.unexpected();
    chunk.at = lx.spanFrom(frame, offset, offset + '/incbin/'.length);
    if (labels) chunk.labels = labels;
    lx.next();
    return chunk;
  }
}

/** From the token at `start` in `frame` to the one that ends at `end` in `endFrame`. */
function spanBetween(frame: LexFrame, start: number, startEnd: number, endFrame: LexFrame, end: number): Location {
  if (frame === endFrame) return frame.origins.locate(start, end);
  return spanLocations(frame.origins.locate(start, startEnd), endFrame.origins.locate(end - 1, end));
}

function newNode(name: string, nameAt: Location, labels: Label[], omitIfNoRef: boolean): NodeAst {
  return { kind: 'node', name, nameAt, labels, omitIfNoRef, items: [], at: nameAt };
}

function bytesChunk(bytes: number[], labels: Label[] | undefined, endLabels: Label[] | undefined, at: Location): ValueChunkAst {
  const chunk: ValueChunkAst = { kind: 'bytes', bytes, at };
  if (labels) chunk.labels = labels;
  if (endLabels) chunk.endLabels = endLabels;
  return chunk;
}
