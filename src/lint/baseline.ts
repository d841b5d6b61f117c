/**
 * Bulk suppressions (a baseline), as ESLint 9.24+ keeps them (lib/services/suppressions-service.js):
 * error-level findings counted per file and rule, `{ "path/rel/to/cwd": { "rule-id": { "count": N } } }`.
 * A file with at most N findings of a rule has them all suppressed; with more, all of them are
 * reported (nothing says which ones are new); with fewer, the rest of the count is unused.
 * Pure: the CLI reads and writes the file (src/cli/suppressions-file.ts).
 */
import { relative, resolve, sep } from 'node:path';
import type { Finding } from './finding.js';

/** File (relative to the working dir, `/` separators) -> rule id -> how many findings are suppressed. */
export type SuppressionCounts = Record<string, Record<string, { count: number }>>;

/** Which files a run saw completely: only their unused counts are unused (a hook lints a few boards). */
export type Coverage = 'all' | ReadonlySet<string>;

export interface BulkSuppressions {
  counts: SuppressionCounts;
  /** Paths in `counts` are relative to this dir (the working dir). */
  root: string;
  /** Files whose every finding the run saw (absolute paths), or `all`. Default `all`. */
  coverage?: Coverage;
}

export interface BulkResult {
  kept: Finding[];
  /** The findings the counts covered. */
  suppressed: Finding[];
  /** The part of each count the run did not use, for the files it covered. */
  unused: SuppressionCounts;
}

/**
 * Front-end errors (the `syntax-error` rule) are not counted: ESLint does not suppress a parse error
 * (it has no rule), and a board that does not build has no other findings to baseline.
 */
const NOT_SUPPRESSIBLE = new Set(['syntax-error']);

export function suppressionKey(root: string, file: string): string {
  return relative(root, resolve(file)).split(sep).join('/');
}

function countable(f: Finding): boolean {
  return f.level === 'error' && !NOT_SUPPRESSIBLE.has(f.ruleId);
}

/** Error-level findings by file key and rule. */
function countByFileAndRule(findings: readonly Finding[], root: string): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  for (const f of findings) {
    if (!countable(f)) continue;
    const key = suppressionKey(root, f.at.file);
    let rules = counts.get(key);
    if (!rules) counts.set(key, (rules = new Map()));
    rules.set(f.ruleId, (rules.get(f.ruleId) ?? 0) + 1);
  }
  return counts;
}

function isCovered(coverage: Coverage | undefined, root: string, key: string): boolean {
  return coverage === undefined || coverage === 'all' || coverage.has(resolve(root, key));
}

/** Splits `findings` (in order) into kept and suppressed, and says which counts went unused. */
export function applyBulkSuppressions(findings: readonly Finding[], bulk: BulkSuppressions): BulkResult {
  const { counts, root } = bulk;
  const found = countByFileAndRule(findings, root);
  const suppressedRules = new Set<string>();
  const unused: SuppressionCounts = {};
  const addUnused = (file: string, rule: string, count: number): void => {
    (unused[file] ??= {})[rule] = { count };
  };
  for (const file of Object.keys(counts)) {
    const rules = counts[file]!;
    const covered = isCovered(bulk.coverage, root, file);
    for (const rule of Object.keys(rules)) {
      const allowed = rules[rule]!.count;
      const n = found.get(file)?.get(rule) ?? 0;
      if (n > 0 && n <= allowed) suppressedRules.add(JSON.stringify([file, rule]));
      if (covered && n < allowed) addUnused(file, rule, allowed - n);
    }
  }
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    const hit = countable(f) && suppressedRules.has(JSON.stringify([suppressionKey(root, f.at.file), f.ruleId]));
    (hit ? suppressed : kept).push(f);
  }
  return { kept, suppressed, unused };
}

/**
 * `--suppress-all` / `--suppress-rule`: the counts with each rule's count (of `rules`, or every
 * rule) set to what the run found, as ESLint's `suppress` does. Entries of other rules stay. For a
 * file the run saw only in part (a shared .dtsi through some of its boards) a count never shrinks:
 * the boards not linted may have the rest.
 */
export function suppressFindings(
  counts: SuppressionCounts,
  findings: readonly Finding[],
  options: { root: string; rules?: ReadonlySet<string>; coverage?: Coverage },
): SuppressionCounts {
  const next = copyCounts(counts);
  for (const [file, rules] of countByFileAndRule(findings, options.root)) {
    const covered = isCovered(options.coverage, options.root, file);
    for (const [rule, n] of rules) {
      if (options.rules && !options.rules.has(rule)) continue;
      const old = next[file]?.[rule]?.count ?? 0;
      (next[file] ??= {})[rule] = { count: covered ? n : Math.max(n, old) };
    }
  }
  return next;
}

/**
 * `--prune-suppressions`: each count lowered by its unused part (an entry that is all unused goes),
 * and the entries of files that no longer exist removed, as ESLint's `prune` does.
 */
export function pruneSuppressions(counts: SuppressionCounts, unused: SuppressionCounts, exists: (key: string) => boolean): SuppressionCounts {
  const next = copyCounts(counts);
  for (const file of Object.keys(next)) {
    const rules = next[file]!;
    for (const rule of Object.keys(rules)) {
      const left = rules[rule]!.count - (unused[file]?.[rule]?.count ?? 0);
      if (left > 0) rules[rule] = { count: left };
      else delete rules[rule];
    }
    if (Object.keys(rules).length === 0 || !exists(file)) delete next[file];
  }
  return next;
}

function copyCounts(counts: SuppressionCounts): SuppressionCounts {
  const copy: SuppressionCounts = {};
  for (const file of Object.keys(counts)) {
    const rules: Record<string, { count: number }> = {};
    for (const rule of Object.keys(counts[file]!)) rules[rule] = { count: counts[file]![rule]!.count };
    copy[file] = rules;
  }
  return copy;
}

/** Reads the file's text: the counts, or what is wrong with it (one line). */
export function parseSuppressions(text: string): { counts: SuppressionCounts } | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { error: `not valid JSON (${(e as Error).message})` };
  }
  if (!isRecord(data)) return { error: 'expected an object of files' };
  const counts: SuppressionCounts = {};
  for (const file of Object.keys(data)) {
    const rules = data[file];
    if (!isRecord(rules)) return { error: `"${file}": expected an object of rule ids` };
    const parsed: Record<string, { count: number }> = {};
    for (const rule of Object.keys(rules)) {
      const entry = rules[rule];
      const count = isRecord(entry) ? entry.count : undefined;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
        return { error: `"${file}": "${rule}": expected { "count": N } with N a whole number` };
      parsed[rule] = { count };
    }
    counts[file] = parsed;
  }
  return { counts };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The file's text: keys sorted, 2-space indent, a trailing newline, so that a diff shows only what changed. */
export function serializeSuppressions(counts: SuppressionCounts): string {
  const sorted: SuppressionCounts = {};
  for (const file of Object.keys(counts).sort(compareStrings)) {
    const rules: Record<string, { count: number }> = {};
    for (const rule of Object.keys(counts[file]!).sort(compareStrings)) rules[rule] = { count: counts[file]![rule]!.count };
    if (Object.keys(rules).length > 0) sorted[file] = rules;
  }
  return JSON.stringify(sorted, null, 2) + '\n';
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How many findings the unused counts stand for. */
export function unusedTotal(unused: SuppressionCounts): number {
  let n = 0;
  for (const file of Object.keys(unused)) for (const rule of Object.keys(unused[file]!)) n += unused[file]![rule]!.count;
  return n;
}
