/**
 * Inline suppressions: `/* dtlint-disable-next-line RULE[, RULE] *\/` and `// dtlint-disable-line RULE`
 * (either comment style works with either form; no rule means every rule; ` -- why` adds a reason),
 * and ESLint's block form: `/* dtlint-disable RULE *\/` up to `/* dtlint-enable RULE *\/` (or the end
 * of the file; `dtlint-enable` without rules ends every open block).
 * A suppression that suppresses nothing is itself reported, as `unused-suppression`, and so is a
 * `dtlint-enable` that ends no block.
 */
import type { Location } from '../dts/location.js';
import { identityOrigins } from '../dts/origin.js';
import type { SourceFile } from '../dts/source.js';
import { scanComments } from './comments.js';
import { defineRule } from './rule.js';

export interface Suppression {
  /** The line whose findings it suppresses (a block: the line it starts on). */
  line: number;
  /**
   * A block (`dtlint-disable`): findings that start after the comment and before `until` (the
   * `dtlint-enable` comment, or the end of the file when undefined).
   */
  block?: { until?: Location };
  /** Rule ids named, with where each is written; empty means every rule. */
  rules: { id: string; at: Location }[];
  /** The whole comment. */
  at: Location;
}

const DIRECTIVE = /^(\s*)dtlint-(disable-next-line|disable-line|disable|enable)(?=\s|$)/;

/** A `dtlint-enable` that ends no `dtlint-disable` block. */
export interface StrayEnable {
  rules: Suppression['rules'];
  at: Location;
}

/** The suppressions written in a file's raw text. */
export function parseSuppressions(file: SourceFile): Suppression[] {
  return parseDirectives(file).suppressions;
}

export function parseDirectives(file: SourceFile): { suppressions: Suppression[]; strayEnables: StrayEnable[] } {
  const found: Suppression[] = [];
  const strayEnables: StrayEnable[] = [];
  /** Blocks not yet ended, in the order they were opened. */
  const open: Suppression[] = [];
  const origins = identityOrigins(file);
  for (const comment of scanComments(file.text)) {
    const m = DIRECTIVE.exec(comment.body);
    if (!m) continue;
    const at = origins.locate(comment.start, comment.end);
    const listStart = m[0].length;
    const reason = comment.body.indexOf(' --', listStart);
    const list = comment.body.slice(listStart, reason === -1 ? undefined : reason);
    const rules: Suppression['rules'] = [];
    for (const token of list.matchAll(/[^\s,]+/g)) {
      const offset = comment.bodyStart + listStart + token.index;
      rules.push({ id: token[0], at: origins.locate(offset, offset + token[0].length) });
    }
    const kind = m[2]!;
    if (kind === 'enable') {
      // Ends the open blocks it names (every open block when it names no rule); a block of
      // several rules ends when this names any of them.
      const ids = new Set(rules.map((r) => r.id));
      let ended = 0;
      for (let i = open.length - 1; i >= 0; i--) {
        const b = open[i]!;
        if (ids.size > 0 && (b.rules.length === 0 || !b.rules.some((r) => ids.has(r.id)))) continue;
        b.block = { until: at };
        open.splice(i, 1);
        ended++;
      }
      if (ended === 0) strayEnables.push({ rules, at });
      continue;
    }
    const line = kind === 'disable-line' ? at.line : kind === 'disable' ? at.line : at.endLine + 1;
    const s: Suppression = { line, rules, at };
    if (kind === 'disable') {
      s.block = {};
      open.push(s);
    }
    found.push(s);
  }
  return { suppressions: found, strayEnables };
}

/** True when a finding at `f` lies in what `s` covers. */
export function covers(s: Suppression, f: Location): boolean {
  if (!s.block) return s.line === f.line;
  const after = f.line > s.at.endLine || (f.line === s.at.endLine && f.column >= s.at.endColumn);
  const until = s.block.until;
  const before = until === undefined || f.line < until.line || (f.line === until.line && f.column < until.column);
  return after && before;
}

export const unusedSuppression = defineRule({
  id: 'unused-suppression',
  level: 'warning',
  scope: 'source',
  requiresTree: false,
  summary: 'A `dtlint-disable` comment suppresses nothing, or names an unknown rule',
  messages: {
    unused: 'suppression of {{rule}} suppresses nothing on line {{line}}: remove it',
    unusedAll: 'suppression suppresses nothing on line {{line}}: remove it',
    unusedBlock: 'dtlint-disable of {{rule}} suppresses nothing {{range}}: remove it',
    unusedAllBlock: 'dtlint-disable suppresses nothing {{range}}: remove it',
    strayEnable: 'dtlint-enable{{rules}} ends no dtlint-disable block: remove it, or add the dtlint-disable it was meant to end',
    unknownRule: 'suppression names {{rule}}, which is not a dtlint rule',
  },
  // The engine reports this rule itself, once every other rule has run.
  check() {},
});
