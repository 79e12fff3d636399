// How readings become the commits Burrow would have stored: with and without commit times,
// Burrow's min-distance, the window's bounds; and the numbers the reasons print.
import { describe, expect, it } from 'vitest';
import { EMPTY_WINDOW, observe, windowConfig, windowOf } from '../../../main/lag/burrow-window.js';
import { formatCount, formatDuration } from '../../../main/lag/lag-format.js';
import type { PartitionLagReading } from '../../../main/lag/lag-types.js';

function reading(committedOffset: number, logEndOffset: number, commitTimestamp?: number): PartitionLagReading {
  const lag = committedOffset < 0 ? null : logEndOffset - committedOffset;
  return { topic: 't', partition: 0, committedOffset, logEndOffset, lag, timeLagMs: 0, ...(commitTimestamp === undefined ? {} : { commitTimestamp }) };
}

const config = windowConfig();

describe('burrow window', () => {
  it('without commit times, adds a commit when the offset changes, timestamped when first seen', () => {
    const w = windowOf([
      { at: 1_000, reading: reading(10, 20) },
      { at: 6_000, reading: reading(10, 30) },
      { at: 11_000, reading: reading(25, 40) },
    ], config);
    expect(w.commits).toEqual([{ offset: 10, at: 1_000, lag: 10 }, { offset: 25, at: 11_000, lag: 15 }]);
    expect(w.endOffsets).toEqual([20, 30, 40]);
    expect(w.currentLag).toBe(15);
  });

  it('with commit times, adds every new commit, the same offset included (how a STALL shows)', () => {
    const w = windowOf([
      { at: 5_000, reading: reading(10, 20, 4_000) },
      { at: 10_000, reading: reading(10, 25, 9_000) },
      { at: 15_000, reading: reading(10, 30, 9_000) },
    ], config);
    expect(w.commits).toEqual([
      { offset: 10, at: 4_000, lag: 10, committedAt: 4_000 },
      { offset: 10, at: 9_000, lag: 15, committedAt: 9_000 },
    ]);
  });

  it('merges a commit closer than min-distance into the previous one, keeping the older timestamp', () => {
    const w = windowOf([
      { at: 1_000, reading: reading(10, 20, 1_000) },
      { at: 2_000, reading: reading(12, 20, 1_600) },
      { at: 3_000, reading: reading(14, 20, 2_200) },
    ], config);
    expect(w.commits).toEqual([
      { offset: 12, at: 1_000, lag: 8, committedAt: 1_600 },
      { offset: 14, at: 2_200, lag: 6, committedAt: 2_200 },
    ]);
  });

  it('keeps the last `intervals` commits and end offsets', () => {
    const small = windowConfig({ intervals: 3 });
    const w = windowOf(Array.from({ length: 6 }, (_, i) => ({ at: i * 5_000, reading: reading(i, i + 2) })), small);
    expect(w.commits.map((c) => c.offset)).toEqual([3, 4, 5]);
    expect(w.endOffsets).toEqual([5, 6, 7]);
  });

  it('adds no commit for a reading without one, but keeps its end offset and lag', () => {
    const w = observe(EMPTY_WINDOW, reading(-1, 50), 0, config);
    expect(w).toEqual({ commits: [], endOffsets: [50], currentLag: null });
  });

  it('returns a new window and leaves the one it was given alone', () => {
    const before = windowOf([{ at: 0, reading: reading(1, 2) }], config);
    const copy = structuredClone(before);
    observe(before, reading(5, 9), 5_000, config);
    expect(before).toEqual(copy);
  });

  it('refuses a window it cannot keep', () => {
    expect(() => windowConfig({ intervals: 0 })).toThrow(RangeError);
    expect(() => windowConfig({ minimumComplete: 1.5 })).toThrow(RangeError);
  });
});

describe('reason formatting', () => {
  it('prints counts with grouping and durations in their two largest units', () => {
    expect(formatCount(4300)).toBe('4,300');
    expect([850, 45_000, 320_000, 7_380_000, 3_600_000, 273_600_000].map(formatDuration)).toEqual(['850ms', '45s', '5m 20s', '2h 3m', '1h', '3d 4h']);
  });
});
