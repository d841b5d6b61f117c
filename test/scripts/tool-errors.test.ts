import { describe, expect, it } from '@jest/globals';
import { firstToolError, sameErrorLine } from '../../scripts/corpus/conformance/tool-errors.js';

// Lines as dtc 1.6.1 and cpp (gcc 12) print them.
describe('firstToolError (dtc)', () => {
  it('reads a parser error with a column range', () => {
    const stderr = 'Error: arch/arm64/boot/dts/x/b.dts:3.11-12 syntax error\nFATAL ERROR: Unable to parse input tree\n';
    expect(firstToolError(stderr, 'dtc')).toMatchObject({
      kind: 'syntax',
      file: 'arch/arm64/boot/dts/x/b.dts',
      line: 3,
      column: 11,
      endLine: 3,
      message: 'syntax error',
    });
  });

  it('reads an unresolved label', () => {
    const e = firstToolError('Error: a.dtsi:5.1-3 Label or path y not found\nFATAL ERROR: Syntax error parsing input tree\n', 'dtc');
    expect(e).toMatchObject({ kind: 'syntax', file: 'a.dtsi', line: 5, message: 'Label or path y not found' });
  });

  it('reads a check error spanning lines, skipping warnings before it', () => {
    const stderr = [
      'x.dts:9.3-20: Warning (reg_format): /a:reg: property has invalid length',
      'x.dts:2.3-4.3: ERROR (phandle_references): /: Reference to non-existent node or label "nolabel"',
      '',
      'ERROR: Input tree has errors, aborting (use -f to force output)',
    ].join('\n');
    const e = firstToolError(stderr, 'dtc');
    expect(e).toMatchObject({ kind: 'check', file: 'x.dts', line: 2, column: 3, endLine: 4 });
    expect(e?.message).toBe('phandle_references: /: Reference to non-existent node or label "nolabel"');
  });

  it('reads a check error without a position', () => {
    const e = firstToolError('ERROR (duplicate_node_names): /a: Duplicate node name\n', 'dtc');
    expect(e?.kind).toBe('check');
    expect(e?.line).toBeUndefined();
  });

  it('reads a fatal error', () => {
    const e = firstToolError('FATAL ERROR: Couldn\'t open "nope.dtsi": No such file or directory\n', 'dtc');
    expect(e).toMatchObject({ kind: 'fatal', message: 'Couldn\'t open "nope.dtsi": No such file or directory' });
    expect(e?.line).toBeUndefined();
  });

  it('is undefined for warnings only', () => {
    expect(firstToolError('x.dts:1.1-2: Warning (unit_address_vs_reg): /a: node has a reg\n', 'dtc')).toBeUndefined();
  });
});

describe('firstToolError (cpp)', () => {
  it('reads a fatal error after the include chain', () => {
    const stderr = [
      'In file included from arch/arm/boot/dts/a.dts:3:',
      'arch/arm/boot/dts/b.dtsi:1:10: fatal error: zz.h: No such file or directory',
      '    1 | #include "zz.h"',
      'compilation terminated.',
    ].join('\n');
    expect(firstToolError(stderr, 'cpp')).toMatchObject({ kind: 'cpp', file: 'arch/arm/boot/dts/b.dtsi', line: 1, column: 10, message: 'zz.h: No such file or directory' });
  });

  it('reads #error', () => {
    expect(firstToolError('f.dts:2:2: error: #error boo\n', 'cpp')).toMatchObject({ file: 'f.dts', line: 2, message: '#error boo' });
  });
});

describe('sameErrorLine', () => {
  const check = firstToolError('x.dts:2.3-4.3: ERROR (phandle_references): /: bad\n', 'dtc')!;
  const syntax = firstToolError('Error: x.dts:3.11-12 syntax error\n', 'dtc')!;

  it('wants the same line for parser errors', () => {
    expect(sameErrorLine(syntax, 3)).toBe(true);
    expect(sameErrorLine(syntax, 4)).toBe(false);
  });

  it('accepts any line of the span for check errors', () => {
    expect([1, 2, 3, 4, 5].map((l) => sameErrorLine(check, l))).toEqual([false, true, true, true, false]);
  });
});
