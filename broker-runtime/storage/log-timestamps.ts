// ListOffsets by time (Kafka's UnifiedLog.fetchOffsetByTimestamp). Not on the hot path: the time
// index narrows the search to a few batches, and only those are decoded.
import { iterateRecords } from '../protocol/records/record-batch.js';
import { MAX_TIMESTAMP_OFFSET, readInt64 } from '../protocol/records/batch-header.js';
import type { LogSegment } from './log-segment.js';

/** ListOffsetsRequest's special timestamps. */
export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;
/** KIP-734: the record with the largest timestamp. */
export const MAX_TIMESTAMP = -3;

export interface TimestampAndOffset {
  timestamp: number;
  offset: number;
}

/**
 * The first offset whose record has timestamp >= `timestamp` (and its timestamp); for the special
 * values, the log start, the log end (timestamp -1), or the record with the largest timestamp.
 * Null when no record qualifies (ListOffsets then answers offset -1).
 */
export function offsetForTimestamp(
  segments: readonly LogSegment[],
  timestamp: number,
  logStartOffset: number,
  logEndOffset: number,
): TimestampAndOffset | null {
  if (timestamp === EARLIEST_TIMESTAMP) return { timestamp: -1, offset: logStartOffset };
  if (timestamp === LATEST_TIMESTAMP) return { timestamp: -1, offset: logEndOffset };
  if (timestamp === MAX_TIMESTAMP) return maxTimestampRecord(segments);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const next = segments[i + 1];
    // Segments wholly below the log start hold nothing readable.
    if (next !== undefined && next.baseOffset <= logStartOffset) continue;
    if (segment.largestTimestamp() < timestamp) continue;
    const found = segment.findOffsetByTimestamp(timestamp, logStartOffset);
    if (found) return found;
  }
  return null;
}

function maxTimestampRecord(segments: readonly LogSegment[]): TimestampAndOffset | null {
  let best: LogSegment | null = null;
  for (const segment of segments) {
    if (segment.size > 0 && (!best || segment.maxTimestampAndOffset().timestamp > best.maxTimestampAndOffset().timestamp)) {
      best = segment;
    }
  }
  if (!best) return null;
  const max = best.maxTimestampAndOffset();
  const position = best.offsetIndex.lookup(max.offset).position;
  for (const { batch } of best.log.batches(position)) {
    if (readInt64(batch, MAX_TIMESTAMP_OFFSET) !== max.timestamp) continue;
    for (const record of iterateRecords(batch)) {
      if (record.timestamp === max.timestamp) return { timestamp: record.timestamp, offset: record.offset };
    }
  }
  return null;
}
