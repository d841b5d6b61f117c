/**
 * The lint engine: compile each file, run the enabled source rules, apply levels and inline
 * suppressions, fingerprint and sort. Everything that goes wrong is a value in the result; the CLI
 * picks the exit code with `exitCodeFor`.
 */
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../dts/diagnostic.js';
import { includePathsFor } from '../dts/include-dirs.js';
import { SourceHost } from '../dts/source.js';
import type { Tree } from '../dts/tree.js';
import type { BulkSuppressions } from './baseline.js';
import { finalizeRun, reporterFor, type BulkOutcome, type FinalizeOptions } from './collect.js';
import type { ConfiguredLevel, Finding, Level } from './finding.js';
import { resolveLevels, type LevelOverrides } from './levels.js';
import { softMessagesOf, type AnyRule, type DtcWarningSet, type Messages, type Rule, type SourceInput } from './rule.js';
import { timed } from './timing.js';
import type { ResultStore, StoredBoard } from './result-store.js';
import { projectRoot, userFilesOf } from './user-files.js';

/** The front end's answer for one file (src/dts's CompileResult, structurally). */
export interface FrontEndResult {
  tree?: Tree;
  diagnostics: Diagnostic[];
  files: string[];
  /** The input itself cannot be read. */
  fatal?: string;
}

export interface FrontEndOptions {
  includeDirs?: string[];
  host?: SourceHost;
  autoIncludeDirs?: boolean;
}

export type CompileFn = (file: string, options: FrontEndOptions) => FrontEndResult;

/** What the engine takes from the config file (src/config's DtlintConfig fits). */
export interface LintConfig {
  /** Directory of the config file: fingerprints are relative to it. */
  root?: string;
  include?: readonly string[];
  rules?: LevelOverrides;
  dtcWarnings?: DtcWarningSet;
}

export interface LintOptions {
  /** The front end; src/lint/index.ts passes compileDts. */
  compile: CompileFn;
  /** Every rule known (rules/index.ts); only `source` rules run here. */
  registry: readonly AnyRule[];
  /** `--rule ID=LEVEL`, over the config's levels. */
  rules?: LevelOverrides;
  /** `-I` dirs, before the config's. */
  includeDirs?: readonly string[];
  host?: SourceHost;
  config?: LintConfig;
  /** Root for fingerprints when there is no config; default the working dir. */
  cwd?: string;
  /**
   * Give each finding its `fingerprint` (default true). A caller whose report does not show them
   * (the CLI's stylish output) can skip the hashing, a measurable part of a short run (docs/performance.md).
   */
  fingerprints?: boolean;
  /** A baseline (`dtlint-suppressions.json`), applied after inline suppressions (baseline.ts). */
  bulkSuppressions?: BulkSuppressions;
  /**
   * Each board's findings kept between runs (result-store.ts): a board whose files are as they
   * were is not compiled again. Only for dtlint's own front end and rules (the CLI's).
   */
  results?: ResultStore;
}

/** Something that went wrong with the run rather than with the input: the CLI prints it and exits 2. */
export interface Notification {
  severity: 'fatal' | 'warning';
  message: string;
  file?: string;
}

export interface LintResult {
  findings: Finding[];
  /** Files that were compiled and linted. */
  filesLinted: string[];
  notifications: Notification[];
  /** The files as the run read them: a report's code frames show the text that was linted. */
  sources?: SourceHost;
  /** What the baseline suppressed and which of its counts went unused (with `bulkSuppressions`). */
  bulk?: BulkOutcome;
}

/** The rule a front-end error is reported under when no rule has its code: it still stops the build. */
const FALLBACK_RULE = 'syntax-error';

export function lint(files: readonly string[], options: LintOptions): LintResult {
  const run = runSourceRules(files, options);
  const { findings, bulk } = finalizeRun(run.raw, finishOptions(run, options));
  return { findings, filesLinted: run.filesLinted, notifications: run.notifications, sources: run.host, ...(bulk ? { bulk } : {}) };
}

/** The finishing step's options for a run (lint and the pair engine). */
export function finishOptions(run: SourceRun, options: Pick<LintOptions, 'fingerprints' | 'bulkSuppressions'>): FinalizeOptions {
  return {
    host: run.host,
    userFiles: run.userFiles,
    levels: run.levels,
    root: run.root,
    fingerprints: options.fingerprints !== false,
    ...(options.bulkSuppressions ? { bulk: options.bulkSuppressions } : {}),
  };
}

