/** `dtlint rules`: every rule with its default level, one line, docs link, and the symptoms it explains. */
import type { ConfiguredLevel } from './finding.js';
import type { AnyRule, Scope } from './rule.js';

export interface RuleInfo {
  id: string;
  /** Default level; 'off' for a rule one turns on when wanted. */
  level: ConfiguredLevel;
  scope: Scope;
  summary: string;
  docs: string;
  symptoms: readonly string[];
}

export interface ListRulesOptions {
  /** Prefix for docs links (a repository URL ending in `/`); default: repository-relative paths. */
  docsBase?: string;
  /** Only the rules that explain this symptom (every word of it, in one of their symptoms, any case). */
  symptom?: string;
}

/** True when one of the symptoms contains every word of the query (`no interrupts`, `dma`). */
export function explainsSymptom(symptoms: readonly string[], query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  return words.length > 0 && symptoms.some((s) => words.every((w) => s.toLowerCase().includes(w)));
}

export function ruleInfo(registry: readonly AnyRule[], options: ListRulesOptions = {}): RuleInfo[] {
  const symptom = options.symptom;
  return [...registry]
    .filter((r) => symptom === undefined || explainsSymptom(r.symptoms, symptom))
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
  if (options.symptom !== undefined && rules.length === 0) {
    const known = [...new Set(registry.flatMap((r) => r.symptoms))].sort();
    return `No rule explains "${options.symptom}". Known symptoms: ${known.join('; ')}\n`;
  }
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
