import type { Location } from './location.js';
import type { SourceFile } from './source.js';

/**
 * Maps offsets in a text that the parser reads (preprocessor output, or a raw file) back to
 * the files the user wrote. `end` is exclusive.
 */
export interface OriginMap {
  locate(start: number, end: number): Location;
}

/** Origins for text that is a file's own content, unchanged (dtc's `/include/`, tests). */
export function identityOrigins(file: SourceFile, path = file.path): OriginMap {
  return {
    locate(start: number, end: number): Location {
      const a = file.positionAt(start);
      const b = file.positionAt(Math.max(start, end));
      return { file: path, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
    },
  };
}