/** The source-rule half of a run, before the finishing step: what the pair engine builds on. */
export interface SourceRun {
  /** Findings as the rules reported them (not yet suppressed, sorted or fingerprinted). */
  raw: Finding[];
  filesLinted: string[];
  notifications: Notification[];
  /** Absolute paths of the user's files (their unused suppressions are reported). */
  userFiles: Set<string>;
  levels: Map<string, ConfiguredLevel>;
  host: SourceHost;
  /** Fingerprint root. */
  root: string;
  /**
   * The front end's answer for each file the caller asked to keep (`keep`), so that it need not
   * compile twice. Nothing else of a file's compile outlives its rules: a run over a whole tree
   * holds one board's trees at a time, not every board's.
   */
  compiled: Map<string, FrontEndResult>;
}

/** What runSourceRules keeps of each file's compile besides its findings. */
export interface SourceRunOptions {
  /** Files whose front-end answer (trees) the caller needs afterwards (the pair engine's hosts and guests). */
  keep?: ReadonlySet<string>;
}

/** The extra include dirs of a run: `-I` dirs, then the config's (the one place they are merged). */
export function includeDirsOf(options: { includeDirs?: readonly string[]; config?: { include?: readonly string[] } }): string[] {
  return [...(options.includeDirs ?? []), ...(options.config?.include ?? [])];
}

/** Compiles each file and runs the enabled source rules; `finalizeFindings` finishes the run. */
export function runSourceRules(files: readonly string[], options: LintOptions, run: SourceRunOptions = {}): SourceRun {
  const host = options.host ?? new SourceHost();
  const { levels, unknown } = resolveLevels(options.registry, options.config?.rules, options.rules);
  const explicitlyOn = new Set<string>();
  for (const layer of [options.config?.rules, options.rules]) for (const [id, level] of Object.entries(layer ?? {})) if (level === 'off') explicitlyOn.delete(id); else explicitlyOn.add(id);
  const notifications: Notification[] = unknown.map((id) => ({ severity: 'fatal', message: `unknown rule ${id}` }));
  const includeDirs = includeDirsOf(options);
  const ruleIds = new Set(options.registry.map((r) => r.id));
  const sourceRules = options.registry.filter((r): r is Rule<'source', Messages> => r.scope === 'source');

  const raw: Finding[] = [];
  const filesLinted: string[] = [];
  const userFiles = new Set<string>();
  const compiled = new Map<string, FrontEndResult>();
  const seen = new Set<string>();
  const store = options.results;
  const settings = store ? runSettings(levels, explicitlyOn, options.config?.dtcWarnings ?? 'kernel', includeDirs) : '';
  const roots = new Map<string, string>();
  const takeKept = (file: string, kept: StoredBoard): void => {
    filesLinted.push(file);
    for (const f of kept.userFiles) userFiles.add(f);
    for (const f of kept.raw) raw.push(f);
  };
  // A board whose kept findings still hold (result-store.ts) is not compiled again, or, when the
  // caller needs its trees (the pair engine), compiled without running its rules.
  const plan: ({ file: string; key: string | undefined; kept: StoredBoard | undefined } | undefined)[] = [];
  for (const file of files) {
    if (seen.has(file)) continue;
    seen.add(file);
    const key = store ? boardKey(file, settings, includeDirs, roots) : undefined;
    plan.push({ file, key, kept: key !== undefined ? timed(`results ${file}`, () => store!.load(key)) : undefined });
  }
  const compiles = plan.filter((p) => !p!.kept || run.keep?.has(p!.file)).map((p) => p!.file);
  // The front end's share within the run (src/dts/store/prefix-share.ts) keeps what boards' #include
  // lines give only for lines a later board shares: it is told which boards it compiles.
  if (compiles.length > 1) host.stores.share?.expect(compiles, host);
  for (let at = 0; at < plan.length; at++) {
    const { file, key, kept } = plan[at]!;
    // Each board's kept findings are let go of once taken (a run of many boards holds them once).
    plan[at] = undefined;
    if (kept && !run.keep?.has(file)) {
      takeKept(file, kept);
      continue;
    }
    const recording = key !== undefined && kept === undefined;
    if (recording) host.record();
    const result = timed(`compile ${file}`, () => compileSafely(options.compile, file, { includeDirs, host, autoIncludeDirs: true }));
    if (run.keep?.has(file)) compiled.set(file, result);
    if (result.fatal !== undefined) {
      if (recording) host.endRecord();
      notifications.push({ severity: 'fatal', message: result.fatal, file });
      continue;
    }
    if (kept) {
      takeKept(file, kept);
      host.trim();
      continue;
    }
    filesLinted.push(file);
    const input: SourceInput = {
      file,
      tree: result.tree,
      diagnostics: result.diagnostics.map((d) => claimDiagnostic(d, ruleIds)),
      files: result.files.length > 0 ? result.files : [file],
      userFiles: userFilesOf(file, result.files),
      sources: host,
      dtcWarnings: options.config?.dtcWarnings ?? 'kernel',
      explicitlyOn,
    };
    input.userFiles.forEach((f) => userFiles.add(resolve(f)));
    const first = raw.length;
    const failures = notifications.length;
    for (const rule of sourceRules) {
      const level = levels.get(rule.id) ?? 'off';
      if (level === 'off' || (rule.requiresTree && !input.tree)) continue;
      timed(`rule ${rule.id}`, () => runRule(rule, level, input, raw, notifications));
    }
    // The board each finding came through: the finishing step merges them (collect.ts).
    const board = resolve(file);
    for (let i = first; i < raw.length; i++) raw[i]!.foundThrough = [board];
    if (recording) {
      const journal = host.endRecord();
      // A rule that failed is no result to keep.
      if (notifications.length === failures) timed(`results ${file}`, () => store!.save(key, journal, { raw: raw.slice(first), userFiles: input.userFiles.map((f) => resolve(f)) }));
    }
    // The board is done: the host may forget the files no recent board read (source.ts).
    host.trim();
  }

  const root = options.config?.root ?? options.cwd ?? process.cwd();
  return { raw, filesLinted, notifications, userFiles, levels, host, root, compiled };
}

