/**
 * The preprocessor's macro table as a checkpoint keeps it (src/dts/store/prefix.ts): each macro of a
 * file as columns (StoredMacros), and as a run that resumes from the checkpoint defines it again
 * (RestoredMacro: its fields read from the columns, its file lexed only when it is expanded).
 */
import { intern } from './names.js';
import { listOf } from '../list.js';
import type { Chain, Macro } from './macros.js';
import type { Location } from '../location.js';
import { scanOf, type FileScan, type ScanStore } from './scan.js';
import type { SourceFile } from '../source.js';
import type { StreamReader, StreamWriter } from '../store/stream-codec.js';
import type { Token } from './tokens.js';
/** What a later run needs to define a macro of a file again without reading its #define. */
export interface StoredMacro {
  name: string;
  /** The defining file's path as the host knows it; null for a built-in or predefined macro (no file on disk). */
  file: string | null;
  funLike: boolean;
  params: readonly string[];
  variadic: boolean;
  bodyStart: number;
  bodyEnd: number;
  defStart: number;
  defEnd: number;
  line: number;
}

export function storeMacro(macro: Macro): StoredMacro {
  const { name, funLike, params, variadic, bodyStart, bodyEnd, defStart, defEnd, line } = macro;
  // Built-in and predefined macros come from no file on disk (no stamp): a run has its own.
  const file = macro.scan && macro.scan.file.stamp !== undefined ? macro.scan.file.path : null;
  return { name, file, funLike, params, variadic, bodyStart, bodyEnd, defStart, defEnd, line };
}

/** Shared by the macros without parameters (never pushed to). */
const NO_PARAMS: readonly string[] = Object.freeze([]);

const FUN_LIKE = 1;
const VARIADIC = 2;
/** Ints per macro in StoredMacros.ints: flags, bodyStart, bodyEnd, defStart, defEnd, line. */
const INTS = 6;

/**
 * A kept macro table (prefix.ts) as columns. Restoring a prefix makes one small RestoredMacro per
 * macro, which reads its fields from here, instead of an object per macro for the table and
 * another for the macro (a board's prefix holds ~2,000 macros, most never expanded).
 */
export class StoredMacros {
  constructor(
    readonly names: readonly string[],
    /** The defining file's path as the host knows it; null for a built-in or predefined macro. */
    readonly files: readonly (string | null)[],
    /** INTS per macro. */
    readonly ints: Int32Array,
    readonly params: readonly (readonly string[])[],
  ) {}

  /** Where the restoring run's host keeps scans: a restored macro's file is lexed only when expanded. */
  scans: ScanStore | undefined = undefined;

  get length(): number {
    return this.names.length;
  }

  static of(list: readonly StoredMacro[]): StoredMacros {
    const ints = new Int32Array(list.length * INTS);
    list.forEach((m, k) => ints.set([(m.funLike ? FUN_LIKE : 0) | (m.variadic ? VARIADIC : 0), m.bodyStart, m.bodyEnd, m.defStart, m.defEnd, m.line], k * INTS));
    return new StoredMacros(
      list.map((m) => m.name),
      list.map((m) => m.file),
      ints,
      list.map((m) => (m.params.length === 0 ? NO_PARAMS : m.params)),
    );
  }

  /** Reads `count` macros as encodePrefix writes them (name, file, flags, five ints, parameters). */
  static read(r: StreamReader, count: number): StoredMacros {
    const names = listOf<string>(count);
    const files = listOf<string | null>(count);
    const ints = new Int32Array(count * INTS);
    const params = listOf<readonly string[]>(count);
    for (let k = 0; k < count; k++) {
      names[k] = r.str();
      files[k] = r.peekNone() ? null : r.str();
      const at = k * INTS;
      for (let i = 0; i < INTS; i++) ints[at + i] = r.int();
      const n = r.count();
      if (n === 0) params[k] = NO_PARAMS;
      else {
        const list = listOf<string>(n);
        for (let i = 0; i < n; i++) list[i] = r.str();
        params[k] = list;
      }
    }
    return new StoredMacros(names, files, ints, params);
  }

  write(w: StreamWriter): void {
    for (let k = 0; k < this.names.length; k++) {
      w.str(this.names[k]!);
      const file = this.files[k]!;
      if (file === null) w.int(-1);
      else w.str(file);
      for (let i = 0; i < INTS; i++) w.int(this.ints[k * INTS + i]!);
      const params = this.params[k]!;
      w.int(params.length);
      for (const p of params) w.str(p);
    }
  }

  line(k: number): number {
    return this.ints[k * INTS + 5]!;
  }
}

/**
 * Definitions restored from a prefix, by file and line: a later run in the same process that reads
 * the same #define (the guest of a pair includes the host's headers) takes the restored macro
 * instead of parsing the line again. Same file object, same stamp: the same definition. A list
 * indexed by line (a header's defines fill most of its lines), not a map.
 */
const RESTORED = new WeakMap<SourceFile, (Macro | undefined)[]>();

export function rememberDefinition(file: SourceFile, macro: Macro): void {
  let lines = RESTORED.get(file);
  if (!lines) RESTORED.set(file, (lines = []));
  lines[macro.line] = macro;
}

export function restoredDefinition(file: SourceFile, line: number): Macro | undefined {
  return RESTORED.get(file)?.[line];
}

/**
 * A macro of a file defined again from a kept table: its fields are read from the table, and the
 * file is lexed (or its scan loaded) only when the macro is expanded or its definition is shown.
 */
export class RestoredMacro implements Macro {
  readonly id: number;
  body: Token[] | null = null;
  root: Chain | null = null;
  definedAt: Location | null = null;
  #scan: FileScan | null = null;
  readonly #table: StoredMacros;
  readonly #at: number;
  readonly #file: SourceFile;

  constructor(table: StoredMacros, k: number, file: SourceFile) {
    this.#table = table;
    this.#at = k;
    this.#file = file;
    this.id = intern(table.names[k]!);
  }

  get name(): string {
    return this.#table.names[this.#at]!;
  }

  get params(): readonly string[] {
    return this.#table.params[this.#at]!;
  }

  get funLike(): boolean {
    return (this.#table.ints[this.#at * INTS]! & FUN_LIKE) !== 0;
  }

  get variadic(): boolean {
    return (this.#table.ints[this.#at * INTS]! & VARIADIC) !== 0;
  }

  get bodyStart(): number {
    return this.#table.ints[this.#at * INTS + 1]!;
  }

  get bodyEnd(): number {
    return this.#table.ints[this.#at * INTS + 2]!;
  }

  get defStart(): number {
    return this.#table.ints[this.#at * INTS + 3]!;
  }

  get defEnd(): number {
    return this.#table.ints[this.#at * INTS + 4]!;
  }

  get line(): number {
    return this.#table.line(this.#at);
  }

  get builtin(): null {
    return null;
  }

  get scan(): FileScan {
    return (this.#scan ??= scanOf(this.#file, this.#table.scans));
  }
}
