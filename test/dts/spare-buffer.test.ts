import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readWholeFile, SpareBuffer, SPARE_MIN_READ } from '../../src/dts/store/spare-buffer.js';

describe('readWholeFile with a spare buffer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dtlint-spare-'));
  const big = join(dir, 'big.bin');
  const small = join(dir, 'small.bin');
  const bigBytes = Buffer.alloc(SPARE_MIN_READ + 1000, 0);
  for (let i = 0; i < bigBytes.length; i++) bigBytes[i] = (i * 7) & 0xff;
  writeFileSync(big, bigBytes);
  writeFileSync(small, 'small');

  it('reads a large file into the spare, once, and gives the same bytes as readFileSync', () => {
    const spare = Buffer.alloc(SPARE_MIN_READ * 2);
    const offered = new SpareBuffer(spare);
    const first = readWholeFile(big, offered);
    expect(first.equals(readFileSync(big))).toBe(true);
    expect(first.buffer === spare.buffer).toBe(true);
    // Taken: the next read gets its own memory.
    const second = readWholeFile(big, offered);
    expect(second.equals(bigBytes)).toBe(true);
    expect(second.buffer === spare.buffer).toBe(false);
  });

  it('leaves the spare to a later large read when the file is small or does not fit', () => {
    const spare = Buffer.alloc(SPARE_MIN_READ + 2000);
    const offered = new SpareBuffer(spare);
    expect(readWholeFile(small, offered).toString()).toBe('small');
    const tooBig = Buffer.alloc(SPARE_MIN_READ * 2, 1);
    writeFileSync(join(dir, 'too-big.bin'), tooBig);
    expect(readWholeFile(join(dir, 'too-big.bin'), offered).buffer === spare.buffer).toBe(false);
    expect(readWholeFile(big, offered).buffer === spare.buffer).toBe(true);
  });

  it('throws as readFileSync does for a missing file', () => {
    expect(() => readWholeFile(join(dir, 'missing'), new SpareBuffer(Buffer.alloc(SPARE_MIN_READ * 2)))).toThrow(/ENOENT/);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));
});
