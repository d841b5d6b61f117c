/**
 * Pieces of message text that every layer writes (the front end's diagnostics, the pair model, the
 * rules, the reporters): one copy each, in the lowest layer, so that they read the same everywhere.
 */

/** `0x8001`: a number as dtc writes phandles and addresses in its messages (no padding). */
export function hex(value: number | bigint): string {
  return `0x${value.toString(16)}`;
}

/** `a, b and c`; past `max` items, `a, b, c and 4 more`. */
export function listText(items: readonly string[], max = Infinity): string {
  const more = items.length - max;
  if (more > 0) return `${items.slice(0, max).join(', ')} and ${more} more`;
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `problem` or `problems`: the word's form for `n` of it. */
export function plural(word: string, n: number): string {
  return n === 1 ? word : `${word}s`;
}

/** `1 interrupt`, `3 interrupts`: a count and its noun. */
export function counted(n: number, word: string): string {
  return `${n} ${plural(word, n)}`;
}

/**
 * The candidates closest to a mistyped `word` (edit distance with transpositions, at most a third of
 * the word's length, at least 1), nearest first, then the longer common start (`SCLK_MAC` is nearer
 * `SCLK_MAC1` than `PCLK_MAC`), then alphabetically; at most `max` of them.
 */
export function closeNames(word: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(1, Math.floor(word.length / 3));
  const scored: Array<{ name: string; d: number; prefix: number }> = [];
  const lower = word.toLowerCase();
  for (const name of new Set(candidates)) {
    if (name === word || Math.abs(name.length - word.length) > limit) continue;
    const d = editDistance(lower, name.toLowerCase(), limit);
    if (d <= limit) scored.push({ name, d, prefix: commonStart(lower, name.toLowerCase()) });
  }
  scored.sort((a, b) => a.d - b.d || b.prefix - a.prefix || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return scored.slice(0, max).map((s) => s.name);
}

function commonStart(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Optimal string alignment distance, giving up (limit + 1) once every cell of a row is past `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** `; did you mean x or y?` for a mistyped name, or '' when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>, quote: (name: string) => string = (n) => n): string {
  const close = closeNames(word, candidates);
  return close.length === 0 ? '' : `; did you mean ${orList(close.map(quote))}?`;
}

/** `a`, `a or b`, `a, b or c`. */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]!}`;
}

/**
 * Text with control characters (C0 but tab, DEL, C1) as `\xNN`: names read from a binary, lines
 * of a file with escape codes in it. Nothing dtlint prints may drive the terminal.
 */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this replaces
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
