import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compressionOf, isControlBatch, splitBatches } from '../../../broker-runtime/protocol/records/batch-header.js';
import { CompressionType } from '../../../broker-runtime/protocol/records/compression.js';
import { buildRecordBatch } from '../../../broker-runtime/protocol/records/record-batch.js';
import { LogCleaner } from '../../../broker-runtime/storage/log-cleaner.js';
import { Log } from '../../../broker-runtime/storage/log.js';
import { ManualClock, config, keyed, recordsOf, silentLogger, tempDir } from './helpers.js';

const COMPACT = { 'cleanup.policy': 'compact', 'segment.bytes': '300' };

/** Every record in the log, in offset order. */
function allRecords(log: Log) {
  const out: ReturnType<typeof recordsOf> = [];
  for (const segment of log.logSegments()) {
    const read = segment.read(segment.baseOffset, 1 << 20);
    if (read) out.push(...recordsOf(read.records));
  }
  return out;
}

function allBatches(log: Log) {
  return log.logSegments().flatMap((s) => splitBatches(s.read(s.baseOffset, 1 << 20)?.records ?? Buffer.alloc(0)));
}

/** Appends one single-record batch per [key, value] and returns the records' offsets. */
function appendAll(log: Log, pairs: [string, string | null][], clock?: ManualClock): void {
  for (const [key, value] of pairs) log.append(keyed([{ key, value, timestamp: clock?.now() }]));
}

/** The records a pass must keep: per key, the latest one below the active segment; all of the active segment. */
function expectedAfterClean(before: ReturnType<typeof recordsOf>, activeBase: number) {
  const latest = new Map<string, number>();
  for (const r of before) if (r.offset < activeBase) latest.set(r.key!, r.offset);
  return before.filter((r) => r.offset >= activeBase || latest.get(r.key!) === r.offset);
}

