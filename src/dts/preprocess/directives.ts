/**
 * The directives, as libcpp's directives.cc runs them: conditionals (also inside skipped groups,
 * where nothing else runs), #define / #undef, #include in its three forms, #error / #warning,
 * `#pragma once`. Messages are cpp's.
 */
import { evaluateCondition } from './condition.js';
import { checkMacroName, isDefineError, macrosDiffer, parseDefine, type DefineError, type Macro } from './macros.js';
import { restoredDefinition } from './macro-checkpoint.js';
import type { Buffer, Run } from './run.js';
import { Dir, type FileScan } from './scan.js';
import { PREV_WHITE, Tok, type Token } from './tokens.js';

/** libcpp's default -fmax-include-depth. */
export const MAX_INCLUDE_DEPTH = 200;

/** A directive line: its kind and token range in its file. */
interface Line {
  kind: Dir;
  first: number;
  end: number;
}

export function executeDirective(run: Run, buf: Buffer, kind: Dir, index: number): void {
  const scan = buf.scan;
  // Headers are mostly #define lines: keep their path short.
  if (kind === Dir.DEFINE) {
    define(run, scan, index);
    return;
  }
  const line: Line = { kind, first: scan.lineFirst[index]!, end: scan.lineEnd[index]! };
  const name = scan.token(line.first + 1);
  switch (line.kind) {
    case Dir.IF:
    case Dir.IFDEF:
    case Dir.IFNDEF: {
      let skip = true;
      if (!run.skipping) {
        if (line.kind === Dir.IF) {
          run.readDirective(scan, line.first + 2, line.end);
          skip = !evaluateCondition(run, 'if', name);
        } else {
          const defined = definedOperand(run, buf, line, name);
          if (defined !== undefined) skip = line.kind === Dir.IFDEF ? !defined : defined;
        }
      }
      buf.ifs.push({ kind: line.kind, skipElses: run.skipping || !skip, wasSkipping: run.skipping, at: name });
      run.skipping = skip;
      break;
    }
    case Dir.ELIF:
    case Dir.ELIFDEF:
    case Dir.ELIFNDEF: {
      const frame = buf.ifs[buf.ifs.length - 1];
      const directive = Dir[line.kind]!.toLowerCase();
      if (!frame) {
        run.report(`#${directive} without #if`, name);
        break;
      }
      if (frame.kind === Dir.ELSE) afterElse(run, `#${directive} after #else`, name, frame.at);
      frame.kind = Dir.ELIF;
      if (frame.skipElses) {
        run.skipping = true;
      } else {
        if (line.kind === Dir.ELIF) {
          run.readDirective(scan, line.first + 2, line.end);
          run.skipping = !evaluateCondition(run, 'elif', name);
        } else {
          const defined = definedOperand(run, buf, line, name);
          run.skipping = defined === undefined ? true : line.kind === Dir.ELIFDEF ? !defined : defined;
        }
        frame.skipElses = !run.skipping;
      }
      break;
    }
    case Dir.ELSE: {
      const frame = buf.ifs[buf.ifs.length - 1];
      if (!frame) {
        run.report('#else without #if', name);
        break;
      }
      if (frame.kind === Dir.ELSE) afterElse(run, '#else after #else', name, frame.at);
      frame.kind = Dir.ELSE;
      run.skipping = frame.skipElses;
      frame.skipElses = true;
      break;
    }
    case Dir.ENDIF: {
      const frame = buf.ifs.pop();
      if (!frame) {
        run.report('#endif without #if', name);
        break;
      }
      run.skipping = frame.wasSkipping;
      break;
    }
    case Dir.UNDEF: {
      const at = line.first + 2;
      if (at >= line.end) {
        run.report('no macro name given in #undef directive', name);
        break;
      }
      const error = checkMacroName(scan, at);
      if (error) {
        run.report(error.message, scan.token(error.at));
        break;
      }
      if (run.macros.delete(scan.ids[at]!)) run.generation++;
      break;
    }
    case Dir.INCLUDE:
    case Dir.INCLUDE_NEXT:
    case Dir.IMPORT:
      include(run, buf, line, name);
      break;
    case Dir.ERROR:
    case Dir.WARNING:
      run.report(directiveText(scan.token(line.first + 1), line, buf), name, line.kind === Dir.ERROR ? 'error' : 'warning');
      break;
    case Dir.PRAGMA:
      if (line.end - line.first === 3 && scan.name(line.first + 2) === 'once') run.once.add(scan.file);
      break;
    default:
      // #line, #ident, #sccs, #assert, #unassert: nothing that reaches dtc.
      break;
  }
  // Skip a group in one step when the file's conditionals balance.
  if (run.skipping && scan.condJump && line.kind >= Dir.IF && line.kind <= Dir.ELSE) {
    const to = scan.condJump[index]!;
    if (to > index) buf.line = to - 1;
  }
}

function afterElse(run: Run, message: string, at: Token, began: Token): void {
  run.reportAt(message, run.locationOf(at), 'error', [{ message: 'the conditional began here', at: run.locationOf(began) }]);
}

