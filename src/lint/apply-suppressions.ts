/** Drops the findings that inline suppressions cover, and reports the suppressions that covered nothing. */
import { resolve } from 'node:path';
import { SourceFile, type SourceHost } from '../dts/source.js';
import type { ConfiguredLevel, Finding } from './finding.js';
import { formatMessage } from './rule.js';
import { parseSuppressions, unusedSuppression, type Suppression } from './suppressions.js';

export interface SuppressionScope {
  host: SourceHost;
  /** Absolute paths of the user's files: only their suppressions can be unused. */
  userFiles: ReadonlySet<string>;
  levels: ReadonlyMap<string, ConfiguredLevel>;
}

interface Tracked extends Suppression {
  file: string;
  /** Rule ids (or `*` for every rule) that suppressed something. */
  used: Set<string>;
}

export function applySuppressions(
  findings: readonly Finding[],
  scope: SuppressionScope,
): { kept: Finding[]; unused: Finding[] } {
  const byFile = new Map<string, Tracked[]>();
  const suppressionsOf = (path: string): Tracked[] => {
    const key = resolve(path);
    let list = byFile.get(key);
    if (!list) {
      const file = scope.host.read(path);
      list = file instanceof SourceFile ? parseSuppressions(file).map((s) => ({ ...s, file: path, used: new Set<string>() })) : [];
      byFile.set(key, list);
    }
    return list;
  };

  const kept = findings.filter((f) => {
    let suppressed = false;
    for (const s of suppressionsOf(f.at.file)) {
      if (s.line !== f.at.line) continue;
      if (s.rules.length === 0) {
        s.used.add('*');
        suppressed = true;
      } else if (s.rules.some((r) => r.id === f.ruleId)) {
        s.used.add(f.ruleId);
        suppressed = true;
      }
    }
    return !suppressed;
  });

  const unused: Finding[] = [];
  const report = (messageId: keyof typeof unusedSuppression.messages, at: Finding['at'], data: Record<string, string | number>) =>
    unused.push({
      ruleId: unusedSuppression.id,
      level: unusedSuppression.level,
      message: formatMessage(unusedSuppression.messages[messageId], data),
      messageId,
      at,
      related: [],
    });
  for (const path of [...scope.userFiles].sort()) {
    for (const s of suppressionsOf(path)) {
      if (s.rules.length === 0) {
        if (!s.used.has('*')) report('unusedAll', s.at, { line: s.line });
        continue;
      }
      for (const r of s.rules) {
        const level = scope.levels.get(r.id);
        if (level === undefined) report('unknownRule', r.at, { rule: r.id });
        // A rule turned off cannot tell whether it would have fired: say nothing.
        else if (level !== 'off' && !s.used.has(r.id)) report('unused', r.at, { rule: r.id, line: s.line });
      }
    }
  }
  return { kept, unused };
}
