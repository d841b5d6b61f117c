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
  const n = text.length;
  // Jumps from one `/`, `"` or `'` to the next with indexOf (native) rather than a loop over every
  // character: the scan runs on every user file of every run.
  let slash = text.indexOf('/');
  let dq = text.indexOf('"');
  let sq = text.indexOf("'");
  let i = 0;
  for (;;) {
    if (slash !== -1 && slash < i) slash = text.indexOf('/', i);
    if (dq !== -1 && dq < i) dq = text.indexOf('"', i);
    if (sq !== -1 && sq < i) sq = text.indexOf("'", i);
    i = firstOf(slash, dq, sq);
    if (i === -1) break;
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
      const j = lineCommentEnd(text, i + 2);
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

/** The smallest of the offsets that are not -1 (-1 when all are). */
function firstOf(a: number, b: number, c: number): number {
  let m = a;
  if (b !== -1 && (m === -1 || b < m)) m = b;
  if (c !== -1 && (m === -1 || c < m)) m = c;
  return m;
}

/** The newline that ends a line comment from `from` (a backslash-newline continues it), or the end. */
function lineCommentEnd(text: string, from: number): number {
  let j = text.indexOf('\n', from);
  while (j !== -1 && j > from && text[j - 1] === '\\') j = text.indexOf('\n', j + 1);
  return j === -1 ? text.length : j;
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
