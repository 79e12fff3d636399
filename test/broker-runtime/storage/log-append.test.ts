// The topic configs that act on a leader's append: message.timestamp.before/after.max.ms (and the
// deprecated difference.max.ms) reject records stamped too far from the broker's clock, and
// compression.type re-compresses batches in another codec. At the defaults nothing is decoded.
import * as crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KafkaError } from '../../../broker-runtime/errors.js';
import {
  BATCH_HEADER_SIZE,
  CRC_OFFSET,
  compressionOf,
  computeBatchCrc,
  isTransactional,
  readBatchHeader,
  splitBatches,
} from '../../../broker-runtime/protocol/records/batch-header.js';
import { CompressionType } from '../../../broker-runtime/protocol/records/compression.js';
import { type BuildRecordBatchOptions, buildRecordBatch, readRecords } from '../../../broker-runtime/protocol/records/record-batch.js';
import { Log } from '../../../broker-runtime/storage/log.js';
import { ManualClock, batch, config, tempDir } from './helpers.js';

const NOW = 1_700_000_000_000;

function openLog(overrides: Record<string, string> = {}): Log {
  return Log.open(tempDir(), config(overrides), { clock: new ManualClock(NOW) });
}

function errorOf(fn: () => unknown): KafkaError {
  try {
    fn();
  } catch (err) {
    return err as KafkaError;
  }
  throw new Error('expected an error');
}

/** A batch stamped at `timestamps` (the first is the baseTimestamp), optionally compressed. */
function stamped(timestamps: number[], opts: Partial<BuildRecordBatchOptions> = {}): Buffer {
  return buildRecordBatch({ records: timestamps.map((timestamp, i) => ({ key: `k${i}`, value: `v${i}`, timestamp })), ...opts });
}

/** What a reader sees of each record, offsets relative to the batch. */
function contentOf(b: Buffer) {
  const { baseOffset } = readBatchHeader(b);
  return readRecords(b).map((r) => ({ offsetDelta: r.offset - baseOffset, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers }));
}

describe('message.timestamp.before.max.ms / after.max.ms', () => {
  it('rejects a CreateTime record stamped too long before the broker clock with INVALID_TIMESTAMP, checking every record', () => {
    const log = openLog({ 'message.timestamp.before.max.ms': '1000' });
    expect(log.append(stamped([NOW - 1000, NOW])).firstOffset).toBe(0);
    // The header alone (base NOW, max NOW) looks fine; the second record is 5 s old.
    const error = errorOf(() => log.append(stamped([NOW, NOW - 5000])));
    expect(error).toMatchObject({ errorName: 'INVALID_TIMESTAMP', code: 32 });
    expect(error.message).toContain(String(NOW - 5000));
    expect(log.logEndOffset).toBe(2);
  });

  it('rejects a record stamped too far ahead, compressed batches included', () => {
    const log = openLog({ 'message.timestamp.after.max.ms': '1000' });
    expect(() => log.append(stamped([NOW, NOW + 1001], { compression: CompressionType.Lz4 }))).toThrow(expect.objectContaining({ errorName: 'INVALID_TIMESTAMP' }));
    expect(log.append(stamped([NOW - 10 ** 9, NOW + 1000], { compression: CompressionType.Lz4 })).lastOffset).toBe(1);
  });

  it('bounds both directions with the deprecated difference.max.ms while before/after are at their defaults', () => {
    const log = openLog({ 'message.timestamp.difference.max.ms': '1000' });
    expect(() => log.append(stamped([NOW - 1001]))).toThrow(expect.objectContaining({ errorName: 'INVALID_TIMESTAMP' }));
    expect(() => log.append(stamped([NOW + 1001]))).toThrow(expect.objectContaining({ errorName: 'INVALID_TIMESTAMP' }));
    const afterWins = openLog({ 'message.timestamp.difference.max.ms': '1000', 'message.timestamp.after.max.ms': '5000' });
    expect(afterWins.append(stamped([NOW + 4000])).firstOffset).toBe(0);
    expect(() => afterWins.append(stamped([NOW - 1001]))).toThrow(expect.objectContaining({ errorName: 'INVALID_TIMESTAMP' }));
  });

  it('lets records without a timestamp through, and does not apply to LogAppendTime topics', () => {
    expect(openLog({ 'message.timestamp.before.max.ms': '0' }).append(stamped([-1, -1])).recordCount).toBe(2);
    const appendTime = openLog({ 'message.timestamp.type': 'LogAppendTime', 'message.timestamp.before.max.ms': '0' });
    expect(appendTime.append(stamped([5])).logAppendTime).toBe(NOW);
  });

  it('rejects a batch whose producer set LogAppendTime, where Kafka does', () => {
    const producerStamped = stamped([NOW], { timestampType: 'LogAppendTime' });
    expect(() => openLog({ 'message.timestamp.type': 'LogAppendTime' }).append(Buffer.from(producerStamped))).toThrow(
      expect.objectContaining({ errorName: 'INVALID_TIMESTAMP' }),
    );
    // On a CreateTime topic its records carry maxTimestamp, which is a timestamp like any other.
    expect(openLog().append(Buffer.from(producerStamped)).firstOffset).toBe(0);
    const noTimestamp = stamped([-1], { timestampType: 'LogAppendTime' });
    expect(() => openLog().append(noTimestamp)).toThrow(expect.objectContaining({ errorName: 'INVALID_TIMESTAMP' }));
  });
});

