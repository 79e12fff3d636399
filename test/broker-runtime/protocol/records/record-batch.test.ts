import { describe, expect, it } from 'vitest';
import { CorruptRecordError, InvariantViolation } from '../../../../broker-runtime/errors.js';
import {
  CONTROL_MASK,
  TIMESTAMP_TYPE_MASK,
  TRANSACTIONAL_MASK,
  computeBatchCrc,
  readBatchHeader,
  validateBatch,
} from '../../../../broker-runtime/protocol/records/batch-header.js';
import { CompressionType } from '../../../../broker-runtime/protocol/records/compression.js';
import { readControlRecordType } from '../../../../broker-runtime/protocol/records/record.js';
import {
  NO_TIMESTAMP,
  buildRecordBatch,
  iterateRecords,
  readRecords,
} from '../../../../broker-runtime/protocol/records/record-batch.js';

const T0 = 1_700_000_000_000;

// Written by hand from the format in CLIENTS.md §3; the CRC comes from an independent bitwise
// CRC-32C. If both our encoder and kafkajs's drifted the same way, this still catches it.
const GOLDEN = Buffer.from(
  [
    '0000000000000010', // baseOffset 16
    '00000046', // batchLength 70 (82 - 12)
    '00000003', // partitionLeaderEpoch 3
    '02', // magic
    '2393cc76', // crc
    '0000', // attributes: none, CreateTime, not transactional, not control
    '00000001', // lastOffsetDelta 1
    '0000018bcfe56800', // baseTimestamp T0
    '0000018bcfe56805', // maxTimestamp T0 + 5
    '0000000000000007', // producerId 7
    '0001', // producerEpoch 1
    '00000009', // baseSequence 9
    '00000002', // recordCount 2
    // record 0: length 13, attrs, tsDelta 0, offsetDelta 0, key "k", value "v1", 1 header h=x
    '1a' + '00' + '00' + '00' + '02' + '6b' + '04' + '7631' + '02' + '02' + '68' + '02' + '78',
    // record 1: length 6, attrs, tsDelta 5, offsetDelta 1, key null, value "" (empty, not null), 0 headers
    '0c' + '00' + '0a' + '02' + '01' + '00' + '00',
  ].join(''),
  'hex',
);

const GOLDEN_OPTIONS = {
  baseOffset: 16,
  partitionLeaderEpoch: 3,
  producerId: 7,
  producerEpoch: 1,
  baseSequence: 9,
  records: [
    { key: 'k', value: 'v1', headers: [{ key: 'h', value: 'x' }], timestamp: T0 },
    { key: null, value: Buffer.alloc(0), timestamp: T0 + 5 },
  ],
};

describe('golden uncompressed batch', () => {
  it('decodes field by field', () => {
    const header = validateBatch(GOLDEN);
    expect(header).toEqual({
      baseOffset: 16,
      sizeInBytes: 82,
      partitionLeaderEpoch: 3,
      magic: 2,
      crc: 0x2393cc76,
      attributes: 0,
      lastOffsetDelta: 1,
      baseTimestamp: T0,
      maxTimestamp: T0 + 5,
      producerId: 7,
      producerEpoch: 1,
      baseSequence: 9,
      recordCount: 2,
    });
    const [r0, r1] = readRecords(GOLDEN);
    expect(r0).toEqual({
      offset: 16,
      timestamp: T0,
      key: Buffer.from('k'),
      value: Buffer.from('v1'),
      headers: [{ key: 'h', value: Buffer.from('x') }],
      sizeInBytes: 14,
    });
    expect(r1).toEqual({ offset: 17, timestamp: T0 + 5, key: null, value: Buffer.alloc(0), headers: [], sizeInBytes: 7 });
  });

  it('is exactly what buildRecordBatch writes', () => {
    expect(buildRecordBatch(GOLDEN_OPTIONS).toString('hex')).toBe(GOLDEN.toString('hex'));
  });

  it('decodes records as views into the batch, not copies', () => {
    const copy = Buffer.from(GOLDEN);
    const [r0] = readRecords(copy);
    expect(r0.value!.buffer).toBe(copy.buffer);
  });
});

describe('buildRecordBatch defaults', () => {
  it('uses Kafka no-producer defaults and the first timestamp as base', () => {
    const batch = buildRecordBatch({ records: [{ value: 'a', timestamp: T0 + 10 }, { value: 'b', timestamp: T0 }] });
    const h = readBatchHeader(batch);
    expect(h).toMatchObject({
      baseOffset: 0,
      partitionLeaderEpoch: -1,
      attributes: 0,
      lastOffsetDelta: 1,
      baseTimestamp: T0 + 10,
      maxTimestamp: T0 + 10,
      producerId: -1,
      producerEpoch: -1,
      baseSequence: -1,
      recordCount: 2,
    });
    // A record earlier than the base gets a negative delta.
    expect(readRecords(batch).map((r) => r.timestamp)).toEqual([T0 + 10, T0]);
  });

  it('gives records without a timestamp the base timestamp, or NO_TIMESTAMP', () => {
    expect(readRecords(buildRecordBatch({ baseTimestamp: T0, records: [{ value: 'a' }] }))[0].timestamp).toBe(T0);
    const batch = buildRecordBatch({ records: [{ value: 'a' }] });
    expect(readBatchHeader(batch).maxTimestamp).toBe(NO_TIMESTAMP);
    expect(readRecords(batch)[0].timestamp).toBe(NO_TIMESTAMP);
  });

  it('sets the attribute bits', () => {
    const batch = buildRecordBatch({
      records: [{ value: 'a' }],
      compression: CompressionType.Zstd,
      isTransactional: true,
      isControl: true,
      timestampType: 'LogAppendTime',
    });
    expect(readBatchHeader(batch).attributes).toBe(4 | TIMESTAMP_TYPE_MASK | TRANSACTIONAL_MASK | CONTROL_MASK);
  });
});

