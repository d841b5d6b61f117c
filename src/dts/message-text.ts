/**
 * Pieces of message text that every layer writes (the front end's diagnostics, the pair model, the
 * rules, the reporters): one copy each, in the lowest layer, so that they read the same everywhere.
 */

/** `0x8001`: a number as dtc writes phandles and addresses in its messages (no padding). */
export function hex(value: number | bigint): string {
  return `0x${value.toString(16)}`;
}

/** `problem` or `problems`: the word's form for `n` of it. */
export function plural(word: string, n: number): string {
  return n === 1 ? word : `${word}s`;
}

/** `1 interrupt`, `3 interrupts`: a count and its noun. */
export function counted(n: number, word: string): string {
  return `${n} ${plural(word, n)}`;
}
