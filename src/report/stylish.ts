/**
 * `stylish`: ESLint's default look. Findings grouped by file, one aligned row each
 * (`line:col  level  message  rule-id`), notes for related places, a code frame of the finding's
 * first lines, and a summary line. Without colour, no escape codes at all.
 */
import { Chalk, type ColorSupportLevel } from 'chalk';
import type { Location } from '../dts/location.js';
import { readFileSync } from 'node:fs';
import { sortFindings, type Finding } from '../lint/finding.js';
import { codeFrame, lineStarts } from './code-frame.js';
import { NO_PAINT, type Paint } from './paint.js';
import { displayPath } from './paths.js';
import { plural, printable } from '../dts/message-text.js';

export interface StylishOptions {
  /** Colour on (basic colours), off, or a chalk level chosen by the caller (see resolveColorLevel). */
  color: boolean | ColorSupportLevel;
  /** Paths are shown relative to this dir. */
  cwd: string;
  /** Source text for code frames; default reads the file (latin1, as the front end does). */
  readSource?: (file: string) => string | undefined;
  /** Show code frames (default true). */
  frames?: boolean;
  /**
   * Columns of the terminal (default 80). Messages are padded so rule ids line up only among rows
   * that fit: a long message is never padded out to the longest one's width.
   */
  width?: number;
}

export function formatStylish(findings: readonly Finding[], options: StylishOptions): string {
  if (findings.length === 0) return '';
  const level: ColorSupportLevel = options.color === true ? 1 : options.color === false ? 0 : options.color;
  const chalk: Paint = level === 0 ? NO_PAINT : new Chalk({ level });
  const readSource = options.readSource ?? readLatin1;
  const where = (at: Location): string => `${displayPath(options.cwd, at.file)}${at.nodePath !== undefined ? ` ${positionOf(at)}` : `:${positionOf(at)}`}`;

  const groups = new Map<string, Finding[]>();
  for (const f of sortFindings(findings)) {
    const group = groups.get(f.at.file);
    if (group) group.push(f);
    else groups.set(f.at.file, [f]);
  }
  const width = options.width ?? 80;

  const out: string[] = [];
  for (const [file, group] of groups) {
    out.push(chalk.underline(displayPath(options.cwd, file)));
    // Loops, not Math.max(...group): a file can have more findings than a call takes arguments.
    let posWidth = 0;
    let levelWidth = 0;
    for (const f of group) {
      posWidth = Math.max(posWidth, positionOf(f.at).length);
      levelWidth = Math.max(levelWidth, f.level.length);
    }
    // Pad to the longest message among the rows that fit the terminal; longer rows go unpadded.
    const rowWidth = (f: Finding, message: number): number => 2 + posWidth + 2 + levelWidth + 2 + message + 2 + f.ruleId.length;
    let messageWidth = 0;
    for (const f of group) if (rowWidth(f, f.message.length) <= width) messageWidth = Math.max(messageWidth, f.message.length);
    const text = options.frames === false ? undefined : readSource(file);
    let starts: number[] | undefined;
    for (const f of group) {
      const pos = positionOf(f.at).padEnd(posWidth);
      const lvl = f.level.padEnd(levelWidth);
      const colored = f.level === 'error' ? chalk.red(lvl) : chalk.yellow(lvl);
      const shownMessage = printable(f.message);
      const message = rowWidth(f, messageWidth) <= width ? shownMessage.padEnd(messageWidth) : shownMessage;
      out.push(`  ${chalk.dim(pos)}  ${colored}  ${message}  ${chalk.dim(f.ruleId)}`);
      for (const r of f.related) out.push(`    ${chalk.dim('note:')} ${where(r.at)}: ${r.message}`);
      if (f.foundThrough) out.push(`    ${chalk.dim('found through:')} ${namesList(f.foundThrough.map((b) => displayPath(options.cwd, b)))}`);
      if (f.chain && f.chain.length > 0) out.push(`    ${chalk.dim('chain:')} ${f.chain.map(where).join(' -> ')}`);
      if (f.symptom) out.push(`    ${chalk.dim('symptom:')} ${f.symptom}`);
      const frame = text === undefined ? '' : codeFrame(text, f.at, chalk, { starts: (starts ??= lineStarts(text)) });
      if (frame) out.push(frame.replace(/^/gm, '    '));
    }
    out.push('');
  }

  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.length - errors;
  const summary = `\u2716 ${findings.length} ${plural('problem', findings.length)} (${errors} ${plural('error', errors)}, ${warnings} ${plural('warning', warnings)})`;
  out.push(errors > 0 ? chalk.red.bold(summary) : chalk.yellow.bold(summary));
  return out.join('\n') + '\n';
}

/** `a.dts`, `a.dts and b.dts`, `a.dts, b.dts and c.dts`, `a.dts, b.dts and 3 more`. */
export function namesList(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  if (names.length <= 3) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
}

/**
 * `line:col`; in a DTB (no lines), the node path and property and the byte offset:
 * `/soc/ethernet@5b040000:iommus @0x1a4` (`@0x10` alone for the header).
 */
function positionOf(at: Location): string {
  if (at.nodePath === undefined) return `${at.line}:${at.column}`;
  const offset = `@0x${(at.column - 1).toString(16)}`;
  return at.nodePath === '' ? offset : `${at.nodePath} ${offset}`;
}

/** A library caller's default: the file as the front end reads it (latin1), read when a frame needs it. */
function readLatin1(file: string): string | undefined {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return undefined;
  }
}
