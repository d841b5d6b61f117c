/**
 * `lint` with dtlint's front end and rule registry, and the registry's listing: what the CLI and
 * library users call. The lint engine below (src/lint) knows no registry; this layer hands it one.
 */
import { rules as registry } from '../../rules/index.js';
import { compileDts } from '../dts/index.js';
import { finalizeRun } from '../lint/collect.js';
import { finishOptions, lint as lintWith, runSourceRules, type LintOptions, type LintResult } from '../lint/engine.js';
import { listRules as listRulesOf, ruleInfo as ruleInfoOf, type ListRulesOptions, type RuleInfo } from '../lint/list-rules.js';
import { MIN_BOARDS_PER_WORKER, runSourceRulesParallel, type WorkerStores } from './parallel.js';

/** Every registered rule. */
export const rules = registry;

/** Ids of every registered rule (what a config file may name). */
export const ruleIds: readonly string[] = registry.map((r) => r.id);

export interface RunLintOptions extends Partial<Pick<LintOptions, 'compile' | 'registry'>>, Omit<LintOptions, 'compile' | 'registry'> {
  /**
   * Threads to lint on, this one counted (default 1): with more, boards are linted in chunks on
   * worker threads (parallel.ts), with the same result. Only with dtlint's own front end and rules.
   */
  workers?: number;
  /** The stores a worker makes for its SourceHost (the CLI's scan store). */
  workerStores?: WorkerStores;
}

/** Lints DTS files with dtlint's front end and every registered source rule. */
export function lint(files: readonly string[], options: RunLintOptions = {}): LintResult {
  const { workers = 1, workerStores, ...rest } = options;
  const lintOptions: LintOptions = { ...rest, compile: options.compile ?? compileDts, registry: options.registry ?? registry };
  // Kept findings are those of dtlint's own front end and rules: a caller's own get none.
  if (options.compile || options.registry) delete lintOptions.results;
  if (workers <= 1 || options.compile || options.registry || files.length < 2 * MIN_BOARDS_PER_WORKER) return lintWith(files, lintOptions);
  const config = options.config;
  const run = runSourceRulesParallel(
    files,
    {
      ...(options.rules ? { rules: options.rules } : {}),
      ...(options.includeDirs ? { includeDirs: options.includeDirs } : {}),
      // The engine's part of the config only (the CLI's has more, not all of it cloneable).
      ...(config ? { config: { ...(config.include ? { include: config.include } : {}), ...(config.rules ? { rules: config.rules } : {}), ...(config.dtcWarnings ? { dtcWarnings: config.dtcWarnings } : {}) } } : {}),
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(workerStores ? { stores: workerStores } : {}),
    },
    workers,
    (chunk) => runSourceRules(chunk, lintOptions),
  );
  const { findings, bulk } = finalizeRun(run.raw, finishOptions(run, lintOptions));
  return { findings, filesLinted: run.filesLinted, notifications: run.notifications, sources: run.host, ...(bulk ? { bulk } : {}) };
}

export function listRules(options: ListRulesOptions = {}): string {
  return listRulesOf(registry, options);
}

export function ruleInfo(options: ListRulesOptions = {}): RuleInfo[] {
  return ruleInfoOf(registry, options);
}
