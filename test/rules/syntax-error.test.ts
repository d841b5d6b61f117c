import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { compileDts } from '../../src/dts/index.js';
import { lint } from '../../src/run/index.js';
import { brief, lintWith, VDIR } from './harness.js';

const FILE = `${VDIR}/board.dts`;

function lintText(text: string) {
  return lintWith(compileDts, { [FILE]: text }, FILE, ['syntax-error', 'unresolved-reference', 'comment-swallows-code']);
}

describe('syntax-error', () => {
  describe('valid', () => {
    it.each([
      ['a minimal tree', '/dts-v1/;\n/ { };\n'],
      ['labels, references and /delete-property/', '/dts-v1/;\n/ {\n\ta: n@1 { p = <1>; };\n};\n&a { /delete-property/ p; };\n'],
    ])('%s', (_name, text) => {
      expect(lintText(text).findings).toEqual([]);
    });
  });

  describe('invalid (positions as dtc and cpp give them)', () => {
    it.each([
      ['a missing ;', '/dts-v1/;\n\n/ {\n\tserial@1000 {\n\t\tstatus = "okay"\n\t};\n};\n', "6:2 syntax-error: syntax error: unexpected '}'"],
      ['an unclosed cell list', '/dts-v1/;\n/ {\n\tx = <1 2;\n};\n', "3:10 syntax-error: syntax error: unexpected ';'"],
      ['an unterminated comment', '/dts-v1/;\n/ {\n\tx = <1>;\n};\n/* open\n', '5:1 syntax-error: unterminated comment'],
      ['#error', '/dts-v1/;\n#error "stop here"\n/ { };\n', '2:2 syntax-error: #error "stop here"'],
    ])('%s', (_name, text, expected) => {
      const result = lintText(text);
      expect(brief(result.findings)).toEqual([expected]);
      expect(result.findings[0]!.level).toBe('error');
    });

    it('an #include that names no file (fixture)', () => {
      const file = join(process.cwd(), 'fixtures/rules/syntax-error/missing-include.dts');
      const result = lint([file], { rules: { 'unused-suppression': 'off' } });
      expect(brief(result.findings)).toEqual(['3:10 syntax-error: board-common.dtsi: No such file or directory']);
      expect(result.notifications).toEqual([]);
    });

    it('reports one finding, not a cascade, when the tree cannot be built', () => {
      const result = lintText('/dts-v1/;\n/ {\n\tx = <1 2;\n};\n&nowhere { };\n');
      expect(result.findings.map((f) => f.ruleId)).toEqual(['syntax-error']);
    });
  });

  it('reports an unreadable input as a failed run, not a finding', () => {
    const result = lint([join(process.cwd(), 'fixtures/rules/syntax-error/no-such-file.dts')]);
    expect(result.findings).toEqual([]);
    expect(result.notifications).toHaveLength(1);
    expect(result.notifications[0]!.severity).toBe('fatal');
    expect(result.notifications[0]!.message).toMatch(/no-such-file\.dts: No such file or directory$/);
  });
});
