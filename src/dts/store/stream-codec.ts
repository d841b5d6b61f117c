/**
 * A stream of 32-bit integers with a table of strings: the form the prefix store keeps the
 * preprocessor's macros and the tree builder's state in (prefix.ts, live-codec.ts). Locations are
 * written inline; the `expansion` lists they share are written once per section and shared again
 * when read, as the preprocessor shares them.
 */
import type { Label } from '../ast.js';
import { bigOf } from '../lexer.js';
import { listOf } from '../list.js';
import type { Location, MacroOrigin } from '../location.js';

export interface EncodedStream {
  ints: Int32Array;
  strings: string[];
}

const NONE = -1;


/** Writes ints, strings, numbers, labels and locations into one stream. */
export class StreamWriter {
  private buf = new Int32Array(1 << 14);
  private n = 0;
  readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly expansionIds = new Map<MacroOrigin[], number>();

  /**
   * Starts a section that reads on its own (StreamReader at this offset): expansion lists are
   * written again in it, not referred to earlier ones. Returns the section's offset.
   */
  section(): number {
    this.expansionIds.clear();
    return this.n;
  }

  int(x: number): void {
    if (this.n === this.buf.length) {
      const grown = new Int32Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.n++] = x;
  }

  private stringId(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  str(s: string): void {
    this.int(this.stringId(s));
  }

  big(v: bigint): void {
    // Beyond 31 bits: -1 - the index of its decimal text in the string table.
    if (v >= 0n && v <= 0x7fffffffn) this.int(Number(v));
    else this.int(-1 - this.stringId(v.toString()));
  }

  loc(at: Location): void {
    this.str(at.file);
    this.int(at.line);
    this.int(at.column);
    this.int(at.endLine);
    this.int(at.endColumn);
    if (!at.expansion) {
      this.int(NONE);
      return;
    }
    const known = this.expansionIds.get(at.expansion);
    if (known !== undefined) {
      this.int(known);
      return;
    }
    // First use: the list itself follows its new id.
    const id = this.expansionIds.size;
    this.expansionIds.set(at.expansion, id);
    this.int(id);
    this.int(at.expansion.length);
    for (const origin of at.expansion) {
      this.str(origin.macro);
      this.loc(origin.definedAt);
    }
  }

  labels(labels: readonly Label[] | undefined): void {
    if (!labels) {
      this.int(NONE);
      return;
    }
    this.int(labels.length);
    for (const label of labels) {
      this.str(label.name);
      this.loc(label.at);
    }
  }

  done(): EncodedStream {
    return { ints: this.buf.slice(0, this.n), strings: this.strings };
  }
}

/** Thrown for a stream that is not what the reader expects (a damaged store entry). */
export class CodecError extends Error {}

/** Reads what an StreamWriter wrote, in the same order. */
export class StreamReader {
  private readonly expansions: MacroOrigin[][] = [];

  constructor(
    private readonly ints: Int32Array,
    private readonly strings: string[],
    /** Where to start: 0, or a section's offset (StreamWriter.section). */
    private p = 0,
  ) {}

  /** Past the end this reads undefined, which no caller takes for a count or an index. */
  int(): number {
    return this.ints[this.p++]!;
  }

  /** Skips a 0 (an empty list's count) and says so, or reads nothing. */
  ints0(): boolean {
    if (this.ints[this.p] !== 0) return false;
    this.p++;
    return true;
  }

  /** Skips a NONE (-1) and says so, or reads nothing. */
  peekNone(): boolean {
    if (this.ints[this.p] !== NONE) return false;
    this.p++;
    return true;
  }

  /** A count of things that each take at least one int. */
  count(): number {
    const n = this.ints[this.p++]!;
    if (!(n >= 0 && n <= this.ints.length - this.p)) throw new CodecError('encoded stream: bad count');
    return n;
  }

  str(): string {
    const s = this.strings[this.int()];
    if (s === undefined) throw new CodecError('encoded stream: bad string');
    return s;
  }

  big(): bigint {
    const x = this.int();
    if (x >= 0) return bigOf(x);
    const text = this.strings[-1 - x];
    if (text === undefined) throw new CodecError('encoded stream: bad integer');
    return BigInt(text);
  }

  /** A location read now (the ones a kept tree reads when asked for use skipLoc and locAt). */
  loc(): Location {
    return this.locAt(this.skipLoc());
  }

  /**
   * Skips a location and says where it lies, for locAt: most locations of a kept tree are never
   * asked for, and a location not made is ~64 bytes less to allocate, copy and keep. An expansion
   * list written here for the first time is read now (later locations refer to it).
   */
  skipLoc(): number {
    const ints = this.ints;
    const p = this.p;
    if (this.strings[ints[p]!] === undefined) throw new CodecError('encoded stream: bad location');
    const e = ints[p + 5]!;
    this.p = p + 6;
    if (e !== NONE) this.expansion(e);
    return p;
  }

  /** The location skipLoc passed over at `p`. */
  locAt(p: number): Location {
    const ints = this.ints;
    const file = this.strings[ints[p]!]!;
    const e = ints[p + 5]!;
    // One literal per shape: adding `expansion` afterwards would give the object a property store.
    if (e === NONE) return { file, line: ints[p + 1]!, column: ints[p + 2]!, endLine: ints[p + 3]!, endColumn: ints[p + 4]! };
    return { file, line: ints[p + 1]!, column: ints[p + 2]!, endLine: ints[p + 3]!, endColumn: ints[p + 4]!, expansion: this.expansions[e]! };
  }

  private expansion(id: number): MacroOrigin[] {
    if (id < this.expansions.length) return this.expansions[id]!;
    if (id !== this.expansions.length) throw new CodecError('encoded stream: bad expansion');
    const n = this.count();
    const list = listOf<MacroOrigin>(n);
    this.expansions.push(list);
    for (let i = 0; i < n; i++) {
      const macro = this.str();
      list[i] = { macro, definedAt: this.loc() };
    }
    return list;
  }

  /** A list StreamWriter.labels wrote; empty for one it wrote as absent. */
  labels(): Label[] {
    if (this.peekNone()) return [];
    const n = this.count();
    const labels = listOf<Label>(n);
    for (let i = 0; i < n; i++) {
      const name = this.str();
      labels[i] = { name, at: this.loc() };
    }
    return labels;
  }

  /** Throws unless the reader stopped at `at` (the stream's end when not given). */
  end(at = this.ints.length): void {
    if (this.p !== at) throw new CodecError('encoded stream: trailing data');
  }
}
