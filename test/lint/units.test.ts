import { describe, expect, it } from '@jest/globals';
import { rules } from '../../rules/index.js';
import { SourceFile } from '../../src/dts/source.js';
import { scanComments } from '../../src/lint/comments.js';
import { parseRuleOption, resolveLevels } from '../../src/lint/levels.js';
import { listRules } from '../../src/lint/list-rules.js';
import { defineRule, formatMessage, type AnyRule, type Messages, type RuleDefinition } from '../../src/lint/rule.js';
import { parseSuppressions } from '../../src/lint/suppressions.js';
import { projectRoot, userFilesOf } from '../../src/lint/user-files.js';

describe('scanComments', () => {
  it('ends a block comment at the first */ and ignores markers in strings and char literals', () => {
    const text = 'a = "/* no */"; /* one /* two */ b // three\nc = \'/\'; // x \\\n continued\n/* open';
    expect(scanComments(text).map((c) => [c.kind, text.slice(c.start, c.end), c.closed])).toEqual([
      ['block', '/* one /* two */', true],
      ['line', '// three', true],
      ['line', '// x \\\n continued', true],
      ['block', '/* open', false],
    ]);
  });
});

describe('parseSuppressions', () => {
  it('reads both forms, rule lists with positions, and reasons', () => {
    const file = new SourceFile('f.dts', 'x; // dtlint-disable-line a, b -- why\n/* dtlint-disable-next-line */\ny;\n/* not dtlint-disable-line a */\n');
    expect(parseSuppressions(file)).toEqual([
      {
        line: 1,
        rules: [
          { id: 'a', at: { file: 'f.dts', line: 1, column: 27, endLine: 1, endColumn: 28 } },
          { id: 'b', at: { file: 'f.dts', line: 1, column: 30, endLine: 1, endColumn: 31 } },
        ],
        at: { file: 'f.dts', line: 1, column: 4, endLine: 1, endColumn: 38 },
      },
      { line: 3, rules: [], at: { file: 'f.dts', line: 2, column: 1, endLine: 2, endColumn: 31 } },
    ]);
  });
});

describe('levels', () => {
  it('layers config and overrides over the defaults and lists unknown ids', () => {
    const { levels, unknown } = resolveLevels(rules, { 'syntax-error': 'warning', nope: 'off' }, { 'syntax-error': 'off' });
    expect(levels.get('syntax-error')).toBe('off');
    expect(levels.get('comment-swallows-code')).toBe('warning');
    expect(unknown).toEqual(['nope']);
  });

  it('parses --rule ID=LEVEL', () => {
    expect(parseRuleOption('syntax-error=off')).toEqual({ id: 'syntax-error', level: 'off' });
    expect(parseRuleOption('syntax-error')).toEqual({ error: '--rule syntax-error: expected ID=off|warning|error' });
    expect(parseRuleOption('x=warn')).toEqual({ error: '--rule x=warn: level must be one of off, warning, error' });
  });
});

describe('formatMessage', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('{{a}} and {{ b }} and {{c}}', { a: 1, b: 'x' })).toBe('1 and x and {{c}}');
  });
});

describe('listRules', () => {
  it('lists every rule sorted, with level, scope, summary, docs, and a symptom index', () => {
    const withSymptom = defineRule({
      id: 'a-pair-rule',
      level: 'error',
      scope: 'pair',
      summary: 'pair check',
      symptoms: ['the guest gets no interrupts'],
      messages: { m: 'm' },
      check() {},
    });
    // A fixed pair of rules: the registry grows, and its rules have their own symptoms.
    const base = rules.filter((r) => r.id === 'comment-swallows-code');
    const out = listRules([...base, withSymptom], { docsBase: 'https://example.org/dtlint/' });
    expect(out.split('\n').slice(0, 4)).toEqual([
      'a-pair-rule            error    pair    pair check',
      '                       https://example.org/dtlint/docs/rules/a-pair-rule.md',
      'comment-swallows-code  warning  source  A block comment contains DTS statements or a nested `/*`: code the author thinks is active is not',
      '                       https://example.org/dtlint/docs/rules/comment-swallows-code.md',
    ]);
    expect(out.endsWith('\nBy symptom:\n  the guest gets no interrupts: a-pair-rule\n')).toBe(true);
    expect(listRules(base)).not.toContain('By symptom');
  });
});

describe('user files', () => {
  const exists = (p: string) => p === '/repo/.git';
  it('finds the project root from repository markers, else the file dir', () => {
    expect(projectRoot('/repo/boards/x', exists)).toBe('/repo');
    expect(projectRoot('/other/dir', exists)).toBe('/other/dir');
  });

  it('keeps the linted file and DTS files under its root, not headers nor outside files', () => {
    expect(
      userFilesOf(
        '/repo/boards/b.dts',
        ['/repo/boards/b.dts', '/repo/common/c.dtsi', '/repo/include/x.h', '/kernel/arch/arm64/boot/dts/soc.dtsi', '/repo/o.dtso'],
        exists,
      ),
    ).toEqual(['/repo/boards/b.dts', '/repo/common/c.dtsi', '/repo/o.dtso']);
  });
});

describe('rule typing', () => {
  it('checks message data against the template and lets pair rules bind their model', () => {
    const seen: string[] = [];
    const typed = defineRule({
      id: 'typed',
      level: 'warning',
      scope: 'source',
      requiresTree: false,
      summary: 's',
      messages: { one: '{{node}} has {{count}} entries', none: 'plain' },
      check(ctx) {
        ctx.report({ at: { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 2 }, messageId: 'one', data: { node: 'a', count: 2 } });
        ctx.report({ at: { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 2 }, messageId: 'none' });
        // @ts-expect-error `count` is missing
        ctx.report({ at: { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 2 }, messageId: 'one', data: { node: 'a' } });
        // @ts-expect-error no such message
        ctx.report({ at: { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 2 }, messageId: 'two' });
      },
    });
    interface PairModel {
      passed: string[];
    }
    const definePairRule = <const M extends Messages>(d: RuleDefinition<'pair', M, PairModel>) => defineRule(d);
    const pairRule = definePairRule({
      id: 'pair-typed',
      level: 'error',
      scope: 'pair',
      summary: 's',
      messages: { m: '{{device}} is passed' },
      check({ pair, report }) {
        for (const device of pair.passed) {
          seen.push(device);
          report({ at: { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 2 }, messageId: 'm', data: { device } });
        }
      },
    });
    const registry: AnyRule[] = [typed, pairRule];
    expect(registry.map((r) => r.id)).toEqual(['typed', 'pair-typed']);
    pairRule.check({ pair: { passed: ['fec1'] }, ruleId: 'pair-typed', report: () => {} });
    expect(seen).toEqual(['fec1']);
  });
});
