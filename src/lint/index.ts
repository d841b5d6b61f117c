/**
 * The lint engine's API: running rules of a registry it is handed, levels, suppressions, the
 * finishing step, exit codes. It knows no registry: src/run hands it dtlint's.
 */
export { includeDirsOf, lint as lintWith, runSourceRules } from './engine.js';
export { listRules as listRulesOf, ruleInfo as ruleInfoOf } from './list-rules.js';

export type { CompileFn, FrontEndOptions, FrontEndResult, LintConfig, LintOptions, LintResult, Notification } from './engine.js';
export type { ConfiguredLevel, Finding, Level, RelatedLocation } from './finding.js';
export { compareFindings, sortFindings, CONFIGURED_LEVELS } from './finding.js';
export { exitCodeFor, type ExitOptions } from './exit-code.js';
export { parseRuleOption, resolveLevels, type LevelOverrides } from './levels.js';
export { FINGERPRINT_KEY } from './fingerprint.js';
export { finalizeFindings, finalizeRun, reporterFor, type BulkOutcome, type FinalizeOptions } from './collect.js';
export {
  applyBulkSuppressions,
  parseSuppressions,
  pruneSuppressions,
  serializeSuppressions,
  suppressFindings,
  suppressionKey,
  unusedTotal,
  type BulkSuppressions,
  type Coverage,
  type SuppressionCounts,
} from './baseline.js';
export { userFilesOf } from './user-files.js';
export { boardsIncluding, expandIncludedFiles, scanIncludes, type ExpandedInputs, type IncludeMapHost, type IncludeMapOptions } from './include-map.js';
export { defineRule, defineDiagnosticRule, formatMessage } from './rule.js';
export type { AnyRule, Rule, RuleContext, RuleDefinition, Scope, SourceInput, PairInput, Messages } from './rule.js';
export type { ListRulesOptions, RuleInfo } from './list-rules.js';
