import { describe, expect, it } from '@jest/globals';
import { Chalk } from 'chalk';
import { codeFrame } from '../../src/report/code-frame.js';

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
});
