// RecordBatch v2 header: the fixed 61 bytes in front of every batch (Kafka's DefaultRecordBatch).
// This is all the hot path ever reads of a batch: storage assigns offsets by patching baseOffset
// and partitionLeaderEpoch (neither is covered by the CRC), and never decodes the records.
//
//  off  0 baseOffset            int64
//  off  8 batchLength           int32   bytes after this field (total size - 12)
//  off 12 partitionLeaderEpoch  int32
//  off 16 magic                 int8    always 2
//  off 17 crc                   uint32  CRC-32C of bytes [21, end)
//  off 21 attributes            int16
//  off 23 lastOffsetDelta       int32
//  off 27 baseTimestamp         int64
//  off 35 maxTimestamp          int64
//  off 43 producerId            int64
//  off 51 producerEpoch         int16
//  off 53 baseSequence          int32
//  off 57 recordCount           int32
//  off 61 records
import { crc32c } from '@node-rs/crc32';
import { CorruptRecordError } from '../../errors.js';

// Invariant: offsets, timestamps and producer ids are int64 on the wire but kept as JS numbers in
// the engine; Kafka never hands out values past 2^53, and bigint arithmetic on the hot path is slow.
export function readInt64(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * 0x1_0000_0000 + buf.readUInt32BE(pos + 4);
}

export function writeInt64(buf: Buffer, value: number, pos: number): void {
  const hi = Math.floor(value / 0x1_0000_0000);
  buf.writeInt32BE(hi, pos);
  buf.writeUInt32BE(value - hi * 0x1_0000_0000, pos + 4);
}

export const BASE_OFFSET_OFFSET = 0;
export const BATCH_LENGTH_OFFSET = 8;
export const PARTITION_LEADER_EPOCH_OFFSET = 12;
export const MAGIC_OFFSET = 16;
export const CRC_OFFSET = 17;
export const ATTRIBUTES_OFFSET = 21;
export const LAST_OFFSET_DELTA_OFFSET = 23;
export const BASE_TIMESTAMP_OFFSET = 27;
export const MAX_TIMESTAMP_OFFSET = 35;
export const PRODUCER_ID_OFFSET = 43;
export const PRODUCER_EPOCH_OFFSET = 51;
export const BASE_SEQUENCE_OFFSET = 53;
export const RECORD_COUNT_OFFSET = 57;
export const RECORDS_OFFSET = 61;

/** Bytes before batchLength starts counting: baseOffset + batchLength itself. */
export const LOG_OVERHEAD = 12;
export const BATCH_HEADER_SIZE = RECORDS_OFFSET;
export const CURRENT_MAGIC = 2;

export const COMPRESSION_MASK = 0x07;
export const TIMESTAMP_TYPE_MASK = 0x08;
export const TRANSACTIONAL_MASK = 0x10;
export const CONTROL_MASK = 0x20;
export const DELETE_HORIZON_MASK = 0x40;

export const NO_PRODUCER_ID = -1;
export const NO_SEQUENCE = -1;

export interface BatchHeader {
  baseOffset: number;
  /** Total size of the batch in bytes, header included. */
  sizeInBytes: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

/** Reads the header of the batch starting at `pos`. Does not check the CRC (see validateBatch). */
export function readBatchHeader(buf: Buffer, pos = 0): BatchHeader {
  if (buf.length - pos < BATCH_HEADER_SIZE) {
    throw new CorruptRecordError(`record batch header needs ${BATCH_HEADER_SIZE} bytes, ${buf.length - pos} left`);
  }
  return {
    baseOffset: readInt64(buf, pos + BASE_OFFSET_OFFSET),
    sizeInBytes: buf.readInt32BE(pos + BATCH_LENGTH_OFFSET) + LOG_OVERHEAD,
    partitionLeaderEpoch: buf.readInt32BE(pos + PARTITION_LEADER_EPOCH_OFFSET),
    magic: buf.readInt8(pos + MAGIC_OFFSET),
    crc: buf.readUInt32BE(pos + CRC_OFFSET),
    attributes: buf.readInt16BE(pos + ATTRIBUTES_OFFSET),
    lastOffsetDelta: buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET),
    baseTimestamp: readInt64(buf, pos + BASE_TIMESTAMP_OFFSET),
    maxTimestamp: readInt64(buf, pos + MAX_TIMESTAMP_OFFSET),
    producerId: readInt64(buf, pos + PRODUCER_ID_OFFSET),
    producerEpoch: buf.readInt16BE(pos + PRODUCER_EPOCH_OFFSET),
    baseSequence: buf.readInt32BE(pos + BASE_SEQUENCE_OFFSET),
    recordCount: buf.readInt32BE(pos + RECORD_COUNT_OFFSET),
  };
}

