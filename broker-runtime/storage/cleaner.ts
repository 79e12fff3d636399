// One compaction pass over one log (Kafka's Cleaner): build a map key -> latest offset from the
// dirty section, then rewrite the cleanable segments keeping only the latest record per key.
//
// - Offsets are preserved: a rewritten batch keeps its baseOffset, its lastOffsetDelta and its
//   producer fields, and each record its original offsetDelta.
// - Tombstones (null value) follow KIP-534: the first pass that keeps one stamps its batch with a
//   delete horizon (now + delete.retention.ms, in baseTimestamp, attribute bit 6); a later pass at
//   or after the horizon drops it.
// - A batch left empty is kept as an empty batch when it has a producer id (the producer's
//   sequence must stay known), otherwise dropped. Control batches are kept as they are.
// NB: no transaction index yet, so aborted transactional records are compacted like committed ones.
// NB: the offset map is an in-memory Map, not Kafka's fixed-size dedupe buffer.
import {
  ATTRIBUTES_OFFSET,
  type BatchHeader,
  CRC_OFFSET,
  DELETE_HORIZON_MASK,
  TIMESTAMP_TYPE_MASK,
  compressionOf,
  computeBatchCrc,
  isControlBatch,
  isTransactional,
  readBatchHeader,
} from '../protocol/records/batch-header.js';
import { type Record } from '../protocol/records/record.js';
import { buildRecordBatch, iterateRecords, readRecords } from '../protocol/records/record-batch.js';
import type { LogSegment } from './log-segment.js';

export type OffsetMap = Map<string, number>;

export interface CleanStats {
  segmentsCleaned: number;
  bytesRead: number;
  bytesWritten: number;
  recordsRead: number;
  recordsRetained: number;
}

export function newCleanStats(): CleanStats {
  return { segmentsCleaned: 0, bytesRead: 0, bytesWritten: 0, recordsRead: 0, recordsRetained: 0 };
}

function mapKey(key: Buffer): string {
  // latin1 maps each byte to one char: an exact, cheap Map key for arbitrary key bytes.
  return key.toString('latin1');
}

/** key -> offset of its latest record, over records at offsets >= firstDirtyOffset in `segments`. */
export function buildOffsetMap(segments: readonly LogSegment[], firstDirtyOffset: number): OffsetMap {
  const map: OffsetMap = new Map();
  for (const segment of segments) {
    for (const { batch } of segment.log.batches(0)) {
      const header = readBatchHeader(batch);
      if (isControlBatch(header.attributes) || header.baseOffset + header.lastOffsetDelta < firstDirtyOffset) continue;
      for (const record of iterateRecords(batch)) {
        if (record.key !== null && record.offset >= firstDirtyOffset) map.set(mapKey(record.key), record.offset);
      }
    }
  }
  return map;
}

export function deleteHorizonOf(header: BatchHeader): number | null {
  return (header.attributes & DELETE_HORIZON_MASK) !== 0 ? header.baseTimestamp : null;
}

export interface CleanedBatch {
  /** The bytes to write: the original batch, a rewrite, or null when the batch goes. */
  bytes: Buffer | null;
  changed: boolean;
  retained: number;
  /** The delete horizon of tombstones kept in this batch, if any. */
  deleteHorizon: number | null;
}

/** Kafka's shouldRetainRecord: the latest for its key, and not a tombstone past its horizon. */
function shouldRetain(record: Record, map: OffsetMap, horizon: number | null, now: number): boolean {
  if (record.key === null) return false;
  const latest = map.get(mapKey(record.key));
  if (latest !== undefined && record.offset < latest) return false;
  return record.value !== null || horizon === null || now < horizon;
}

/** Decides what becomes of one batch of a segment being cleaned. */
export function cleanBatch(batch: Buffer, map: OffsetMap, now: number, deleteRetentionMs: number): CleanedBatch {
  const header = readBatchHeader(batch);
  if (isControlBatch(header.attributes)) return { bytes: batch, changed: false, retained: header.recordCount, deleteHorizon: null };
  const existingHorizon = deleteHorizonOf(header);
  const records = readRecords(batch);
  const retained = records.filter((r) => shouldRetain(r, map, existingHorizon, now));
  const keepsTombstones = retained.some((r) => r.value === null);
  const horizon = keepsTombstones ? (existingHorizon ?? now + deleteRetentionMs) : null;
  if (retained.length === records.length && horizon === existingHorizon) {
    return { bytes: batch, changed: false, retained: retained.length, deleteHorizon: horizon };
  }
  if (retained.length === 0 && header.producerId < 0) return { bytes: null, changed: true, retained: 0, deleteHorizon: null };
  const rebuilt = buildRecordBatch({
    records: retained.map((r) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp, offsetDelta: r.offset - header.baseOffset })),
    baseOffset: header.baseOffset,
    // With a horizon, baseTimestamp carries it; record timestamps stay exact through their deltas.
    baseTimestamp: horizon ?? (retained.length === 0 ? header.maxTimestamp : header.baseTimestamp),
    compression: retained.length === 0 ? 0 : compressionOf(header.attributes),
    producerId: header.producerId,
    producerEpoch: header.producerEpoch,
    baseSequence: header.baseSequence,
    partitionLeaderEpoch: header.partitionLeaderEpoch,
    isTransactional: isTransactional(header.attributes),
    timestampType: (header.attributes & TIMESTAMP_TYPE_MASK) !== 0 ? 'LogAppendTime' : 'CreateTime',
    lastOffsetDelta: header.lastOffsetDelta,
  });
  if (horizon !== null) {
    rebuilt.writeInt16BE(rebuilt.readInt16BE(ATTRIBUTES_OFFSET) | DELETE_HORIZON_MASK, ATTRIBUTES_OFFSET);
    rebuilt.writeUInt32BE(computeBatchCrc(rebuilt), CRC_OFFSET);
  }
  return { bytes: rebuilt, changed: true, retained: retained.length, deleteHorizon: horizon };
}

/**
 * Kafka's groupSegmentsBySize: consecutive segments whose sum fits one segment and one index, and
 * whose offsets fit one segment's relative offsets. `nextBaseOffsets[i]` bounds segment i's offsets.
 */
export function groupSegmentsBySize(
  segments: readonly LogSegment[],
  nextBaseOffsets: readonly number[],
  maxSize: number,
  maxIndexSize: number,
): LogSegment[][] {
  const groups: LogSegment[][] = [];
  let i = 0;
  while (i < segments.length) {
    const group = [segments[i]];
    let logSize = segments[i].size;
    let indexSize = segments[i].offsetIndex.sizeInBytes;
    let timeIndexSize = segments[i].timeIndex.sizeInBytes;
    i++;
    while (
      i < segments.length &&
      logSize + segments[i].size <= maxSize &&
      indexSize + segments[i].offsetIndex.sizeInBytes <= maxIndexSize &&
      timeIndexSize + segments[i].timeIndex.sizeInBytes <= maxIndexSize &&
      nextBaseOffsets[i] - 1 - group[0].baseOffset <= 0x7fffffff
    ) {
      logSize += segments[i].size;
      indexSize += segments[i].offsetIndex.sizeInBytes;
      timeIndexSize += segments[i].timeIndex.sizeInBytes;
      group.push(segments[i]);
      i++;
    }
    groups.push(group);
  }
  return groups;
}
