/**
 * C escapes in DTS strings and char literals, decoded the way dtc 1.6.1 does it
 * (util.c get_escape_char, data.c data_copy_escape_string). Text is latin1: one char = one byte.
 *
 * dtc's quirks kept on purpose, because they decide the bytes that end up in the DTB:
 * - octal `\NNN` takes up to three digits 0-7 and keeps the low byte (`\777` = 0xff, `\400` = 0);
 * - hex `\x` hands the next two chars to strtol(…, 16), which skips leading white space and accepts a
 *   sign or a `0x` prefix (`\x 1` = 1, `\x-1` = 0xff, `\x0x` = 0 then `x`); with no digit at all dtc
 *   stops with "\x used with no following hex digits";
 * - any other escaped char stands for itself (`\q` = `q`, `\"` = `"`).
 */

export interface DecodedText {
  value: string;
  /** dtc's fatal message when the text cannot be decoded (a `\x` without digits). */
  error?: string;
}

const BACKSLASH = 0x5c;

/** Decodes `text[start, end)`, the inside of a string or char literal (quotes excluded). */
export function decodeEscapes(text: string, start: number, end: number): DecodedText {
  // Scan by hand: indexOf would run on past `end` through the whole file when there is no escape.
  let i = nextBackslash(text, start, end);
  if (i === end) return { value: text.slice(start, end) };
  let out = text.slice(start, i);
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== BACKSLASH) {
      const stop = nextBackslash(text, i, end);
      out += text.slice(i, stop);
      i = stop;
      continue;
    }
    // dtc reads past `end` here too (its buffer still holds the closing quote and what follows),
    // which only matters for `\x` right before the quote: there it finds no digit and fails.
    const escaped = decodeEscape(text, i + 1);
    if (escaped.error !== undefined) return { value: out, error: escaped.error };
    out += String.fromCharCode(escaped.byte);
    i = escaped.next;
  }
  return { value: out };
}

function nextBackslash(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && text.charCodeAt(i) !== BACKSLASH) i++;
  return i;
}

interface EscapeResult {
  byte: number;
  next: number;
  error?: string;
}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13 };

/** One escape whose letter is at `i` (just after the backslash). */
function decodeEscape(text: string, i: number): EscapeResult {
  const ch = text[i] ?? '';
  const simple = SIMPLE_ESCAPES[ch];
  if (simple !== undefined) return { byte: simple, next: i + 1 };
  const code = text.charCodeAt(i);
  if (code >= 0x30 && code <= 0x37) {
    let value = 0;
    let j = i;
    while (j < i + 3 && j < text.length) {
      const d = text.charCodeAt(j);
      if (d < 0x30 || d > 0x37) break;
      value = value * 8 + (d - 0x30);
      j++;
    }
    return { byte: value & 0xff, next: j };
  }
  if (ch === 'x') return decodeHexEscape(text, i + 1);
  // An escaped char that is not special stands for itself (also NUL at the end of text).
  return { byte: Number.isNaN(code) ? 0 : code, next: i + 1 };
}

function isCSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/** strtol(two chars, 16), as get_hex_char calls it. */
function decodeHexEscape(text: string, i: number): EscapeResult {
  const limit = Math.min(i + 2, text.length);
  let j = i;
  while (j < limit && isCSpace(text.charCodeAt(j))) j++;
  let negative = false;
  if (j < limit && (text[j] === '-' || text[j] === '+')) {
    negative = text[j] === '-';
    j++;
  }
  // strtol's optional 0x prefix: "0x" alone parses as the digit 0.
  if (j + 1 < limit && text[j] === '0' && (text[j + 1] === 'x' || text[j + 1] === 'X')) {
    return { byte: 0, next: j + 1 };
  }
  let value = 0;
  const digitsStart = j;
  while (j < limit) {
    const d = hexDigit(text.charCodeAt(j));
    if (d < 0) break;
    value = value * 16 + d;
    j++;
  }
  if (j === digitsStart) return { byte: 0, next: i, error: '\\x used with no following hex digits' };
  return { byte: (negative ? -value : value) & 0xff, next: j };
}
