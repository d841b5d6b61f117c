import type { Argv } from 'yargs';
import { configFiles, expandArguments, ignoredBy } from '../../config/index.js';
import { expandIncludedFiles, includeDirsOf } from '../../lint/index.js';
import { lint } from '../../run/index.js';
import { baselineFor, emitSarif, loadRunConfig, outputOptions, report, ruleOverrides, showsFingerprints, type OutputArgs } from '../command-output.js';
import type { RunContext } from '../run-context.js';
import { toList, UsageError } from '../io.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { didYouMean } from '../../dts/message-text.js';
import { runPairs } from './check.js';

export type { OutputArgs } from '../command-output.js';

export interface LintArgs extends OutputArgs {
  files: string[];
  /** `--jobs N`: threads to lint on (default 1). */
  jobs?: number;
  /** `--ignore-pattern` (repeatable), relative to the working dir. */
  'ignore-pattern'?: string[];
}

export function lintOptions(y: Argv): Argv<LintArgs> {
  return outputOptions(y)
    .positional('files', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe:
        "DTS files or DTBs (.dtb, a QEMU dumpdtb, /sys/firmware/fdt), directories (their .dts files) or quoted globs; a .dtsi or header is linted through the .dts files of its repository that include it (default: the config's files)",
    })
    .option('ignore-pattern', {
      type: 'string',
      default: [] as string[],
      coerce: toList,
      describe: "Don't lint files or directories matching this glob, relative to the working dir (repeatable; adds to the config's ignorePatterns)",
    })
    .option('jobs', {
      alias: 'j',
      type: 'number',
      describe: 'Lint many boards (48 or more) on N threads (default 1); the report is the same',
    })
    .example('$0 board.dts', 'lint a board')
    .example('$0 soc/acme.dtsi', 'lint every board of the repository that includes acme.dtsi')
    .example('$0 include/dt-bindings/clock/acme.h', 'lint every board that includes the header, directly or through a .dtsi')
    .example("$0 arch/arm64/boot/dts/ --ignore-pattern 'vendor/'", 'lint every .dts below a directory, but those under vendor/')
    .example("$0 'boards/**/*.dts'", 'lint what a glob matches (quoted: dtlint expands it)')
    .example('$0 --format json -o report.json arch/arm64/boot/dts/freescale/imx8qm-mek.dts', 'JSON report')
    .example('$0 --format sarif -o dtlint.sarif boards/*.dts', 'SARIF 2.1.0 for GitHub code scanning') as unknown as Argv<LintArgs>;
}

const COMMANDS = ['lint', 'check', 'rules', 'tree', 'deps'];

/**
 * `dtlint rule`: the default command takes it for a file. A first word that names no file, has no
 * path or extension, and is close to a command is a mistyped command.
 */
function refuseMistypedCommand(files: readonly string[]): void {
  const first = files[0];
  if (first === undefined || /[./\\]/.test(first) || existsSync(first)) return;
  const hint = didYouMean(first, COMMANDS, (c) => `'${c}'`);
  if (hint !== '') throw new UsageError(`unknown command '${first}'${hint}`);
}

/**
 * Threads for `--jobs` (default 1; the run uses more only for many boards). Not one per core by
 * default: on the shared 2-core machine we measure on, all arm64 boards took 60-63 s on one thread
 * and 64-67 s on two, for ~250 MB more (docs/performance.md); a quiet machine may differ.
 */
function jobsFor(jobs: number | undefined): number {
  if (jobs === undefined) return 1;
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs ${jobs}: give a whole number of threads, 1 or more`);
  return jobs;
}

/** `dtlint [lint] FILE...`: lint DTS files (or the config's files). */
export function runLint(args: LintArgs, ctx: RunContext): number {
  refuseMistypedCommand(args.files);
  const config = loadRunConfig(args);
  const rules = ruleOverrides(args);
  // A bad suppressions file stops the run before anything is read.
  const baseline = baselineFor(args);
  const cwd = process.cwd();
  const ignored = ignoredBy(config, args['ignore-pattern'] ?? [], cwd);
  let files: string[];
  const notices: { severity: 'warning'; message: string; file: string }[] = [];
  if (args.files.length === 0) {
    const expanded = configFiles(config, ignored);
    if (expanded.unmatched.length > 0) throw new UsageError(`${config.path ?? 'config'}: files: no match for ${expanded.unmatched.join(', ')}`);
    files = expanded.files;
  } else {
    // Directories and globs, as ESLint takes them: a pattern that gives nothing stops the run.
    const expanded = expandArguments(args.files, cwd, ignored);
    if (expanded.problems.length > 0) throw new UsageError(expanded.problems.join(' '));
    for (const f of expanded.ignoredFiles) notices.push({ severity: 'warning', message: `${f}: ignored by an ignore pattern, so it is not linted`, file: f });
    files = expanded.files;
  }
  // `dtlint` alone with a config that declares pairs: its files and every pair, in one report.
  if (args.files.length === 0 && config.pairs.length > 0) return runPairs(config.pairs, files, config, args, ctx, 'all', baseline);
  if (files.length === 0 && notices.length > 0) return report([], notices, args);
  if (files.length === 0) throw new UsageError('no files to lint: give DTS files or a dtlint.config.json with "files" (see dtlint --help)');
  // A .dtsi or header is linted through the boards that include it (what a pre-commit hook needs).
  const expandedInputs = expandIncludedFiles(files, { includeDirs: includeDirsOf({ includeDirs: args.include, config }), ignored });
  const inputs = { files: expandedInputs.files, notifications: [...notices, ...expandedInputs.notifications] };
  if (inputs.files.length === 0) return report([], inputs.notifications, args);
  // The config's files are the whole project; named files are seen completely, and a named .dtsi
  // through every board that includes it. A .dtsi only reached through them is not.
  const bulk = baseline.bulk(args.files.length === 0 ? 'all' : new Set([...args.files, ...inputs.files].map((f) => resolve(f))));
  const host = ctx.hostFor(inputs.files.length);
  const workers = jobsFor(args.jobs);
  const results = ctx.results();
  const result = lint(inputs.files, {
    ...(results ? { results } : {}),
    rules,
    includeDirs: args.include,
    config,
    cwd,
    fingerprints: showsFingerprints(args),
    host,
    workers,
    ...(workers > 1 ? { workerStores: ctx.workerStores() } : {}),
    ...(bulk ? { bulkSuppressions: bulk } : {}),
  });
  const notifications = [...inputs.notifications, ...result.notifications];
  const fatal = result.notifications.find((n) => n.severity === 'fatal');
  // Code scanning still gets a log that says the run failed, with what was found before it did.
  if (fatal && args.format === 'sarif') emitSarif(args.quiet ? result.findings.filter((f) => f.level === 'error') : result.findings, notifications, args, result.sources);
  if (fatal) throw new UsageError(fatal.message);
  const { findings, unused } = baseline.finish(result.findings, result.bulk);
  return baseline.exitCode(report(findings, notifications, args, result.sources), unused);
}
