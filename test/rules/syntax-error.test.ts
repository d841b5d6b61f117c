import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { lint } from '../../src/run/index.js';
import { RuleTester } from '../helpers/rule-tester.js';

// The front end's message is the data: dtc's and cpp's wording, at their positions.
new RuleTester({ scope: 'source', rules: ['unresolved-reference', 'comment-swallows-code'] }).run('syntax-error', {
  valid: [
    { name: 'a minimal tree', code: '/dts-v1/;\n/ { };\n' },
    { name: 'labels, references and /delete-property/', code: '/dts-v1/;\n/ {\n\ta: n@1 { p = <1>; };\n};\n&a { /delete-property/ p; };\n' },
  ],
  invalid: [
    {
      name: 'a missing ;',
      code: '/dts-v1/;\n\n/ {\n\tserial@1000 {\n\t\tstatus = "okay"\n\t};\n};\n',
      errors: [{ messageId: 'diagnostic', data: { message: "syntax error: unexpected '}'" }, level: 'error', line: 6, column: 2 }],
    },
    {
      name: 'an unclosed cell list',
      code: '/dts-v1/;\n/ {\n\tx = <1 2;\n};\n',
      errors: [{ messageId: 'diagnostic', data: { message: "syntax error: unexpected ';'" }, level: 'error', line: 3, column: 10 }],
    },
    {
      name: 'an unterminated comment',
      code: '/dts-v1/;\n/ {\n\tx = <1>;\n};\n/* open\n',
      errors: [{ messageId: 'diagnostic', data: { message: 'unterminated comment' }, level: 'error', line: 5, column: 1 }],
    },
    {
      name: '#error',
      code: '/dts-v1/;\n#error "stop here"\n/ { };\n',
      errors: [{ messageId: 'diagnostic', data: { message: '#error "stop here"' }, level: 'error', line: 2, column: 2 }],
    },
    {
      name: 'one finding, not a cascade, when the tree cannot be built',
      code: '/dts-v1/;\n/ {\n\tx = <1 2;\n};\n&nowhere { };\n',
      errors: [{ messageId: 'diagnostic', line: 3, column: 10 }],
    },
  ],
});

describe('syntax-error on files', () => {
  it('an #include that names no file (fixture)', () => {
    const file = join(process.cwd(), 'fixtures/rules/syntax-error/missing-include.dts');
    const result = lint([file], { rules: { 'unused-suppression': 'off' } });
    expect(result.findings.map((f) => `${f.at.line}:${f.at.column} ${f.ruleId}: ${f.message}`)).toEqual([
      '3:10 syntax-error: board-common.dtsi: No such file or directory',
    ]);
    expect(result.notifications).toEqual([]);
  });

  it('reports an unreadable input as a failed run, not a finding', () => {
    const result = lint([join(process.cwd(), 'fixtures/rules/syntax-error/no-such-file.dts')]);
    expect(result.findings).toEqual([]);
    expect(result.notifications).toHaveLength(1);
    expect(result.notifications[0]!.severity).toBe('fatal');
    expect(result.notifications[0]!.message).toMatch(/no-such-file\.dts: No such file or directory$/);
  });
});
