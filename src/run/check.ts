/**
 * The pair engine: lint the host and guest files with the source rules, build each pair's model,
 * run the pair rules on it, and finish every finding through the lint engine's one finishing step
 * (levels, inline suppressions in the host and guest files, unused suppressions, order,
 * fingerprints). Problems with the run itself (unreadable files, names that match nothing) are
 * notifications; the CLI turns a fatal one into exit code 2.
 */
import { resolve } from 'node:path';
import { rules as defaultRegistry } from '../../rules/index.js';
// The per-tree cache the source rules filled: the pair reuses the graphs they built.
import { dependencyGraphOf, splitContextOf } from '../graph/derived.js';
import { compileDts } from '../dts/index.js';
import { SourceFile } from '../dts/source.js';
import { finalizeRun, reporterFor } from '../lint/collect.js';
import { finishOptions, runSourceRules, type CompileFn, type LintOptions, type LintResult, type Notification } from '../lint/engine.js';
import type { Finding, Level } from '../lint/finding.js';
import type { AnyReport, AnyRule, Messages, Rule } from '../lint/rule.js';
import { timed } from '../lint/timing.js';
import { userFilesOf } from '../lint/user-files.js';
import { cmdlineFromFile } from '../passthrough/cmdline.js';
import { parseKconfig } from '../passthrough/kconfig.js';
import { buildPair, type PairModel } from '../passthrough/pair.js';
import { softMessagesOf } from '../lint/rule.js';
import type { PlatformBusGeometry } from '../passthrough/platform-bus.js';
import { parseQemuArgs } from '../passthrough/qemu-args.js';

/** One host/guest pair to check (a `pairs` entry of the config, or `dtlint check`'s options). */
export interface PairSpec {
  name?: string;
  host: string;
  guest: string;
  /** File holding the QEMU command line. */
  qemu?: string;
  /** Devices to pass: label, path or sysfs name. */
  pass?: readonly string[];
  /** Path (or label) of the host's partition node. */
  domain?: string;
  /** The host kernel's `.config` (or a fragment). */
  kconfig?: string;
  /** A file holding the host kernel's command line. */
  cmdline?: string;
}

export interface CheckOptions extends Omit<LintOptions, 'compile' | 'registry'> {
  compile?: CompileFn;
  registry?: readonly AnyRule[];
  /** More DTS files to lint with the source rules (the config's `files`). */
  files?: readonly string[];
  /** QEMU's platform bus (the config's `platformBus`). */
  platformBus?: PlatformBusGeometry;
}

export interface CheckResult extends LintResult {
  /** The model of each pair that could be built, in input order. */
  pairs: PairModel[];
}

