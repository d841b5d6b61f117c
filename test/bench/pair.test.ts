import { describe, expect, it } from '@jest/globals';
import { stats } from '../../bench/pair.js';

// The pair bench reads its bar on the median of fresh-node runs; the summary must be right.
describe('pair bench statistics', () => {
  it('median, min, p90 and mean of the samples, whatever their order', () => {
    expect(stats([310, 290, 500, 300, 305])).toEqual({ median: 305, min: 290, p90: 500, mean: 341 });
    expect(stats([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, p90: 4, mean: 2.5 });
  });
});
