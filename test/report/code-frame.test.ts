import { describe, expect, it } from '@jest/globals';
import { Chalk } from 'chalk';
import { codeFrame, lineStarts } from '../../src/report/code-frame.js';

const plain = new Chalk({ level: 0 });
const at = (line: number, column: number, endLine = line, endColumn = column + 1) => ({ file: 'f', line, column, endLine, endColumn });

describe('codeFrame', () => {
  const text = 'one\r\ntwo\n\tthree x\nfour\nfive\n';

  it('shows the line before, the range (at most three lines) and a marker under the first', () => {
    expect(codeFrame(text, at(3, 8, 5, 5), plain)).toBe(['  2 | two', '> 3 | \tthree x', '    | \t      ^', '> 4 | four', '> 5 | five'].join('\n'));
    expect(codeFrame(text, at(1, 1, 1, 4), plain)).toBe(['> 1 | one', '    | ^^^'].join('\n'));
  });

  it('drops the \\r of CRLF lines and stops at the end of the text', () => {
    expect(codeFrame(text, at(2, 1, 9, 1), plain)).toBe(['  1 | one', '> 2 | two', '    | ^^^', '> 3 | \tthree x', '> 4 | four'].join('\n'));
    expect(codeFrame(text, at(6, 1), plain)).toBe(['  5 | five', '> 6 |', '    | ^'].join('\n'));
    expect(codeFrame('a\nb', at(2, 1, 4, 1), plain)).toBe(['  1 | a', '> 2 | b', '    | ^'].join('\n'));
  });

  it('is empty for a line the text does not have', () => {
    expect(codeFrame(text, at(7, 1), plain)).toBe('');
    expect(codeFrame(text, at(0, 1), plain)).toBe('');
  });

  it('gives the same frames from precomputed line starts', () => {
    const starts = lineStarts(text);
    for (const a of [at(3, 8, 5, 5), at(1, 1, 1, 4), at(2, 1, 9, 1), at(6, 1), at(7, 1)]) {
      expect(codeFrame(text, a, plain, { starts })).toBe(codeFrame(text, a, plain));
    }
  });

  it('cuts a long line to a window around the column (a frame per finding stays small)', () => {
    const long = `x${'a'.repeat(10000)}TARGET${'b'.repeat(10000)}\n`;
    const frame = codeFrame(long, at(1, 10002, 1, 10008), plain);
    expect(frame.length).toBeLessThan(600);
    const [line, marker] = frame.split('\n');
    expect(line).toContain('TARGET');
    expect(line!.indexOf('TARGET')).toBe(marker!.indexOf('^'));
    expect(marker).toMatch(/ \^{6}$/);
  });
});
