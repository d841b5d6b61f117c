/**
 * dtlint's C preprocessor: the part of GCC's `cpp -x assembler-with-cpp -undef -nostdinc` that
 * device trees use, with an origin for every character of the output.
 *
 * The text is token for token what cpp prints, spaces included where they matter to dtc (checked
 * against gcc 12 on every Linux 6.12 board: scripts/probes/pp-compare.ts); layout differs (no line
 * markers, whitespace copied from the file). Origins: text copied from a file maps char for char
 * to it; text made by a macro maps to the use site (the outermost macro's name through its `)`)
 * with `expansion` listing the macros, outermost first; an argument token written in the file
 * keeps its own place.
 *
 * Per-file work (lexing, line classification, #define parsing) is cached on the SourceFile, so
 * loading many boards that share headers through one SourceHost scans each header once; the macro
 * table and everything else is per run.
 */
import type { Diagnostic } from '../diagnostic.js';
import type { OriginMap } from '../origin.js';
import { SourceFile, type SourceHost } from '../source.js';
import { defineMacro } from './directives.js';
import { builtinMacros, isDefineError, parseDefine, type Macro } from './macros.js';
import { Run } from './run.js';
import type { HeadState, PrefixState } from './run-checkpoint.js';
import { Dir, FileScan } from './scan.js';

export { simpleDefinesOf, type SimpleDefine, type SimpleDefineValue } from './simple-defines.js';

export interface PreprocessOptions {
  host: SourceHost;
  /** -I dirs in order. `#include "x"` searches the including file's own directory first, then these; `<x>` only these. */
  includeDirs: string[];
  /** -D NAME=VALUE (NAME may be `F(a,b)`); added after the defaults: __DTS__=1 and cpp's own __STDC__, __STDC_HOSTED__, __ASSEMBLER__. */
  defines?: Record<string, string>;
  /**
   * The main file's prefix (src/dts/store/prefix.ts): go on from `restore`, or take the state at the end
   * of the #include on `line` (the result's `prefix`) when it has at least `minText` chars of output.
   */
  prefix?: {
    line: number;
    restore?: PrefixState;
    minText?: number;
    /**
     * At the main file's first #include (on `line`), go on from the state `find` gives for the
     * output so far; or, when it gives true, take the prefix, noting where the #include lines
     * began (its `block`); or, given false, neither.
     */
    splice?: { line: number; find: (head: HeadState) => PrefixState | boolean };
  };
}

export interface PreprocessResult {
  /** What the parser lexes: equivalent for dtc to what cpp prints (no line markers). */
  text: string;
  /** Offset range in `text` -> Location in the user's files. */
  origins: OriginMap;
  /** code 'syntax-error'; severity 'error' (or 'warning' for #warning and macro redefinitions). */
  diagnostics: Diagnostic[];
  /** Every file opened, in order first opened. */
  files: string[];
  /** The state at the end of the prefix's #include, when one was wanted and could be taken. */
  prefix?: PrefixState;
  /** True when the run went on from `prefix.restore`, or from the state `prefix.splice` found. */
  restored?: boolean;
}

export function preprocess(file: string, options: PreprocessOptions): PreprocessResult {
  const run = new Run({ host: options.host, includeDirs: options.includeDirs });
  run.mainPath = file;
  for (const macro of builtinMacros()) run.macros.set(macro.id, macro);
  for (const macro of predefined('<built-in>', '__STDC__ 1\n__STDC_HOSTED__ 1\n__ASSEMBLER__ 1\n')) defineMacro(run, macro, null, -1);
  const lines = ['__DTS__ 1', ...Object.entries(options.defines ?? {}).map(([k, v]) => `${k} ${v}`)];
  for (const macro of predefined('<command-line>', lines.join('\n') + '\n')) defineMacro(run, macro, null, -1);

  const main = options.host.read(file);
  if (!(main instanceof SourceFile)) {
    const at = { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
    const fallback = { path: file, file: new SourceFile(file, '') };
    return {
      text: '',
      origins: run.out.origins(fallback),
      diagnostics: [{ code: 'syntax-error', severity: 'error', message: main.message, at }],
      files: [],
    };
  }
  run.pushFile(main, file, -1);
  let restored = false;
  try {
    const prefix = options.prefix;
    if (prefix?.restore && run.restorePrefix(prefix.restore)) restored = true;
    else if (prefix?.splice) run.wantSplice(prefix.splice.line, prefix.splice.find, { line: prefix.line, minText: prefix.minText ?? 0 });
    else if (prefix) run.wantPrefix(prefix.line, prefix.minText);
    run.run();
  } finally {
    run.macros.clear();
  }
  const result: PreprocessResult = {
    text: run.out.text(),
    origins: run.out.origins(run.opened[0]!),
    diagnostics: run.diagnostics,
    files: run.files,
  };
  if (run.prefix) result.prefix = run.prefix;
  if (restored || run.spliced) result.restored = true;
  return result;
}

const PREDEFINED = new Map<string, Macro[]>();

/** Macros from `#define` lines of a made-up file (cpp's <built-in> and <command-line>), cached by text. */
function predefined(name: string, defines: string): Macro[] {
  const key = name + '\0' + defines;
  let macros = PREDEFINED.get(key);
  if (!macros) {
    const text = defines.replace(/^/gm, '#define ').replace(/#define $/, '');
    const scan = new FileScan(new SourceFile(name, text));
    macros = [];
    for (let l = 0; l < scan.lineCount; l++) {
      if (scan.lineKind[l] !== Dir.DEFINE) continue;
      const m = parseDefine(scan, l, scan.lineFirst[l]!, scan.lineEnd[l]!);
      if (!isDefineError(m)) macros.push(m);
    }
    if (PREDEFINED.size > 64) PREDEFINED.clear();
    PREDEFINED.set(key, macros);
  }
  return macros;
}
