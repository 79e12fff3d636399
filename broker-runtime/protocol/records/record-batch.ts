// Building and reading whole RecordBatch v2 batches: the header (batch-header.ts) plus the records
// section, compressed or not.
//
// Not on the hot path: the broker stores and serves batches opaquely. This is for the UI's topic
// browser, compaction, the internal topics the broker writes itself, appends that a topic's
// configs make decode records (compression.type, timestamp bounds, keys of compacted topics), and tests.
import { CorruptRecordError, InvariantViolation } from '../../errors.js';
import {
  ATTRIBUTES_OFFSET,
  BASE_OFFSET_OFFSET,
  BASE_SEQUENCE_OFFSET,
  BASE_TIMESTAMP_OFFSET,
  BATCH_HEADER_SIZE,
  BATCH_LENGTH_OFFSET,
  type BatchHeader,
  CONTROL_MASK,
  CRC_OFFSET,
  CURRENT_MAGIC,
  LAST_OFFSET_DELTA_OFFSET,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  MAX_TIMESTAMP_OFFSET,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  PARTITION_LEADER_EPOCH_OFFSET,
  PRODUCER_EPOCH_OFFSET,
  PRODUCER_ID_OFFSET,
  RECORD_COUNT_OFFSET,
  TIMESTAMP_TYPE_MASK,
  TRANSACTIONAL_MASK,
  compressionOf,
  computeBatchCrc,
  validateBatch,
  writeInt64,
} from './batch-header.js';
import { CompressionType, compress, decompress, isKnownCompression } from './compression.js';
import { type Record, type RecordContext, type RecordToEncode, decodeRecord, encodeRecord } from './record.js';
import { ByteCursor, ByteWriter } from './varint.js';

/** Kafka's RecordBatch.NO_TIMESTAMP. */
export const NO_TIMESTAMP = -1;
export const NO_PARTITION_LEADER_EPOCH = -1;
export const NO_PRODUCER_EPOCH = -1;

export type TimestampType = 'CreateTime' | 'LogAppendTime';

/** Strings are encoded as UTF-8. */
export type RecordBytes = Buffer | string | null;

export interface RecordInput {
  key?: RecordBytes;
  value?: RecordBytes;
  headers?: { key: string; value: RecordBytes }[];
  /** Absolute timestamp (ms); defaults to the batch's baseTimestamp. */
  timestamp?: number;
  /** Defaults to the record's index. Compaction passes the original, non-contiguous deltas. */
  offsetDelta?: number;
}

export interface BuildRecordBatchOptions {
  records: RecordInput[];
  baseOffset?: number;
  /** Defaults to the first record timestamp given, else NO_TIMESTAMP. */
  baseTimestamp?: number;
  compression?: CompressionType;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  partitionLeaderEpoch?: number;
  isTransactional?: boolean;
  isControl?: boolean;
  timestampType?: TimestampType;
  /**
   * Defaults to the last record's offsetDelta. Compaction sets it explicitly: a compacted batch
   * keeps its original lastOffsetDelta so the producer's sequence numbers still line up.
   */
  lastOffsetDelta?: number;
}

function toBytes(data: RecordBytes | undefined): Buffer | null {
  if (data === undefined || data === null) return null;
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

function checkInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvariantViolation(`buildRecordBatch: ${name} ${value} must be an integer in [${min}, ${max}]`);
  }
}

const INT16_MAX = 0x7fff;
const INT32_MAX = 0x7fff_ffff;

