/**
 * A small code frame: the line before, the first lines of the range (marked `>`), and a `^` marker
 * under the start line. Written here rather than taken from @babel/code-frame because that one
 * highlights the text as JavaScript (`/delete-node/` reads as a regex) and picks colour from the
 * environment, not from the level the caller chose.
 */
import type { ChalkInstance } from 'chalk';
import type { Location } from '../dts/location.js';

export interface FrameOptions {
  /** Lines of the range to show, from its first. */
  lines?: number;
  /** Lines of context before it. */
  before?: number;
}

export function codeFrame(text: string, at: Location, chalk: ChalkInstance, options: FrameOptions = {}): string {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (at.line < 1 || at.line > lines.length) return '';
  const first = Math.max(1, at.line - (options.before ?? 1));
  const last = Math.min(lines.length, at.endLine, at.line + (options.lines ?? 3) - 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const content = lines[n - 1]!;
    const marked = n >= at.line && n <= at.endLine;
    const gutter = ` ${String(n).padStart(width)} |`;
    out.push(`${marked ? chalk.red.bold('>') : ' '}${chalk.gray(gutter)}${content === '' ? '' : ` ${content}`}`);
    if (n === at.line) {
      const endColumn = at.endLine === at.line ? at.endColumn : content.length + 1;
      const length = Math.max(1, endColumn - at.column);
      // Tabs stay tabs so the marker lines up under the text whatever the tab width.
      const pad = content.slice(0, Math.max(0, at.column - 1)).replace(/[^\t]/g, ' ');
      out.push(` ${chalk.gray(`${' '.repeat(width + 2)}|`)} ${pad}${chalk.red.bold('^'.repeat(length))}`);
    }
  }
  return out.join('\n');
}
