/**
 * The prefix share: within one run over many boards, the state after the `#include` lines a board
 * opens with (up to its SoC's `.dtsi`: sharedLines) is made once and every later board that opens
 * with the same lines goes on from it. Boards of one SoC differ above those lines (a licence
 * header, a comment, the copyright years), so the share's key is not the main file's text (as the
 * prefix store's between runs is, prefix.ts) but the #include lines themselves, and what the text above
 * them leaves behind: output only, which must read `/dts-v1/;` or nothing once its white space
 * (comments) is gone, no macro expansion, and nothing else (the preprocessor checks that at the
 * first #include: run.ts `splice`). The quoted includes are looked up beside the main file first,
 * so the main file's directory is part of the key too, with the run's include dirs and defines.
 *
 * A board going on from another's state takes it relocated: the output and origins of its own head
 * and then the kept ones shifted by the difference in head lengths; the main file's own entries (its
 * path in the file table) are this board's. Nothing in the kept state points into the other main
 * file: the head gave no macro record (checked), no token of the #include lines reaches the
 * output, and the head's `/dts-v1/;`, the one item of the main file's, is not kept.
 *
 * Memory: a state is taken only for #include lines a later board of the run opens with (the run
 * says which boards come: expect), and given up once the last of them went on from it; the kept
 * states are bounded by `budget` too (an estimate of their size), the least recently used given up
 * first. Taking a state costs a part of a board's time, so a state nobody takes up is a loss.
 */
import { dirname } from 'node:path';
import type { TopItemAst } from '../ast.js';
import type { Location } from '../location.js';
import type { PrefixEnd } from '../parser.js';
import type { BlockStart, HeadState, PrefixState } from '../preprocess/run-checkpoint.js';
import { MACRO, SPAN, type OutputState } from '../preprocess/origins.js';
import { Dir, scanOf, type ScanStore } from '../preprocess/scan.js';
import { SourceFile, type SourceHost } from '../source.js';
import { prefixKey, type PrefixKey } from './prefix.js';

/** The heads a board may open with, white space and comments removed, for its state to be shared. */
const SHAREABLE_HEADS = new Set(['', '/dts-v1/;']);

/** A state kept for the boards after the one that made it. */
export interface SharedPrefix {
  /** The preprocessor's state, with where the #include lines began (`block`). */
  pp: PrefixState & { block: BlockStart };
  parse: PrefixEnd;
  /**
   * The top-level items parsed from the prefix, but the header's (it is the other main file's):
   * each board builds its tree from them afresh (nothing the builder makes changes an item:
   * definition.ts), which costs about what decoding a kept tree would and nothing to keep.
   */
  items: TopItemAst[];
}

/** Where a main file's shared #include lines are, and the share's keys for them. */
export interface ShareKey {
  /** The key of the state (with the head's, headKey). */
  key: string;
  /** The lines and the main file's directory only: what expect() counts. */
  lines: string;
  /** The first and the last of the #include lines shared (0-based). */
  first: number;
  last: number;
}

/** Default budget of the kept states (estimated bytes). */
export const SHARE_BUDGET = 64 * 1024 * 1024;

export class PrefixShare {
  private readonly kept = new Map<string, { prefix: SharedPrefix; size: number; lines: string }>();
  /** The boards still to come, by their lines' key, when the run said which (expect). */
  private left: Map<string, number> | undefined;
  /** Without expect(): the lines seen once (a state is taken the second time). */
  private readonly seen = new Set<string>();
  private size = 0;

  constructor(private readonly budget = SHARE_BUDGET) {}

  /** The main files the run will compile, in order: a state is then taken only for lines a later one shares. */
  expect(paths: readonly string[], host: SourceHost): void {
    const left = (this.left ??= new Map());
    for (const path of paths) {
      const main = host.read(path);
      if (!(main instanceof SourceFile)) continue;
      const lines = sharedLines(main, path, host.stores.scans);
      if (lines) left.set(lines.lines, (left.get(lines.lines) ?? 0) + 1);
    }
  }

  /** The state kept for `key`, now the most recently used. */
  find(key: string): SharedPrefix | undefined {
    const entry = this.kept.get(key);
    if (!entry) return undefined;
    this.kept.delete(key);
    this.kept.set(key, entry);
    return entry.prefix;
  }

  /** True when a later board of the run opens with the same lines (its state is worth taking). */
  wanted(key: ShareKey): boolean {
    if (this.left) return (this.left.get(key.lines) ?? 0) > 1;
    if (this.seen.has(key.lines)) return true;
    this.seen.add(key.lines);
    return false;
  }

  /** A board with these lines is done: the state goes when no board to come shares it. */
  done(key: ShareKey): void {
    const left = this.left;
    const n = left?.get(key.lines);
    if (n === undefined) return;
    if (n > 1) {
      left!.set(key.lines, n - 1);
      return;
    }
    left!.delete(key.lines);
    for (const [k, e] of this.kept) if (e.lines === key.lines) this.drop(k);
  }

  keep(key: ShareKey, head: string, prefix: SharedPrefix): void {
    const size = sizeOf(prefix);
    if (size > this.budget) return;
    this.drop(head);
    this.kept.set(head, { prefix, size, lines: key.lines });
    this.size += size;
    // The least recently used first (find moves what it finds to the end).
    for (const k of this.kept.keys()) {
      if (this.size <= this.budget) break;
      this.drop(k);
    }
  }

  private drop(key: string): void {
    const entry = this.kept.get(key);
    if (!entry) return;
    this.kept.delete(key);
    this.size -= entry.size;
  }
}

