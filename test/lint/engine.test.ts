import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { rules as registry } from '../../rules/index.js';
import { defaultConfig, type DtlintConfig } from '../../src/config/index.js';
import { lint, type LintOptions } from '../../src/lint/engine.js';
import { exitCodeFor } from '../../src/lint/exit-code.js';
import type { Finding } from '../../src/lint/finding.js';
import { defineDiagnosticRule, defineRule, type AnyRule } from '../../src/lint/rule.js';
import { at, diag, DIR, fakeFrontEnd, type FakeFile } from './fake-front-end.js';

const BOARD = `${DIR}/board.dts`;

/** A tree rule that reports every line holding `BAD`. */
const badWord = defineRule({
  id: 'bad-word',
  level: 'warning',
  scope: 'source',
  summary: 'test rule',
  messages: { bad: '{{word}} is bad' },
  check(ctx) {
    for (const path of ctx.userFiles) {
      const file = ctx.sources.read(path);
      if (!('text' in file)) continue;
      file.text.split('\n').forEach((line, i) => {
        const col = line.indexOf('BAD');
        if (col !== -1) ctx.report({ at: at(path, i + 1, col + 1, col + 4), messageId: 'bad', data: { word: 'BAD' } });
      });
    }
  },
});

const dtcParity = defineDiagnosticRule({ id: 'unit_address_vs_reg', level: 'warning', summary: 'dtc check' });
const testRegistry: AnyRule[] = [...registry, badWord, dtcParity];

function run(files: Record<string, FakeFile>, names: string[], options: Partial<LintOptions> = {}) {
  const fe = fakeFrontEnd(files);
  return lint(names, { compile: fe.compile, host: fe.host, registry: testRegistry, cwd: DIR, ...options });
}

function brief(findings: Finding[]): string[] {
  return findings.map((f) => `${f.at.file.slice(DIR.length + 1)}:${f.at.line}:${f.at.column} ${f.level} ${f.ruleId}: ${f.message}`);
}

describe('front-end diagnostics', () => {
  it('reports each diagnostic under the rule its code names', () => {
    const result = run(
      {
        [BOARD]: {
          text: 'a\nb\nc\n',
          diagnostics: [
            diag('unresolved-reference', 'Label or path fec9 not found', at(BOARD, 2, 1, 6)),
            diag('unit_address_vs_reg', 'node has a unit name, but no reg property', at(BOARD, 3, 1), 'warning'),
          ],
        },
      },
      [BOARD],
    );
    expect(brief(result.findings)).toEqual([
      'board.dts:2:1 error unresolved-reference: Label or path fec9 not found',
      'board.dts:3:1 warning unit_address_vs_reg: node has a unit name, but no reg property',
    ]);
    expect(result.filesLinted).toEqual([BOARD]);
    expect(result.notifications).toEqual([]);
  });

  it('reports an error with an unknown code as a syntax error and drops a warning with one', () => {
    const result = run(
      {
        [BOARD]: {
          text: 'a\nb\n',
          noTree: true,
          diagnostics: [
            diag('cpp-error', '#error stop', at(BOARD, 1, 2)),
            diag('some-dtc-check', 'noise', at(BOARD, 2, 1), 'warning'),
          ],
        },
      },
      [BOARD],
    );
    expect(brief(result.findings)).toEqual(['board.dts:1:2 error syntax-error: #error stop']);
  });

  it('skips rules that need a tree when the front end built none: one finding, no cascade', () => {
    const text = 'BAD\n';
    const withTree = run({ [BOARD]: { text } }, [BOARD]);
    expect(brief(withTree.findings)).toEqual(['board.dts:1:1 warning bad-word: BAD is bad']);
    const without = run(
      { [BOARD]: { text, noTree: true, diagnostics: [diag('syntax-error', 'syntax error', at(BOARD, 1, 4))] } },
      [BOARD],
    );
    expect(brief(without.findings)).toEqual(['board.dts:1:4 error syntax-error: syntax error']);
  });

  it('adds each macro definition of a finding from macro text as a related location', () => {
    const use = { ...at(BOARD, 1, 1), expansion: [{ macro: 'FOO', definedAt: at(`${DIR}/defs.h`, 3, 13) }] };
    const result = run({ [BOARD]: { text: 'x\n', diagnostics: [diag('syntax-error', 'bad', use)] } }, [BOARD]);
    expect(result.findings[0]!.related).toEqual([{ message: 'macro FOO is defined here', at: at(`${DIR}/defs.h`, 3, 13) }]);
  });
});

