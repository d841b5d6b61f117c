/**
 * The whole front end for one file, as the kernel build runs it: preprocess (cpp), parse (dtc's
 * lexer/parser, with dtc's own /include/), build the merged tree. Diagnostics stop the pipeline
 * at the stage where dtc would stop.
 */
import { buildTree } from './build.js';
import type { Diagnostic } from './diagnostic.js';
import { includePathsFor } from './include-dirs.js';
import { parseDts } from './parser.js';
import { preprocess } from './preprocess/index.js';
import { StreamWriter, type EncodedStream } from './store/stream-codec.js';
import { writeBuilderState, type BuilderState } from './store/live-codec.js';
import { lookupsUnchanged, prefixKey, type Prefix } from './store/prefix.js';
import { SourceFile, SourceHost } from './source.js';
import type { Tree } from './tree.js';

export interface CompileOptions {
  /** Extra cpp -I dirs, after the automatic ones. */
  includeDirs?: string[];
  /** Extra dtc -i dirs (for dtc's own /include/); defaults to includeDirs. */
  dtcIncludeDirs?: string[];
  /** Extra cpp -D definitions. */
  defines?: Record<string, string>;
  host?: SourceHost;
  /** As `dtc -@`: add /__symbols__. */
  symbols?: boolean;
  /** Find the kernel's include dirs when the file lies in a kernel tree (default true). */
  autoIncludeDirs?: boolean;
}

/**
 * A prefix that gives less text than this (headers of macros, a small .dtsi) is not kept:
 * preprocessing and parsing it again costs about what restoring its macro table does.
 */
const MIN_PREFIX_TEXT = 16 * 1024;

export interface CompileResult {
  tree?: Tree;
  diagnostics: Diagnostic[];
  /** Every file read, the input first. */
  files: string[];
  /** Set when the input itself cannot be read: the run fails (exit 2), it is not a finding. */
  fatal?: string;
}

export function compileDts(file: string, options: CompileOptions = {}): CompileResult {
  const host = options.host ?? new SourceHost();
  const input = host.read(file);
  if (!(input instanceof SourceFile)) return { diagnostics: [], files: [], fatal: input.message };

  const paths = includePathsFor(file, options.includeDirs ?? [], options.autoIncludeDirs !== false);
  const cppDirs = paths.cpp;
  const dtcDirs = options.dtcIncludeDirs === undefined ? paths.dtc : includePathsFor(file, options.dtcIncludeDirs, options.autoIncludeDirs !== false).dtc;

  // The prefix (prefix.ts): taken from the store when nothing it read changed, else kept for next time.
  const store = host.stores.prefixes;
  const key = store ? prefixKey(input, file, { cppDirs, dtcDirs, defines: options.defines ?? {} }, host.stores.scans) : undefined;
  let kept = key ? store!.load(key) : undefined;
  if (kept && !usable(kept, host)) kept = undefined;

  const pp = preprocess(file, {
    host,
    includeDirs: cppDirs,
    ...(options.defines ? { defines: options.defines } : {}),
    ...(key ? { prefix: { line: key.line, ...(kept ? { restore: kept.pp } : { minText: MIN_PREFIX_TEXT }) } } : {}),
  });
  const files = [...pp.files];
  if (hasError(pp.diagnostics)) return { diagnostics: pp.diagnostics, files };

  if (!pp.restored) kept = undefined;
  const prefixEnd = kept ? kept.pp.output.text.length : pp.prefix?.output.text.length;
  const parsed = parseDts(
    { text: pp.text, origins: pp.origins },
    {
      host,
      includeDirs: dtcDirs,
      ...(prefixEnd !== undefined ? { prefix: { end: prefixEnd, ...(kept ? { restore: kept.parse } : { take: true }) } } : {}),
    },
  );
  files.push(...parsed.files.filter((f) => !files.includes(f)));
  const diagnostics = [...pp.diagnostics, ...parsed.diagnostics];
  if (hasError(parsed.diagnostics)) return { diagnostics, files };

  // The tree builder's state after the prefix's items is what a later run starts from.
  const taking = key && !kept && pp.prefix && parsed.prefix ? { pp: pp.prefix, parse: parsed.prefix } : undefined;
  let builtState: EncodedStream | undefined;
  const keep = (state: BuilderState): void => {
    try {
      const w = new StreamWriter();
      writeBuilderState(w, state);
      builtState = w.done();
    } catch {
      // A state the codec does not take (it says which): no prefix kept.
    }
  };
  const built = buildTree(parsed.ast, {
    symbols: options.symbols ?? false,
    // /incbin/ searches dtc's -i dirs, as dtc's srcfile_relative_open does, through the run's host.
    host,
    includeDirs: dtcDirs,
    ...(kept ? { prefix: { restore: kept.built } } : taking ? { prefix: { take: parsed.prefix!.itemCount, keep } } : {}),
  });
  if (taking && builtState) store!.save(key!, { ...taking, built: builtState });
  built.tree.files = files;
  return { tree: built.tree, diagnostics: [...diagnostics, ...built.diagnostics], files };
}

/** A kept prefix whose lookups find what they found then, and whose builder state decodes. */
function usable(prefix: Prefix, host: SourceHost): boolean {
  if (!lookupsUnchanged(prefix, host)) return false;
  try {
    void prefix.built;
    return true;
  } catch {
    // A damaged entry: a miss, overwritten by this run.
    return false;
  }
}

function hasError(diagnostics: Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
