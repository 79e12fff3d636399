// Fewer points for a chart over a long range, fed one reading at a time so a week of history is
// never held in memory at once.
//
// The range [from, to] is cut into equal buckets; each bucket keeps its lowest and its highest
// reading (by the charted value), so a spike and a dip to zero both survive. Points are real
// readings, never averages: a point's offsets and lag stay consistent with each other. When the
// range holds no more than `maxPoints` readings they are returned as they are.
//
// Invariant: result().length <= maxPoints, sorted by time, one point per time (a reading written
// twice for the same time keeps the later one).

export interface Downsampler<T extends { at: number }> {
  add(item: T): void;
  result(): T[];
}

export function downsampler<T extends { at: number }>(
  from: number, to: number, maxPoints: number | undefined, value: (item: T) => number,
): Downsampler<T> {
  if (maxPoints !== undefined && (!Number.isInteger(maxPoints) || maxPoints < 1)) {
    throw new RangeError(`maxPoints must be a positive integer, not ${maxPoints}`);
  }
  // Kept until it outgrows maxPoints; then only the buckets remain.
  let raw: Map<number, T> | null = new Map();
  const bucketCount = maxPoints === undefined ? 0 : maxPoints >= 2 ? Math.floor(maxPoints / 2) : 1;
  const buckets = new Map<number, { low: T; high: T }>();
  const span = Math.max(1, to - from + 1);

  return {
    add(item) {
      if (raw) {
        raw.set(item.at, item);
        if (maxPoints !== undefined && raw.size > maxPoints) raw = null;
      }
      if (bucketCount === 0) return;
      const index = Math.min(bucketCount - 1, Math.max(0, Math.floor(((item.at - from) * bucketCount) / span)));
      const bucket = buckets.get(index);
      if (!bucket) {
        buckets.set(index, { low: item, high: item });
        return;
      }
      const v = value(item);
      // Ties go to the later reading, so a duplicate time keeps the later write.
      if (v <= value(bucket.low)) bucket.low = item;
      if (v >= value(bucket.high)) bucket.high = item;
    },
    result() {
      if (raw) return [...raw.values()].sort((a, b) => a.at - b.at);
      const points = new Map<number, T>();
      for (const { low, high } of buckets.values()) {
        if (maxPoints === 1) {
          points.set(high.at, high);
          continue;
        }
        points.set(low.at, low);
        points.set(high.at, high);
      }
      return [...points.values()].sort((a, b) => a.at - b.at);
    },
  };
}
