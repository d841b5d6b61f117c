import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RuleTester } from '../helpers/rule-tester.js';

const FIXTURES = join(process.cwd(), 'fixtures/rules/comment-swallows-code');

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'latin1');
}

/** The rule reads raw text: no front end needed. */
new RuleTester({ scope: 'source', frontEnd: 'fake' }).run('comment-swallows-code', {
  valid: [
    { name: 'prose, decorated examples, line comments and strings', code: fixture('valid.dts') },
    { name: 'a one-line prose comment', code: '/* Enable the console UART. */\n' },
    { name: 'prose that ends in a colon', code: '/*\n * Clocks:\n * the LPCG gates the bus clock\n */\n' },
    { name: 'a doc comment', code: '/**\n * struct-like prose { }\n */\n' },
    { name: 'a suppression on the line before the comment', code: '// dtlint-disable-next-line comment-swallows-code\n/* Enable:\nstatus = "okay"; */\n' },
    // Code commented out on purpose is commented-out-code's (off by default).
    { name: 'a line commented out on purpose (zynqmp.dtsi)', code: '\t/* iommus = <&smmu 0x874>; */\n' },
    { name: 'a node commented out on purpose', code: '/*\n&fec2 {\n\tstatus = "okay";\n};\n*/\n' },
  ],
  invalid: [
    {
      name: 'a comment left open that swallows node overrides',
      code: fixture('invalid-unclosed-comment.dts'),
      errors: [
        {
          messageId: 'hidesNested',
          data: { statements: '`&lpcg0 { ... }`, `&lpcg1 { ... }`, `&mu2 { ... }`', nested: '24:1' },
          message:
            'block comment hides `&lpcg0 { ... }`, `&lpcg1 { ... }`, `&mu2 { ... }`: that code is not active (the `/*` inside it does not start a new comment; the first `*/` ends this one)',
          level: 'warning',
          file: 'board.dts',
          line: 9,
          column: 1,
          endLine: 26,
          endColumn: 4,
          related: [
            { line: 11, column: 1 },
            { line: 24, column: 1 },
          ],
        },
      ],
    },
    {
      name: 'a comment that swallows a property and a nested comment',
      code: fixture('invalid-nested-comment.dts'),
      errors: [{ messageId: 'hidesNested', data: { statements: '`ranges = <...>`', nested: '16:3' }, line: 12, column: 3 }],
    },
    {
      name: 'commented-out property',
      code: 'x;\n\t/* Enabled for the guest:\n\tstatus = "okay"; */\n',
      errors: [{ messageId: 'hides', data: { statements: '`status = "..."`' }, line: 2, column: 2 }],
    },
    {
      name: 'commented-out boolean property',
      code: '/* coherent:\ndma-coherent; */\n',
      errors: [{ messageId: 'hides', data: { statements: '`dma-coherent;`' }, line: 1, column: 1 }],
    },
    {
      name: '/bits/ value',
      code: '/*\n * Fast point\nopp-hz = /bits/ 64 <3132000000>;\n*/\n',
      errors: [{ messageId: 'hides', data: { statements: '`opp-hz = /bits/ 64 <...>`' }, line: 1, column: 1 }],
    },
    {
      name: 'node with label',
      code: '/*\n * The first CPU\n\tcpu0: cpu@0 {\n\t\treg = <0>;\n\t};\n*/\n',
      errors: [{ messageId: 'hides', data: { statements: '`cpu@0 { ... }`' }, line: 1, column: 1 }],
    },
    {
      name: 'path reference',
      code: '/* The bus\n&{/soc/bus@5b000000} { status = "okay"; }; */\n',
      errors: [{ messageId: 'hides', data: { statements: '`&{/soc/bus@5b000000} { ... }`' }, line: 1, column: 1 }],
    },
    {
      name: 'directives',
      code: '/*\n * Out of the group\n/delete-property/ iommus;\n/delete-node/ &fec2;\n#include "board-audio.dtsi"\n*/\n',
      errors: [
        {
          messageId: 'hides',
          data: { statements: '`/delete-property/ iommus`, `/delete-node/ &fec2`, `#include "board-audio.dtsi"`' },
          line: 1,
          column: 1,
        },
      ],
    },
    {
      name: 'more than three statements',
      code: '/*\n * Values\na = <1>;\nb = <2>;\nc = <3>;\nd = <4>;\ne = <5>;\n*/\n',
      errors: [{ messageId: 'hides', data: { statements: '`a = <...>`, `b = <...>`, `c = <...>` and 2 more' }, line: 1, column: 1 }],
    },
    {
      name: 'only a nested opener',
      code: '/* see /* below */\n',
      errors: [{ messageId: 'nested', line: 1, column: 1 }],
    },
    {
      name: 'checks the DTS files the board includes from its own tree, not headers',
      code: '#include "common.dtsi"\n',
      files: { 'common.dtsi': '/* Enable:\nstatus = "okay"; */\n', 'dt-bindings.h': '/* Audio:\n#include "x.h" */\n' },
      errors: [{ messageId: 'hides', file: 'common.dtsi', line: 1, column: 1 }],
    },
  ],
});
