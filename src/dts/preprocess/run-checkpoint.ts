/**
 * The preprocessor run's checkpoint at the end of the `#include` lines a board opens with: what is
 * kept of a run there (takeCheckpoint) and how a later run goes on from it (restoreCheckpoint). The
 * run has one hook for it (its `prefix` option, run.ts); what to keep between runs and when is the
 * store's (src/dts/store/prefix.ts, prefix-session.ts).
 */
import { SourceFile, modifiedRecently, type ReadFailure } from '../source.js';
import { RestoredMacro, rememberDefinition, restoredDefinition, storeMacro, StoredMacros } from './macro-checkpoint.js';
import type { OutputState } from './origins.js';
import type { Run } from './run.js';

/**
 * Where a run stood when the `#include` lines the main file opens with were done (src/dts/store/prefix.ts):
 * what a later run of the same main file (the same text up to the last of them) starts from instead
 * of reading the includes again, once every lookup in `reads` finds what it found then.
 */
export interface PrefixState {
  /** The last opening #include's line in the main file. */
  line: number;
  output: OutputState;
  /** The run's file table: each path as opened, and the path the host read it by. */
  opened: { path: string; file: string }[];
  files: string[];
  once: string[];
  counter: number;
  /** The macro table: a file's macros whole, the built-in and predefined ones by name. */
  macros: StoredMacros;
  /** Every include lookup, in order, with the stamp of what it found (null: nothing). */
  reads: [string, string | null][];
  /**
   * Where the main file's first #include began, when the run was asked to stop there (its
   * `splice` hook): what a main file with another text before that line needs to go on from
   * this state (src/dts/store/prefix-share.ts). Only kept in memory.
   */
  block?: BlockStart;
}

/** The run at the main file's first #include line, before running it (the text before is the head). */
export interface BlockStart {
  /** The #include's line (0-based) and where its raw text starts in the main file. */
  line: number;
  rawStart: number;
  /** How much output, how many origin segments and macro records the head gave. */
  text: number;
  segments: number;
  records: number;
}

/** What the preprocessor asks at the main file's first #include (PreprocessOptions.prefix.splice). */
export interface HeadState extends BlockStart {
  /** The output so far, with its origins. */
  output: OutputState;
}

/**
 * The run's state back in the main file after its #include on `line`, or null when it cannot be kept:
 * the include is not done at top level, it gave less than `minText` of output, the output depends on
 * more than the files read (__DATE__, __TIME__), something went wrong (a prefix has no diagnostics), or
 * a file read was modified too recently to tell from its next version (source.ts RACY_MS), unless
 * the prefix is for this run only (prefix-share.ts).
 */
export function takeCheckpoint(run: Run, line: number, minText: number, lookups: readonly [string, SourceFile | ReadFailure][]): PrefixState | null {
  const main = run.top!;
  if (main.line !== line || main.ifs.length > 0 || run.skipping || run.machine.depth !== 0) return null;
  if (run.out.length < minText) return null;
  if (run.timeDependent || run.stopped || run.diagnostics.length > 0) return null;
  // A state for other main files of the run must not name this one.
  if (run.prefixInRun && run.mainNamed) return null;
  const reads: [string, string | null][] = [];
  for (const [path, r] of lookups) {
    if (r instanceof SourceFile) {
      // A file changed since this run read it is a miss for the run that asks (lookupsUnchanged);
      // one modified too recently to tell from its next version is kept only within this run.
      if (r.stamp === undefined || (!run.prefixInRun && modifiedRecently(r.stamp))) return null;
      reads.push([path, r.stamp]);
    } else if (r.reason === 'not-found') reads.push([path, null]);
    else return null;
  }
  return {
    line,
    output: run.out.state(run.opened[0]!),
    opened: run.opened.map((o) => ({ path: o.path, file: o.file.path })),
    files: [...run.files],
    once: [...run.once].map((f) => f.path),
    counter: run.counter,
    macros: StoredMacros.of(run.macros.defined().map(storeMacro)),
    reads,
    ...(run.blockStart ? { block: run.blockStart } : {}),
  };
}

/**
 * Goes on from `state` (the main file is open, nothing is read yet): the main file stands on the
 * #include's line, done. The caller checked `state.reads`: every file it names reads as then.
 */
export function restoreCheckpoint(run: Run, state: PrefixState): boolean {
  // The made-up files of the predefined macros (<built-in>, <command-line>) are this run's own.
  const files = new Map<string, SourceFile>();
  for (const m of run.macros.defined()) if (m.scan && m.scan.file.stamp === undefined) files.set(m.scan.file.path, m.scan.file);
  const file = (path: string): SourceFile | undefined => {
    let f = files.get(path);
    if (f === undefined) {
      const r = run.read(path);
      if (!(r instanceof SourceFile)) return undefined;
      files.set(path, (f = r));
    }
    return f;
  };
  // Every file first: a prefix that names one that does not read is not taken at all.
  for (const o of state.opened) if (!file(o.file)) return false;
  for (const path of state.once) if (!file(path)) return false;
  const macros = state.macros;
  macros.scans = run.host.stores.scans;
  const names = macros.names;
  const paths = macros.files;
  for (let k = 0; k < paths.length; k++) {
    const f = paths[k]!;
    if (f !== null && !file(f)) return false;
  }

  run.out.restore(state.output);
  run.opened.length = 0;
  run.restoredIndex = new Map();
  for (const o of state.opened) {
    const f = file(o.file)!;
    if (!run.restoredIndex.has(f)) run.restoredIndex.set(f, run.opened.length);
    run.opened.push({ path: o.path, file: f });
  }
  run.files.length = 0;
  run.fileSet.clear();
  for (const path of state.files) {
    run.files.push(path);
    run.fileSet.add(path);
  }
  for (const path of state.once) run.once.add(file(path)!);
  run.counter = state.counter;
  // Indexed loops: a for...of in baseline code allocates an iterator result per macro (thousands).
  const kept = new Set<string>();
  for (let k = 0; k < paths.length; k++) if (paths[k] === null) kept.add(names[k]!);
  const before = run.macros.defined();
  for (let k = 0; k < before.length; k++) if (!kept.has(before[k]!.name)) run.macros.delete(before[k]!.id);
  for (let k = 0; k < paths.length; k++) {
    const path = paths[k]!;
    if (path === null) continue;
    const f = file(path)!;
    // The same #define restored by an earlier run of this process (a host and its guest share headers).
    let macro = restoredDefinition(f, macros.line(k));
    if (macro === undefined || macro.name !== names[k]) {
      macro = new RestoredMacro(macros, k, f);
      rememberDefinition(f, macro);
    }
    run.macros.set(macro.id, macro);
  }
  run.generation++;
  const main = run.top!;
  main.line = state.line;
  main.tok = 0;
  main.lineEnd = 0;
  return true;
}
