import type { Argv } from 'yargs';
import type { DtlintConfig } from '../../config/index.js';
import { checkPairs, type PairSpec } from '../../run/index.js';
import { toList, UsageError } from '../io.js';
import type { RunContext } from '../run-context.js';
import { resolve } from 'node:path';
import type { Coverage } from '../../lint/index.js';
import { baselineFor, loadRunConfig, outputOptions, report, ruleOverrides, showsFingerprints, type OutputArgs } from '../command-output.js';
import type { Baseline } from '../suppressions-file.js';

export interface CheckArgs extends OutputArgs {
  host?: string;
  guest?: string;
  qemu?: string;
  pass: string[];
  domain?: string;
  kconfig?: string;
  cmdline?: string;
}

export function checkOptions(y: Argv): Argv<CheckArgs> {
  return outputOptions(y)
    .option('host', { type: 'string', describe: 'Host DTS file or DTB, e.g. a copy of /sys/firmware/fdt (without --host and --guest: the pairs of dtlint.config.json)' })
    .option('guest', { type: 'string', describe: 'Guest DTS file or DTB (QEMU -machine dumpdtb=FILE)' })
    .option('qemu', { type: 'string', describe: 'File holding the QEMU command line (its -device vfio-platform,host=NAME are passed, in order)' })
    .option('pass', { type: 'string', default: [] as string[], coerce: toList, describe: 'Devices to pass: label, path or sysfs name (comma-separated, repeatable)' })
    .option('domain', { type: 'string', describe: 'Path of the host\'s partition node (default: the first "xen,domu" node)' })
    .option('kconfig', { type: 'string', describe: "The host kernel's .config (or a fragment): checks VFIO, VFIO_PLATFORM, the VFIO container, KVM and the IOMMU drivers the passed devices need" })
    .option('cmdline', { type: 'string', describe: "File holding the host kernel's command line (a copy of /proc/cmdline, or U-Boot's bootargs, which replace /chosen/bootargs)" })
    .example('$0 check --host host.dts --guest guest.dts --qemu qemu-args.txt', 'check a passthrough pair')
    .example('$0 check --host host.dts --guest guest.dts --pass fec1,enet0_lpcg', 'pass devices by label, without a QEMU command line') as unknown as Argv<CheckArgs>;
}

/** `--pass a,b --pass c`: the names in order. */
export function passList(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** `dtlint check`: lint one host/guest passthrough pair. */
export function runCheck(args: CheckArgs, ctx: RunContext): number {
  const config = loadRunConfig(args);
  if (args.host === undefined && args.guest === undefined) {
    // `dtlint check` alone: the config's pairs, as plain `dtlint` checks them. A pair option would
    // apply to none of them: refuse it rather than ignore it.
    const stray = (['qemu', 'domain', 'kconfig', 'cmdline'] as const).find((k) => args[k] !== undefined) ?? (passList(args.pass).length > 0 ? 'pass' : undefined);
    if (stray !== undefined) throw new UsageError(`--${stray} needs --host and --guest (the pairs of dtlint.config.json name their own)`);
    if (config.pairs.length > 0) return runPairs(config.pairs, [], config, args, ctx, 'all');
    throw new UsageError('Missing required arguments: host, guest (or a dtlint.config.json with "pairs")');
  }
  if (args.host === undefined || args.guest === undefined) throw new UsageError(`Missing required argument: ${args.host === undefined ? 'host' : 'guest'}`);
  const spec: PairSpec = { host: args.host, guest: args.guest };
  if (args.qemu !== undefined) spec.qemu = args.qemu;
  const pass = passList(args.pass);
  if (pass.length > 0) spec.pass = pass;
  if (args.domain !== undefined) spec.domain = args.domain;
  if (args.kconfig !== undefined) spec.kconfig = args.kconfig;
  if (args.cmdline !== undefined) spec.cmdline = args.cmdline;
  // The pair's own files are all the run sees completely (a .dtsi they include may have more findings through other boards).
  const covered = [spec.host, spec.guest, spec.qemu, spec.kconfig, spec.cmdline].filter((f): f is string => f !== undefined);
  return runPairs([spec], [], config, args, ctx, new Set(covered.map((f) => resolve(f))));
}

/**
 * Lints `files` and checks `pairs` in one run: one report, one exit code. `coverage`: the files
 * whose every finding the run sees (for the baseline's unused counts).
 */
export function runPairs(
  pairs: readonly PairSpec[],
  files: readonly string[],
  config: DtlintConfig,
  args: OutputArgs,
  ctx: RunContext,
  coverage: Coverage,
  baseline: Baseline = baselineFor(args),
): number {
  const bulk = baseline.bulk(coverage);
  const host = ctx.hostFor(files.length + 2 * pairs.length);
  const results = ctx.results();
  const result = checkPairs(pairs, {
    host,
    ...(results ? { results } : {}),
    files,
    rules: ruleOverrides(args),
    includeDirs: args.include,
    config,
    cwd: process.cwd(),
    platformBus: config.platformBus,
    fingerprints: showsFingerprints(args),
    ...(bulk ? { bulkSuppressions: bulk } : {}),
  });
  const fatal = result.notifications.find((n) => n.severity === 'fatal');
  if (fatal) throw new UsageError(fatal.message);
  const { findings, unused } = baseline.finish(result.findings, result.bulk);
  return baseline.exitCode(report(findings, result.notifications, args, result.sources), unused);
}
