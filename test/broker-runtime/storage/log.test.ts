import * as fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptRecordError, type KafkaError, MessageTooLargeError, OffsetOutOfRangeError } from '../../../broker-runtime/errors.js';
import { CRC_OFFSET, readBatchHeader, splitBatches } from '../../../broker-runtime/protocol/records/batch-header.js';
import { buildRecordBatch } from '../../../broker-runtime/protocol/records/record-batch.js';
import { Log } from '../../../broker-runtime/storage/log.js';
import { ManualClock, baseOffsetsOf, batch, config, keyed, recordsOf, silentLogger, tempDir } from './helpers.js';

function openLog(overrides: Record<string, string> = {}, clock = new ManualClock()): { log: Log; clock: ManualClock; dir: string } {
  const dir = tempDir();
  return { log: Log.open(dir, config(overrides), { clock }), clock, dir };
}

describe('Log append', () => {
  it('assigns consecutive offsets from the log end and patches the leader epoch', () => {
    const { log } = openLog();
    const first = log.append(batch(3), { leaderEpoch: 7 });
    const second = log.append(Buffer.concat([batch(2), batch(4)]), { leaderEpoch: 7 });
    expect(first).toMatchObject({ firstOffset: 0, lastOffset: 2, logAppendTime: -1, logStartOffset: 0, recordCount: 3 });
    expect(second).toMatchObject({ firstOffset: 3, lastOffset: 8, recordCount: 6 });
    expect(log.logEndOffset).toBe(9);
    const read = log.read(0, 1 << 20);
    expect(baseOffsetsOf(read.records)).toEqual([0, 3, 5]);
    expect(splitBatches(read.records).map((b) => b.header.partitionLeaderEpoch)).toEqual([7, 7, 7]);
    expect(recordsOf(read.records).map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('writes the batch bytes exactly as given apart from baseOffset and partitionLeaderEpoch', () => {
    const { log } = openLog();
    log.append(batch(1));
    const original = batch(5);
    const copy = Buffer.from(original);
    log.append(copy, { leaderEpoch: 3 });
    const stored = log.read(1, 1 << 20).records;
    expect(stored.subarray(16)).toEqual(original.subarray(16));
    expect(readBatchHeader(stored).baseOffset).toBe(1);
  });

  it('rejects a flipped CRC with CORRUPT_MESSAGE and appends nothing of the request', () => {
    const { log } = openLog();
    log.append(batch(2));
    const good = batch(2);
    const bad = batch(2);
    bad[CRC_OFFSET] ^= 0xff;
    const request = Buffer.concat([good, bad]);
    const before = Buffer.from(request);
    expect(() => log.append(request)).toThrow(CorruptRecordError);
    expect(log.logEndOffset).toBe(2);
    expect(log.size).toBe(batch(2).length);
    expect(request).toEqual(before); // not even patched
    expect(log.append(batch(1)).firstOffset).toBe(2);
  });

  it('rejects a batch above max.message.bytes with MESSAGE_TOO_LARGE', () => {
    const { log } = openLog({ 'max.message.bytes': '500' });
    const big = batch(1, { valueSize: 600 });
    let error: unknown;
    try {
      log.append(big);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(MessageTooLargeError);
    expect((error as KafkaError).code).toBe(10);
    expect(log.logEndOffset).toBe(0);
    expect(log.append(batch(1, { valueSize: 100 })).firstOffset).toBe(0);
  });

  it('rejects an append larger than a segment with RECORD_LIST_TOO_LARGE', () => {
    const { log } = openLog({ 'segment.bytes': '300' });
    expect(() => log.append(batch(1, { valueSize: 400 }))).toThrow(expect.objectContaining({ errorName: 'RECORD_LIST_TOO_LARGE' }));
  });

  it('rejects a keyless record on a compacted topic', () => {
    const { log } = openLog({ 'cleanup.policy': 'compact' });
    expect(() => log.append(keyed([{ key: null, value: 'x' }]))).toThrow(expect.objectContaining({ errorName: 'INVALID_RECORD' }));
    expect(log.append(keyed([{ key: 'a', value: 'x' }])).firstOffset).toBe(0);
  });

  it('stamps LogAppendTime batches with the clock and keeps their CRC valid', () => {
    const { log, clock } = openLog({ 'message.timestamp.type': 'LogAppendTime' });
    const info = log.append(batch(2, { timestamp: 5 }));
    expect(info.logAppendTime).toBe(clock.now());
    const stored = log.read(0, 1 << 20).records;
    expect(recordsOf(stored).map((r) => r.timestamp)).toEqual([clock.now(), clock.now()]);
  });

  it('keeps the offsets of a follower append and refuses ones that go backwards', () => {
    const { log } = openLog();
    const fromLeader = Buffer.concat([batch(2, { baseOffset: 10 }), batch(3, { baseOffset: 12 })]);
    expect(log.append(fromLeader, { assignOffsets: false })).toMatchObject({ firstOffset: 10, lastOffset: 14 });
    expect(log.logEndOffset).toBe(15);
    expect(() => log.append(batch(1, { baseOffset: 14 }), { assignOffsets: false })).toThrow(expect.objectContaining({ errorName: 'INVALID_RECORD' }));
    expect(baseOffsetsOf(log.read(10, 1 << 20).records)).toEqual([10, 12]);
  });
});

describe('Log read', () => {
  function logWithBatches(): Log {
    const { log } = openLog();
    for (let i = 0; i < 5; i++) log.append(batch(4, { valueSize: 100 })); // offsets 0-19, 4 per batch
    return log;
  }

  it('starts at the batch that contains the fetch offset', () => {
    const log = logWithBatches();
    expect(baseOffsetsOf(log.read(6, 1 << 20).records)).toEqual([4, 8, 12, 16]);
    expect(baseOffsetsOf(log.read(8, 1 << 20).records)).toEqual([8, 12, 16]);
    expect(baseOffsetsOf(log.read(19, 1 << 20).records)).toEqual([16]);
  });

  it('returns whole batches within maxBytes, and one oversize batch only with minOneMessage', () => {
    const log = logWithBatches();
    const size = log.read(0, 1 << 20).records.length / 5;
    expect(baseOffsetsOf(log.read(0, 2 * size + 10).records)).toEqual([0, 4]);
    expect(log.read(0, size - 1).records.length).toBe(0);
    expect(baseOffsetsOf(log.read(0, 1, { minOneMessage: true }).records)).toEqual([0]);
  });

  it('stops before maxOffset (the high watermark)', () => {
    const log = logWithBatches();
    expect(baseOffsetsOf(log.read(0, 1 << 20, { maxOffset: 8 }).records)).toEqual([0, 4]);
    expect(baseOffsetsOf(log.read(0, 1 << 20, { maxOffset: 10 }).records)).toEqual([0, 4]);
    expect(log.read(8, 1 << 20, { maxOffset: 8 }).records.length).toBe(0);
  });

  it('throws OFFSET_OUT_OF_RANGE below the log start and past the log end, and is empty at the end', () => {
    const log = logWithBatches();
    expect(() => log.read(21, 100)).toThrow(OffsetOutOfRangeError);
    expect(log.read(20, 100).records.length).toBe(0);
    log.deleteRecordsBefore(5);
    expect(() => log.read(4, 100)).toThrow(OffsetOutOfRangeError);
    expect(baseOffsetsOf(log.read(5, 1 << 20).records)[0]).toBe(4);
  });

  it('reads across segment boundaries, one segment per read', () => {
    const { log } = openLog({ 'segment.bytes': '1000' });
    for (let i = 0; i < 6; i++) log.append(batch(2, { valueSize: 200 }));
    expect(log.logSegments().length).toBeGreaterThan(1);
    const seen: number[] = [];
    let offset = 0;
    while (offset < log.logEndOffset) {
      const records = recordsOf(log.read(offset, 1 << 20).records);
      seen.push(...records.map((r) => r.offset));
      offset = records[records.length - 1].offset + 1;
    }
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });
});

describe('Log segments', () => {
  it('names segment files by their 20-digit base offset', () => {
    const { log, dir } = openLog({ 'segment.bytes': '600' });
    for (let i = 0; i < 4; i++) log.append(batch(3, { valueSize: 150 }));
    const bases = log.logSegments().map((s) => s.baseOffset);
    expect(bases[0]).toBe(0);
    const files = fs.readdirSync(dir).sort();
    for (const base of bases) {
      const prefix = String(base).padStart(20, '0');
      expect(files).toEqual(expect.arrayContaining([`${prefix}.log`, `${prefix}.index`, `${prefix}.timeindex`]));
    }
  });

  it('rolls before an append that would overflow segment.bytes', () => {
    const { log } = openLog({ 'segment.bytes': '1000' });
    const size = batch(2, { valueSize: 200 }).length;
    const perSegment = Math.floor(1000 / size);
    for (let i = 0; i < perSegment * 2 + 1; i++) log.append(batch(2, { valueSize: 200 }));
    const segments = log.logSegments();
    expect(segments.map((s) => s.baseOffset)).toEqual([0, perSegment * 2, perSegment * 4]);
    for (const s of segments) expect(s.size).toBeLessThanOrEqual(1000);
  });

  it('rolls by segment.ms, counted from the first batch timestamp', () => {
    const clock = new ManualClock();
    const { log } = openLog({ 'segment.ms': '1000' }, clock);
    log.append(batch(1, { timestamp: clock.now() }));
    clock.advance(1000);
    log.append(batch(1, { timestamp: clock.now() }));
    expect(log.logSegments().length).toBe(1);
    clock.advance(1);
    log.append(batch(1, { timestamp: clock.now() }));
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([0, 2]);
  });

  it('rolls by segment.ms on the clock when batches carry no timestamp', () => {
    const clock = new ManualClock();
    const { log } = openLog({ 'segment.ms': '1000' }, clock);
    log.append(batch(1, { timestamp: -1 }));
    clock.advance(1001);
    log.append(batch(1, { timestamp: -1 }));
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([0, 1]);
  });
});

describe('Log retention', () => {
  it('deletes segments whose newest record is older than retention.ms, keeping an active segment', () => {
    const clock = new ManualClock();
    const { log } = openLog({ 'retention.ms': '10000', 'segment.bytes': '400' }, clock);
    for (let i = 0; i < 3; i++) log.append(batch(1, { timestamp: clock.now(), valueSize: 250 }));
    clock.advance(5000);
    for (let i = 0; i < 2; i++) log.append(batch(1, { timestamp: clock.now(), valueSize: 250 }));
    expect(log.logSegments().length).toBe(5);
    clock.advance(5000);
    expect(log.deleteOldSegments()).toBe(0);
    clock.advance(1);
    expect(log.deleteOldSegments()).toBe(3);
    expect(log.logStartOffset).toBe(3);
    expect(() => log.read(2, 100)).toThrow(OffsetOutOfRangeError);
    clock.advance(5000);
    expect(log.deleteOldSegments()).toBe(2);
    expect(log.logStartOffset).toBe(5);
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([5]);
    expect(log.append(batch(1)).firstOffset).toBe(5);
  });

  it('deletes the oldest whole segments beyond retention.bytes, never the active one', () => {
    const { log } = openLog({ 'retention.bytes': '700', 'segment.bytes': '400' });
    for (let i = 0; i < 5; i++) log.append(batch(1, { valueSize: 250 }));
    const segmentSize = log.logSegments()[0].size;
    expect(log.logSegments().length).toBe(5);
    const deleted = log.deleteOldSegments();
    // Kafka deletes a segment only while what remains stays at or above retention.bytes.
    expect(deleted).toBe(Math.floor((5 * segmentSize - 700) / segmentSize));
    expect(log.size).toBeGreaterThanOrEqual(700);
    expect(log.size - 700).toBeLessThan(segmentSize);
    expect(log.logStartOffset).toBe(deleted);
    const none = openLog({ 'retention.bytes': '0', 'segment.bytes': '400' }).log;
    none.append(batch(1, { valueSize: 250 }));
    expect(none.deleteOldSegments()).toBe(0);
  });

  it('does not apply time or size retention to a compact-only log', () => {
    const clock = new ManualClock();
    const { log } = openLog({ 'cleanup.policy': 'compact', 'retention.ms': '1', 'retention.bytes': '1', 'segment.bytes': '400' }, clock);
    for (let i = 0; i < 3; i++) log.append(keyed([{ key: `k${i}`, value: 'x'.repeat(250) }]));
    clock.advance(10_000);
    expect(log.deleteOldSegments()).toBe(0);
  });

  it('deleteRecordsBefore raises the log start offset and drops whole segments below it', () => {
    const { log } = openLog({ 'segment.bytes': '400' });
    for (let i = 0; i < 4; i++) log.append(batch(2, { valueSize: 120 }));
    const bases = log.logSegments().map((s) => s.baseOffset);
    expect(log.deleteRecordsBefore(bases[1] + 1)).toBe(bases[1] + 1);
    expect(log.logSegments()[0].baseOffset).toBe(bases[1]);
    expect(() => log.deleteRecordsBefore(log.logEndOffset + 1)).toThrow(OffsetOutOfRangeError);
  });
});

describe('Log truncation', () => {
  it('truncateTo removes the batches from the target on and later appends continue there', () => {
    const { log } = openLog({ 'segment.bytes': '500' });
    for (let i = 0; i < 6; i++) log.append(batch(2, { valueSize: 100 }));
    expect(log.truncateTo(6)).toBe(true);
    expect(log.logEndOffset).toBe(6);
    expect(recordsOf(log.read(0, 1 << 20).records).at(-1)?.offset).toBeLessThan(6);
    expect(log.truncateTo(100)).toBe(false);
    expect(log.append(batch(1)).firstOffset).toBe(6);
    let all: number[] = [];
    for (let offset = 0; offset < log.logEndOffset; ) {
      const recs = recordsOf(log.read(offset, 1 << 20).records);
      all = all.concat(recs.map((r) => r.offset));
      offset = recs[recs.length - 1].offset + 1;
    }
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('truncateFullyAndStartAt empties the log and starts at the given offset', () => {
    const { log } = openLog();
    log.append(batch(3));
    log.truncateFullyAndStartAt(42);
    expect([log.logStartOffset, log.logEndOffset]).toEqual([42, 42]);
    expect(log.append(batch(1)).firstOffset).toBe(42);
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([42]);
  });
});

describe('Log timestamps and flushing', () => {
  it('finds the first offset with a timestamp at or after a target, and the max timestamp', () => {
    const { log } = openLog({ 'index.interval.bytes': '1' });
    log.append(batch(3, { timestamp: 1000 })); // 1000..1002 at 0..2
    log.append(buildRecordBatch({ records: [{ value: 'a', timestamp: 5000 }, { value: 'b', timestamp: 2000 }] })); // 3, 4
    log.append(batch(2, { timestamp: 3000 })); // 5, 6
    expect(log.offsetForTimestamp(1001)).toEqual({ timestamp: 1001, offset: 1 });
    expect(log.offsetForTimestamp(1003)).toEqual({ timestamp: 5000, offset: 3 });
    expect(log.offsetForTimestamp(6000)).toBeNull();
    expect(log.offsetForTimestamp(-3)).toEqual({ timestamp: 5000, offset: 3 });
    expect(log.offsetForTimestamp(-1)).toEqual({ timestamp: -1, offset: 7 });
    expect(log.offsetForTimestamp(-2)).toEqual({ timestamp: -1, offset: 0 });
  });

  it('flushes after flush.messages and advances the recovery point', () => {
    const { log } = openLog({ 'flush.messages': '5' });
    log.append(batch(3));
    expect(log.recoveryPoint).toBe(0);
    log.append(batch(3));
    expect(log.recoveryPoint).toBe(6);
  });

  it('flushes on flush.ms through maybeFlush, and rolled segments even before', () => {
    const clock = new ManualClock();
    const { log } = openLog({ 'flush.ms': '1000', 'segment.bytes': '400' }, clock);
    log.append(batch(1, { valueSize: 250 }));
    expect(log.maybeFlush(clock.now())).toBe(false);
    log.append(batch(1, { valueSize: 250 }));
    expect(log.maybeFlush(clock.now())).toBe(true);
    expect(log.recoveryPoint).toBe(1);
    clock.advance(1000);
    expect(log.maybeFlush(clock.now())).toBe(true);
    expect(log.recoveryPoint).toBe(2);
  });

  it('with oxbow.fsync.on.append every append moves the recovery point', () => {
    const { log } = openLog({ 'oxbow.fsync.on.append': 'true' });
    log.append(batch(2));
    expect(log.recoveryPoint).toBe(2);
  });
});

describe('Log reopen', () => {
  it('reopens after close with the same data, offsets and segments', () => {
    const dir = tempDir();
    const cfg = config({ 'segment.bytes': '600', 'index.interval.bytes': '100' });
    const log = Log.open(dir, cfg);
    for (let i = 0; i < 10; i++) log.append(batch(3, { valueSize: 60 }));
    const before = log.read(0, 1 << 20).records;
    const segments = log.logSegments().map((s) => s.baseOffset);
    log.close();
    const reopened = Log.open(dir, cfg, { hadCleanShutdown: true, recoveryPoint: 30 });
    expect(reopened.logEndOffset).toBe(30);
    expect(reopened.logSegments().map((s) => s.baseOffset)).toEqual(segments);
    expect(reopened.read(0, 1 << 20).records).toEqual(before);
    expect(reopened.append(batch(1)).firstOffset).toBe(30);
    reopened.close();
  });
});

describe('Log reopen after a clean shutdown with damaged files', () => {
  it('rebuilds an index that points past its log, even when the shutdown was clean', () => {
    const dir = tempDir();
    const cfg = config({ 'index.interval.bytes': '50' });
    const log = Log.open(dir, cfg);
    for (let i = 0; i < 10; i++) log.append(batch(2, { valueSize: 60 }));
    const file = log.activeSegment.log.file;
    const sizes = splitBatches(log.read(0, 1 << 20).records).map((b) => b.batch.length);
    log.close();
    const keep = sizes.slice(0, 4).reduce((a, b) => a + b, 0);
    fs.truncateSync(file, keep); // the index still covers all ten batches
    const reopened = Log.open(dir, cfg, { hadCleanShutdown: true, recoveryPoint: 20, logger: silentLogger });
    expect(reopened.logEndOffset).toBe(8);
    expect(reopened.activeSegment.offsetIndex.lastOffset).toBeLessThan(8);
    expect(baseOffsetsOf(reopened.read(7, 1 << 20).records)).toEqual([6]);
    expect(reopened.append(batch(1)).firstOffset).toBe(8);
    reopened.close();
  });
});

describe('Log read (property)', () => {
  it('returns whole batches from the one holding the offset, within maxBytes and below maxOffset', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ count: fc.integer({ min: 1, max: 5 }), valueSize: fc.integer({ min: 0, max: 200 }) }), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.integer({ min: 1, max: 3000 }),
        fc.nat(),
        fc.boolean(),
        (batches, fetchPick, maxBytes, maxOffsetPick, minOneMessage) => {
          const log = Log.open(tempDir(), config({ 'segment.bytes': '2000', 'index.interval.bytes': '150' }), { clock: new ManualClock() });
          const stored: { base: number; last: number; bytes: Buffer }[] = [];
          for (const b of batches) {
            const bytes = batch(b.count, { valueSize: b.valueSize });
            const info = log.append(bytes);
            stored.push({ base: info.firstOffset, last: info.lastOffset, bytes: Buffer.from(bytes) });
          }
          const fetchOffset = fetchPick % log.logEndOffset;
          const maxOffset = maxOffsetPick % (log.logEndOffset + 1);
          const records = log.read(fetchOffset, maxBytes, { maxOffset, minOneMessage }).records;
          const got = splitBatches(records).map((b) => Buffer.from(b.batch));
          // The model: from the batch holding fetchOffset, within its segment, while below maxOffset and maxBytes.
          const first = stored.findIndex((b) => b.last >= fetchOffset);
          const segmentEnd = log.logSegments().find((s, i, all) => s.baseOffset <= fetchOffset && (all[i + 1]?.baseOffset ?? Infinity) > fetchOffset)!;
          const nextBase = log.logSegments()[log.logSegments().indexOf(segmentEnd) + 1]?.baseOffset ?? Infinity;
          const expected: Buffer[] = [];
          let size = 0;
          for (let i = first; i < stored.length; i++) {
            const b = stored[i];
            if (b.base >= nextBase || b.last >= maxOffset) break;
            if (size + b.bytes.length > maxBytes && !(minOneMessage && expected.length === 0)) break;
            expected.push(b.bytes);
            size += b.bytes.length;
          }
          expect(got).toEqual(expected);
          log.close();
        },
      ),
      { numRuns: 150 },
    );
  });
});
