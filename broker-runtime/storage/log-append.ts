// Validation and offset assignment for an append (Kafka's analyzeAndValidateRecords and
// LogValidator), done in place on the request's own bytes before anything is written: a request
// either goes to disk whole or not at all.
//
// Only baseOffset and partitionLeaderEpoch are patched (the CRC covers neither), plus, for
// message.timestamp.type=LogAppendTime, the timestamp type and maxTimestamp with a new CRC, as
// Kafka does. Records are decoded only for compacted topics, which must reject keyless records.
import { InvalidRecordError, KafkaError, MessageTooLargeError } from '../errors.js';
import {
  ATTRIBUTES_OFFSET,
  type BatchHeader,
  CRC_OFFSET,
  MAX_TIMESTAMP_OFFSET,
  TIMESTAMP_TYPE_MASK,
  computeBatchCrc,
  isControlBatch,
  setBaseOffset,
  setPartitionLeaderEpoch,
  splitBatches,
  writeInt64,
} from '../protocol/records/batch-header.js';
import { iterateRecords } from '../protocol/records/record-batch.js';
import { type LogConfig, isCompacted } from './log-config.js';
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

/** What Kafka checks of a client's batch (LogValidator.validateBatch, origin CLIENT). */
function validateClientBatch(batch: Buffer, header: BatchHeader, config: LogConfig): void {
  if (header.recordCount <= 0 || header.recordCount !== header.lastOffsetDelta + 1) {
    throw new InvalidRecordError(
      `Record batch has ${header.recordCount} records but spans ${header.lastOffsetDelta + 1} offsets; a producer's batch must be dense and non-empty.`,
    );
  }
  if (isCompacted(config) && !isControlBatch(header.attributes)) {
    for (const record of iterateRecords(batch)) {
      if (record.key === null) throw new InvalidRecordError('Compacted topic cannot accept a record without a key.');
    }
  }
}

/**
 * Splits and validates `records`, then (with assignOffsets) patches offsets from nextOffset on.
 * Throws CorruptRecordError (bad CRC or framing), MessageTooLargeError (a batch over
 * max.message.bytes), RECORD_LIST_TOO_LARGE (more than a segment), or InvalidRecordError.
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
  const split = splitBatches(records);
  const prepared: PreparedAppend = { batches: [], firstOffset: -1, lastOffset: -1, maxTimestamp: -1, logAppendTime: -1, recordCount: 0 };
  if (split.length === 0) return prepared;
  let followerOffset = nextOffset;
  for (const { batch, header } of split) {
    if (header.sizeInBytes > config.maxMessageBytes) {
      throw new MessageTooLargeError(`Record batch of ${header.sizeInBytes} bytes is larger than max.message.bytes (${config.maxMessageBytes}).`);
    }
    if (assignOffsets) {
      validateClientBatch(batch, header, config);
    } else {
      if (header.baseOffset < followerOffset) {
        // Kafka's UnexpectedAppendOffsetException / OffsetsOutOfOrderException.
        throw new InvalidRecordError(`Batch at offset ${header.baseOffset} does not follow offset ${followerOffset - 1}; offsets must increase past the log end.`);
      }
      followerOffset = header.baseOffset + header.lastOffsetDelta + 1;
    }
  }
  if (records.length > config.segmentBytes) {
    throw new KafkaError('RECORD_LIST_TOO_LARGE', `Append of ${records.length} bytes is larger than segment.bytes (${config.segmentBytes}).`);
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
