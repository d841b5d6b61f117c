/**
 * What the engine hands to reporters: one problem, at one place in the user's files, under one rule.
 */
import type { RelatedLocation } from '../dts/diagnostic.js';
import type { Location } from '../dts/location.js';

export type { RelatedLocation };

export type Level = 'error' | 'warning';
/** A level as configured: `off` turns the rule off. */
export type ConfiguredLevel = Level | 'off';

export const CONFIGURED_LEVELS: readonly ConfiguredLevel[] = ['off', 'warning', 'error'];

export interface Finding {
  ruleId: string;
  level: Level;
  message: string;
  messageId: string;
  at: Location;
  related: RelatedLocation[];
  /** A dependency chain that explains the finding (fec1 → clocks → enet0_lpcg). */
  chain?: Location[];
  /** `dtlintFingerprint/v1`: stable across line shifts (see fingerprint.ts). */
  fingerprint?: string;
  /** What the user sees at run time (passthrough rules). */
  symptom?: string;
  /** The node path and property the finding is about, `/soc/bus@5b000000/ethernet@5b040000:iommus`. */
  subject?: string;
  /**
   * The linted files (absolute, sorted) through which the finding was found, when that says more
   * than its own file: a finding in a shared `.dtsi` or header found through several boards is one
   * finding that names them all.
   */
  foundThrough?: string[];
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The one order findings come out in: file, line, column, rule, message (then the rest, for ties). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.at.file, b.at.file) ||
    a.at.line - b.at.line ||
    a.at.column - b.at.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message) ||
    a.at.endLine - b.at.endLine ||
    a.at.endColumn - b.at.endColumn ||
    compareStrings(a.fingerprint ?? '', b.fingerprint ?? '')
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}
