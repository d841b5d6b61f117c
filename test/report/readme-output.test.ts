/**
 * The README's "Output formats" section shows real output of the built binary on the bundled example:
 * the stylish and JSON blocks exactly, the SARIF result as written (its ruleIndex aside, which moves
 * as rules are added).
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve('.');

function dtlint(...args: string[]): string {
  return spawnSync(process.execPath, [join(REPO, 'bin', 'dtlint.js'), ...args, 'fixtures/example/host.dts'], { cwd: REPO, encoding: 'utf8' }).stdout;
}

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Output formats'), readme.indexOf('\n## ', readme.indexOf('## Output formats') + 1));
const blocks = [...section.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!);

const withoutRuleIndex = (results: Record<string, unknown>[]) => results.map(({ ruleIndex: _index, ...rest }) => rest);

describe('README output formats', () => {
  it('has the three blocks', () => {
    expect(blocks).toHaveLength(3);
  });

  it('stylish is what dtlint prints', () => {
    expect(blocks[0]).toBe(`$ dtlint fixtures/example/host.dts\n${dtlint('--no-color')}`);
  });

  it('json is what dtlint prints', () => {
    expect(blocks[1]).toBe(dtlint('--format', 'json'));
  });

  it('the SARIF result is what dtlint writes', () => {
    const excerpt = blocks[2]!;
    const start = excerpt.indexOf('"results": [') + '"results": '.length;
    const end = excerpt.indexOf('\n      ]\n', start);
    const shown = JSON.parse(`${excerpt.slice(start, end)}\n]`) as Record<string, unknown>[];
    const real = (JSON.parse(dtlint('--format', 'sarif')) as { $schema: string; runs: { results: Record<string, unknown>[] }[] });
    expect(excerpt).toContain(`"$schema": "${real.$schema}"`);
    expect(withoutRuleIndex(shown)).toEqual(withoutRuleIndex(real.runs[0]!.results));
  });
});
