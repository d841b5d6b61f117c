import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brief, lintFake, VDIR } from './harness.js';

const FIXTURES = join(process.cwd(), 'fixtures/rules/comment-swallows-code');
const RULE = 'comment-swallows-code';

function lintText(text: string, extra: Record<string, string> = {}) {
  const file = `${VDIR}/board.dts`;
  return lintFake({ [file]: text, ...extra }, file, [RULE]);
}

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'latin1');
}

describe('comment-swallows-code', () => {
  describe('valid', () => {
    it.each([
      ['prose, decorated examples, line comments and strings', fixture('valid.dts')],
      ['a one-line prose comment', '/* Enable the console UART. */\n'],
      ['prose that ends in a colon', '/*\n * Clocks:\n * the LPCG gates the bus clock\n */\n'],
      ['a doc comment', '/**\n * struct-like prose { }\n */\n'],
    ])('%s', (_name, text) => {
      expect(lintText(text).findings).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('a comment left open that swallows node overrides', () => {
      const result = lintText(fixture('invalid-unclosed-comment.dts'));
      expect(brief(result.findings)).toEqual([
        '9:1 comment-swallows-code: block comment hides `&lpcg0 { ... }`, `&lpcg1 { ... }`, `&mu2 { ... }`: that code is not active (the `/*` at 24:1 does not start a new comment; the first `*/` ends this one)',
      ]);
      const f = result.findings[0]!;
      expect(f.level).toBe('warning');
      expect(f.at).toEqual({ file: `${VDIR}/board.dts`, line: 9, column: 1, endLine: 26, endColumn: 4 });
      expect(f.related.map((r) => `${r.at.line}:${r.at.column}-${r.at.endLine}:${r.at.endColumn} ${r.message}`)).toEqual([
        '11:1-11:9 first hidden statement',
        '24:1-24:3 this `/*` is inside the comment',
      ]);
    });

    it('a comment that swallows a property and a nested comment', () => {
      expect(brief(lintText(fixture('invalid-nested-comment.dts')).findings)).toEqual([
        '12:3 comment-swallows-code: block comment hides `ranges = <...>`: that code is not active (the `/*` at 16:3 does not start a new comment; the first `*/` ends this one)',
      ]);
    });

    it.each([
      ['commented-out property', 'x;\n\t/* status = "okay"; */\n', '2:2 comment-swallows-code: block comment hides `status = "..."`: that code is not active'],
      ['commented-out boolean property', '/* dma-coherent; */\n', '1:1 comment-swallows-code: block comment hides `dma-coherent;`: that code is not active'],
      ['/bits/ value', '/*\nopp-hz = /bits/ 64 <3132000000>;\n*/\n', '1:1 comment-swallows-code: block comment hides `opp-hz = /bits/ 64 <...>`: that code is not active'],
      ['node with label', '/*\n\tcpu0: cpu@0 {\n\t\treg = <0>;\n\t};\n*/\n', '1:1 comment-swallows-code: block comment hides `cpu@0 { ... }`: that code is not active'],
      ['path reference', '/* &{/soc/bus@5b000000} { status = "okay"; }; */\n', '1:1 comment-swallows-code: block comment hides `&{/soc/bus@5b000000} { ... }`: that code is not active'],
      ['directives', '/*\n/delete-property/ iommus;\n/delete-node/ &fec2;\n#include "board-audio.dtsi"\n*/\n', '1:1 comment-swallows-code: block comment hides `/delete-property/ iommus`, `/delete-node/ &fec2`, `#include "board-audio.dtsi"`: that code is not active'],
      ['more than three statements', '/*\na = <1>;\nb = <2>;\nc = <3>;\nd = <4>;\ne = <5>;\n*/\n', '1:1 comment-swallows-code: block comment hides `a = <...>`, `b = <...>`, `c = <...>` and 2 more: that code is not active'],
      ['only a nested opener', '/* see /* below */\n', '1:1 comment-swallows-code: block comment contains `/*` at 1:8: comments do not nest, so the first `*/` ends this one'],
    ])('%s', (_name, text, expected) => {
      expect(brief(lintText(text).findings)).toEqual([expected]);
    });

    it('checks the DTS files the board includes from its own tree, not headers', () => {
      const result = lintText('#include "common.dtsi"\n', {
        [`${VDIR}/common.dtsi`]: '/* status = "okay"; */\n',
        [`${VDIR}/dt-bindings.h`]: '/* #include "x.h" */\n',
      });
      expect(result.findings.map((f) => `${f.at.file.slice(VDIR.length + 1)}:${f.at.line}:${f.at.column}`)).toEqual(['common.dtsi:1:1']);
    });

    it('can be suppressed on the line before the comment', () => {
      expect(lintText('// dtlint-disable-next-line comment-swallows-code\n/* status = "okay"; */\n').findings).toEqual([]);
    });
  });
});