describe('LogCleaner', () => {
  it('keeps the latest record per key with its offset, and leaves the active segment untouched', () => {
    const clock = new ManualClock();
    const log = Log.open(tempDir(), config(COMPACT), { clock });
    const keys = ['a', 'b', 'c', 'a', 'b', 'a', 'd', 'c', 'a', 'e', 'b', 'a'];
    appendAll(log, keys.map((k, i) => [k, `${k}${i}`]));
    expect(log.logSegments().length).toBeGreaterThan(2);
    const before = allRecords(log);
    const active = log.activeSegment;
    const activeBytes = fs.readFileSync(active.log.file);
    const logEnd = log.logEndOffset;

    const result = new LogCleaner(clock).clean(log);

    expect(allRecords(log)).toEqual(expectedAfterClean(before, active.baseOffset));
    expect(log.logEndOffset).toBe(logEnd);
    expect(log.activeSegment).toBe(active);
    expect(fs.readFileSync(active.log.file)).toEqual(activeBytes);
    expect(result.firstDirtyOffset).toBe(active.baseOffset);
    expect(result.recordsRetained).toBeLessThan(result.recordsRead);
    // A fetch at an offset compaction removed gets the next record that is left.
    const kept = allRecords(log).map((r) => r.offset);
    const hole = Array.from({ length: logEnd }, (_, i) => i).find((o) => !kept.includes(o))!;
    expect(recordsOf(log.read(hole, 1 << 20).records)[0].offset).toBe(kept.find((o) => o > hole));
    expect(fs.readdirSync(log.dir).filter((f) => f.endsWith('.cleaned') || f.endsWith('.swap'))).toEqual([]);
  });

  it('keeps rewritten batches dense in offsets only where records remain, with lastOffsetDelta and codec preserved', () => {
    const clock = new ManualClock();
    const log = Log.open(tempDir(), config({ ...COMPACT, 'segment.bytes': '2000' }), { clock });
    log.append(buildRecordBatch({
      records: ['a', 'b', 'a', 'c', 'b'].map((key, i) => ({ key, value: `${key}${i}`, timestamp: clock.now() + i })),
      compression: CompressionType.Gzip,
    }));
    log.roll();
    log.append(keyed([{ key: 'z', value: 'z' }]));
    new LogCleaner(clock).clean(log);
    const [rewritten] = allBatches(log);
    expect(rewritten.header.baseOffset).toBe(0);
    expect(rewritten.header.lastOffsetDelta).toBe(4);
    expect(compressionOf(rewritten.header.attributes)).toBe(CompressionType.Gzip);
    expect(recordsOf(rewritten.batch).map((r) => [r.offset, r.key, r.timestamp - clock.now()])).toEqual([[2, 'a', 2], [3, 'c', 3], [4, 'b', 4]]);
  });

  it('drops a tombstone only once delete.retention.ms has passed since compaction first kept it', () => {
    const clock = new ManualClock();
    const log = Log.open(tempDir(), config({ ...COMPACT, 'delete.retention.ms': '1000' }), { clock });
    appendAll(log, [['a', 'a1'], ['b', 'b1'], ['a', null], ['c', 'c1'], ['d', 'd1'], ['e', 'e1']]);
    const cleaner = new LogCleaner(clock);
    const tombstone = () => allRecords(log).filter((r) => r.key === 'a');

    cleaner.clean(log);
    expect(tombstone()).toEqual([expect.objectContaining({ offset: 2, value: null })]);
    clock.advance(999);
    expect(cleaner.needsCleaning(log)).toBe(false);
    cleaner.clean(log);
    expect(tombstone()).toHaveLength(1);
    clock.advance(1);
    expect(cleaner.needsCleaning(log)).toBe(true);
    cleaner.clean(log);
    expect(tombstone()).toEqual([]);
    expect(allRecords(log).map((r) => r.key)).toEqual(['b', 'c', 'd', 'e']);
  });

  it('respects min.compaction.lag.ms', () => {
    const clock = new ManualClock();
    const log = Log.open(tempDir(), config({ ...COMPACT, 'min.compaction.lag.ms': '5000' }), { clock });
    appendAll(log, Array.from({ length: 10 }, (_, i): [string, string] => ['a', `a${i}`]), clock);
    expect(log.logSegments().length).toBeGreaterThan(2);
    clock.advance(4000);
    const before = allRecords(log);
    new LogCleaner(clock).clean(log);
    expect(allRecords(log)).toEqual(before);
    clock.advance(1001);
    new LogCleaner(clock).clean(log);
    expect(allRecords(log)).toEqual(expectedAfterClean(before, log.activeSegment.baseOffset));
    expect(allRecords(log).length).toBeLessThan(before.length);
  });

  it('keeps an emptied batch that carries a producer id, drops one without, and keeps control batches', () => {
    const clock = new ManualClock();
    const log = Log.open(tempDir(), config({ ...COMPACT, 'segment.bytes': '4000' }), { clock });
    log.append(keyed([{ key: 'a', value: 'old' }], { producerId: 7 }));
    log.append(keyed([{ key: 'b', value: 'old' }]));
    const control = buildRecordBatch({
      records: [{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0, 0, 0, 0, 0, 0]) }],
      baseOffset: 2,
      isControl: true,
      isTransactional: true,
      producerId: 9,
      producerEpoch: 0,
    });
    log.append(control, { assignOffsets: false });
    log.append(keyed([{ key: 'a', value: 'new' }, { key: 'b', value: 'new' }]));
    log.roll();
    log.append(keyed([{ key: 'z', value: 'z' }]));
    new LogCleaner(clock).clean(log);
    const batches = allBatches(log);
    expect(batches.map((b) => [b.header.baseOffset, b.header.recordCount, b.header.producerId])).toEqual([
      [0, 0, 7],
      [2, 1, 9],
      [3, 2, -1],
      [5, 1, -1],
    ]);
    expect(isControlBatch(batches[1].header.attributes)).toBe(true);
  });

  it('decides by dirty ratio and remembers how far it cleaned', () => {
    const clock = new ManualClock();
    const log = Log.open(tempDir(), config({ ...COMPACT, 'min.cleanable.dirty.ratio': '0.5' }), { clock });
    const cleaner = new LogCleaner(clock);
    expect(cleaner.needsCleaning(log)).toBe(false);
    appendAll(log, Array.from({ length: 8 }, (_, i): [string, string] => [`k${i % 2}`, `v${i}`]));
    expect(cleaner.needsCleaning(log)).toBe(true);
    expect(cleaner.cleanLogs([log])).toBe(1);
    expect(cleaner.firstDirtyOffset(log)).toBe(log.activeSegment.baseOffset);
    expect(cleaner.needsCleaning(log)).toBe(false);
    const deleteOnly = Log.open(tempDir(), config({ 'segment.bytes': '300' }), { clock });
    appendAll(deleteOnly, Array.from({ length: 8 }, (_, i): [string, string] => ['k', `v${i}`]));
    expect(cleaner.needsCleaning(deleteOnly)).toBe(false);
  });
});

