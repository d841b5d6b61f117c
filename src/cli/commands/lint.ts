import type { Argv } from 'yargs';
import { configFiles, loadConfig, type DtlintConfig } from '../../config/index.js';
import { exitCodeFor, expandIncludedFiles, lint, parseRuleOption, rules as registry, type ConfiguredLevel, type Finding, type LevelOverrides } from '../../lint/index.js';
import { formatJson, formatStylish, resolveColorLevel } from '../../report/index.js';
import { emit, toList, UsageError } from '../io.js';
import { stdoutIsTTY } from '../stdout.js';
import { runPairs } from './check.js';
import { sarifOutput } from '../sarif-output.js';
import type { RunContext } from '../run-context.js';
import { timed } from '../../lint/timing.js';
import type { SourceHost } from '../../dts/source.js';

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

export interface LintArgs extends OutputArgs {
  files: string[];
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

export function lintOptions(y: Argv): Argv<LintArgs> {
  return outputOptions(y)
    .positional('files', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'DTS files; a .dtsi is linted through the .dts files of its repository that include it (default: the config\'s files)',
    })
    .example('$0 board.dts', 'lint a board')
    .example('$0 soc/acme.dtsi', 'lint every board of the repository that includes acme.dtsi')
    .example('$0 --format json -o report.json arch/arm64/boot/dts/freescale/imx8qm-mek.dts', 'JSON report')
    .example('$0 --format sarif -o dtlint.sarif boards/*.dts', 'SARIF 2.1.0 for GitHub code scanning') as unknown as Argv<LintArgs>;
}

export function loadRunConfig(args: Pick<OutputArgs, 'config'>): DtlintConfig {
  const loaded = loadConfig(process.cwd(), args.config);
  if ('error' in loaded) throw new UsageError(loaded.error);
  return loaded.config;
}

export function ruleOverrides(args: Pick<OutputArgs, 'rule'>): LevelOverrides {
  const overrides: Record<string, ConfiguredLevel> = {};
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
function emitSarif(findings: readonly Finding[], notifications: readonly { severity: string; message: string; file?: string }[], args: OutputArgs, sources?: SourceHost): void {
  const sarifNotifications = notifications.map((n) => ({ ...n, severity: n.severity === 'fatal' ? ('fatal' as const) : ('warning' as const) }));
  const { text, warnings } = sarifOutput({ findings, rules: registry, notifications: sarifNotifications, cwd: process.cwd(), ...(sources ? { sources } : {}) });
  for (const w of warnings) process.stderr.write(`dtlint: ${w}\n`);
  emit(text, args.output);
}

/** `dtlint [lint] FILE...`: lint DTS files (or the config's files). */
export function runLint(args: LintArgs, ctx: RunContext): number {
  const config = loadRunConfig(args);
  const rules = ruleOverrides(args);
  let files = args.files;
  if (files.length === 0) {
    const expanded = configFiles(config);
    if (expanded.unmatched.length > 0) throw new UsageError(`${config.path ?? 'config'}: files: no match for ${expanded.unmatched.join(', ')}`);
    files = expanded.files;
  }
  // `dtlint` alone with a config that declares pairs: its files and every pair, in one report.
  if (args.files.length === 0 && config.pairs.length > 0) return runPairs(config.pairs, files, config, args, ctx);
  if (files.length === 0) throw new UsageError('no files to lint: give DTS files or a dtlint.config.json with "files" (see dtlint --help)');
  // A .dtsi is linted through the boards that include it (what a pre-commit hook needs).
  const inputs = expandIncludedFiles(files, { includeDirs: [...args.include, ...config.include] });
  if (inputs.files.length === 0) return report([], inputs.notifications, args);
  const host = ctx.hostFor(inputs.files.length);
  const result = lint(inputs.files, { rules, includeDirs: args.include, config, cwd: process.cwd(), fingerprints: showsFingerprints(args), host });
  const notifications = [...inputs.notifications, ...result.notifications];
  const fatal = result.notifications.find((n) => n.severity === 'fatal');
  // Code scanning still gets a log that says the run failed, with what was found before it did.
  if (fatal && args.format === 'sarif') emitSarif(args.quiet ? result.findings.filter((f) => f.level === 'error') : result.findings, notifications, args, result.sources);
  if (fatal) throw new UsageError(fatal.message);
  return report(result.findings, notifications, args, result.sources);
}
