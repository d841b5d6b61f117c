import type { Argv } from 'yargs';
import { configFiles, loadConfig, type DtlintConfig } from '../../config/index.js';
import { exitCodeFor, lint, parseRuleOption, type ConfiguredLevel, type Finding, type LevelOverrides } from '../../lint/index.js';
import { formatJson, formatStylish, resolveColorLevel } from '../../report/index.js';
import { emit, toList, UsageError } from '../io.js';

export interface OutputArgs {
  config?: string;
  format: 'stylish' | 'json';
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
    .option('format', { alias: 'f', choices: ['stylish', 'json'] as const, default: 'stylish' as const, describe: 'Output format' })
    .option('output', { alias: 'o', type: 'string', describe: 'Write the report to FILE' })
    .option('rule', { type: 'string', default: [] as string[], coerce: toList, describe: 'Set a rule level: ID=off|warning|error (repeatable)' })
    .option('max-warnings', { type: 'number', describe: 'Exit 1 when there are more than N warnings' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Report errors only' })
    .option('color', { type: 'boolean', describe: 'Force colour on (--no-color: off)' }) as unknown as Argv<T & OutputArgs>;
}

export function lintOptions(y: Argv): Argv<LintArgs> {
  return outputOptions(y)
    .positional('files', { type: 'string', array: true, default: [] as string[], describe: 'DTS files (default: the config\'s files)' })
    .example('$0 board.dts', 'lint a board')
    .example('$0 --format json -o report.json arch/arm64/boot/dts/freescale/imx8qm-mek.dts', 'JSON report') as unknown as Argv<LintArgs>;
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

/** Prints findings in the chosen format and picks the exit code. */
export function report(findings: Finding[], notifications: { severity: string; message: string }[], args: OutputArgs): number {
  for (const n of notifications) process.stderr.write(`dtlint: ${n.message}\n`);
  const shown = args.quiet ? findings.filter((f) => f.level === 'error') : findings;
  const cwd = process.cwd();
  const toFile = args.output !== undefined && args.output !== '-';
  if (args.format === 'json') emit(formatJson(shown, { cwd }), args.output);
  else {
    const color = toFile ? 0 : resolveColorLevel({ ...(args.color !== undefined ? { flag: args.color } : {}), env: process.env, isTTY: process.stdout.isTTY === true });
    emit(formatStylish(shown, { color, cwd }), args.output);
  }
  const exitOptions = { quiet: args.quiet, ...(args['max-warnings'] !== undefined ? { maxWarnings: args['max-warnings'] } : {}) };
  return exitCodeFor({ findings, notifications: notifications as { severity: 'fatal' | 'warning'; message: string }[] }, exitOptions);
}

/** `dtlint [lint] FILE...`: lint DTS files (or the config's files). */
export function runLint(args: LintArgs): number {
  const config = loadRunConfig(args);
  const rules = ruleOverrides(args);
  let files = args.files;
  if (files.length === 0) {
    const expanded = configFiles(config);
    if (expanded.unmatched.length > 0) throw new UsageError(`${config.path ?? 'config'}: files: no match for ${expanded.unmatched.join(', ')}`);
    files = expanded.files;
  }
  if (files.length === 0) throw new UsageError('no files to lint: give DTS files or a dtlint.config.json with "files" (see dtlint --help)');
  const result = lint(files, { rules, includeDirs: args.include, config, cwd: process.cwd() });
  const fatal = result.notifications.find((n) => n.severity === 'fatal');
  if (fatal) throw new UsageError(fatal.message);
  return report(result.findings, result.notifications, args);
}
