/** A stand-in front end for engine tests: in-memory files and hand-made diagnostics. */
import type { Diagnostic } from '../../src/dts/diagnostic.js';
import { SourceHost } from '../../src/dts/source.js';
import type { Tree } from '../../src/dts/tree.js';
import type { CompileFn, FrontEndResult } from '../../src/lint/engine.js';
import type { Location } from '../../src/dts/location.js';

export const DIR = '/virtual/project';

export function at(file: string, line: number, column: number, endColumn = column + 1): Location {
  return { file, line, column, endLine: line, endColumn };
}

export function emptyTree(files: string[]): Tree {
  return {
    root: { name: '', parent: null, children: [], properties: [], labels: [], definedAt: [], omitIfNoRef: false, referenced: false },
    memreserves: [],
    plugin: false,
    files,
  };
}

export interface FakeFile {
  text: string;
  diagnostics?: Diagnostic[];
  /** Other files it "includes". */
  includes?: string[];
  /** No tree, as when the front end stops at an error. */
  noTree?: boolean;
}

export function fakeFrontEnd(files: Record<string, FakeFile>): { host: SourceHost; compile: CompileFn; calls: string[] } {
  const host = new SourceHost(new Map(Object.entries(files).map(([path, f]) => [path, f.text])));
  const calls: string[] = [];
  const compile: CompileFn = (file): FrontEndResult => {
    calls.push(file);
    const f = files[file];
    if (!f) return { diagnostics: [], files: [], fatal: `${file}: No such file or directory` };
    const read = [file, ...(f.includes ?? [])];
    return { diagnostics: f.diagnostics ?? [], files: read, ...(f.noTree ? {} : { tree: emptyTree(read) }) };
  };
  return { host, compile, calls };
}

export function diag(code: string, message: string, where: Location, severity: 'error' | 'warning' = 'error'): Diagnostic {
  return { code, severity, message, at: where };
}
