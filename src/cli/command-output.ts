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
import { stdoutIsTTY } from './stdout.js';

export interface OutputArgs {
  config?: string;
  format: 'stylish' | 'json' | 'sarif';
  output?: string;
  rule: string[];
  'max-warnings'?: number;
  quiet: boolean;
  color?: boolean;
  include: string[];
}

/** Options every linting command shares (lint, check). */
export function outputOptions<T>(y: Argv<T>): Argv<T & OutputArgs> {
  return y
    .option('config', { alias: 'c', type: 'string', describe: 'Use this dtlint.config.json (default: found walking up from the working dir)' })
    .option('format', { alias: 'f', choices: ['stylish', 'json', 'sarif'] as const, default: 'stylish' as const, describe: 'Output format (sarif: SARIF 2.1.0 for GitHub code scanning)' })
    .option('output', { alias: 'o', type: 'string', describe: 'Write the report to FILE' })
    .option('rule', { type: 'string', default: [] as string[], coerce: toList, describe: 'Set a rule level: ID=off|warning|error (repeatable)' })
    .option('max-warnings', { type: 'number', describe: 'Exit 1 when there are more than N warnings' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Report errors only' })
    .option('color', { type: 'boolean', describe: 'Force colour on (--no-color: off)' }) as unknown as Argv<T & OutputArgs>;
}

export function loadRunConfig(args: Pick<OutputArgs, 'config'>): DtlintConfig {
  const loaded = loadConfig(process.cwd(), args.config, { ruleIds });
  if ('error' in loaded) throw new UsageError(loaded.error);
  return loaded.config;
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
    emit(formatStylish(shown, { color, cwd, ...(readSource ? { readSource } : {}) }), args.output);
  }
  const exitOptions = { quiet: args.quiet, ...(args['max-warnings'] !== undefined ? { maxWarnings: args['max-warnings'] } : {}) };
  return exitCodeFor({ findings, notifications: notifications as { severity: 'fatal' | 'warning'; message: string }[] }, exitOptions);
}

/** SARIF to `-o FILE` or stdout; size warnings on stderr. Also written for a failed run (executionSuccessful: false). */
export function emitSarif(findings: readonly Finding[], notifications: readonly { severity: string; message: string; file?: string }[], args: OutputArgs, sources?: SourceHost): void {
  const sarifNotifications = notifications.map((n) => ({ ...n, severity: n.severity === 'fatal' ? ('fatal' as const) : ('warning' as const) }));
  const { text, warnings } = sarifOutput({ findings, rules: registry, notifications: sarifNotifications, cwd: process.cwd(), ...(sources ? { sources } : {}) });
  for (const w of warnings) process.stderr.write(`dtlint: ${w}\n`);
  emit(text, args.output);
}
