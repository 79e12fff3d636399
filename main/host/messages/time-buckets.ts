// The bucket maths of the partition time map, apart from any I/O.
import type { TimeBucket } from '../../contract/index.js';
import type { OffsetRange } from './offsets.js';

/**
 * `buckets` equal spans over [from, to) (whole ms, at least 1 ms each, so fewer buckets when the
 * range is shorter): the boundaries, first `from`, last `to`. Empty when the range is.
 */
export function bucketBoundaries(from: number, to: number, buckets: number): number[] {
  if (to <= from || buckets < 1) return [];
  const width = Math.max(1, Math.ceil((to - from) / buckets));
  const bounds: number[] = [];
  for (let at = from; at < to; at += width) bounds.push(at);
  bounds.push(to);
  return bounds;
}

/**
 * ListOffsets answers per boundary, made into offsets: -1 (no record at or after it) is the latest
 * offset; answers are kept within [earliest, latest] and never decrease, so counts are never negative.
 */
export function boundaryOffsets(answers: readonly number[], range: OffsetRange): number[] {
  let previous = range.earliest;
  return answers.map((answer) => {
    const offset = answer < 0 ? range.latest : Math.min(Math.max(answer, range.earliest), range.latest);
    previous = Math.max(previous, offset);
    return previous;
  });
}

/** Buckets between consecutive boundaries: count is the next boundary's offset minus this one's. */
export function timeBuckets(bounds: readonly number[], offsets: readonly number[]): TimeBucket[] {
  const buckets: TimeBucket[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    buckets.push({ from: bounds[i], to: bounds[i + 1], firstOffset: offsets[i], count: offsets[i + 1] - offsets[i] });
  }
  return buckets;
}
