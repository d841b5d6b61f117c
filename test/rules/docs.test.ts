/**
 * Every registered rule has its page, docs/rules/<id>.md, with the fixed sections in order; for a
 * source rule the failing example fires the rule and the fix does not (ESLint's and Ruff's docs
 * checks). Pair rules' examples need a host/guest pair: their own tests lint them.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../../rules/index.js';
import { compileDts } from '../../src/dts/index.js';
import { lintWith, VDIR } from './harness.js';

const HEADINGS = ['## What it finds', '## Why it breaks a real system', '## Symptoms', '## Failing example', '## Fix', '## Options'];

function page(id: string): string {
  return readFileSync(join(process.cwd(), 'docs/rules', `${id}.md`), 'utf8');
}

/** The first ```dts block after `heading`. */
function example(text: string, heading: string): string | undefined {
  const section = text.slice(text.indexOf(`${heading}\n`));
  return /```dts\n([\s\S]*?)```/.exec(section)?.[1];
}

describe.each(rules.map((r) => [r.id, r] as const))('%s', (id, rule) => {
  it('has docs/rules/<id>.md with the fixed sections in order', () => {
    expect(rule.docs).toBe(`docs/rules/${id}.md`);
    expect(existsSync(join(process.cwd(), rule.docs))).toBe(true);
    const text = page(id);
    expect(text.split('\n')[0]).toBe(`# ${id}`);
    // A rule that states a mechanism of Linux, QEMU or U-Boot names where it is read: `## Sources`, before Options.
    const headings = text.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual(headings.includes('## Sources') ? [...HEADINGS.slice(0, -1), '## Sources', '## Options'] : HEADINGS);
    // Every pair rule states mechanisms and symptoms of the real system: each page names where they are read.
    if (rule.scope === 'pair') {
      expect(headings).toContain('## Sources');
      const sources = text.slice(text.indexOf('## Sources\n'), text.indexOf('## Options\n'));
      expect(sources).toMatch(/[\w/-]+\.[ch]\b/);
    }
    expect(example(text, '## Failing example')).toBeDefined();
    expect(example(text, '## Fix')).toBeDefined();
    expect(text).toContain(`\`${rule.level}\``);
  });

  if (rule.scope !== 'source') return;

  // dtc parity rules of the W=1 and W=2 sets fire only with those: examples fire with W=12, fixes are clean at both levels.
  const lintExample = (source: string, dtcWarnings: 'kernel' | 'W=12' = 'kernel') => {
    const file = `${VDIR}/${id}.dts`;
    return lintWith(compileDts, { [file]: source }, file, rules.map((r) => r.id), { config: { dtcWarnings } }).findings;
  };

  it('fires on its failing example', () => {
    const findings = lintExample(example(page(id), '## Failing example')!, 'W=12');
    expect(findings.map((f) => f.ruleId)).toContain(id);
  });

  it('does not fire on its fix, and the fix is clean', () => {
    expect(lintExample(example(page(id), '## Fix')!)).toEqual([]);
    expect(lintExample(example(page(id), '## Fix')!, 'W=12').map((f) => f.ruleId)).not.toContain(id);
  });
});

describe('README', () => {
  it('names every pair rule in "Checking a passthrough pair"', () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    const start = readme.indexOf('## Checking a passthrough pair');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    expect(start).toBeGreaterThan(0);
    expect(rules.filter((r) => r.scope === 'pair' && !section.includes(`\`${r.id}\``)).map((r) => r.id)).toEqual([]);
  });
});