/**
 * Size of the batch starting at `pos`, from its length field alone, or -1 when fewer than
 * LOG_OVERHEAD bytes remain. Used to walk a buffer of concatenated batches cheaply.
 */
export function batchSizeAt(buf: Buffer, pos: number): number {
  if (buf.length - pos < LOG_OVERHEAD) return -1;
  return buf.readInt32BE(pos + BATCH_LENGTH_OFFSET) + LOG_OVERHEAD;
}

/** CRC-32C over attributes..end, as stored in the header. */
export function computeBatchCrc(batch: Buffer): number {
  return crc32c(batch.subarray(ATTRIBUTES_OFFSET)) >>> 0;
}

/**
 * Checks one whole batch (exactly `batch.length` bytes): length field, magic, CRC, offset delta
 * and record count. Throws CorruptRecordError with a message a person can act on.
 */
export function validateBatch(batch: Buffer): BatchHeader {
  const header = readBatchHeader(batch, 0);
  if (header.sizeInBytes !== batch.length) {
    throw new CorruptRecordError(`record batch length field says ${header.sizeInBytes} bytes, found ${batch.length}`);
  }
  if (header.magic !== CURRENT_MAGIC) {
    throw new CorruptRecordError(`record batch magic ${header.magic} is not supported (only magic 2)`);
  }
  const crc = computeBatchCrc(batch);
  if (crc !== header.crc) {
    throw new CorruptRecordError(`record batch CRC mismatch: header ${header.crc}, computed ${crc}`);
  }
  if (header.lastOffsetDelta < 0 || header.recordCount < 0) {
    throw new CorruptRecordError(`record batch has negative lastOffsetDelta or recordCount`);
  }
  return header;
}

/**
 * Splits a buffer of concatenated batches (a produce request's `records`) into whole batches.
 * Every batch is validated; a trailing partial batch is an error, as in Kafka's produce path.
 * The returned buffers are views into `buf`: no bytes are copied.
 */
export function splitBatches(buf: Buffer): { batch: Buffer; header: BatchHeader }[] {
  const out: { batch: Buffer; header: BatchHeader }[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const size = batchSizeAt(buf, pos);
    if (size < BATCH_HEADER_SIZE || pos + size > buf.length) {
      throw new CorruptRecordError(`record batch at byte ${pos} is truncated or has an invalid length`);
    }
    const batch = buf.subarray(pos, pos + size);
    out.push({ batch, header: validateBatch(batch) });
    pos += size;
  }
  return out;
}

export function setBaseOffset(batch: Buffer, baseOffset: number): void {
  writeInt64(batch, baseOffset, BASE_OFFSET_OFFSET);
}

export function setPartitionLeaderEpoch(batch: Buffer, epoch: number): void {
  batch.writeInt32BE(epoch, PARTITION_LEADER_EPOCH_OFFSET);
}

export function lastOffsetOf(header: BatchHeader): number {
  return header.baseOffset + header.lastOffsetDelta;
}

export function compressionOf(attributes: number): number {
  return attributes & COMPRESSION_MASK;
}

export function isControlBatch(attributes: number): boolean {
  return (attributes & CONTROL_MASK) !== 0;
}

export function isTransactional(attributes: number): boolean {
  return (attributes & TRANSACTIONAL_MASK) !== 0;
}
