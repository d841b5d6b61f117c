/**
 * dtlint's library API: load a tree as cpp + dtc build it, build its dependency graph, lint files,
 * check a host/guest passthrough pair, and format findings. Everything returns values; nothing
 * prints or exits.
 */
export { compileDts as loadTree, compileDts, writeDtb, SourceFile, SourceHost } from './dts/index.js';
export type { CompileOptions, CompileResult, Diagnostic, Location, MacroOrigin, Node, Property, Tree, ValueChunk, Cell } from './dts/index.js';
export { printDts } from './dts/print.js';
export { treeToJson } from './dts/json.js';
export { buildDependencyGraph as buildGraph, buildDependencyGraph } from './graph/graph.js';
export type { DependencyGraph } from './graph/graph.js';
export { closure } from './graph/closure.js';
export { resolveNode } from './graph/resolve-node.js';
export { exitCodeFor } from './lint/index.js';
export type { Finding, Level, LintResult, RelatedLocation } from './lint/index.js';
export { checkPair, checkPairs, lint, listRules, ruleInfo, rules } from './run/index.js';
export type { CheckOptions, CheckResult, PairSpec } from './run/index.js';
export { formatJson, formatStylish } from './report/index.js';
export { formatSarif } from './report/sarif.js';
export { version } from './version.js';