describe('levels', () => {
  const files = { [BOARD]: { text: 'BAD\n', diagnostics: [diag('syntax-error', 'boom', at(BOARD, 1, 1))] } };

  it('uses the rule defaults', () => {
    expect(brief(run(files, [BOARD]).findings)).toEqual([
      'board.dts:1:1 warning bad-word: BAD is bad',
      'board.dts:1:1 error syntax-error: boom',
    ]);
  });

  it('applies the config, then --rule over it', () => {
    const config = { ...defaultConfig(DIR), rules: { 'bad-word': 'error', 'syntax-error': 'off' } } satisfies DtlintConfig;
    expect(brief(run(files, [BOARD], { config }).findings)).toEqual(['board.dts:1:1 error bad-word: BAD is bad']);
    const overridden = run(files, [BOARD], { config, rules: { 'bad-word': 'off', 'syntax-error': 'warning' } });
    expect(brief(overridden.findings)).toEqual(['board.dts:1:1 warning syntax-error: boom']);
  });

  it('makes an unknown rule id a fatal notification', () => {
    const result = run(files, [BOARD], { rules: { 'no-such-rule': 'off' } });
    expect(result.notifications).toEqual([{ severity: 'fatal', message: 'unknown rule no-such-rule' }]);
    expect(exitCodeFor(result)).toBe(2);
  });
});

describe('suppressions', () => {
  it('suppresses the next line with a block comment and the same line with a line comment', () => {
    const text = ['/* dtlint-disable-next-line bad-word */', 'BAD', 'BAD // dtlint-disable-line bad-word', 'BAD', ''].join('\n');
    expect(brief(run({ [BOARD]: { text } }, [BOARD]).findings)).toEqual(['board.dts:4:1 warning bad-word: BAD is bad']);
  });

  it('takes a list of rules, a reason after --, and no rule for every rule', () => {
    const text = [
      '// dtlint-disable-next-line syntax-error, bad-word -- known, fixed upstream',
      'BAD',
      'BAD /* dtlint-disable-line */',
      '',
    ].join('\n');
    const diagnostics = [diag('syntax-error', 'boom', at(BOARD, 2, 1)), diag('syntax-error', 'boom', at(BOARD, 3, 1))];
    expect(run({ [BOARD]: { text, diagnostics } }, [BOARD]).findings).toEqual([]);
  });

  it('reports a suppression that suppresses nothing, and one that names an unknown rule', () => {
    const text = ['// dtlint-disable-next-line bad-word, syntax-error', 'BAD', '// dtlint-disable-next-line', 'ok', 'x // dtlint-disable-line nope', ''].join('\n');
    const result = run({ [BOARD]: { text } }, [BOARD]);
    expect(brief(result.findings)).toEqual([
      'board.dts:1:39 warning unused-suppression: suppression of syntax-error suppresses nothing on line 2: remove it',
      'board.dts:3:1 warning unused-suppression: suppression suppresses nothing on line 4: remove it',
      'board.dts:5:26 warning unused-suppression: suppression names nope, which is not a dtlint rule',
    ]);
    expect(result.findings[0]!.at).toEqual({ file: BOARD, line: 1, column: 39, endLine: 1, endColumn: 51 });
  });

  it('says nothing about a suppression of a rule that is off, and honours unused-suppression=off', () => {
    const text = '// dtlint-disable-next-line bad-word\nok\n';
    expect(run({ [BOARD]: { text } }, [BOARD], { rules: { 'bad-word': 'off' } }).findings).toEqual([]);
    expect(run({ [BOARD]: { text } }, [BOARD], { rules: { 'unused-suppression': 'off' } }).findings).toEqual([]);
    expect(brief(run({ [BOARD]: { text } }, [BOARD], { rules: { 'unused-suppression': 'error' } }).findings)).toEqual([
      'board.dts:1:29 error unused-suppression: suppression of bad-word suppresses nothing on line 2: remove it',
    ]);
  });

  it('block form: dtlint-disable up to dtlint-enable (or the end of the file), per rule or for all', () => {
    const text = [
      'BAD', // 1: before the block
      '/* dtlint-disable bad-word -- vendor block */',
      'BAD', // 3
      'BAD', // 4
      '/* dtlint-enable bad-word */',
      'BAD', // 6: after the block
      '/* dtlint-disable */',
      'BAD', // 8: every rule, to the end of the file
      '',
    ].join('\n');
    expect(brief(run({ [BOARD]: { text } }, [BOARD]).findings)).toEqual(['board.dts:1:1 warning bad-word: BAD is bad', 'board.dts:6:1 warning bad-word: BAD is bad']);
  });

  it('block form: a block that suppresses nothing, and an enable that ends no block, are reported', () => {
    const text = ['/* dtlint-disable bad-word */', 'ok', '/* dtlint-enable */', '/* dtlint-enable bad-word */', 'BAD', ''].join('\n');
    expect(brief(run({ [BOARD]: { text } }, [BOARD]).findings)).toEqual([
      'board.dts:1:19 warning unused-suppression: dtlint-disable of bad-word suppresses nothing from line 1 to line 3: remove it',
      'board.dts:4:1 warning unused-suppression: dtlint-enable bad-word ends no dtlint-disable block: remove it, or add the dtlint-disable it was meant to end',
      'board.dts:5:1 warning bad-word: BAD is bad',
    ]);
  });

  it('suppresses findings in an included user file, and checks that file for unused suppressions', () => {
    const dtsi = `${DIR}/common.dtsi`;
    const result = run(
      {
        [BOARD]: { text: '#include "common.dtsi"\n', includes: [dtsi, `/elsewhere/kernel.h`] },
        [dtsi]: { text: 'BAD // dtlint-disable-line bad-word\n// dtlint-disable-next-line bad-word\nok\n' },
      },
      [BOARD],
    );
    expect(brief(result.findings)).toEqual([
      'common.dtsi:2:29 warning unused-suppression: suppression of bad-word suppresses nothing on line 3: remove it',
    ]);
  });
});

