/**
 * The CLI's side of bulk suppressions (docs/baseline.md): the options, reading and writing
 * `dtlint-suppressions.json` (in the working dir, as ESLint keeps `eslint-suppressions.json`), and
 * what a run with a baseline exits with. The counting is the lint layer's (src/lint/baseline.ts).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import {
  applyBulkSuppressions,
  parseSuppressions,
  pruneSuppressions,
  serializeSuppressions,
  sortFindings,
  suppressFindings,
  unusedTotal,
  type BulkOutcome,
  type BulkSuppressions,
  type Coverage,
  type Finding,
  type SuppressionCounts,
} from '../lint/index.js';
import { didYouMean } from '../dts/message-text.js';
import { toList, UsageError } from './io.js';

export const SUPPRESSIONS_FILE = 'dtlint-suppressions.json';

export interface SuppressionArgs {
  'suppress-all'?: boolean;
  'suppress-rule'?: string[];
  'suppressions-location'?: string;
  'prune-suppressions'?: boolean;
  'pass-on-unpruned-suppressions'?: boolean;
}

export function suppressionOptions<T>(y: Argv<T>): Argv<T & SuppressionArgs> {
  return y
    .option('suppress-all', { type: 'boolean', describe: `Write every error-level finding into ${SUPPRESSIONS_FILE}, counted per file and rule: later runs report only new ones` })
    .option('suppress-rule', { type: 'string', coerce: toList, describe: `Like --suppress-all, for this rule only (repeatable)` })
    .option('suppressions-location', { type: 'string', describe: `Use this suppressions file (or ${SUPPRESSIONS_FILE} in this dir) instead of ./${SUPPRESSIONS_FILE}` })
    .option('prune-suppressions', { type: 'boolean', describe: 'Remove the suppressions that no longer occur from the suppressions file' })
    .option('pass-on-unpruned-suppressions', { type: 'boolean', describe: 'Do not fail the run (exit 2) when suppressions no longer occur' }) as unknown as Argv<T & SuppressionArgs>;
}

/** A run's baseline: what the engine applies, and what the command does once the findings are in. */
export interface Baseline {
  /** For the engine's options; undefined when there is no file and nothing to write. */
  bulk(coverage: Coverage): BulkSuppressions | undefined;
  /** Writes the file (--suppress-*, --prune-suppressions) and gives the findings to report. */
  finish(findings: Finding[], outcome: BulkOutcome | undefined): { findings: Finding[]; unused: SuppressionCounts };
  /** The exit code, once the report is out: unused suppressions fail the run (2), as in ESLint. */
  exitCode(reportCode: number, unused: SuppressionCounts): number;
}

export function loadBaseline(args: SuppressionArgs, ruleIds: readonly string[], cwd: string = process.cwd()): Baseline {
  const suppressRules = args['suppress-rule'] ?? [];
  const suppressing = args['suppress-all'] === true || suppressRules.length > 0;
  const pruning = args['prune-suppressions'] === true;
  if (args['suppress-all'] && suppressRules.length > 0) throw new UsageError('--suppress-all and --suppress-rule cannot be used together');
  if (suppressing && pruning) throw new UsageError(`--${args['suppress-all'] ? 'suppress-all' : 'suppress-rule'} and --prune-suppressions cannot be used together`);
  for (const id of suppressRules) {
    if (!ruleIds.includes(id)) throw new UsageError(`--suppress-rule: unknown rule ${id}${didYouMean(id, ruleIds)}`);
  }

  const file = locationOf(args['suppressions-location'], cwd);
  const shown = args['suppressions-location'] ?? SUPPRESSIONS_FILE;
  const exists = existsSync(file);
  if (!exists && args['suppressions-location'] !== undefined && !suppressing)
    throw new UsageError(`${shown}: the suppressions file does not exist (create it with --suppress-all or --suppress-rule)`);
  const counts = exists ? readCounts(file, shown) : {};
  const active = exists || suppressing;

  return {
    bulk: (coverage) => (active ? { counts, root: cwd, coverage } : undefined),
    finish(findings, outcome) {
      if (!outcome) return { findings, unused: {} };
      if (!suppressing && !(pruning && exists)) return { findings, unused: outcome.unused };
      const all = sortFindings([...findings, ...outcome.suppressed]);
      const next = suppressing
        ? suppressFindings(counts, all, { root: cwd, coverage: outcome.coverage, ...(suppressRules.length > 0 ? { rules: new Set(suppressRules) } : {}) })
        : pruneSuppressions(counts, outcome.unused, (key) => existsSync(resolve(cwd, key)));
      writeCounts(file, shown, next);
      const applied = applyBulkSuppressions(all, { counts: next, root: cwd, coverage: outcome.coverage });
      return { findings: applied.kept, unused: applied.unused };
    },
    exitCode(reportCode, unused) {
      const n = unusedTotal(unused);
      if (n === 0 || args['pass-on-unpruned-suppressions']) return reportCode;
      process.stderr.write(`dtlint: ${shown}: ${n} suppressed finding${n === 1 ? '' : 's'} no longer occur${n === 1 ? 's' : ''} (${describeUnused(unused)}): remove ${n === 1 ? 'it' : 'them'} with --prune-suppressions, or pass --pass-on-unpruned-suppressions\n`);
      return 2;
    },
  };
}

/** `--suppressions-location`: a file, or a dir that holds (or will hold) dtlint-suppressions.json. */
function locationOf(option: string | undefined, cwd: string): string {
  if (option === undefined) return join(cwd, SUPPRESSIONS_FILE);
  const path = resolve(cwd, option);
  try {
    if (statSync(path).isDirectory()) return join(path, SUPPRESSIONS_FILE);
  } catch {
    // Not there yet: a file that --suppress-* creates.
  }
  return path;
}

function readCounts(file: string, shown: string): SuppressionCounts {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${shown}: cannot read the suppressions file: ${(e as Error).message}`);
  }
  const parsed = parseSuppressions(text);
  if ('error' in parsed) throw new UsageError(`${shown}: bad suppressions file: ${parsed.error} (fix it, or delete it and run with --suppress-all)`);
  return parsed.counts;
}

function writeCounts(file: string, shown: string, counts: SuppressionCounts): void {
  try {
    writeFileSync(file, serializeSuppressions(counts));
  } catch (e) {
    throw new UsageError(`${shown}: cannot write the suppressions file: ${(e as Error).message}`);
  }
}

/** `a.dts: rule-x 2, b.dtsi: rule-y 1` (the first few). */
function describeUnused(unused: SuppressionCounts): string {
  const parts: string[] = [];
  for (const file of Object.keys(unused).sort()) {
    for (const rule of Object.keys(unused[file]!).sort()) parts.push(`${file}: ${rule} ${unused[file]![rule]!.count}`);
  }
  const shown = parts.slice(0, 5).join(', ');
  return parts.length > 5 ? `${shown}, and ${parts.length - 5} more` : shown;
}
