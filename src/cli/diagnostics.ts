import { relative } from 'node:path';
import type { Diagnostic } from '../dts/diagnostic.js';
import { printable } from '../dts/message-text.js';

/**
 * `file:line:col: error: message [code]`, the compiler-style line for commands that are not lint;
 * in a DTB, `file: /node/path @0xOFFSET: ...` (it has no lines). Control characters are escaped.
 */
export function formatDiagnosticLine(d: Diagnostic, cwd: string = process.cwd()): string {
  const file = relative(cwd, d.at.file) || d.at.file;
  const where = d.at.nodePath === undefined ? `:${d.at.line}:${d.at.column}` : ` ${d.at.nodePath === '' ? '' : `${d.at.nodePath} `}@0x${(d.at.column - 1).toString(16)}`;
  return `${file}${where}: ${d.severity}: ${printable(d.message)} [${d.code}]`;
}
