// Validation and offset assignment for an append (Kafka's analyzeAndValidateRecords and
// LogValidator), done in place on the request's own bytes before anything is written: a request
// either goes to disk whole or not at all.
//
// Only baseOffset and partitionLeaderEpoch are patched (the CRC covers neither), plus, for
// message.timestamp.type=LogAppendTime, the timestamp type and maxTimestamp with a new CRC, as
// Kafka does. Records are decoded only where a topic config needs them: compacted topics reject
// keyless records, message.timestamp.before/after.max.ms reject records stamped too far from the
// broker's clock, and a compression.type other than producer re-compresses batches in another codec
// (the one slow path: new batches replace the request's bytes). At the defaults nothing is decoded.
import { InvalidRecordError, KafkaError, MessageTooLargeError } from '../errors.js';
import {
  ATTRIBUTES_OFFSET,
  type BatchHeader,
  CRC_OFFSET,
  MAX_TIMESTAMP_OFFSET,
  TIMESTAMP_TYPE_MASK,
  compressionOf,
  computeBatchCrc,
  isControlBatch,
  isTransactional,
  readBatchHeader,
  setBaseOffset,
  setPartitionLeaderEpoch,
  splitBatches,
  writeInt64,
} from '../protocol/records/batch-header.js';
import { CompressionType } from '../protocol/records/compression.js';
import type { Record as KafkaRecord } from '../protocol/records/record.js';
import { NO_TIMESTAMP, buildRecordBatch, readRecords } from '../protocol/records/record-batch.js';
import { type BrokerCompressionType, type LogConfig, isCompacted, timestampAfterMaxMs, timestampBeforeMaxMs } from './log-config.js';
import type { BatchMetadata, ProducerStateManager } from './producer-state-manager.js';

export interface AppendOptions {
  /** Written into each batch's partitionLeaderEpoch when offsets are assigned. */
  leaderEpoch?: number;
  /** Default true (a leader's append). False keeps the batches' offsets (a follower's append). */
  assignOffsets?: boolean;
}

export interface LogAppendInfo {
  /** -1 for an empty append. */
  firstOffset: number;
  lastOffset: number;
  /** The broker time stamped on the batches, or -1 unless message.timestamp.type=LogAppendTime. */
  logAppendTime: number;
  logStartOffset: number;
  recordCount: number;
}

export interface PreparedAppend {
  /** Set when the append is an idempotent producer's retry: nothing is written, the original offsets are answered. */
  duplicate?: BatchMetadata;
  /** The bytes to write: the request's own, or new batches when compression.type re-compressed any. */
  records: Buffer;
  batches: BatchHeader[];
  firstOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  logAppendTime: number;
  recordCount: number;
}

function stampLogAppendTime(batch: Buffer, header: BatchHeader, now: number): void {
  header.attributes |= TIMESTAMP_TYPE_MASK;
  header.maxTimestamp = now;
  batch.writeInt16BE(header.attributes, ATTRIBUTES_OFFSET);
  writeInt64(batch, now, MAX_TIMESTAMP_OFFSET);
  header.crc = computeBatchCrc(batch);
  batch.writeUInt32BE(header.crc, CRC_OFFSET);
}

/** The codec compression.type makes the log store, or null for "producer" (each batch keeps its own). */
const TARGET_CODEC: Readonly<Record<BrokerCompressionType, CompressionType | null>> = {
  producer: null,
  uncompressed: CompressionType.None,
  gzip: CompressionType.Gzip,
  snappy: CompressionType.Snappy,
  lz4: CompressionType.Lz4,
  zstd: CompressionType.Zstd,
};

/**
 * What Kafka checks of a client's batch (LogValidator.validateBatch and validateRecord, origin
 * CLIENT). Returns the records when a check had to decode them, for a re-compression to reuse.
 */
function validateClientBatch(batch: Buffer, header: BatchHeader, config: LogConfig, now: number): KafkaRecord[] | null {
  if (header.recordCount <= 0 || header.recordCount !== header.lastOffsetDelta + 1) {
    throw new InvalidRecordError(
      `Record batch has ${header.recordCount} records but spans ${header.lastOffsetDelta + 1} offsets; a producer's batch must be dense and non-empty.`,
    );
  }
  const createTime = config.messageTimestampType === 'CreateTime';
  // Every record of a LogAppendTime batch carries the batch's maxTimestamp, so the header suffices.
  if ((header.attributes & TIMESTAMP_TYPE_MASK) !== 0 && (!createTime || header.maxTimestamp === NO_TIMESTAMP)) {
    throw new KafkaError('INVALID_TIMESTAMP', 'Record batch has timestamp type LogAppendTime; a producer must not set it.');
  }
  const before = timestampBeforeMaxMs(config);
  const after = timestampAfterMaxMs(config);
  const checkTimestamps = createTime && (before !== Infinity || after !== Infinity);
  const checkKeys = isCompacted(config) && !isControlBatch(header.attributes);
  if (!checkTimestamps && !checkKeys) return null;
  const records = readRecords(batch);
  let keyless = false;
  for (const { key, timestamp } of records) {
    // Kafka reports every bad record, and INVALID_TIMESTAMP over INVALID_RECORD when both occur.
    if (checkTimestamps && timestamp !== NO_TIMESTAMP && (now - timestamp > before || timestamp - now > after)) {
      throw new KafkaError(
        'INVALID_TIMESTAMP',
        `Record timestamp ${timestamp} is out of range: with the broker's clock at ${now} it must be within [${now - before}, ${now + after}].`,
      );
    }
    keyless ||= checkKeys && key === null;
  }
  if (keyless) throw new InvalidRecordError('Compacted topic cannot accept a record without a key.');
  return records;
}

