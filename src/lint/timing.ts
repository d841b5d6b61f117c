/**
 * `DTLINT_TIMING=1`: where a run's time goes, printed to stderr when it ends (ESLint's TIMING).
 * Phases are named `compile <file>`, `rule <id>`, `pair rule <id>`, ...; a phase that runs several
 * times (one rule over many files) adds up. Costs one flag test per phase when off.
 */
const enabled = typeof process !== 'undefined' && (process.env.DTLINT_TIMING ?? '') !== '' && process.env.DTLINT_TIMING !== '0';
const totals = new Map<string, number>();

export function timingEnabled(): boolean {
  return enabled;
}

/**
 * performance.now() when timing is on, else 0: the first read of `performance` loads Node's
 * perf_hooks (~3 ms of every run's start-up).
 */
export function now(): number {
  return enabled ? performance.now() : 0;
}

/** Runs `fn`, adding its wall time to phase `name` when timing is on. */
export function timed<T>(name: string, fn: () => T): T {
  if (!enabled) return fn();
  const started = performance.now();
  try {
    return fn();
  } finally {
    totals.set(name, (totals.get(name) ?? 0) + performance.now() - started);
  }
}

/** Adds `ms` to phase `name` (for spans that are not one call). */
export function addTime(name: string, ms: number): void {
  if (enabled) totals.set(name, (totals.get(name) ?? 0) + ms);
}

/** The table: phases in first-seen order, then the process's whole life so far. */
export function timingReport(): string {
  const rows = [...totals.entries()].map(([name, ms]) => `${ms.toFixed(1).padStart(9)} ms  ${name}`);
  rows.push(`${performance.now().toFixed(1).padStart(9)} ms  total since the process started`);
  return rows.join('\n') + '\n';
}
