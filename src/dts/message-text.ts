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
