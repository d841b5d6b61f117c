/**
 * The composition root: the one layer that knows the rule registry and wires the front end, the
 * graph, the pair model, the rules, suppressions and the finishing step for `lint` and `check`.
 */
export { lint, listRules, ruleInfo, rules, ruleIds } from './lint.js';
export { checkPair, checkPairs } from './check.js';
export type { CheckOptions, CheckResult, PairSpec } from './check.js';
