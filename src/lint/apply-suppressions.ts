/** Drops the findings that inline suppressions cover, and reports the suppressions that covered nothing. */
import { resolve } from 'node:path';
import { SourceFile, type SourceHost } from '../dts/source.js';
import type { ConfiguredLevel, Finding } from './finding.js';
import { formatMessage } from './rule.js';
import { covers, parseDirectives, unusedSuppression, type StrayEnable, type Suppression } from './suppressions.js';

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
  const strays = new Map<string, StrayEnable[]>();
  const suppressionsOf = (path: string): Tracked[] => {
    const key = resolve(path);
    let list = byFile.get(key);
    if (!list) {
      const file = scope.host.read(path);
      const parsed = file instanceof SourceFile ? parseDirectives(file) : { suppressions: [], strayEnables: [] };
      list = parsed.suppressions.map((s) => ({ ...s, file: path, used: new Set<string>() }));
      byFile.set(key, list);
      strays.set(key, parsed.strayEnables);
    }
    return list;
  };

  const kept = findings.filter((f) => {
    let suppressed = false;
    for (const s of suppressionsOf(f.at.file)) {
      if (!covers(s, f.at)) continue;
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
      level: unusedSuppression.level === 'error' ? 'error' : 'warning',
      message: formatMessage(unusedSuppression.messages[messageId], data),
      messageId,
      at,
      related: [],
    });
  for (const path of [...scope.userFiles].sort()) {
    for (const s of suppressionsOf(path)) {
      const range = s.block ? (s.block.until ? `from line ${s.at.endLine} to line ${s.block.until.line}` : `from line ${s.at.endLine} to the end of the file`) : '';
      if (s.rules.length === 0) {
        if (!s.used.has('*')) {
          if (s.block) report('unusedAllBlock', s.at, { range });
          else report('unusedAll', s.at, { line: s.line });
        }
        continue;
      }
      for (const r of s.rules) {
        const level = scope.levels.get(r.id);
        if (level === undefined) report('unknownRule', r.at, { rule: r.id });
        // A rule turned off cannot tell whether it would have fired: say nothing.
        else if (level !== 'off' && !s.used.has(r.id)) {
          if (s.block) report('unusedBlock', r.at, { rule: r.id, range });
          else report('unused', r.at, { rule: r.id, line: s.line });
        }
      }
    }
    for (const e of strays.get(resolve(path)) ?? []) {
      report('strayEnable', e.at, { rules: e.rules.length > 0 ? ` ${e.rules.map((r) => r.id).join(', ')}` : '' });
      for (const r of e.rules) if (!scope.levels.has(r.id)) report('unknownRule', r.at, { rule: r.id });
    }
  }
  return { kept, unused };
}
