/**
 * What the linting commands (lint, check) share: their output options, the config and rule levels
 * they read, and how a run's findings are printed and turned into the exit code.
 */
import type { Argv } from 'yargs';
import { loadConfig, type DtlintConfig } from '../config/index.js';
import type { SourceHost } from '../dts/source.js';
import { exitCodeFor, parseRuleOption, type ConfiguredLevel, type Finding, type LevelOverrides } from '../lint/index.js';
import { timed } from '../lint/timing.js';
import { formatJson, formatStylish, resolveColorLevel } from '../report/index.js';
import { ruleIds, rules as registry } from '../run/index.js';
import { emit, toList, UsageError } from './io.js';
import { sarifOutput } from './sarif-output.js';
import { loadBaseline, suppressionOptions, type Baseline, type SuppressionArgs } from './suppressions-file.js';
import { stdoutIsTTY } from './stdout.js';

export interface OutputArgs extends SuppressionArgs {
  /** false: `--no-config`. */
  config?: string | false;
  format: 'stylish' | 'json' | 'sarif';
  /** false: `--no-output` (no report: the exit code says it all). */
  output?: string | false;
  rule: string[];
  'max-warnings'?: number;
  /** Over the config's dtcWarnings. */
  'dtc-warnings'?: 'kernel' | 'W=1' | 'W=2' | 'W=12';
  quiet: boolean;
  color?: boolean;
  include: string[];
}

/** Options every linting command shares (lint, check). */
export function outputOptions<T>(y: Argv<T>): Argv<T & OutputArgs> {
  return suppressionOptions(y)
    .option('config', { alias: 'c', type: 'string', describe: 'Use this dtlint.config.json (default: found walking up from the working dir; --no-config: none)' })
    .option('format', { alias: 'f', choices: ['stylish', 'json', 'sarif'] as const, default: 'stylish' as const, describe: 'Output format (sarif: SARIF 2.1.0 for GitHub code scanning)' })
    .option('output', { alias: 'o', type: 'string', describe: 'Write the report to FILE (--no-output: no report, only the exit code)' })
    .option('rule', { type: 'string', default: [] as string[], coerce: toList, describe: 'Set a rule level: ID=off|warning|error (repeatable)' })
    .option('dtc-warnings', { choices: ['kernel', 'W=1', 'W=2', 'W=12'] as const, describe: "Which dtc checks the dtc parity rules run: a kernel build's, or make W=1's, W=2's or W=12's (over the config's dtcWarnings); -W<check>, -Wno-<check>, -E<check> set one check as dtc does" })
    .option('max-warnings', { type: 'string', coerce: maxWarnings, describe: 'Exit 1 when there are more than N warnings (-1: no limit)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Report errors only' })
    .option('color', { type: 'boolean', describe: 'Force colour on (--no-color: off)' }) as unknown as Argv<T & OutputArgs>;
}

/** `--max-warnings N`: an integer, -1 for no limit (ESLint's convention). */
function maxWarnings(value: unknown): number {
  const text = String(Array.isArray(value) ? value[value.length - 1] : value).trim();
  const n = /^-?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < -1) throw new UsageError(`--max-warnings takes a whole number of warnings (or -1 for no limit), not '${text}'`);
  return n;
}

export function loadRunConfig(args: Pick<OutputArgs, 'config' | 'dtc-warnings'>): DtlintConfig {
  const loaded = loadConfig(process.cwd(), args.config, { ruleIds });
  if ('error' in loaded) throw new UsageError(loaded.error);
  if (args['dtc-warnings'] !== undefined) loaded.config.dtcWarnings = args['dtc-warnings'];
  return loaded.config;
}

/** The run's baseline (dtlint-suppressions.json and the --suppress* options); a bad file fails here, before any linting. */
export function baselineFor(args: SuppressionArgs): Baseline {
  return loadBaseline(args, ruleIds);
}

export function ruleOverrides(args: Pick<OutputArgs, 'rule'>): LevelOverrides {
  // No prototype: `--rule __proto__=error` is an unknown rule id like any other, not a silent no-op.
  const overrides = Object.create(null) as Record<string, ConfiguredLevel>;
  for (const option of args.rule) {
    const parsed = parseRuleOption(option);
    if ('error' in parsed) throw new UsageError(parsed.error);
    overrides[parsed.id] = parsed.level;
  }
  return overrides;
}

/** JSON and SARIF carry each finding's fingerprint; stylish text does not, so it is not computed. */
export function showsFingerprints(args: Pick<OutputArgs, 'format'>): boolean {
  return args.format !== 'stylish';
}

/** Prints findings in the chosen format and picks the exit code; code frames from `sources` when given. */
export function report(findings: Finding[], notifications: { severity: string; message: string }[], args: OutputArgs, sources?: SourceHost): number {
  return timed('report', () => writeReport(findings, notifications, args, sources));
}

function writeReport(findings: Finding[], notifications: { severity: string; message: string }[], args: OutputArgs, sources?: SourceHost): number {
  for (const n of notifications) process.stderr.write(`dtlint: ${n.message}\n`);
  const shown = args.quiet ? findings.filter((f) => f.level === 'error') : findings;
  const cwd = process.cwd();
  const toFile = args.output !== undefined && args.output !== '-';
  if (args.format === 'json') emit(formatJson(shown, { cwd }), args.output);
  else if (args.format === 'sarif') emitSarif(shown, notifications, args, sources);
  else {
    const color = toFile ? 0 : resolveColorLevel({ ...(args.color !== undefined ? { flag: args.color } : {}), env: process.env, isTTY: stdoutIsTTY() });
    // The text the run read (already in memory), not the files read again.
    const readSource = sources && ((file: string): string | undefined => sources.textOf(file));
    // A terminal's own width; 80 for a pipe or a file, so what is kept is the same on every machine.
    const width = !toFile && stdoutIsTTY() && process.stdout.columns > 0 ? process.stdout.columns : 80;
    emit(formatStylish(shown, { color, cwd, width, ...(readSource ? { readSource } : {}) }), args.output);
  }
  const exitOptions = { quiet: args.quiet, ...(args['max-warnings'] !== undefined ? { maxWarnings: args['max-warnings'] } : {}) };
  const limit = args['max-warnings'];
  const warnings = findings.filter((f) => f.level === 'warning').length;
  const errors = findings.some((f) => f.level === 'error');
  // The exit code alone would not say why a run with no error failed.
  if (!args.quiet && !errors && limit !== undefined && limit >= 0 && warnings > limit && !notifications.some((n) => n.severity === 'fatal')) {
    process.stderr.write(`dtlint: too many warnings (${warnings}; --max-warnings allows ${limit})\n`);
  }
  return exitCodeFor({ findings, notifications: notifications as { severity: 'fatal' | 'warning'; message: string }[] }, exitOptions);
}

/** SARIF to `-o FILE` or stdout; size warnings on stderr. Also written for a failed run (executionSuccessful: false). */
export function emitSarif(findings: readonly Finding[], notifications: readonly { severity: string; message: string; file?: string }[], args: OutputArgs, sources?: SourceHost): void {
  const sarifNotifications = notifications.map((n) => ({ ...n, severity: n.severity === 'fatal' ? ('fatal' as const) : ('warning' as const) }));
  const { text, warnings } = sarifOutput({ findings, rules: registry, notifications: sarifNotifications, cwd: process.cwd(), ...(sources ? { sources } : {}) });
  for (const w of warnings) process.stderr.write(`dtlint: ${w}\n`);
  emit(text, args.output);
}
