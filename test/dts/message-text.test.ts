import { describe, expect, it } from '@jest/globals';
import { counted, hex, listText, plural } from '../../src/dts/message-text.js';

describe('message text', () => {
  it('hex: numbers and bigints as dtc writes them, unpadded', () => {
    expect([hex(0x8001), hex(0), hex(0x5b040000n)]).toEqual(['0x8001', '0x0', '0x5b040000']);
  });

  it('plural and counted', () => {
    expect([plural('problem', 1), plural('problem', 0), plural('error', 2)]).toEqual(['problem', 'problems', 'errors']);
    expect([counted(1, 'interrupt'), counted(3, 'interrupt')]).toEqual(['1 interrupt', '3 interrupts']);
  });

  it('listText: a, b and c; past max, and N more', () => {
    expect([listText([]), listText(['a']), listText(['a', 'b']), listText(['a', 'b', 'c'])]).toEqual(['', 'a', 'a and b', 'a, b and c']);
    expect([listText(['a', 'b', 'c'], 3), listText(['a', 'b', 'c', 'd', 'e'], 3)]).toEqual(['a, b and c', 'a, b, c and 2 more']);
  });
});
