import { describe, expect, it } from 'vitest';
import { boundaryOffsets, bucketBoundaries, timeBuckets } from '../../../../main/host/messages/time-buckets.js';

describe('time map buckets', () => {
  it('splits [from, to) into equal whole-ms spans, the last ending at `to`', () => {
    expect(bucketBoundaries(1_000, 2_000, 4)).toEqual([1_000, 1_250, 1_500, 1_750, 2_000]);
    // 10 ms in 3 buckets: 4 ms wide, the last one shorter.
    expect(bucketBoundaries(0, 10, 3)).toEqual([0, 4, 8, 10]);
  });

  it('makes fewer buckets, 1 ms each, when the span is shorter than the bucket count', () => {
    expect(bucketBoundaries(5, 8, 60)).toEqual([5, 6, 7, 8]);
  });

  it('makes none for an empty or reversed span', () => {
    expect(bucketBoundaries(5, 5, 10)).toEqual([]);
    expect(bucketBoundaries(9, 5, 10)).toEqual([]);
  });

  it('reads "no record at or after" as the latest offset and keeps offsets in range and increasing', () => {
    expect(boundaryOffsets([10, 40, 35, -1], { earliest: 12, latest: 100 })).toEqual([12, 40, 40, 100]);
  });

  it('counts records between consecutive boundaries, summing to the offsets covered', () => {
    const bounds = [0, 10, 20, 30];
    const offsets = boundaryOffsets([0, 7, 7, -1], { earliest: 0, latest: 12 });
    const buckets = timeBuckets(bounds, offsets);
    expect(buckets).toEqual([
      { from: 0, to: 10, firstOffset: 0, count: 7 },
      { from: 10, to: 20, firstOffset: 7, count: 0 },
      { from: 20, to: 30, firstOffset: 7, count: 5 },
    ]);
    expect(buckets.reduce((sum, b) => sum + b.count, 0)).toBe(12);
  });
});