/** What a run's findings depend on besides the files: its levels, dtc warning set, -I dirs and working dir. */
function runSettings(levels: ReadonlyMap<string, ConfiguredLevel>, explicitlyOn: ReadonlySet<string>, dtcWarnings: DtcWarningSet, includeDirs: readonly string[]): string {
  return JSON.stringify([[...levels].sort(), [...explicitlyOn].sort(), dtcWarnings, includeDirs, process.cwd()]);
}

/**
 * The key of a board's kept results: the run's settings, the board as named and as an absolute
 * path, its include dirs (they depend on where it lies: a kernel tree's) and its project root
 * (which of the files it reads are the user's).
 */
function boardKey(file: string, settings: string, includeDirs: readonly string[], roots: Map<string, string>): string {
  const dir = dirname(resolve(file));
  let root = roots.get(dir);
  if (root === undefined) roots.set(dir, (root = projectRoot(dir)));
  return JSON.stringify([settings, file, resolve(file), includePathsFor(file, includeDirs, true), root]);
}

/** A front-end crash is a failed run for that file (exit 2), not an exception out of the library. */
function compileSafely(compile: CompileFn, file: string, options: FrontEndOptions): FrontEndResult {
  try {
    return compile(file, options);
  } catch (e) {
    return { diagnostics: [], files: [], fatal: `${file}: internal error in the front end: ${(e as Error).message}` };
  }
}

/** A diagnostic whose code names no rule: an error is still reported (as a syntax error), a warning is dropped. */
function claimDiagnostic(d: Diagnostic, ruleIds: ReadonlySet<string>): Diagnostic {
  if (ruleIds.has(d.code) || d.severity !== 'error') return d;
  return { ...d, code: FALLBACK_RULE };
}

function runRule(
  rule: Rule<'source', Messages>,
  level: Level,
  input: SourceInput,
  out: Finding[],
  notifications: Notification[],
): void {
  const full = reporterFor(rule, level, out);
  const soft = reporterFor(rule, 'warning', out);
  const softIds = softMessagesOf(rule);
  try {
    rule.check({ ...input, ruleId: rule.id, report: (d) => (softIds.includes(d.messageId) ? soft : full)(d) });
  } catch (e) {
    // A rule bug must not pass for a clean file: the run fails, naming the rule and the file.
    notifications.push({ severity: 'fatal', message: `rule ${rule.id} failed: ${(e as Error).message}`, file: input.file });
  }
}
