/** Rule levels: the rule's default, then the config file's `rules`, then `--rule ID=LEVEL`. */
import { CONFIGURED_LEVELS, type ConfiguredLevel } from './finding.js';
import type { AnyRule } from './rule.js';

export type LevelOverrides = Readonly<Record<string, ConfiguredLevel>>;

export interface ResolvedLevels {
  levels: Map<string, ConfiguredLevel>;
  /** Ids in the overrides that name no rule. */
  unknown: string[];
}

export function resolveLevels(registry: readonly AnyRule[], ...layers: (LevelOverrides | undefined)[]): ResolvedLevels {
  const levels = new Map<string, ConfiguredLevel>(registry.map((r) => [r.id, r.level]));
  const unknown: string[] = [];
  for (const layer of layers) {
    for (const [id, level] of Object.entries(layer ?? {})) {
      if (!levels.has(id)) unknown.push(id);
      else levels.set(id, level);
    }
  }
  return { levels, unknown: [...new Set(unknown)].sort() };
}

/** Parses one `--rule ID=LEVEL` option. */
export function parseRuleOption(option: string): { id: string; level: ConfiguredLevel } | { error: string } {
  const eq = option.indexOf('=');
  const id = eq === -1 ? '' : option.slice(0, eq).trim();
  const level = eq === -1 ? '' : option.slice(eq + 1).trim();
  if (!id) return { error: `--rule ${option}: expected ID=off|warning|error` };
  if (!(CONFIGURED_LEVELS as readonly string[]).includes(level))
    return { error: `--rule ${option}: level must be one of off, warning, error` };
  return { id, level: level as ConfiguredLevel };
}
