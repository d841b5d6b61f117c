/**
 * An array of `n` slots to fill by index. V8 gives an array filled by `push` from `[]` room for 17
 * items on its first push; a tree keeps thousands of lists of one or two items, so lists whose
 * length is known are made at that length.
 */
export function listOf<T>(n: number): T[] {
  return new Array<T>(n);
}

/**
 * Appends `items` to `into` in a loop: `into.push(...items)` passes every item as an argument and
 * throws RangeError (call stack) past about 100k of them, a size one property or file can reach.
 */
export function pushAll<T>(into: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) into.push(items[i]!);
}