describe('offset deltas (compaction)', () => {
  it('keeps explicit, non-contiguous deltas and an explicit lastOffsetDelta', () => {
    const batch = buildRecordBatch({
      baseOffset: 100,
      records: [{ value: 'a', offsetDelta: 2 }, { value: 'b', offsetDelta: 7 }],
      lastOffsetDelta: 9,
    });
    expect(readBatchHeader(batch)).toMatchObject({ lastOffsetDelta: 9, recordCount: 2 });
    expect(readRecords(batch).map((r) => r.offset)).toEqual([102, 107]);
  });

  it('builds an empty batch that keeps its offset range and producer state', () => {
    const batch = buildRecordBatch({ records: [], baseOffset: 50, lastOffsetDelta: 4, baseTimestamp: T0, producerId: 3, producerEpoch: 0, baseSequence: 10 });
    expect(validateBatch(batch)).toMatchObject({ recordCount: 0, lastOffsetDelta: 4, baseTimestamp: T0, maxTimestamp: T0, producerId: 3 });
    expect(batch.length).toBe(61);
    expect(readRecords(batch)).toEqual([]);
    // An empty batch carrying a codec id has no payload to decompress.
    expect(readRecords(buildRecordBatch({ records: [], compression: CompressionType.Gzip }))).toEqual([]);
  });

  it('rejects deltas that do not increase, and a lastOffsetDelta below the last record', () => {
    expect(() => buildRecordBatch({ records: [{ offsetDelta: 3 }, { offsetDelta: 3 }] })).toThrow(InvariantViolation);
    expect(() => buildRecordBatch({ records: [{ offsetDelta: -1 }] })).toThrow(InvariantViolation);
    expect(() => buildRecordBatch({ records: [{}, {}], lastOffsetDelta: 0 })).toThrow(InvariantViolation);
    expect(() => buildRecordBatch({ records: [], baseOffset: -1 })).toThrow(InvariantViolation);
    expect(() => buildRecordBatch({ records: [], compression: 7 as CompressionType })).toThrow(InvariantViolation);
  });
});

describe('timestamps', () => {
  it('gives every record the batch maxTimestamp in a LogAppendTime batch', () => {
    const batch = buildRecordBatch({
      timestampType: 'LogAppendTime',
      records: [{ value: 'a', timestamp: T0 }, { value: 'b', timestamp: T0 + 50 }],
    });
    expect(readRecords(batch).map((r) => r.timestamp)).toEqual([T0 + 50, T0 + 50]);
  });
});

describe('headers', () => {
  it('keeps order, duplicates, UTF-8 keys and null values', () => {
    const headers = [
      { key: 'dup', value: '1' },
      { key: 'dup', value: '2' },
      { key: 'ключ', value: null },
      { key: '', value: Buffer.from([0, 255]) },
    ];
    const [r] = readRecords(buildRecordBatch({ records: [{ value: 'v', headers }] }));
    expect(r.headers).toEqual([
      { key: 'dup', value: Buffer.from('1') },
      { key: 'dup', value: Buffer.from('2') },
      { key: 'ключ', value: null },
      { key: '', value: Buffer.from([0, 255]) },
    ]);
  });
});

describe('control records', () => {
  const marker = (type: number): Buffer => {
    const key = Buffer.alloc(4);
    key.writeInt16BE(0, 0);
    key.writeInt16BE(type, 2);
    const value = Buffer.alloc(6);
    value.writeInt32BE(5, 2); // EndTransactionMarker v0, coordinatorEpoch 5
    return buildRecordBatch({ isControl: true, isTransactional: true, producerId: 1, producerEpoch: 0, records: [{ key, value }] });
  };

  it('reads the type from the key', () => {
    expect(readControlRecordType(readRecords(marker(0))[0])).toBe('ABORT');
    expect(readControlRecordType(readRecords(marker(1))[0])).toBe('COMMIT');
    expect(readControlRecordType(readRecords(marker(99))[0])).toBe('UNKNOWN');
  });

  it('rejects a key too short to hold version and type', () => {
    expect(() => readControlRecordType({ key: null })).toThrow(CorruptRecordError);
    expect(() => readControlRecordType({ key: Buffer.from([0, 0, 1]) })).toThrow(CorruptRecordError);
  });
});

describe('iterateRecords', () => {
  it('yields lazily: the first record is readable before a corrupt later one', () => {
    const batch = buildRecordBatch({ records: [{ value: 'good' }, { value: 'x' }] });
    const header = readBatchHeader(batch);
    // Claim 3 records where there are 2, then fix the CRC so validation passes.
    batch.writeInt32BE(3, 57);
    batch.writeUInt32BE(computeBatchCrc(batch), 17);
    const it = iterateRecords(batch);
    expect(it.next().value).toMatchObject({ value: Buffer.from('good') });
    expect(it.next().value).toMatchObject({ value: Buffer.from('x') });
    expect(() => it.next()).toThrow(/declares 3 records but holds only 2/);
    expect(header.recordCount).toBe(2);
  });
});
