/**
 * The lint API for the CLI and library users: `lint` with dtlint's front end and rule registry,
 * `exitCodeFor`, `listRules`, and the types they use.
 */
import { rules as registry } from '../../rules/index.js';
import { compileDts } from '../dts/index.js';
import { lint as lintWith, type LintOptions, type LintResult } from './engine.js';
import { listRules as listRulesOf, ruleInfo as ruleInfoOf, type ListRulesOptions, type RuleInfo } from './list-rules.js';

export type { CompileFn, FrontEndOptions, FrontEndResult, LintConfig, LintOptions, LintResult, Notification } from './engine.js';
export type { ConfiguredLevel, Finding, Level, RelatedLocation } from './finding.js';
export { compareFindings, sortFindings, CONFIGURED_LEVELS } from './finding.js';
export { exitCodeFor, type ExitOptions } from './exit-code.js';
export { parseRuleOption, resolveLevels, type LevelOverrides } from './levels.js';
export { FINGERPRINT_KEY } from './fingerprint.js';
export { finalizeFindings, reporterFor, type FinalizeOptions } from './collect.js';
export { userFilesOf } from './user-files.js';
export { boardsIncluding, expandIncludedFiles, scanIncludes, type ExpandedInputs, type IncludeMapHost, type IncludeMapOptions } from './include-map.js';
export { defineRule, defineDiagnosticRule, formatMessage } from './rule.js';
export type { AnyRule, Rule, RuleContext, RuleDefinition, Scope, SourceInput, PairInput, Messages } from './rule.js';
export type { ListRulesOptions, RuleInfo } from './list-rules.js';

/** Every registered rule. */
export const rules = registry;

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
