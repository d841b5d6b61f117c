/**
 * Runs source rules over a few in-memory files: the RuleTester's source scope (test/helpers/rule-tester.ts),
 * which rule tests use. `lintFake` needs no front end (for rules that read raw text); `lintWith`
 * compiles with the front end it is given, src/dts as the CLI does.
 */
import { rules as registry } from '../../rules/index.js';
import { lint, type LintOptions, type LintResult } from '../../src/lint/engine.js';
import { fakeFrontEnd } from '../lint/fake-front-end.js';
import type { CompileFn } from '../../src/lint/engine.js';
import { SourceHost } from '../../src/dts/source.js';

export const VDIR = '/virtual/rules';

/** Lints `entry` of in-memory `files` (the entry "includes" the others) with only `ruleIds` on. */
export function lintFake(files: Record<string, string>, entry: string, ruleIds: string[]): LintResult {
  const fe = fakeFrontEnd(
    Object.fromEntries(
      Object.entries(files).map(([path, text]) => [path, path === entry ? { text, includes: Object.keys(files).filter((f) => f !== entry) } : { text }]),
    ),
  );
  return lint([entry], { compile: fe.compile, host: fe.host, registry, rules: only(ruleIds), cwd: VDIR });
}

/** Lints with a given front end and only `ruleIds` on. */
export function lintWith(
  compile: CompileFn,
  files: Record<string, string>,
  entry: string,
  ruleIds: string[],
  options: Partial<LintOptions> = {},
): LintResult {
  const host = new SourceHost(new Map(Object.entries(files)));
  return lint([entry], { compile, host, registry, rules: only(ruleIds), cwd: VDIR, ...options });
}

/**
 * Every other rule off; a listed rule keeps its default level (set only when the default is off), so
 * that a W=1 dtc check is not "asked for by name" and still follows dtcWarnings.
 */
function only(ruleIds: string[]): Record<string, 'off' | 'warning' | 'error'> {
  const levels: Record<string, 'off' | 'warning' | 'error'> = {};
  for (const r of registry) {
    if (r.id === 'unused-suppression') continue;
    if (!ruleIds.includes(r.id)) levels[r.id] = 'off';
    else if (r.level === 'off') levels[r.id] = 'warning';
  }
  return levels;
}
