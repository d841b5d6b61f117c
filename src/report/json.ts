/**
 * `json`: a stable, flat array of findings (docs/json-format.md). Keys always come in the same
 * order and findings in the engine's order, so the same input gives byte-identical output.
 */
import type { Location } from '../dts/location.js';
import { sortFindings, type Finding, type Level } from '../lint/finding.js';
import { displayPath } from './paths.js';

export interface JsonRange {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** In a DTB: the node path (`:property` for a property); line is 1 and columns count bytes from 1. */
  nodePath?: string;
}

export interface JsonRelated extends JsonRange {
  message: string;
}

export interface JsonFinding extends JsonRange {
  ruleId: string;
  level: Level;
  message: string;
  messageId: string;
  related: JsonRelated[];
  chain?: JsonRange[];
  fingerprint: string;
  symptom?: string;
  /** The boards (linted files) a finding in a shared file was found through. */
  foundThrough?: string[];
}

export interface JsonOptions {
  /** `file` is relative to this dir (absolute when outside it). */
  cwd: string;
}

export function toJsonFindings(findings: readonly Finding[], options: JsonOptions): JsonFinding[] {
  const range = (at: Location): JsonRange => ({
    file: displayPath(options.cwd, at.file),
    line: at.line,
    column: at.column,
    endLine: at.endLine,
    endColumn: at.endColumn,
    ...(at.nodePath !== undefined ? { nodePath: at.nodePath } : {}),
  });
  return sortFindings(findings).map((f) => {
    const { file, line, column, endLine, endColumn, nodePath } = range(f.at);
    const out: JsonFinding = {
      ruleId: f.ruleId,
      level: f.level,
      message: f.message,
      messageId: f.messageId,
      file,
      line,
      column,
      endLine,
      endColumn,
      ...(nodePath !== undefined ? { nodePath } : {}),
      related: f.related.map((r) => ({ message: r.message, ...range(r.at) })),
      ...(f.chain ? { chain: f.chain.map(range) } : {}),
      fingerprint: f.fingerprint ?? '',
      ...(f.symptom !== undefined ? { symptom: f.symptom } : {}),
      ...(f.foundThrough ? { foundThrough: f.foundThrough.map((b) => displayPath(options.cwd, b)) } : {}),
    };
    return out;
  });
}

export function formatJson(findings: readonly Finding[], options: JsonOptions): string {
  return JSON.stringify(toJsonFindings(findings, options), null, 2) + '\n';
}
