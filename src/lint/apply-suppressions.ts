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
  /** The rule ids it names, for a lookup per finding (a line may name thousands). */
  ids: Set<string>;
  /** Rule ids (or `*` for every rule) that suppressed something. */
  used: Set<string>;
}

interface FileSuppressions {
  list: Tracked[];
  /** Line suppressions by the line they cover: a finding looks at its own line only. */
  byLine: Map<number, Tracked[]>;
  /** `dtlint-disable` blocks (few): each finding of the file is checked against every one. */
  blocks: Tracked[];
  strayEnables: StrayEnable[];
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
      const parsed = file instanceof SourceFile ? parseDirectives(file) : { suppressions: [], strayEnables: [] };
      const list: Tracked[] = parsed.suppressions.map((s) => ({ ...s, file: path, ids: new Set(s.rules.map((r) => r.id)), used: new Set<string>() }));
      const byLine = new Map<number, Tracked[]>();
      const blocks: Tracked[] = [];
      for (const s of list) {
        if (s.block) {
          blocks.push(s);
          continue;
        }
        const same = byLine.get(s.line);
        if (same) same.push(s);
        else byLine.set(s.line, [s]);
      }
      entry = { list, byLine, blocks, strayEnables: parsed.strayEnables };
      byFile.set(key, entry);
    }
    return entry;
  };

  const kept = findings.filter((f) => {
    let suppressed = false;
    const entry = suppressionsOf(f.at.file);
    const apply = (s: Tracked): void => {
      if (s.rules.length === 0) {
        s.used.add('*');
        suppressed = true;
      } else if (s.ids.has(f.ruleId)) {
        s.used.add(f.ruleId);
        suppressed = true;
      }
    };
    for (const s of entry.byLine.get(f.at.line) ?? []) apply(s);
    for (const s of entry.blocks) if (covers(s, f.at)) apply(s);
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
    const entry = suppressionsOf(path);
    for (const s of entry.list) {
      const range = s.block ? (s.block.until ? `from line ${s.at.endLine} to line ${s.block.until.line}` : `from line ${s.at.endLine} to the end of the file`) : '';
      if (s.rules.length === 0) {
        if (!s.used.has('*')) {
          if (s.block) report('unusedAllBlock', s.at, { range });
          else report('unusedAll', s.at, { line: s.line });
        }
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
        else if (level !== 'off' && !s.used.has(r.id)) {
          if (s.block) report('unusedBlock', r.at, { rule: r.id, range });
          else report('unused', r.at, { rule: r.id, line: s.line });
        }
      }
    }
    for (const e of entry.strayEnables) {
      report('strayEnable', e.at, { rules: e.rules.length > 0 ? ` ${e.rules.map((r) => r.id).join(', ')}` : '' });
      const named = new Set<string>();
      for (const r of e.rules) {
        if (named.has(r.id) || scope.levels.has(r.id)) continue;
        named.add(r.id);
        report('unknownRule', r.at, { rule: r.id });
      }
    }
  }
  return { kept, unused };
}