export function checkPairs(pairs: readonly PairSpec[], options: CheckOptions = {}): CheckResult {
  const registry = options.registry ?? defaultRegistry;
  const files = [...new Set([...(options.files ?? []), ...pairs.flatMap((p) => [p.host, p.guest])])];
  // The pairs' trees are kept for their models; every other file's are dropped after its rules.
  const keep = new Set(pairs.flatMap((p) => [p.host, p.guest]));
  const sourceOptions: LintOptions = { ...options, compile: options.compile ?? compileDts, registry };
  // Kept findings are those of dtlint's own front end and rules: a caller's own get none.
  if (options.compile || options.registry) delete sourceOptions.results;
  const run = runSourceRules(files, sourceOptions, { keep });
  const raw = [...run.raw];
  const notifications = [...run.notifications];
  const pairRules = registry.filter((r): r is Rule<'pair', Messages> => r.scope === 'pair');
  const models: PairModel[] = [];

  for (const spec of pairs) {
    const label = spec.name !== undefined ? `pair ${spec.name}: ` : '';
    const host = run.compiled.get(spec.host);
    const guest = run.compiled.get(spec.guest);
    if (!host || !guest || host.fatal !== undefined || guest.fatal !== undefined) continue; // already a fatal notification
    if (!host.tree || !guest.tree) {
      const which = !host.tree ? spec.host : spec.guest;
      notifications.push({ severity: 'warning', message: `${label}pair rules skipped: ${which} has errors that stop the build` });
      continue;
    }
    const qemu = spec.qemu !== undefined ? readInput(run.host, spec.qemu, (text) => parseQemuArgs(text, resolve(spec.qemu!))) : undefined;
    const kconfig = spec.kconfig !== undefined ? readInput(run.host, spec.kconfig, (text) => parseKconfig(text, resolve(spec.kconfig!))) : undefined;
    const cmdline = spec.cmdline !== undefined ? readSource(run.host, spec.cmdline) : undefined;
    const failed = [qemu, kconfig, cmdline].find((r): r is { error: string } => r !== undefined && 'error' in r);
    if (failed) {
      notifications.push({ severity: 'fatal', message: `${label}${failed.error}` });
      continue;
    }
    const hostTree = host.tree;
    const guestTree = guest.tree;
    const built = timed('pair model', () => buildPair({
      host: { file: spec.host, tree: hostTree, userFiles: userFilesOf(spec.host, host.files), graph: dependencyGraphOf(hostTree), split: splitContextOf(hostTree) },
      guest: { file: spec.guest, tree: guestTree, userFiles: userFilesOf(spec.guest, guest.files), graph: dependencyGraphOf(guestTree), split: splitContextOf(guestTree) },
      ...(qemu && 'value' in qemu ? { qemu: { file: resolve(spec.qemu!), args: qemu.value } } : {}),
      ...(kconfig && 'value' in kconfig ? { kconfig: kconfig.value } : {}),
      ...(cmdline && 'value' in cmdline ? { cmdline: cmdlineFromFile(cmdline.value) } : {}),
      ...(spec.pass ? { pass: spec.pass } : {}),
      ...(spec.domain !== undefined ? { domain: spec.domain } : {}),
      ...(options.platformBus ? { geometry: options.platformBus } : {}),
      sources: run.host,
    }));
    if (!built.ok) {
      notifications.push({ severity: 'fatal', message: `${label}${built.error}` });
      continue;
    }
    models.push(built.pair);
    for (const rule of pairRules) {
      const level = run.levels.get(rule.id) ?? 'off';
      if (level === 'off') continue;
      timed(`pair rule ${rule.id}`, () => runPairRule(rule, level, built.pair, raw, notifications, label));
    }
  }

  const { findings, bulk } = timed('finish findings', () => finalizeRun(raw, finishOptions(run, withPairInputs(options, pairs, run.userFiles))));
  return { findings, filesLinted: run.filesLinted, notifications, pairs: models, sources: run.host, ...(bulk ? { bulk } : {}) };
}

/**
 * A baseline that covers every file of the run covers the pairs' QEMU, kconfig and command-line
 * files too (pair rules report there), not only the DTS files.
 */
function withPairInputs(options: CheckOptions, pairs: readonly PairSpec[], userFiles: ReadonlySet<string>): CheckOptions {
  const bulk = options.bulkSuppressions;
  if (!bulk || (bulk.coverage !== undefined && bulk.coverage !== 'all')) return options;
  const inputs = pairs.flatMap((p) => [p.qemu, p.kconfig, p.cmdline]).filter((f): f is string => f !== undefined);
  return { ...options, bulkSuppressions: { ...bulk, coverage: new Set([...userFiles, ...inputs.map((f) => resolve(f))]) } };
}

/** Checks one pair (`dtlint check`). */
export function checkPair(spec: PairSpec, options: CheckOptions = {}): CheckResult {
  return checkPairs([spec], options);
}

function runPairRule(rule: Rule<'pair', Messages>, level: Level, pair: PairModel, out: Finding[], notifications: Notification[], label: string): void {
  const full = reporterFor(rule, level, out);
  const soft = reporterFor(rule, 'warning', out);
  const softIds = softMessagesOf(rule);
  // Every pair finding says what the user will see; a rule that names none gets its first symptom.
  const report = (d: AnyReport): void => {
    const withSymptom = d.symptom === undefined && rule.symptoms[0] !== undefined ? { ...d, symptom: rule.symptoms[0] } : d;
    (softIds.includes(d.messageId) ? soft : full)(withSymptom);
  };
  try {
    rule.check({ pair, ruleId: rule.id, report });
  } catch (e) {
    notifications.push({ severity: 'fatal', message: `${label}rule ${rule.id} failed: ${(e as Error).message}` });
  }
}

function readSource(host: LintOptions['host'] & object, path: string): { value: SourceFile } | { error: string } {
  const file = host.read(resolve(path));
  return file instanceof SourceFile ? { value: file } : { error: file.message };
}

function readInput<T>(host: LintOptions['host'] & object, path: string, parse: (text: string) => T): { value: T } | { error: string } {
  const file = host.read(resolve(path));
  if (!(file instanceof SourceFile)) return { error: file.message };
  return { value: parse(file.text) };
}