/**
 * The #include lines of `main` a state is shared for: from its first #include to the first that
 * names no header (`.h`: the SoC's or the board family's `.dtsi`, which gives most of the text),
 * or to the last of the #include lines it opens with (prefix.ts prefixKey). Boards of one SoC
 * often add headers after that line, or another `.dtsi`: those lines are the board's own.
 */
function sharedLines(main: SourceFile, path: string, scans?: ScanStore): { first: number; last: number; lines: string } | undefined {
  const prefix = prefixKey(main, path, { cppDirs: [], dtcDirs: [], defines: {} }, scans);
  if (!prefix) return undefined;
  const scan = scanOf(main, scans);
  let first = 0;
  while (scan.lineKind[first] !== Dir.INCLUDE) first++;
  let last = first;
  for (; last < prefix.line; last++) {
    if (scan.lineKind[last] !== Dir.INCLUDE) continue;
    const line = main.text.slice(scan.lineRawStart[last]!, scan.lineRawStart[last + 1]!);
    if (!/\.h\s*[">]/.test(line)) break;
  }
  const end = last + 1 < scan.lineCount ? scan.lineRawStart[last + 1]! : main.text.length;
  return { first, last, lines: `${dirname(path)}\0${main.text.slice(scan.lineRawStart[first]!, end)}` };
}

/** The share's key of `main` (read from `path`), or undefined when it does not open with #include lines. */
export function shareKey(main: SourceFile, path: string, options: Omit<PrefixKey, 'main' | 'line' | 'text'>, scans?: ScanStore): ShareKey | undefined {
  const lines = sharedLines(main, path, scans);
  if (!lines) return undefined;
  const key = JSON.stringify([lines.lines, options.cppDirs, options.dtcDirs, options.defines]);
  return { key, ...lines };
}

/** The key of the state for a head: undefined when a head like it cannot be shared. */
export function headKey(key: ShareKey, head: HeadState): string | undefined {
  if (head.records !== 0) return undefined;
  const text = head.output.text.replace(/\s+/g, '');
  return SHAREABLE_HEADS.has(text) ? `${key.key}\0${text}` : undefined;
}

/** True when nothing in the state taken from `main` points into `main` but what relocate() moves. */
export function shareable(pp: PrefixState & { block: BlockStart }, main: string): boolean {
  if (pp.opened[0]?.path !== main || pp.files[0] !== main) return false;
  const records = pp.output.records;
  if (!Array.isArray(records)) return false;
  for (let r = pp.block.records; r < records.length; r++) if ((records[r] as Location).file === main) return false;
  return true;
}

/**
 * `shared`'s state for a main file (its path as given, and as the host read it) whose head is
 * `head` and whose last #include is on `last`: the head's output and origins, then the shared ones moved by the difference in heads.
 */
export function relocate(shared: SharedPrefix, head: HeadState, main: { path: string; file: string }, last: number): { pp: PrefixState; parse: PrefixEnd } {
  const pp = shared.pp;
  const block = pp.block;
  const from = pp.output;
  const own = head.output;
  const moved = head.text - block.text;
  const raw = head.rawStart - block.rawStart;
  const records = head.records - block.records;
  const n = own.starts.length;
  const m = from.starts.length - block.segments;
  const starts = new Int32Array(n + m);
  const kinds = new Uint8Array(n + m);
  const files = new Int32Array(n + m);
  const a = new Int32Array(n + m);
  const b = new Int32Array(n + m);
  starts.set(own.starts);
  kinds.set(own.kinds);
  files.set(own.files);
  a.set(own.a);
  b.set(own.b);
  for (let k = 0; k < m; k++) {
    const s = block.segments + k;
    const kind = from.kinds[s]!;
    const file = from.files[s]!;
    starts[n + k] = from.starts[s]! + moved;
    kinds[n + k] = kind;
    files[n + k] = file;
    // Origins in the main file (file 0) move with its #include lines; a macro's by the record count.
    a[n + k] = from.a[s]! + (kind === MACRO ? records : file === 0 ? raw : 0);
    b[n + k] = from.b[s]! + (kind === SPAN && file === 0 ? raw : 0);
  }
  const output: OutputState = {
    text: own.text + from.text.slice(block.text),
    starts,
    kinds,
    files,
    a,
    b,
    records: (own.records as Location[]).concat((from.records as Location[]).slice(block.records)),
  };
  const state: PrefixState = {
    line: last,
    output,
    opened: [main, ...pp.opened.slice(1)],
    files: [main.path, ...pp.files.slice(1)],
    once: pp.once,
    counter: pp.counter,
    macros: pp.macros,
    reads: pp.reads,
  };
  const parse: PrefixEnd = { ...shared.parse, lastStart: shared.parse.lastStart + moved, lastEnd: shared.parse.lastEnd + moved };
  return { pp: state, parse };
}

/** The items of a prefix to share: all but the header (`/dts-v1/;`), which is in the main file. */
export function sharedItems(items: readonly TopItemAst[], count: number): TopItemAst[] {
  const kept: TopItemAst[] = [];
  for (let k = 0; k < count; k++) if (items[k]!.kind !== 'version') kept.push(items[k]!);
  return kept;
}

function sizeOf(prefix: SharedPrefix): number {
  const out = prefix.pp.output;
  const records = Array.isArray(out.records) ? out.records.length : out.records.count;
  // The items: about three bytes for each char of output they were parsed from.
  return out.text.length * 5 + out.starts.length * 17 + records * 96 + prefix.pp.macros.length * 48 + 4096;
}
