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
  /** The rule ids it names, for a lookup per finding (a line may name thousands). */
  ids: Set<string>;
  /** Rule ids (or `*` for every rule) that suppressed something. */
  used: Set<string>;
}

interface FileSuppressions {
  list: Tracked[];
  /** By the line they cover: a finding looks at its own line only. */
  byLine: Map<number, Tracked[]>;
}

export function applySuppressions(
  findings: readonly Finding[],
  scope: SuppressionScope,
): { kept: Finding[]; unused: Finding[] } {
  const byFile = new Map<string, FileSuppressions>();
  const suppressionsOf = (path: string): FileSuppressions => {
    const key = resolve(path);
    let entry = byFile.get(key);
    if (!entry) {
      const file = scope.host.read(path);
      const list: Tracked[] = file instanceof SourceFile
        ? parseSuppressions(file).map((s) => ({ ...s, file: path, ids: new Set(s.rules.map((r) => r.id)), used: new Set<string>() }))
        : [];
      const byLine = new Map<number, Tracked[]>();
      for (const s of list) {
        const same = byLine.get(s.line);
        if (same) same.push(s);
        else byLine.set(s.line, [s]);
      }
      entry = { list, byLine };
      byFile.set(key, entry);
    }
    return entry;
  };

  const kept = findings.filter((f) => {
    let suppressed = false;
    for (const s of suppressionsOf(f.at.file).byLine.get(f.at.line) ?? []) {
      if (s.rules.length === 0) {
        s.used.add('*');
        suppressed = true;
      } else if (s.ids.has(f.ruleId)) {
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
    for (const s of suppressionsOf(path).list) {
      if (s.rules.length === 0) {
        if (!s.used.has('*')) report('unusedAll', s.at, { line: s.line });
        continue;
      }
      // An id named twice on one line is reported once (a line can repeat one word thousands of times).
      const named = new Set<string>();
      for (const r of s.rules) {
        if (named.has(r.id)) continue;
        named.add(r.id);
        const level = scope.levels.get(r.id);
        if (level === undefined) report('unknownRule', r.at, { rule: r.id });
        // A rule turned off cannot tell whether it would have fired: say nothing.
        else if (level !== 'off' && !s.used.has(r.id)) report('unused', r.at, { rule: r.id, line: s.line });
      }
    }
  }
  return { kept, unused };
}