/** The operand of #ifdef / #ifndef / #elifdef / #elifndef; undefined after an error. */
function definedOperand(run: Run, buf: Buffer, line: Line, name: Token): boolean | undefined {
  const scan = buf.scan;
  const at = line.first + 2;
  if (at >= line.end) {
    run.report(`no macro name given in #${name.text} directive`, name);
    return undefined;
  }
  if (scan.type[at] !== Tok.NAME) {
    run.report('macro names must be identifiers', scan.token(at));
    return undefined;
  }
  return run.macros.has(scan.ids[at]!);
}

/** The `#define` on `line` of the file, parsed once (a header's defines are read by each run). */
export function definitionAt(scan: FileScan, line: number): Macro | DefineError {
  const cache = (scan.defines ??= new Array<unknown>(scan.lineCount).fill(null));
  let parsed = cache[line] as Macro | DefineError | null;
  if (parsed === null) {
    parsed = restoredDefinition(scan.file, line) ?? parseDefine(scan, line, scan.lineFirst[line]!, scan.lineEnd[line]!);
    cache[line] = parsed;
  }
  return parsed;
}

function define(run: Run, scan: FileScan, line: number): void {
  const first = scan.lineFirst[line]!;
  const parsed = definitionAt(scan, line);
  if (isDefineError(parsed)) {
    run.report(parsed.message, scan.token(parsed.at));
    return;
  }
  defineMacro(run, parsed, scan, first + 2);
}

/** Enters a definition; `scan` and `index` locate its name for the redefinition warning. */
export function defineMacro(run: Run, macro: Macro, scan: FileScan | null, index: number): void {
  const old = run.macros.get(macro.id);
  if (old === macro) return;
  if (old && macrosDiffer(old, macro)) run.report(`"${macro.name}" redefined`, scan ? scan.token(index) : null, 'warning');
  run.macros.set(macro.id, macro);
  run.generation++;
}

/** `#error` / `#warning` as cpp prints it: the directive and its tokens, spaced as in the source. */
function directiveText(name: Token, line: Line, buf: Buffer): string {
  let text = '#' + name.text;
  for (let i = line.first + 2; i < line.end; i++) {
    const t = buf.scan.token(i);
    text += (i === line.first + 2 || t.flags & PREV_WHITE ? ' ' : '') + t.text;
  }
  return text;
}

function include(run: Run, buf: Buffer, line: Line, directive: Token): void {
  const scan = buf.scan;
  const first = line.first + 2;
  let file: string | undefined;
  let angled = false;
  let at: Token = first < line.end ? scan.token(first) : directive;
  if (first < line.end && scan.type[first] === Tok.HEADER_NAME) {
    file = scan.text(first).slice(1, -1);
    angled = true;
  } else if (first < line.end && scan.type[first] === Tok.STRING && scan.spliced.charCodeAt(scan.start[first]!) === 0x22) {
    file = scan.text(first).slice(1, -1);
  } else {
    // `#include MACRO`: the expansion must give "file" or <file>.
    run.readDirective(scan, first, line.end);
    run.machine.wantsPadding = true;
    const t = run.machine.nextNonPadding();
    if (t.type === Tok.STRING && t.text.charCodeAt(0) === 0x22) file = t.text.slice(1, -1);
    else if (t.type === Tok.LESS) {
      file = run.machine.bracketName();
      angled = true;
      if (file === undefined) {
        run.report("missing terminating > character", at);
        return;
      }
    }
    if (t.scan) at = t;
  }
  const directiveName = directive.text;
  if (file === undefined) {
    run.report(`#${directiveName} expects "FILENAME" or <FILENAME>`, at);
    return;
  }
  if (file === '') {
    run.report(`empty filename in #${directiveName}`, at);
    return;
  }
  if (run.includeDepthExceeded) return;
  if (run.stack.length >= MAX_INCLUDE_DEPTH) {
    run.report(
      `#include nested depth ${run.stack.length} exceeds maximum of ${MAX_INCLUDE_DEPTH} (use -fmax-include-depth=DEPTH to increase the maximum)`,
      at,
    );
    // cpp reports this and goes on, following every later #include: a cycle with two #include
    // lines of one file then runs 2^(depth / cycle length) passes, and cpp never ends. The build
    // fails at this error anyway: dtlint reads on, as cpp does, but follows no #include after it.
    run.includeDepthExceeded = true;
    return;
  }
  if (angled && run.includeDirs.length === 0 && !file.startsWith('/')) {
    run.report(`no include path in which to search for ${file}`, at);
    return;
  }
  const found = run.findInclude(file, angled, line.kind === Dir.INCLUDE_NEXT);
  if (found === null || 'failure' in found) {
    run.report(found === null ? `${file}: No such file or directory` : found.failure, at);
    // cpp stops at a missing include (a fatal error).
    run.stopped = true;
    return;
  }
  if (run.once.has(found.file)) return;
  if (line.kind === Dir.IMPORT) run.once.add(found.file);
  run.pushFile(found.file, found.path, found.dirIndex);
}

