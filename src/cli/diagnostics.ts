import { relative } from 'node:path';
import type { Diagnostic } from '../dts/diagnostic.js';

/** `file:line:col: error: message [code]`, the compiler-style line for commands that are not lint. */
export function formatDiagnosticLine(d: Diagnostic, cwd: string = process.cwd()): string {
  const file = relative(cwd, d.at.file) || d.at.file;
  return `${file}:${d.at.line}:${d.at.column}: ${d.severity}: ${d.message} [${d.code}]`;
}
