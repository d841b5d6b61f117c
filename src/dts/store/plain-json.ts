/**
 * Tree data as JSON text for comparing two trees' parts exactly (tests, `npm run prefix-check`):
 * BigInts as `<n>n`, a reference's target by its name, every object's keys sorted, and the
 * locations that a kept tree's values read when asked for (live-codec.ts: getters, which
 * JSON.stringify skips) spelled out like any other.
 */
export function plainJson(x: unknown): string {
  return JSON.stringify(x, (key, value: unknown) => {
    if (typeof value === 'bigint') return `${value}n`;
    if (key === 'target' && value !== null && typeof value === 'object') return (value as { name: string }).name;
    if (value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value)) return value;
    const entries: [string, unknown][] = Object.entries(value);
    for (const lazy of ['at', 'nameAt'] as const) {
      if (lazy in value && !Object.hasOwn(value, lazy)) entries.push([lazy, (value as Record<typeof lazy, unknown>)[lazy]]);
    }
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return Object.fromEntries(entries);
  });
}
