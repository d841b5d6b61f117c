/**
 * `lint` with dtlint's front end and rule registry, and the registry's listing: what the CLI and
 * library users call. The lint engine below (src/lint) knows no registry; this layer hands it one.
 */
import { rules as registry } from '../../rules/index.js';
import { compileDts } from '../dts/index.js';
import { lint as lintWith, type LintOptions, type LintResult } from '../lint/engine.js';
import { listRules as listRulesOf, ruleInfo as ruleInfoOf, type ListRulesOptions, type RuleInfo } from '../lint/list-rules.js';

/** Every registered rule. */
export const rules = registry;

/** Ids of every registered rule (what a config file may name). */
export const ruleIds: readonly string[] = registry.map((r) => r.id);

/** Lints DTS files with dtlint's front end and every registered source rule. */
export function lint(
  files: readonly string[],
  options: Partial<Pick<LintOptions, 'compile' | 'registry'>> & Omit<LintOptions, 'compile' | 'registry'> = {},
): LintResult {
  return lintWith(files, { ...options, compile: options.compile ?? compileDts, registry: options.registry ?? registry });
}

export function listRules(options: ListRulesOptions = {}): string {
  return listRulesOf(registry, options);
}

export function ruleInfo(options: ListRulesOptions = {}): RuleInfo[] {
  return ruleInfoOf(registry, options);
}
