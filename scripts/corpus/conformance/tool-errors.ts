/**
 * The first error cpp or dtc printed, with its position: the conformance suite checks that dtlint
 * stops at the same place.
 *
 * dtc 1.6.1 writes positions as `FILE:LINE.COL`, `FILE:LINE.COL-ENDCOL` or `FILE:LINE.COL-ENDLINE.ENDCOL`
 * (srcpos.c), in three kinds of lines:
 *   Error: FILE:POS message                  lexer/parser errors ("syntax error", "Label or path x not found")
 *   FILE:POS: ERROR (check): /path: message  semantic checks; POS is the node's or property's span
 *   FATAL ERROR: message                     no position (a missing /include/ file, a parse abort)
 * cpp (gcc 12) writes `FILE:LINE:COL: error: message` or `fatal error:`, preceded by
 * "In file included from" lines.
 */

export type ToolErrorKind = 'syntax' | 'check' | 'fatal' | 'cpp';

export interface ToolError {
  tool: 'cpp' | 'dtc';
  kind: ToolErrorKind;
  /** As the tool printed it: relative to the tool's working directory, as cpp's line markers name it. */
  file?: string;
  line?: number;
  column?: number;
  /** Last line of the span dtc gave (check errors cover a whole node or property). */
  endLine?: number;
  message: string;
  /** The stderr line it came from. */
  text: string;
}

const SRCPOS = /^(.+?):(\d+)\.(\d+)(?:-(\d+)(?:\.(\d+))?)?/;

/** The first error line in `stderr`, or undefined when the tool printed none. */
export function firstToolError(stderr: string, tool: 'cpp' | 'dtc'): ToolError | undefined {
  for (const line of stderr.split('\n')) {
    const found = tool === 'cpp' ? parseCppLine(line) : parseDtcLine(line);
    if (found) return found;
  }
  return undefined;
}

function parseDtcLine(text: string): ToolError | undefined {
  if (text.startsWith('Error: ')) {
    const rest = text.slice('Error: '.length);
    const pos = SRCPOS.exec(rest);
    if (!pos) return { tool: 'dtc', kind: 'syntax', message: rest, text };
    return { tool: 'dtc', kind: 'syntax', ...position(pos), message: rest.slice(pos[0].length).trim(), text };
  }
  const check = / ?ERROR \(([\w-]+)\): (.*)$/.exec(text);
  if (check && !text.startsWith('FATAL')) {
    const pos = SRCPOS.exec(text);
    const located = pos && text.slice(pos[0].length).startsWith(': ERROR (');
    return { tool: 'dtc', kind: 'check', ...(located ? position(pos) : {}), message: `${check[1]}: ${check[2]}`, text };
  }
  if (text.startsWith('FATAL ERROR: ')) return { tool: 'dtc', kind: 'fatal', message: text.slice(13), text };
  return undefined;
}

function position(pos: RegExpExecArray): Pick<ToolError, 'file' | 'line' | 'column' | 'endLine'> {
  const line = Number(pos[2]);
  // `L.C-N.M` spans lines L..N; `L.C-M` stays on line L.
  const endLine = pos[5] !== undefined ? Number(pos[4]) : line;
  return { file: pos[1]!, line, column: Number(pos[3]), endLine };
}

const CPP_ERROR = /^(.+?):(\d+):(?:(\d+):)? (?:fatal )?error: (.*)$/;

function parseCppLine(text: string): ToolError | undefined {
  const m = CPP_ERROR.exec(text);
  if (!m) return undefined;
  const line = Number(m[2]);
  return {
    tool: 'cpp',
    kind: 'cpp',
    file: m[1]!,
    line,
    ...(m[3] !== undefined ? { column: Number(m[3]) } : {}),
    endLine: line,
    message: m[4]!,
    text,
  };
}

/**
 * Whether dtlint's error at `line` of the same file stands where the tool's error does: the same
 * line for parser and cpp errors, within the reported span for dtc's checks.
 */
export function sameErrorLine(tool: ToolError, line: number): boolean {
  if (tool.line === undefined) return true;
  if (tool.kind === 'check') return line >= tool.line && line <= (tool.endLine ?? tool.line);
  return line === tool.line;
}
