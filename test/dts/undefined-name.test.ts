/**
 * A name cpp did not expand, where dtc stops with `syntax error`: the diagnostic says the macro is not
 * defined, with the close names the run's headers define and where.
 */
import { describe, expect, it } from '@jest/globals';
import { compileDts } from '../../src/dts/index.js';
import { SourceHost } from '../../src/dts/source.js';
import { closeNames } from '../../src/dts/message-text.js';

const HEADER = '#define SCLK_MAC1 3\n#define SCLK_MAC2 4\n#define PCLK_MAC 5\n#define CLK(n) (n)\n#define LATE 9\n';

function first(board: string) {
  const host = new SourceHost(new Map([['/b/board.dts', board], ['/b/clk.h', HEADER]]));
  const d = compileDts('/b/board.dts', { host, autoIncludeDirs: false }).diagnostics.find((x) => x.severity === 'error')!;
  return { where: `${d.at.line}:${d.at.column}-${d.at.endColumn}`, message: d.message, related: (d.related ?? []).map((r) => `${r.message} at ${r.at.file.split('/').pop()}:${r.at.line}:${r.at.column}`) };
}

const board = (value: string): string => `/dts-v1/;\n#include "clk.h"\n/ {\n\tc: c { #clock-cells = <1>; };\n\tn { clocks = <&c ${value}>; };\n};\n#define LATE2 1\n`;

describe('an undefined macro', () => {
  it('is named at its use, with the close names the headers define', () => {
    expect(first(board('SCLK_MAC'))).toEqual({
      where: '5:19-27',
      message: 'SCLK_MAC is not defined (no #define of it before this line), so cpp leaves the name and dtc stops here (syntax error); did you mean SCLK_MAC1, SCLK_MAC2 or PCLK_MAC?',
      related: ['SCLK_MAC1 is defined here at clk.h:1:9', 'SCLK_MAC2 is defined here at clk.h:2:9', 'PCLK_MAC is defined here at clk.h:3:9'],
    });
  });

  it('without a close name says to include the header', () => {
    expect(first(board('ZZZZZZZZ')).message).toBe('ZZZZZZZZ is not defined (no #define of it before this line), so cpp leaves the name and dtc stops here (syntax error); #include the header that defines it');
  });

  it('tells a function-like macro used without arguments, and one defined too late', () => {
    expect(first(board('CLK')).message).toBe('CLK is a function-like macro: cpp expands it only with arguments, CLK(...), and leaves the bare name, where dtc stops (syntax error)');
    expect(first(board('LATE2')).message).toMatch(/^LATE2 is not defined at this point \(its #define comes after this line/);
  });

  it('leaves other syntax errors as dtc says them', () => {
    expect(first('/dts-v1/;\n/ { n { p = <1 2>; }; ;; };\n').message).toMatch(/^syntax error: unexpected/);
  });
});

describe('closeNames', () => {
  it('finds names within a third of the length, nearest first, transpositions as one edit', () => {
    expect(closeNames('SCLK_MAC', ['SCLK_MAC1', 'SCLK_MAC2', 'PCLK_MAC', 'ACLK_PERI'])).toEqual(['SCLK_MAC1', 'SCLK_MAC2', 'PCLK_MAC']);
    expect(closeNames('chekc', ['check', 'rules'])).toEqual(['check']);
    expect(closeNames('x', ['y', 'xx'])).toEqual(['xx', 'y']);
  });
});
