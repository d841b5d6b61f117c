/**
 * Positions in the files the user wrote. Every token, property and node carries one.
 * Lines and columns are 1-based; `endColumn` is exclusive (SARIF's convention), so a
 * one-character token at column 5 has `column: 5, endColumn: 6`.
 */
export interface Location {
  /** Path of the source file, as resolved when it was opened (include dir joined with the name). */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /**
   * Set when the text came from a macro expansion: `this` location is the use site in the file
   * the user wrote; `expansion` lists the macros that produced it, outermost first.
   */
  expansion?: MacroOrigin[];
  /**
   * Set for a place in a DTB, which has no lines: the node path, with `:property` for a property
   * (`/soc/ethernet@5b040000:iommus`). The line is then 1 and the column the byte offset + 1.
   */
  nodePath?: string;
}

export interface MacroOrigin {
  macro: string;
  /** Where the macro was defined (the `#define` line's body). */
  definedAt: Location;
}

export function pointLocation(file: string, line: number, column: number): Location {
  return { file, line, column, endLine: line, endColumn: column + 1 };
}

/** A location that spans from the start of `a` to the end of `b` (same file assumed). */
export function spanLocations(a: Location, b: Location): Location {
  if (a.file !== b.file) return a;
  const loc: Location = { file: a.file, line: a.line, column: a.column, endLine: b.endLine, endColumn: b.endColumn };
  if (a.expansion) loc.expansion = a.expansion;
  if (a.nodePath !== undefined) loc.nodePath = a.nodePath;
  return loc;
}

