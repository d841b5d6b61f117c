/**
 * Runs one input through the library the way `dtlint` does (in memory, no cache) and says what
 * went wrong with the run itself: an exception, an internal error, a rule that threw, or time over
 * the budget. Findings are the expected outcome for broken input; these are not.
 */
import { SourceHost } from '../../src/dts/source.js';
import { checkPair, lint, type PairSpec } from '../../src/run/index.js';
import type { LintResult } from '../../src/lint/index.js';

export const MAIN = '/fuzz/main.dts';

export interface CaseOutcome {
  result?: LintResult;
  /** What broke, or undefined when the run ended with findings or a one-line notification. */
  failure?: string;
  /**
   * CPU time of the run (user + system, all of the process's threads), not wall time: on a shared
   * 2-core machine a case that takes 0.8 s of CPU took up to 3.5 s of wall time while other jobs ran.
   */
  ms: number;
}

/** A clock of this process's CPU time, in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The internal failures the engine turns into notifications (src/lint/engine.ts). */
const INTERNAL = /internal error|rule \S+ failed/;

/** What broke in a finished run, if anything. */
function judge(result: LintResult, ms: number): CaseOutcome {
  const internal = result.notifications.find((n) => INTERNAL.test(n.message));
  if (internal) return { result, failure: internal.message, ms };
  const multiLine = result.notifications.find((n) => n.message.includes('\n'));
  if (multiLine) return { result, failure: `a notification of more than one line: ${multiLine.message}`, ms };
  return { result, ms };
}

/** A host/guest pair run as `dtlint check` runs it, in memory. */
export function runPairCase(files: Record<string, string>, spec: PairSpec): CaseOutcome {
  const host = new SourceHost(new Map(Object.entries(files)));
  const start = cpuMs();
  let result: LintResult;
  try {
    result = checkPair(spec, { host, includeDirs: ['/fuzz/include'], fingerprints: true, cwd: '/fuzz' });
  } catch (e) {
    return { failure: `threw: ${(e as Error).stack ?? String(e)}`, ms: cpuMs() - start };
  }
  return judge(result, cpuMs() - start);
}

export function runCase(files: Record<string, string>, options: { main?: string; includeDirs?: string[] } = {}): CaseOutcome {
  const host = new SourceHost(new Map(Object.entries(files)));
  const start = cpuMs();
  let result: LintResult;
  try {
    result = lint([options.main ?? MAIN], { host, includeDirs: options.includeDirs ?? ['/fuzz/include'], fingerprints: true, cwd: '/fuzz' });
  } catch (e) {
    return { failure: `threw: ${(e as Error).stack ?? String(e)}`, ms: cpuMs() - start };
  }
  return judge(result, cpuMs() - start);
}