describe('LogCleaner crash safety (log loading)', () => {
  /** The same log twice: as written, and compacted; plus what a swap of only the first segment yields. */
  function compactedPair(opts: { mergeSegments?: boolean } = {}) {
    const clock = new ManualClock();
    // Small segments rolled by hand are merged into one by the cleaner (groupSegmentsBySize).
    const cfg = config(opts.mergeSegments ? { ...COMPACT, 'segment.bytes': '4000' } : COMPACT);
    const original = tempDir();
    const log = Log.open(original, cfg, { clock });
    ['a', 'b', 'a', 'c', 'a', 'b', 'd', 'a', 'e'].forEach((k, i) => {
      appendAll(log, [[k, `${k}${i}`]]);
      if (opts.mergeSegments && i % 3 === 2) log.roll();
    });
    const originalRecords = allRecords(log);
    const bases = log.logSegments().map((s) => s.baseOffset);
    const firstBase = bases[0];
    const secondBase = opts.mergeSegments ? log.activeSegment.baseOffset : bases[1];
    log.close();
    const cleanedDir = tempDir();
    fs.cpSync(original, cleanedDir, { recursive: true });
    const cleanedLog = Log.open(cleanedDir, cfg, { clock, hadCleanShutdown: true });
    new LogCleaner(clock).clean(cleanedLog);
    if (opts.mergeSegments) expect(cleanedLog.logSegments().length).toBe(2);
    const expected = [
      ...allRecords(cleanedLog).filter((r) => r.offset < secondBase),
      ...originalRecords.filter((r) => r.offset >= secondBase),
    ];
    expect(expected.length).toBeLessThan(originalRecords.length);
    cleanedLog.close();
    return { original, cleanedDir, cfg, clock, expected, firstBase };
  }

  it('discards a leftover .cleaned segment', () => {
    const { original, cfg, clock, cleanedDir, firstBase } = compactedPair();
    const reference = allRecords(Log.open(original, cfg, { clock, hadCleanShutdown: true }));
    const name = `${String(firstBase).padStart(20, '0')}.log`;
    fs.copyFileSync(path.join(cleanedDir, name), path.join(original, `${name}.cleaned`));
    const reopened = Log.open(original, cfg, { clock, logger: silentLogger });
    expect(allRecords(reopened)).toEqual(reference);
    expect(fs.readdirSync(original).some((f) => f.endsWith('.cleaned'))).toBe(false);
  });

  it.each([false, true])('completes a swap left by a crash: the .swap replaces the segments it covers (merged: %s)', (mergeSegments) => {
    const { original, cfg, clock, cleanedDir, expected, firstBase } = compactedPair({ mergeSegments });
    const name = `${String(firstBase).padStart(20, '0')}.log`;
    fs.copyFileSync(path.join(cleanedDir, name), path.join(original, `${name}.swap`));
    fs.writeFileSync(path.join(original, `${String(firstBase).padStart(20, '0')}.index.swap`), Buffer.alloc(5, 9));
    const reopened = Log.open(original, cfg, { clock, logger: silentLogger });
    expect(allRecords(reopened)).toEqual(expected);
    expect(fs.readdirSync(original).filter((f) => f.endsWith('.swap'))).toEqual([]);
    for (const segment of reopened.logSegments()) segment.sanityCheck();
  });
});

describe('LogCleaner (property)', () => {
  it('keeps exactly the latest record per key below the active segment, offsets intact, tombstones until their horizon', () => {
    const op = fc.record({
      records: fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', 'e'), tombstone: fc.boolean() }), { minLength: 1, maxLength: 3 }),
      roll: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => {
        const clock = new ManualClock();
        const log = Log.open(tempDir(), config({ ...COMPACT, 'segment.bytes': '100000', 'delete.retention.ms': '100' }), { clock });
        let n = 0;
        for (const o of ops) {
          log.append(keyed(o.records.map((r) => ({ key: r.key, value: r.tombstone ? null : `v${n++}`, timestamp: clock.now() }))));
          if (o.roll) log.roll();
        }
        const before = allRecords(log);
        const activeBase = log.activeSegment.baseOffset;
        const logEnd = log.logEndOffset;
        const cleaner = new LogCleaner(clock);

        cleaner.clean(log);
        const afterFirst = expectedAfterClean(before, activeBase);
        expect(allRecords(log)).toEqual(afterFirst);
        expect(log.logEndOffset).toBe(logEnd);

        clock.advance(100);
        cleaner.clean(log);
        expect(allRecords(log)).toEqual(afterFirst.filter((r) => r.offset >= activeBase || r.value !== null));
        log.close();
      }),
      { numRuns: 100 },
    );
  });
});
