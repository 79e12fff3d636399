// One record inside a RecordBatch v2 (Kafka's DefaultRecord):
//
//   length          varint   bytes after this field
//   attributes      int8     unused, always 0
//   timestampDelta  varlong  relative to the batch's baseTimestamp
//   offsetDelta     varint   relative to the batch's baseOffset
//   keyLength       varint   -1 = null
//   key
//   valueLength     varint   -1 = null
//   value
//   headerCount     varint
//   headers         headerKeyLength varint | key (UTF-8) | headerValueLength varint (-1 = null) | value
//
// Every varint here is signed zigzag (see varint.ts).
import { CorruptRecordError } from '../../errors.js';
import { ByteCursor, type ByteWriter, sizeOfVarint, sizeOfVarlong } from './varint.js';

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface Record {
  /** Absolute offset: the batch's baseOffset + offsetDelta. */
  offset: number;
  /** Absolute timestamp (ms): baseTimestamp + timestampDelta, or maxTimestamp for LogAppendTime. */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
  /** Encoded size, length prefix included (Kafka's DefaultRecord.sizeInBytes). */
  sizeInBytes: number;
}

/** What the batch header contributes to each record's absolute fields. */
export interface RecordContext {
  baseOffset: number;
  baseTimestamp: number;
  /** Set for LogAppendTime batches: every record then carries this timestamp. */
  logAppendTime: number | null;
}

/**
 * Decodes the record at `cursor.pos` and leaves the cursor just after it. Key, value and header
 * values are views into the cursor's buffer (no copy).
 */
export function decodeRecord(cursor: ByteCursor, ctx: RecordContext): Record {
  const start = cursor.pos;
  const length = cursor.readVarint();
  const bodyStart = cursor.pos;
  if (length < 0 || length > cursor.remaining) {
    throw new CorruptRecordError(`record at byte ${start} declares ${length} bytes, ${cursor.remaining} left`);
  }
  const bodyEnd = bodyStart + length;
  // Invariant: nothing below reads past this record's own declared end.
  const body = new ByteCursor(cursor.buf, bodyStart, bodyEnd);
  body.readInt8(); // attributes: unused since KIP-98
  const timestampDelta = body.readVarlong();
  const offsetDelta = body.readVarint();
  const key = readNullableBytes(body);
  const value = readNullableBytes(body);
  const headerCount = body.readVarint();
  // Each header takes at least two bytes; a larger count is garbage, and must not drive a long loop.
  if (headerCount < 0 || headerCount * 2 > body.remaining) {
    throw new CorruptRecordError(`record at byte ${start} has an invalid header count ${headerCount}`);
  }
  const headers: RecordHeader[] = new Array(headerCount);
  for (let i = 0; i < headerCount; i++) {
    const keyLength = body.readVarint();
    if (keyLength < 0) throw new CorruptRecordError(`record at byte ${start} has a header with key length ${keyLength}`);
    const headerKey = body.readBytes(keyLength).toString('utf8');
    headers[i] = { key: headerKey, value: readNullableBytes(body) };
  }
  if (body.pos !== bodyEnd) {
    throw new CorruptRecordError(`record at byte ${start} declares ${length} bytes but its fields take ${body.pos - bodyStart}`);
  }
  cursor.pos = bodyEnd;
  return {
    offset: ctx.baseOffset + offsetDelta,
    timestamp: ctx.logAppendTime ?? ctx.baseTimestamp + timestampDelta,
    key,
    value,
    headers,
    sizeInBytes: bodyEnd - start,
  };
}

// NB: Kafka reads any negative length as null; we do too, so every client's records decode.
function readNullableBytes(cursor: ByteCursor): Buffer | null {
  const length = cursor.readVarint();
  return length < 0 ? null : cursor.readBytes(length);
}

/** A record ready to encode: key, value and header values already bytes. */
export interface RecordToEncode {
  timestampDelta: number;
  offsetDelta: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
}

function sizeOfNullableBytes(bytes: Buffer | null): number {
  return bytes === null ? sizeOfVarint(-1) : sizeOfVarint(bytes.length) + bytes.length;
}

export function encodeRecord(out: ByteWriter, record: RecordToEncode): void {
  const headerKeyLengths = record.headers.map((h) => Buffer.byteLength(h.key, 'utf8'));
  let bodySize =
    1 + // attributes
    sizeOfVarlong(record.timestampDelta) +
    sizeOfVarint(record.offsetDelta) +
    sizeOfNullableBytes(record.key) +
    sizeOfNullableBytes(record.value) +
    sizeOfVarint(record.headers.length);
  record.headers.forEach((h, i) => {
    bodySize += sizeOfVarint(headerKeyLengths[i]) + headerKeyLengths[i] + sizeOfNullableBytes(h.value);
  });

  out.writeVarint(bodySize).writeInt8(0).writeVarlong(record.timestampDelta).writeVarint(record.offsetDelta);
  writeNullableBytes(out, record.key);
  writeNullableBytes(out, record.value);
  out.writeVarint(record.headers.length);
  record.headers.forEach((h, i) => {
    out.writeVarint(headerKeyLengths[i]).writeUtf8(h.key, headerKeyLengths[i]);
    writeNullableBytes(out, h.value);
  });
}

function writeNullableBytes(out: ByteWriter, bytes: Buffer | null): void {
  if (bytes === null) out.writeVarint(-1);
  else out.writeVarint(bytes.length).writeBytes(bytes);
}

export type ControlRecordType = 'ABORT' | 'COMMIT' | 'LEADER_CHANGE' | 'SNAPSHOT_HEADER' | 'SNAPSHOT_FOOTER' | 'UNKNOWN';

// Kafka's ControlRecordType ids; 2-4 are KRaft's and never appear in a data partition.
const CONTROL_TYPES: readonly ControlRecordType[] = ['ABORT', 'COMMIT', 'LEADER_CHANGE', 'SNAPSHOT_HEADER', 'SNAPSHOT_FOOTER'];

/**
 * The type of a control record (the one record of a control batch), from its key:
 * `int16 version, int16 type`. Unknown types are 'UNKNOWN', as Kafka treats them, so that a newer
 * client's marker does not break reading; a key too short to hold them is corrupt.
 */
export function readControlRecordType(record: Pick<Record, 'key'>): ControlRecordType {
  const { key } = record;
  if (key === null || key.length < 4) {
    throw new CorruptRecordError(`control record key must hold int16 version and int16 type, got ${key?.length ?? 'null'} bytes`);
  }
  const version = key.readInt16BE(0);
  if (version < 0) throw new CorruptRecordError(`control record key has negative version ${version}`);
  return CONTROL_TYPES[key.readInt16BE(2)] ?? 'UNKNOWN';
}
