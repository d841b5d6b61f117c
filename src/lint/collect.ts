/**
 * From a rule's reports to the findings a run returns: one `report` for every rule (source or pair),
 * then one finishing step (dedupe, inline suppressions, unused-suppression, order, fingerprints).
 * The source engine uses both; the pair engine can use the same two.
 */
import { SourceFile, type SourceHost } from '../dts/source.js';
import { applySuppressions } from './apply-suppressions.js';
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
}

export function finalizeFindings(raw: readonly Finding[], options: FinalizeOptions): Finding[] {
  const { kept, unused } = applySuppressions(dedupe(raw), options);
  const unusedLevel = options.levels.get('unused-suppression') ?? 'off';
  if (unusedLevel !== 'off') for (const f of unused) kept.push({ ...f, level: unusedLevel });
  const findings = sortFindings(kept);
  if (options.fingerprints !== false) assignFingerprints(findings, { root: options.root, lineText: (path, line) => lineText(options.host, path, line) });
  return findings;
}

/** The same problem found through two linted files (a shared .dtsi) is reported once. */
function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify([f.ruleId, f.at.file, f.at.line, f.at.column, f.at.endLine, f.at.endColumn, f.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function lineText(host: SourceHost, path: string, line: number): string | undefined {
  const file = host.read(path);
  if (!(file instanceof SourceFile)) return undefined;
  const start = file.lineStarts[line - 1];
  if (start === undefined) return undefined;
  const next = file.lineStarts[line];
  return file.text.slice(start, next === undefined ? undefined : next - 1);
}
