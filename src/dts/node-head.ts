import type { Location } from './location.js';
import { SourceFile, type SourceHost } from './source.js';

/**
 * A node definition (which spans its block) narrowed to its head: `label: name@unit` or `&label`,
 * up to the `{`, so that a finding about a whole node marks one line rather than the whole block.
 */
export function headOf(at: Location, sources: SourceHost): Location {
  const file = sources.read(at.file);
  if (!(file instanceof SourceFile)) return at;
  const start = file.lineStarts[at.line - 1];
  if (start === undefined) return at;
  const next = file.lineStarts[at.line];
  const line = file.text.slice(start, next === undefined ? undefined : next - 1);
  const brace = line.indexOf('{', at.column - 1);
  const head = line.slice(at.column - 1, brace === -1 ? line.length : brace).trimEnd();
  if (head.length === 0) return at;
  const loc: Location = { file: at.file, line: at.line, column: at.column, endLine: at.line, endColumn: at.column + head.length };
  if (at.expansion) loc.expansion = at.expansion;
  return loc;
}
