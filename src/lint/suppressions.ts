/**
 * Inline suppressions: `/* dtlint-disable-next-line RULE[, RULE] *\/` and `// dtlint-disable-line RULE`
 * (either comment style works with either form; no rule means every rule; ` -- why` adds a reason).
 * A suppression that suppresses nothing is itself reported, as `unused-suppression`.
 */
import type { Location } from '../dts/location.js';
import { identityOrigins } from '../dts/origin.js';
import type { SourceFile } from '../dts/source.js';
import { scanComments } from './comments.js';
import { defineRule } from './rule.js';

export interface Suppression {
  /** The line whose findings it suppresses. */
  line: number;
  /** Rule ids named, with where each is written; empty means every rule. */
  rules: { id: string; at: Location }[];
  /** The whole comment. */
  at: Location;
}

const DIRECTIVE = /^(\s*)dtlint-disable-(next-line|line)(?=\s|$)/;

/** The suppressions written in a file's raw text. */
export function parseSuppressions(file: SourceFile): Suppression[] {
  const found: Suppression[] = [];
  const origins = identityOrigins(file);
  for (const comment of scanComments(file.text)) {
    const m = DIRECTIVE.exec(comment.body);
    if (!m) continue;
    const at = origins.locate(comment.start, comment.end);
    const line = m[2] === 'line' ? at.line : at.endLine + 1;
    const listStart = m[0].length;
    const reason = comment.body.indexOf(' --', listStart);
    const list = comment.body.slice(listStart, reason === -1 ? undefined : reason);
    const rules: Suppression['rules'] = [];
    for (const token of list.matchAll(/[^\s,]+/g)) {
      const offset = comment.bodyStart + listStart + token.index;
      rules.push({ id: token[0], at: origins.locate(offset, offset + token[0].length) });
    }
    found.push({ line, rules, at });
  }
  return found;
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
    unknownRule: 'suppression names {{rule}}, which is not a dtlint rule',
  },
  // The engine reports this rule itself, once every other rule has run.
  check() {},
});
