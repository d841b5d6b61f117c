/**
 * An array of `n` slots to fill by index. V8 gives an array filled by `push` from `[]` room for 17
 * items on its first push; a tree keeps thousands of lists of one or two items, so lists whose
 * length is known are made at that length.
 */
export function listOf<T>(n: number): T[] {
  return new Array<T>(n);
}
