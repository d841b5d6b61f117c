/**
 * Finds the comments in a DTS file's raw text the way cpp does: `/*` ends at the first `*\/`
 * (no nesting), `//` runs to the end of the line (a backslash-newline continues it), and comment
 * markers inside string or character literals are text. One scanner serves suppressions and the
 * comment rules.
 */
export interface Comment {
  kind: 'block' | 'line';
  /** Offset of the opening `/*` or `//`. */
  start: number;
  /** Offset just after the closing `*\/` (block) or before the newline (line); end of text if unclosed. */
  end: number;
  /** The text between the markers. */
  body: string;
  /** Offset of `body` in the file. */
  bodyStart: number;
  /** False for a block comment that reaches the end of the file (the front end reports that). */
  closed: boolean;
}

export function scanComments(text: string): Comment[] {
  const comments: Comment[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close === -1 ? n : close + 2;
      comments.push({
        kind: 'block',
        start: i,
        end,
        body: text.slice(i + 2, close === -1 ? n : close),
        bodyStart: i + 2,
        closed: close !== -1,
      });
      i = end;
    } else if (c === '/' && text[i + 1] === '/') {
      let j = i + 2;
      while (j < n && !(text[j] === '\n' && text[j - 1] !== '\\')) j++;
      const end = j > i + 2 && text[j - 1] === '\r' ? j - 1 : j;
      comments.push({ kind: 'line', start: i, end, body: text.slice(i + 2, end), bodyStart: i + 2, closed: true });
      i = j;
    } else if (c === '"' || c === "'") {
      i = skipLiteral(text, i, c);
    } else {
      i++;
    }
  }
  return comments;
}

/** Skips a string or char literal; an unterminated one stops at the end of its line, as cpp's lexer does. */
function skipLiteral(text: string, start: number, quote: string): number {
  let j = start + 1;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (c === quote) return j + 1;
    else if (c === '\n') return quote === "'" ? start + 1 : j;
    else j++;
  }
  return quote === "'" ? start + 1 : j;
}
