/** `dtlint rules`: every rule with its default level, one line, docs link, and the symptoms it explains. */
import type { Level } from './finding.js';
import type { AnyRule, Scope } from './rule.js';

export interface RuleInfo {
  id: string;
  level: Level;
  scope: Scope;
  summary: string;
  docs: string;
  symptoms: readonly string[];
}

export interface ListRulesOptions {
  /** Prefix for docs links (a repository URL ending in `/`); default: repository-relative paths. */
  docsBase?: string;
}

export function ruleInfo(registry: readonly AnyRule[], options: ListRulesOptions = {}): RuleInfo[] {
  return [...registry]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => ({
      id: r.id,
      level: r.level,
      scope: r.scope,
      summary: r.summary,
      docs: `${options.docsBase ?? ''}${r.docs}`,
      symptoms: r.symptoms,
    }));
}

/** Plain text: a row per rule (id, level, scope, summary, docs), then rules indexed by symptom. */
export function listRules(registry: readonly AnyRule[], options: ListRulesOptions = {}): string {
  const rules = ruleInfo(registry, options);
  const idWidth = Math.max(...rules.map((r) => r.id.length), 0);
  const lines: string[] = [];
  for (const r of rules) {
    lines.push(`${r.id.padEnd(idWidth)}  ${r.level.padEnd(7)}  ${r.scope.padEnd(6)}  ${r.summary}`);
    lines.push(`${' '.repeat(idWidth)}  ${r.docs}`);
  }
  const bySymptom = new Map<string, string[]>();
  for (const r of rules) for (const s of r.symptoms) bySymptom.set(s, [...(bySymptom.get(s) ?? []), r.id]);
  if (bySymptom.size > 0) {
    lines.push('', 'By symptom:');
    for (const [symptom, ids] of [...bySymptom].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      lines.push(`  ${symptom}: ${ids.join(', ')}`);
  }
  return lines.join('\n') + '\n';
}