/**
 * The batch rebuilt in `codec` (Kafka's buildRecordsAndAssignOffsets): producer id, epoch and base
 * sequence, the transactional flag and every record's key, value, headers and timestamp are kept.
 * Offset deltas are renumbered 0..n-1 as Kafka does, which a valid client batch already has.
 * Always CreateTime: a LogAppendTime topic stamps the new batch afterwards, like any other.
 */
function recompress(header: BatchHeader, records: readonly KafkaRecord[], codec: CompressionType): Buffer {
  return buildRecordBatch({
    records: records.map(({ key, value, headers, timestamp }) => ({ key, value, headers, timestamp })),
    baseOffset: header.baseOffset,
    compression: codec,
    producerId: header.producerId,
    producerEpoch: header.producerEpoch,
    baseSequence: header.baseSequence,
    partitionLeaderEpoch: header.partitionLeaderEpoch,
    isTransactional: isTransactional(header.attributes),
    timestampType: 'CreateTime',
  });
}

/** One buffer of whole batches, and a view of each batch into it. */
function concatBatches(parts: readonly { batch: Buffer; header: BatchHeader }[]): { bytes: Buffer; split: { batch: Buffer; header: BatchHeader }[] } {
  const bytes = Buffer.concat(parts.map((p) => p.batch));
  let pos = 0;
  const split = parts.map(({ batch, header }) => {
    const view = bytes.subarray(pos, pos + batch.length);
    pos += batch.length;
    return { batch: view, header };
  });
  return { bytes, split };
}

/**
 * Splits and validates `records`, then (with assignOffsets) patches offsets from nextOffset on.
 * Throws CorruptRecordError (bad CRC or framing), MessageTooLargeError (a batch over
 * max.message.bytes), RECORD_LIST_TOO_LARGE (more than a segment), INVALID_TIMESTAMP, or
 * InvalidRecordError.
 */
export function prepareAppend(
  records: Buffer,
  config: LogConfig,
  nextOffset: number,
  now: number,
  opts: AppendOptions,
  producerState?: ProducerStateManager,
): PreparedAppend {
  const assignOffsets = opts.assignOffsets ?? true;
  let split = splitBatches(records);
  const prepared: PreparedAppend = { records, batches: [], firstOffset: -1, lastOffset: -1, maxTimestamp: -1, logAppendTime: -1, recordCount: 0 };
  if (split.length === 0) return prepared;
  const codec = assignOffsets ? TARGET_CODEC[config.compressionType] : null;
  let converted = false;
  let followerOffset = nextOffset;
  split = split.map(({ batch, header }) => {
    if (header.sizeInBytes > config.maxMessageBytes) {
      throw new MessageTooLargeError(`Record batch of ${header.sizeInBytes} bytes is larger than max.message.bytes (${config.maxMessageBytes}).`);
    }
    if (!assignOffsets) {
      if (header.baseOffset < followerOffset) {
        // Kafka's UnexpectedAppendOffsetException / OffsetsOutOfOrderException.
        throw new InvalidRecordError(`Batch at offset ${header.baseOffset} does not follow offset ${followerOffset - 1}; offsets must increase past the log end.`);
      }
      followerOffset = header.baseOffset + header.lastOffsetDelta + 1;
      return { batch, header };
    }
    const decoded = validateClientBatch(batch, header, config, now);
    // Kafka leaves an uncompressed control batch (a transaction marker) uncompressed.
    if (codec === null || compressionOf(header.attributes) === codec || isControlBatch(header.attributes)) return { batch, header };
    const rebuilt = recompress(header, decoded ?? readRecords(batch), codec);
    if (rebuilt.length > config.maxMessageBytes) {
      throw new MessageTooLargeError(`Record batch of ${rebuilt.length} bytes once compressed as ${config.compressionType} is larger than max.message.bytes (${config.maxMessageBytes}).`);
    }
    converted = true;
    return { batch: rebuilt, header: readBatchHeader(rebuilt) };
  });
  if (converted) ({ bytes: prepared.records, split } = concatBatches(split));
  if (prepared.records.length > config.segmentBytes) {
    throw new KafkaError('RECORD_LIST_TOO_LARGE', `Append of ${prepared.records.length} bytes is larger than segment.bytes (${config.segmentBytes}).`);
  }
  if (assignOffsets && producerState) {
    const duplicate = producerState.checkBatches(split.map((s) => s.header));
    if (duplicate) return { ...prepared, duplicate };
  }
  // Invariant: from here on nothing throws, so a request is patched only if it is appended.
  const logAppendTime = assignOffsets && config.messageTimestampType === 'LogAppendTime' ? now : -1;
  let offset = nextOffset;
  for (const { batch, header } of split) {
    if (assignOffsets) {
      setBaseOffset(batch, offset);
      header.baseOffset = offset;
      if (opts.leaderEpoch !== undefined) {
        setPartitionLeaderEpoch(batch, opts.leaderEpoch);
        header.partitionLeaderEpoch = opts.leaderEpoch;
      }
      if (logAppendTime >= 0) stampLogAppendTime(batch, header, logAppendTime);
    }
    offset = header.baseOffset + header.lastOffsetDelta + 1;
    prepared.batches.push(header);
    prepared.recordCount += header.recordCount;
    prepared.maxTimestamp = Math.max(prepared.maxTimestamp, header.maxTimestamp);
  }
  prepared.firstOffset = prepared.batches[0].baseOffset;
  prepared.lastOffset = offset - 1;
  prepared.logAppendTime = logAppendTime;
  return prepared;
}