describe('runs', () => {
  it('lints several files, reports a shared finding once, and sorts by file, line, column, rule, message', () => {
    const dtsi = `${DIR}/common.dtsi`;
    const other = `${DIR}/a.dts`;
    const result = run(
      {
        [BOARD]: { text: 'x BAD\n', includes: [dtsi], diagnostics: [diag('syntax-error', 'shared', at(dtsi, 1, 1))] },
        [other]: { text: 'BAD\n', includes: [dtsi], diagnostics: [diag('syntax-error', 'shared', at(dtsi, 1, 1))] },
        [dtsi]: { text: 'BAD\n' },
      },
      [BOARD, other],
    );
    expect(brief(result.findings)).toEqual([
      'a.dts:1:1 warning bad-word: BAD is bad',
      'board.dts:1:3 warning bad-word: BAD is bad',
      'common.dtsi:1:1 warning bad-word: BAD is bad',
      'common.dtsi:1:1 error syntax-error: shared',
    ]);
    expect(result.filesLinted).toEqual([BOARD, other]);
    // The shared findings name the boards they were found through; a board's own finding names none.
    expect(result.findings.map((f) => f.foundThrough)).toEqual([undefined, undefined, [other, BOARD], [other, BOARD]]);
  });

  it('turns an unreadable input into a fatal notification and goes on with the others', () => {
    const result = run({ [BOARD]: { text: 'BAD\n' } }, [`${DIR}/missing.dts`, BOARD]);
    expect(result.notifications).toEqual([
      { severity: 'fatal', message: `${DIR}/missing.dts: No such file or directory`, file: `${DIR}/missing.dts` },
    ]);
    expect(result.filesLinted).toEqual([BOARD]);
    expect(result.findings).toHaveLength(1);
  });

  it('turns a crashing front end into a fatal notification', () => {
    const result = lint([BOARD], {
      compile: () => {
        throw new Error('boom');
      },
      registry: testRegistry,
    });
    expect(result.notifications).toEqual([
      { severity: 'fatal', message: `${BOARD}: internal error in the front end: boom`, file: BOARD },
    ]);
    expect(result.filesLinted).toEqual([]);
  });

  it('turns a crashing rule into a fatal notification', () => {
    const crash = defineRule({
      id: 'crash',
      level: 'error',
      scope: 'source',
      summary: 'crashes',
      messages: { m: 'm' },
      check() {
        throw new Error('oops');
      },
    });
    const result = run({ [BOARD]: { text: '' } }, [BOARD], { registry: [crash] });
    expect(result.notifications).toEqual([{ severity: 'fatal', message: 'rule crash failed: oops', file: BOARD }]);
  });

  it('gives fingerprints that survive line shifts and tell identical lines apart', () => {
    const before = run({ [BOARD]: { text: 'BAD\nx\nBAD\n' } }, [BOARD]).findings.map((f) => f.fingerprint);
    const after = run({ [BOARD]: { text: '\n\nBAD\nx\nBAD\n' } }, [BOARD]).findings.map((f) => f.fingerprint);
    expect(before).toEqual(after);
    expect(before[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(before[0]).not.toBe(before[1]);
  });

  it('leaves fingerprints out when asked (a report that does not show them), and nothing else changes', () => {
    const files = { [BOARD]: { text: 'BAD\nx\nBAD\n' } };
    const withPrints = run(files, [BOARD]).findings;
    const without = run(files, [BOARD], { fingerprints: false }).findings;
    expect(withPrints.every((f) => typeof f.fingerprint === 'string')).toBe(true);
    expect(without.some((f) => 'fingerprint' in f)).toBe(false);
    expect(without).toEqual(withPrints.map(({ fingerprint: _, ...f }) => f));
  });

  it('keys the fingerprint on the subject when the rule gives one', () => {
    const subjectRule = defineRule({
      id: 'subject',
      level: 'error',
      scope: 'source',
      summary: 's',
      messages: { m: 'm' },
      check(ctx) {
        ctx.report({ at: at(ctx.file, 1, 1), messageId: 'm', subject: '/soc/eth@1:iommus' });
      },
    });
    const a = run({ [BOARD]: { text: 'one\n' } }, [BOARD], { registry: [subjectRule] }).findings[0]!.fingerprint;
    const b = run({ [BOARD]: { text: 'two\n' } }, [BOARD], { registry: [subjectRule] }).findings[0]!.fingerprint;
    expect(a).toBe(b);
    // dtlintFingerprint/v1 is SHA-256 of rule, subject and message (NUL-separated), 32 hex digits:
    // baselines and GitHub's alerts keep matching whatever computes it.
    expect(a).toBe(createHash('sha256').update('subject\0/soc/eth@1:iommus\0m').digest('hex').slice(0, 32));
  });
});

describe('exitCodeFor', () => {
  const warning = { level: 'warning' } as Finding;
  const error = { level: 'error' } as Finding;
  it('follows ESLint: 0 clean, 1 errors or too many warnings, 2 a failed run', () => {
    expect(exitCodeFor({ findings: [], notifications: [] })).toBe(0);
    expect(exitCodeFor({ findings: [warning, warning], notifications: [] })).toBe(0);
    expect(exitCodeFor({ findings: [warning, warning], notifications: [] }, { maxWarnings: 2 })).toBe(0);
    expect(exitCodeFor({ findings: [warning, warning], notifications: [] }, { maxWarnings: 1 })).toBe(1);
    expect(exitCodeFor({ findings: [warning, warning], notifications: [] }, { maxWarnings: 1, quiet: true })).toBe(0);
    expect(exitCodeFor({ findings: [warning, warning], notifications: [] }, { maxWarnings: -1 })).toBe(0);
    expect(exitCodeFor({ findings: [error], notifications: [] })).toBe(1);
    expect(exitCodeFor({ findings: [error], notifications: [{ severity: 'fatal', message: 'x' }] })).toBe(2);
    expect(exitCodeFor({ findings: [], notifications: [{ severity: 'warning', message: 'x' }] })).toBe(0);
  });
});
