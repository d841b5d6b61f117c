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
}

export function codeFrame(text: string, at: Location, chalk: Paint, options: FrameOptions = {}): string {
  if (at.line < 1) return '';
  const first = Math.max(1, at.line - (options.before ?? 1));
  const wanted = Math.min(at.endLine, at.line + (options.lines ?? 3) - 1);
  const lines = linesOf(text, first, Math.max(at.line, wanted));
  if (first + lines.length - 1 < at.line) return '';
  const last = Math.min(first + lines.length - 1, wanted);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const content = lines[n - first]!;
    const marked = n >= at.line && n <= at.endLine;
    const gutter = ` ${String(n).padStart(width)} |`;
    // Control characters (escape codes in the file) are shown as \xNN, never sent to the terminal.
    const shown = printable(content);
    out.push(`${marked ? chalk.red.bold('>') : ' '}${chalk.gray(gutter)}${shown === '' ? '' : ` ${shown}`}`);
    if (n === at.line) {
      const endColumn = at.endLine === at.line ? at.endColumn : content.length + 1;
      const start = Math.max(0, at.column - 1);
      const length = Math.max(1, printable(content.slice(start, Math.max(start, endColumn - 1))).length);
      // Tabs stay tabs so the marker lines up under the text whatever the tab width.
      const pad = printable(content.slice(0, start)).replace(/[^\t]/g, ' ');
      out.push(` ${chalk.gray(`${' '.repeat(width + 2)}|`)} ${pad}${chalk.red.bold('^'.repeat(length))}`);
    }
  }
  return out.join('\n');
}

/**
 * Lines `first` to `last` of `text` (1-based; fewer when the text ends before), without their
 * `\r`. Only these are cut out: a finding near the top of a long file costs no more than one there.
 */
function linesOf(text: string, first: number, last: number): string[] {
  const out: string[] = [];
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
