/**
 * A small code frame: the line before, the first lines of the range (marked `>`), and a `^` marker
 * under the start line. Written here rather than taken from @babel/code-frame because that one
 * highlights the text as JavaScript (`/delete-node/` reads as a regex) and picks colour from the
 * environment, not from the level the caller chose.
 */
import type { Location } from '../dts/location.js';
import type { Paint } from './paint.js';
import { printable } from '../dts/message-text.js';

export interface FrameOptions {
  /** Lines of the range to show, from its first. */
  lines?: number;
  /** Lines of context before it. */
  before?: number;
  /**
   * Where each line of `text` starts (lineStarts(text)): a caller framing many findings of one file
   * passes it so that each frame does not scan the file from the top.
   */
  starts?: readonly number[];
}

/** Lines longer than this are shown as a window of this many characters around the finding. */
const MAX_SHOWN = 240;
/** How much of a long line is shown before the finding's column. */
const SHOWN_BEFORE = 60;

export function codeFrame(text: string, at: Location, chalk: Paint, options: FrameOptions = {}): string {
  if (at.line < 1) return '';
  const first = Math.max(1, at.line - (options.before ?? 1));
  const wanted = Math.min(at.endLine, at.line + (options.lines ?? 3) - 1);
  const lines = linesOf(text, first, Math.max(at.line, wanted), options.starts);
  if (first + lines.length - 1 < at.line) return '';
  const last = Math.min(first + lines.length - 1, wanted);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const full = lines[n - first]!;
    // A long line (a suppression naming thousands of rules, one huge value) is cut to a window
    // around the column: each frame stays small however many findings the line has.
    const from = full.length > MAX_SHOWN && n === at.line ? Math.max(0, at.column - 1 - SHOWN_BEFORE) : 0;
    const cut = full.length > MAX_SHOWN;
    const content = cut ? `${from > 0 ? '…' : ''}${full.slice(from, from + MAX_SHOWN)}${from + MAX_SHOWN < full.length ? '…' : ''}` : full;
    const marked = n >= at.line && n <= at.endLine;
    const gutter = ` ${String(n).padStart(width)} |`;
    // Control characters (escape codes in the file) are shown as \xNN, never sent to the terminal.
    const shown = printable(content);
    out.push(`${marked ? chalk.red.bold('>') : ' '}${chalk.gray(gutter)}${shown === '' ? '' : ` ${shown}`}`);
    if (n === at.line) {
      const endColumn = at.endLine === at.line ? at.endColumn : full.length + 1;
      const start = Math.max(from, at.column - 1);
      const end = Math.max(start, Math.min(endColumn - 1, cut ? from + MAX_SHOWN : Infinity));
      // Marker and padding measured on the text as shown (control characters as \xNN).
      const length = Math.max(1, printable(full.slice(start, end)).length);
      // Tabs stay tabs so the marker lines up under the text whatever the tab width.
      const before = `${from > 0 ? ' ' : ''}${full.slice(from, start)}`;
      const pad = printable(before).replace(/[^\t]/g, ' ');
      out.push(` ${chalk.gray(`${' '.repeat(width + 2)}|`)} ${pad}${chalk.red.bold('^'.repeat(length))}`);
    }
  }
  return out.join('\n');
}

/** Where each line of `text` starts (offsets; line n at index n - 1). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Lines `first` to `last` of `text` (1-based; fewer when the text ends before), without their
 * `\r`. Only these are cut out: a finding near the top of a long file costs no more than one there.
 */
function linesOf(text: string, first: number, last: number, starts?: readonly number[]): string[] {
  const out: string[] = [];
  if (starts) {
    for (let n = first; n <= last && n <= starts.length; n++) {
      const start = starts[n - 1]!;
      const end = n < starts.length ? starts[n]! - 1 : text.length;
      out.push(text.charCodeAt(end - 1) === 0x0d && end > start ? text.slice(start, end - 1) : text.slice(start, end));
    }
    return out;
  }
  let start = 0;
  for (let n = 1; n <= last; n++) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    if (n >= first) out.push(text.charCodeAt(end - 1) === 0x0d && end > start ? text.slice(start, end - 1) : text.slice(start, end));
    if (nl === -1) break;
    start = nl + 1;
  }
  return out;
}
