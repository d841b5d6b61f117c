/**
 * From a rule's reports to the findings a run returns: one `report` for every rule (source or pair),
 * then one finishing step (dedupe, inline suppressions, unused-suppression, order, fingerprints,
 * then bulk suppressions: baseline.ts).
 * The source engine uses both; the pair engine can use the same two.
 */
import { resolve } from 'node:path';
import { SourceFile, type SourceHost } from '../dts/source.js';
import { applySuppressions } from './apply-suppressions.js';
import { applyBulkSuppressions, type BulkSuppressions, type SuppressionCounts } from './baseline.js';
import { assignFingerprints } from './fingerprint.js';
import { sortFindings, type ConfiguredLevel, type Finding, type Level } from './finding.js';
import { formatMessage, type AnyReport, type AnyRule } from './rule.js';

/** The `report` a rule gets: each call adds one finding at `level` to `out`. */
export function reporterFor(rule: Pick<AnyRule, 'id' | 'messages'>, level: Level, out: Finding[]): (d: AnyReport) => void {
  return (d) => {
    const template = rule.messages[d.messageId];
    if (template === undefined) throw new Error(`rule ${rule.id} has no message ${d.messageId}`);
    const finding: Finding = {
      ruleId: rule.id,
      level,
      message: formatMessage(template, d.data),
      messageId: d.messageId,
      at: d.at,
      related: [...(d.related ?? []), ...macroDefinitions(d)],
    };
    if (d.chain) finding.chain = d.chain;
    if (d.subject !== undefined) finding.subject = d.subject;
    if (d.symptom !== undefined) finding.symptom = d.symptom;
    out.push(finding);
  };
}

/** Text from a macro points at its use; each macro's definition becomes a related location. */
function macroDefinitions(d: AnyReport): Finding['related'] {
  return (d.at.expansion ?? []).map((m) => ({ message: `macro ${m.macro} is defined here`, at: m.definedAt }));
}

export interface FinalizeOptions {
  host: SourceHost;
  /** Absolute paths of the user's files: their unused suppressions are reported. */
  userFiles: ReadonlySet<string>;
  levels: ReadonlyMap<string, ConfiguredLevel>;
  /** Fingerprints hash paths relative to this dir. */
  root: string;
  /** Set each finding's fingerprint (default true). */
  fingerprints?: boolean;
  /** A baseline (`dtlint-suppressions.json`): applied last; coverage `all` means the user's files. */
  bulk?: BulkSuppressions;
}

/** What a baseline did to a run. */
export interface BulkOutcome {
  /** The findings it suppressed (fingerprinted, in order). */
  suppressed: Finding[];
  /** The counts no finding used, in the files the run covered. */
  unused: SuppressionCounts;
  /** The files the run covered (absolute paths): only their counts can be unused or shrink. */
  coverage: ReadonlySet<string>;
}

export function finalizeFindings(raw: readonly Finding[], options: FinalizeOptions): Finding[] {
  return finalizeRun(raw, options).findings;
}

export function finalizeRun(raw: readonly Finding[], options: FinalizeOptions): { findings: Finding[]; bulk?: BulkOutcome } {
  const { kept, unused } = applySuppressions(dedupe(raw), options);
  const unusedLevel = options.levels.get('unused-suppression') ?? 'off';
  if (unusedLevel !== 'off') for (const f of unused) kept.push({ ...f, level: unusedLevel });
  const findings = sortFindings(kept);
  if (options.fingerprints !== false) assignFingerprints(findings, { root: options.root, lineText: (path, line) => lineText(options.host, path, line) });
  if (!options.bulk) return { findings };
  // After the fingerprints: a finding's fingerprint does not depend on what the baseline hides.
  const coverage = options.bulk.coverage === undefined || options.bulk.coverage === 'all' ? options.userFiles : options.bulk.coverage;
  const bulk = applyBulkSuppressions(findings, { ...options.bulk, coverage });
  return { findings: bulk.kept, bulk: { suppressed: bulk.suppressed, unused: bulk.unused, coverage } };
}

/**
 * The same problem found through two linted files (a shared .dtsi or header) is reported once,
 * naming every file it was found through; a finding found only through its own file names none.
 */
function dedupe(findings: readonly Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  const boards = new Map<Finding, Set<string>>();
  for (const f of findings) {
    const key = JSON.stringify([f.ruleId, resolve(f.at.file), f.at.line, f.at.column, f.at.endLine, f.at.endColumn, f.message]);
    let kept = byKey.get(key);
    if (kept === undefined) {
      kept = { ...f };
      delete kept.foundThrough;
      byKey.set(key, kept);
      boards.set(kept, new Set());
    }
    const through = boards.get(kept)!;
    for (const b of f.foundThrough ?? []) through.add(b);
  }
  for (const [f, through] of boards) {
    const list = [...through].sort();
    if (list.length > 1 || (list.length === 1 && list[0] !== resolve(f.at.file))) f.foundThrough = list;
  }
  return [...byKey.values()];
}

function lineText(host: SourceHost, path: string, line: number): string | undefined {
  const file = host.read(path);
  if (!(file instanceof SourceFile)) return undefined;
  const start = file.lineStarts[line - 1];
  if (start === undefined) return undefined;
  const next = file.lineStarts[line];
  return file.text.slice(start, next === undefined ? undefined : next - 1);
}
