import { describe, expect, it } from '@jest/globals';
import { stats, timeInterleaved } from '../../bench/pair.js';

// The pair bench reads its bar on the median of fresh-node runs; the summary must be right.
describe('pair bench statistics', () => {
  it('median, min, p90 and mean of the samples, whatever their order', () => {
    expect(stats([310, 290, 500, 300, 305])).toEqual({ median: 305, min: 290, p90: 500, mean: 341 });
    expect(stats([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, p90: 4, mean: 2.5 });
  });
});

describe('pair bench rounds', () => {
  it('runs every command once per round, warm-up rounds first, and times each', () => {
    const order: string[] = [];
    const samples = timeInterleaved(2, [() => order.push('a'), () => order.push('b')]);
    expect(order.join('')).toBe('ab'.repeat(5));
    expect(samples.map((s) => s.length)).toEqual([2, 2]);
  });
});
