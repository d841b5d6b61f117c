/**
 * `DTLINT_TIMING=1`: where a run's time goes, printed to stderr when it ends (ESLint's TIMING).
 * Phases are named `compile <file>`, `rule <id>`, `pair rule <id>`, ...; a phase that runs several
 * times (one rule over many files) adds up. Costs one flag test per phase when off.
 */
const enabled = typeof process !== 'undefined' && (process.env.DTLINT_TIMING ?? '') !== '' && process.env.DTLINT_TIMING !== '0';
const totals = new Map<string, number>();
/**
 * Minor page faults per phase: each is a page of memory touched for the first time, which costs
 * more than the work itself on some machines (a VM faulting 4 KiB at a time; docs/performance.md has the figures).
 */
const faults = new Map<string, number>();

function minorFaults(): number {
  return process.resourceUsage().minorPageFault;
}

export function timingEnabled(): boolean {
  return enabled;
}

/**
 * performance.now() when timing is on, else 0: the first read of `performance` loads Node's
 * perf_hooks (start-up time of every run otherwise).
 */
export function now(): number {
  return enabled ? performance.now() : 0;
}

/** Runs `fn`, adding its wall time to phase `name` when timing is on. */
export function timed<T>(name: string, fn: () => T): T {
  if (!enabled) return fn();
  const started = performance.now();
  const faulted = minorFaults();
  try {
    return fn();
  } finally {
    addTime(name, performance.now() - started, minorFaults() - faulted);
  }
}

/** Adds `ms` to phase `name` (for spans that are not one call). */
export function addTime(name: string, ms: number, pageFaults = 0): void {
  if (!enabled) return;
  totals.set(name, (totals.get(name) ?? 0) + ms);
  faults.set(name, (faults.get(name) ?? 0) + pageFaults);
}

/** Minor page faults of the process so far (0 when timing is off). */
export function faultsSoFar(): number {
  return enabled ? minorFaults() : 0;
}

/** The table: phases in first-seen order (time, page faults), then the process's whole life so far. */
export function timingReport(): string {
  const row = (ms: number, pageFaults: number, name: string): string => `${ms.toFixed(1).padStart(9)} ms ${String(pageFaults).padStart(7)} faults  ${name}`;
  const rows = [...totals.entries()].map(([name, ms]) => row(ms, faults.get(name) ?? 0, name));
  rows.push(row(performance.now(), minorFaults(), 'total since the process started'));
  return rows.join('\n') + '\n';
}