describe('compression.type', () => {
  const records = [
    { key: 'a', value: 'first', timestamp: NOW - 20, headers: [{ key: 'h', value: 'x' }, { key: 'empty', value: null }] },
    { key: null, value: null, timestamp: NOW - 40 }, // older than the base timestamp: a negative delta
    { key: Buffer.from([0, 1, 2]), value: 'x'.repeat(2000), timestamp: NOW },
  ];
  const producer = { producerId: 42, producerEpoch: 3, baseSequence: 0, isTransactional: true } as const;

  it('with producer (the default) stores every batch exactly as sent, whatever its codec', () => {
    const log = openLog();
    const sent = [CompressionType.None, CompressionType.Gzip, CompressionType.Zstd].map((compression) => buildRecordBatch({ records, compression }));
    log.append(Buffer.concat(sent.map((b) => Buffer.from(b))));
    const stored = splitBatches(log.read(0, 1 << 20).records);
    // Bytes from the magic byte on are untouched (baseOffset, length and epoch come before).
    expect(stored.map((s) => s.batch.subarray(16))).toEqual(sent.map((b) => b.subarray(16)));
  });

  it('re-compresses an uncompressed batch with gzip, keeping records, producer fields and attributes', () => {
    const log = openLog({ 'compression.type': 'gzip' });
    log.append(batch(2)); // offsets 0-1
    const sent = buildRecordBatch({ records, ...producer });
    const info = log.append(Buffer.from(sent), { leaderEpoch: 5 });
    expect(info).toMatchObject({ firstOffset: 2, lastOffset: 4, recordCount: 3 });
    const stored = splitBatches(log.read(2, 1 << 20).records)[0];
    expect(compressionOf(stored.header.attributes)).toBe(CompressionType.Gzip);
    expect(stored.header).toMatchObject({
      baseOffset: 2, partitionLeaderEpoch: 5, producerId: 42, producerEpoch: 3, baseSequence: 0, lastOffsetDelta: 2, recordCount: 3,
      baseTimestamp: NOW - 20, maxTimestamp: NOW,
    });
    expect(isTransactional(stored.header.attributes)).toBe(true);
    expect(contentOf(stored.batch)).toEqual(contentOf(sent));
    expect(stored.batch.length).toBeLessThan(sent.length);
  });

  it('decompresses for uncompressed, converts between codecs, and leaves a batch already in the codec as sent', () => {
    const plain = openLog({ 'compression.type': 'uncompressed' });
    const zstd = buildRecordBatch({ records, compression: CompressionType.Zstd });
    plain.append(Buffer.from(zstd));
    const stored = plain.read(0, 1 << 20).records;
    expect(compressionOf(readBatchHeader(stored).attributes)).toBe(CompressionType.None);
    expect(contentOf(stored)).toEqual(contentOf(zstd));

    const lz4 = openLog({ 'compression.type': 'lz4' });
    const snappy = buildRecordBatch({ records, compression: CompressionType.Snappy });
    const already = buildRecordBatch({ records, compression: CompressionType.Lz4 });
    lz4.append(Buffer.concat([snappy, already]));
    const [converted, kept] = splitBatches(lz4.read(0, 1 << 20).records);
    expect([converted, kept].map((s) => compressionOf(s.header.attributes))).toEqual([CompressionType.Lz4, CompressionType.Lz4]);
    expect(contentOf(converted.batch)).toEqual(contentOf(snappy));
    expect([converted.header.baseOffset, kept.header.baseOffset]).toEqual([0, 3]);
    expect(kept.batch.subarray(16)).toEqual(already.subarray(16));
  });

  it('stamps a re-compressed batch on a LogAppendTime topic', () => {
    const log = openLog({ 'compression.type': 'zstd', 'message.timestamp.type': 'LogAppendTime' });
    expect(log.append(buildRecordBatch({ records })).logAppendTime).toBe(NOW);
    const stored = log.read(0, 1 << 20).records;
    expect(compressionOf(readBatchHeader(stored).attributes)).toBe(CompressionType.Zstd);
    expect(readRecords(stored).map((r) => r.timestamp)).toEqual([NOW, NOW, NOW]);
  });

  it('answers an idempotent retry of a re-compressed batch with its original offsets', () => {
    const log = openLog({ 'compression.type': 'gzip' });
    const sent = buildRecordBatch({ records, producerId: 7, producerEpoch: 0, baseSequence: 0 });
    expect(log.append(Buffer.from(sent))).toMatchObject({ firstOffset: 0, lastOffset: 2 });
    expect(log.append(Buffer.from(sent))).toMatchObject({ firstOffset: 0, lastOffset: 2, recordCount: 0 });
    expect(log.logEndOffset).toBe(3);
  });

  it('checks max.message.bytes again after re-compressing', () => {
    const incompressible = buildRecordBatch({ records: [{ value: crypto.randomBytes(1000), timestamp: NOW }] });
    const log = openLog({ 'compression.type': 'gzip', 'max.message.bytes': String(incompressible.length) });
    expect(errorOf(() => log.append(incompressible))).toMatchObject({ errorName: 'MESSAGE_TOO_LARGE', code: 10 });
    expect(log.logEndOffset).toBe(0);
  });

  it('leaves follower appends and uncompressed control batches alone', () => {
    const follower = openLog({ 'compression.type': 'gzip' });
    const fromLeader = buildRecordBatch({ records, baseOffset: 10 });
    follower.append(Buffer.from(fromLeader), { assignOffsets: false });
    expect(follower.read(10, 1 << 20).records).toEqual(fromLeader);

    const marker = buildRecordBatch({ records: [{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.alloc(6), timestamp: NOW }], isControl: true, ...producer });
    const leader = openLog({ 'compression.type': 'gzip' });
    leader.append(Buffer.from(marker));
    expect(leader.read(0, 1 << 20).records.subarray(16)).toEqual(marker.subarray(16));
  });
});

describe('at the defaults', () => {
  /** A batch whose CRC is valid but whose records section is garbage: decoding it fails. */
  function undecodable(): Buffer {
    const b = stamped([NOW]);
    b.fill(0xff, BATCH_HEADER_SIZE);
    b.writeUInt32BE(computeBatchCrc(b), CRC_OFFSET);
    return b;
  }

  it('decodes no record, and decodes them once a config needs them', () => {
    expect(openLog().append(undecodable()).recordCount).toBe(1);
    const needRecords: Record<string, string>[] = [{ 'message.timestamp.after.max.ms': '1000' }, { 'compression.type': 'gzip' }, { 'cleanup.policy': 'compact' }];
    for (const overrides of needRecords) {
      expect(errorOf(() => openLog(overrides).append(undecodable()))).toMatchObject({ errorName: 'CORRUPT_MESSAGE' });
    }
  });
});