/** Encodes one batch, CRC included. Bad options are programmer bugs (InvariantViolation). */
export function buildRecordBatch(opts: BuildRecordBatchOptions): Buffer {
  const { records } = opts;
  const compression = opts.compression ?? CompressionType.None;
  if (!isKnownCompression(compression)) throw new InvariantViolation(`buildRecordBatch: unknown compression ${compression}`);
  const baseOffset = opts.baseOffset ?? 0;
  checkInt('baseOffset', baseOffset, 0, Number.MAX_SAFE_INTEGER);
  const baseTimestamp = opts.baseTimestamp ?? records.find((r) => r.timestamp !== undefined)?.timestamp ?? NO_TIMESTAMP;
  checkInt('baseTimestamp', baseTimestamp, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);

  const out = new ByteWriter(BATCH_HEADER_SIZE + 64 * records.length);
  out.skip(BATCH_HEADER_SIZE);
  let maxTimestamp = records.length === 0 ? baseTimestamp : Number.NEGATIVE_INFINITY;
  let previousDelta = -1;
  records.forEach((input, i) => {
    const offsetDelta = input.offsetDelta ?? i;
    checkInt('offsetDelta', offsetDelta, 0, INT32_MAX);
    // Invariant: offsets inside a batch strictly increase; readers and the offset index rely on it.
    if (offsetDelta <= previousDelta) {
      throw new InvariantViolation(`buildRecordBatch: offsetDelta ${offsetDelta} does not increase (previous ${previousDelta})`);
    }
    previousDelta = offsetDelta;
    const timestamp = input.timestamp ?? baseTimestamp;
    maxTimestamp = Math.max(maxTimestamp, timestamp);
    const record: RecordToEncode = {
      timestampDelta: timestamp - baseTimestamp,
      offsetDelta,
      key: toBytes(input.key),
      value: toBytes(input.value),
      headers: (input.headers ?? []).map((h) => ({ key: h.key, value: toBytes(h.value) })),
    };
    encodeRecord(out, record);
  });
  const lastOffsetDelta = opts.lastOffsetDelta ?? Math.max(previousDelta, 0);
  checkInt('lastOffsetDelta', lastOffsetDelta, Math.max(previousDelta, 0), INT32_MAX);

  let batch = out.finish();
  if (compression !== CompressionType.None && records.length > 0) {
    const section = compress(compression, batch.subarray(BATCH_HEADER_SIZE));
    const compressed = Buffer.allocUnsafe(BATCH_HEADER_SIZE + section.length);
    section.copy(compressed, BATCH_HEADER_SIZE);
    batch = compressed;
  }

  const attributes =
    compression |
    (opts.timestampType === 'LogAppendTime' ? TIMESTAMP_TYPE_MASK : 0) |
    (opts.isTransactional ? TRANSACTIONAL_MASK : 0) |
    (opts.isControl ? CONTROL_MASK : 0);
  const producerEpoch = opts.producerEpoch ?? NO_PRODUCER_EPOCH;
  checkInt('producerEpoch', producerEpoch, -1, INT16_MAX);
  writeInt64(batch, baseOffset, BASE_OFFSET_OFFSET);
  batch.writeInt32BE(batch.length - LOG_OVERHEAD, BATCH_LENGTH_OFFSET);
  batch.writeInt32BE(opts.partitionLeaderEpoch ?? NO_PARTITION_LEADER_EPOCH, PARTITION_LEADER_EPOCH_OFFSET);
  batch.writeInt8(CURRENT_MAGIC, MAGIC_OFFSET);
  batch.writeInt16BE(attributes, ATTRIBUTES_OFFSET);
  batch.writeInt32BE(lastOffsetDelta, LAST_OFFSET_DELTA_OFFSET);
  writeInt64(batch, baseTimestamp, BASE_TIMESTAMP_OFFSET);
  writeInt64(batch, maxTimestamp, MAX_TIMESTAMP_OFFSET);
  writeInt64(batch, opts.producerId ?? NO_PRODUCER_ID, PRODUCER_ID_OFFSET);
  batch.writeInt16BE(producerEpoch, PRODUCER_EPOCH_OFFSET);
  batch.writeInt32BE(opts.baseSequence ?? NO_SEQUENCE, BASE_SEQUENCE_OFFSET);
  batch.writeInt32BE(records.length, RECORD_COUNT_OFFSET);
  // Invariant: the CRC is computed last, over every byte from attributes on.
  batch.writeUInt32BE(computeBatchCrc(batch), CRC_OFFSET);
  return batch;
}

/**
 * Validates the batch (length, magic, CRC) and decompresses its records section. Record bytes of
 * an uncompressed batch are views into `batch`.
 */
export function openRecordBatch(batch: Buffer): { header: BatchHeader; section: Buffer; ctx: RecordContext } {
  const header = validateBatch(batch);
  const raw = batch.subarray(BATCH_HEADER_SIZE);
  // NB: an empty batch (compaction keeps them for producer state) may carry a codec but no payload.
  const section = header.recordCount === 0 && raw.length === 0 ? raw : decompress(compressionOf(header.attributes), raw);
  const logAppendTime = (header.attributes & TIMESTAMP_TYPE_MASK) !== 0 ? header.maxTimestamp : null;
  return { header, section, ctx: { baseOffset: header.baseOffset, baseTimestamp: header.baseTimestamp, logAppendTime } };
}

/** Decodes the records of one whole batch lazily, after validating it. */
export function* iterateRecords(batch: Buffer): Generator<Record, void, undefined> {
  const { header, section, ctx } = openRecordBatch(batch);
  const cursor = new ByteCursor(section, 0);
  for (let i = 0; i < header.recordCount; i++) {
    if (cursor.remaining === 0) {
      throw new CorruptRecordError(`record batch declares ${header.recordCount} records but holds only ${i}`);
    }
    yield decodeRecord(cursor, ctx);
  }
  if (cursor.remaining !== 0) {
    throw new CorruptRecordError(`record batch has ${cursor.remaining} bytes after its ${header.recordCount} records`);
  }
}

/** Decodes every record of one whole batch (exactly `batch.length` bytes). */
export function readRecords(batch: Buffer): Record[] {
  const out: Record[] = [];
  for (const record of iterateRecords(batch)) out.push(record);
  return out;
}
