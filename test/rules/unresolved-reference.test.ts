import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { lint } from '../../src/run/index.js';
import { RuleTester } from '../helpers/rule-tester.js';

// The front end's message is the data: dtc's wording.
new RuleTester({ scope: 'source', rules: ['syntax-error'] }).run('unresolved-reference', {
  valid: [
    {
      name: 'a label in cells, a path reference and an override',
      code: '/dts-v1/;\n/ {\n\tclk: c@1 { #clock-cells = <0>; };\n\ts@2 { clocks = <&clk>; p = &{/c@1}; };\n};\n&clk { status = "okay"; };\n&{/s@2} { status = "okay"; };\n',
    },
    { name: 'a label defined after its use', code: '/dts-v1/;\n/ {\n\ts@2 { clocks = <&clk>; };\n\tclk: c@1 { #clock-cells = <0>; };\n};\n' },
    {
      name: 'a suppressed reference (and the suppression is used)',
      code: '/dts-v1/;\n/ { };\n// dtlint-disable-next-line unresolved-reference -- board variant\n&fec9 { status = "okay"; };\n',
      rules: ['unused-suppression'],
    },
  ],
  invalid: [
    {
      name: 'names every missing label or path, in values and in overrides, with the close labels of the tree',
      code: '/dts-v1/;\n/ {\n\tclk: c@1 { #clock-cells = <0>; };\n\ts@2 { clocks = <&clk0>; p = &{/nope}; };\n};\n&fec9 { status = "okay"; };\n',
      errors: [
        { messageId: 'diagnostic', data: { message: 'Label or path clk0 not found; did you mean clk?' }, line: 4, column: 18 },
        { messageId: 'diagnostic', data: { message: 'Label or path /nope not found' }, line: 4, column: 30 },
        { messageId: 'diagnostic', data: { message: 'Label or path fec9 not found' }, line: 6, column: 1 },
      ],
    },
  ],
});

describe('unresolved-reference on files', () => {
  it('points at the reference with dtc\'s span (fixture with an include)', () => {
    const file = join(process.cwd(), 'fixtures/rules/unresolved-reference/board.dts');
    const result = lint([file], { rules: { 'unused-suppression': 'off' } });
    expect(result.findings.map((f) => [f.ruleId, f.messageId, f.message])).toEqual([['unresolved-reference', 'diagnostic', 'Label or path uart1 not found; did you mean uart0?']]);
    expect(result.findings[0]!.at).toEqual({ file, line: 9, column: 1, endLine: 9, endColumn: 7 });
  });
});
