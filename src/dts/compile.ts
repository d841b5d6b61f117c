/**
 * The whole front end for one file, as the kernel build runs it: preprocess (cpp), parse (dtc's
 * lexer/parser, with dtc's own /include/), build the merged tree. Diagnostics stop the pipeline
 * at the stage where dtc would stop.
 */
import { buildTree } from './build.js';
import { readDtbTree } from './dtb-read.js';
import type { Diagnostic } from './diagnostic.js';
import { explainUndefinedName } from './undefined-name.js';
import { includePathsFor } from './include-dirs.js';
import { parseDts } from './parser.js';
import { preprocess } from './preprocess/index.js';
import { prefixSession } from './store/prefix-session.js';
import { SourceFile, SourceHost } from './source.js';
import type { Tree } from './tree.js';
import { walk } from './query.js';
import { didYouMean } from './message-text.js';

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
  const blob = host.binaryOf(file);
  if (blob) return fromDtb(file, blob);
  const input = host.read(file);
  if (!(input instanceof SourceFile)) return { diagnostics: [], files: [], fatal: input.message };
  const kind = inputKind(file, input.text);
  if (kind === 'dtb') {
    const bytes = Buffer.from(input.text, 'latin1');
    host.markBinary(file, bytes);
    return fromDtb(file, bytes);
  }
  if (kind === 'binary') return { diagnostics: [], files: [], fatal: `${file}: binary file, neither devicetree source nor a DTB (it does not start with the FDT magic 0xd00dfeed)` };

  const paths = includePathsFor(file, options.includeDirs ?? [], options.autoIncludeDirs !== false);
  const cppDirs = paths.cpp;
  const dtcDirs = options.dtcIncludeDirs === undefined ? paths.dtc : includePathsFor(file, options.dtcIncludeDirs, options.autoIncludeDirs !== false).dtc;

  // The prefix store (store/prefix-session.ts): a kept prefix to go on from, or one to keep.
  const resume = prefixSession(input, file, { cppDirs, dtcDirs, defines: options.defines ?? {} }, host);

  const pp = preprocess(file, {
    host,
    includeDirs: cppDirs,
    ...(options.defines ? { defines: options.defines } : {}),
    ...(resume ? { prefix: resume.preprocessing() } : {}),
  });
  const files = [...pp.files];
  if (hasError(pp.diagnostics)) return { diagnostics: pp.diagnostics, files };

  const parsePrefix = resume?.parsing(pp);
  const parsed = parseDts({ text: pp.text, origins: pp.origins }, { host, includeDirs: dtcDirs, ...(parsePrefix ? { prefix: parsePrefix } : {}) });
  const known = new Set(files);
  for (const f of parsed.files) if (!known.has(f)) files.push(f);
  if (hasError(parsed.diagnostics)) {
    // A name cpp did not expand is the usual cause: say so (undefined-name.ts).
    return { diagnostics: [...pp.diagnostics, ...parsed.diagnostics.map((d) => explainUndefinedName(d, files, host))], files };
  }
  const diagnostics = [...pp.diagnostics, ...parsed.diagnostics];

  const buildPrefix = resume?.building(pp, parsed);
  const built = buildTree(parsed.ast, {
    symbols: options.symbols ?? false,
    // /incbin/ searches dtc's -i dirs, as dtc's srcfile_relative_open does, through the run's host.
    host,
    includeDirs: dtcDirs,
    ...(buildPrefix ? { prefix: buildPrefix } : {}),
  });
  resume?.done();
  built.tree.files = files;
  return { tree: built.tree, diagnostics: [...diagnostics, ...withLabelHints(built.diagnostics, built.tree)], files };
}

/**
 * What the input is, as dtc's guess_input_format decides (the FDT magic, else a `.dtb`/`.dtbo`
 * name), and a file with NUL bytes that is neither: no DTS has one, and its bytes must not reach
 * a terminal through a syntax error's code frame.
 */
function inputKind(file: string, text: string): 'dts' | 'dtb' | 'binary' {
  if (text.startsWith('\xd0\x0d\xfe\xed') || /\.dtbo?$/.test(file)) return 'dtb';
  return text.includes('\0') ? 'binary' : 'dts';
}

function fromDtb(file: string, bytes: Uint8Array): CompileResult {
  const read = readDtbTree(file, bytes);
  return { ...(read.tree ? { tree: read.tree } : {}), diagnostics: read.diagnostics, files: [file] };
}

/** dtc's `Label or path X not found`, with the tree's close labels: `; did you mean fec1?`. */
function withLabelHints(diagnostics: Diagnostic[], tree: Tree): Diagnostic[] {
  let labels: string[] | undefined;
  return diagnostics.map((d) => {
    const m = d.code === 'unresolved-reference' ? /^Label or path ([A-Za-z_]\w*) not found$/.exec(d.message) : null;
    if (!m) return d;
    labels ??= labelsOf(tree);
    const hint = didYouMean(m[1]!, labels);
    return hint === '' ? d : { ...d, message: d.message + hint };
  });
}

function labelsOf(tree: Tree): string[] {
  const names: string[] = [];
  walk(tree, (node) => {
    for (const l of node.labels) names.push(l.name);
    for (const p of node.properties) for (const l of p.labels) names.push(l.name);
  });
  return names;
}

function hasError(diagnostics: Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
