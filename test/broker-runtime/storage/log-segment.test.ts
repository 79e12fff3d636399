import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BatchHeader, readBatchHeader, setBaseOffset } from '../../../broker-runtime/protocol/records/batch-header.js';
import { buildRecordBatch } from '../../../broker-runtime/protocol/records/record-batch.js';
import { LogSegment } from '../../../broker-runtime/storage/log-segment.js';
import { baseOffsetsOf, batch, tempDir } from './helpers.js';

const NOW = 1_700_000_000_000;

/** A segment at `base` holding `counts.length` batches with the given record counts. */
function segmentWith(counts: number[], opts: { base?: number; interval?: number; dir?: string; timestamps?: number[] } = {}) {
  const dir = opts.dir ?? tempDir();
  const base = opts.base ?? 0;
  const segment = LogSegment.open(dir, base, { indexIntervalBytes: opts.interval ?? 100, maxIndexSize: 1024, now: NOW });
  let offset = base;
  const headers: BatchHeader[] = [];
  counts.forEach((count, i) => {
    const b = batch(count, { valueSize: 40, timestamp: opts.timestamps?.[i] ?? NOW + i * 100 });
    setBaseOffset(b, offset);
    const header = readBatchHeader(b);
    segment.append(b, [header]);
    headers.push(header);
    offset += count;
  });
  return { segment, dir, headers };
}

describe('LogSegment', () => {
  it('names its files by the 20-digit base offset, with an optional suffix', () => {
    const dir = tempDir();
    LogSegment.open(dir, 42, { indexIntervalBytes: 100, maxIndexSize: 1024, now: NOW }).close();
    LogSegment.open(dir, 7, { indexIntervalBytes: 100, maxIndexSize: 1024, now: NOW, fileSuffix: '.cleaned' }).close();
    expect(fs.readdirSync(dir).sort()).toEqual([
      '00000000000000000007.index.cleaned',
      '00000000000000000007.log.cleaned',
      '00000000000000000007.timeindex.cleaned',
      '00000000000000000042.index',
      '00000000000000000042.log',
      '00000000000000000042.timeindex',
    ]);
  });

  it('adds an index entry for a batch once index.interval.bytes have passed', () => {
    const { segment, headers } = segmentWith([2, 2, 2, 2, 2]);
    const size = headers[0].sizeInBytes;
    expect(size).toBeGreaterThan(100);
    // The first batch is never indexed; every later one is, since each is larger than the interval.
    expect(segment.offsetIndex.entries).toBe(4);
    expect(segment.offsetIndex.entry(0)).toEqual({ offset: 3, position: size });
    expect(segment.timeIndex.entries).toBe(4);
  });

  it('reads from the batch that contains the start offset, within maxSize', () => {
    const { segment, headers } = segmentWith([3, 3, 3, 3], { base: 10 });
    const size = headers[0].sizeInBytes;
    expect(baseOffsetsOf(segment.read(14, 10_000)!.records)).toEqual([13, 16, 19]);
    expect(baseOffsetsOf(segment.read(10, 2 * size)!.records)).toEqual([10, 13]);
    expect(segment.read(10, size - 1)!.records.length).toBe(0);
    expect(baseOffsetsOf(segment.read(10, 1, { minOneMessage: true })!.records)).toEqual([10]);
    expect(baseOffsetsOf(segment.read(10, 10_000, { maxOffset: 16 })!.records)).toEqual([10, 13]);
    expect(segment.read(22, 10_000)).toBeNull();
    expect(segment.read(5, 10_000)!.firstOffset).toBe(10);
  });

  it('reports its next offset and its largest timestamp', () => {
    const { segment } = segmentWith([3, 2], { base: 5, timestamps: [NOW + 500, NOW] });
    expect(segment.readNextOffset()).toBe(10);
    expect(segment.maxTimestampAndOffset()).toEqual({ timestamp: NOW + 502, offset: 7 });
    expect(segment.largestTimestamp()).toBe(NOW + 502);
  });

  it('finds the first record with a timestamp at or after the target', () => {
    const dir = tempDir();
    const segment = LogSegment.open(dir, 0, { indexIntervalBytes: 1, maxIndexSize: 1024, now: NOW });
    const b1 = buildRecordBatch({ records: [{ value: 'a', timestamp: 100 }, { value: 'b', timestamp: 300 }], baseOffset: 0 });
    const b2 = buildRecordBatch({ records: [{ value: 'c', timestamp: 200 }, { value: 'd', timestamp: 400 }], baseOffset: 2 });
    segment.append(b1, [readBatchHeader(b1)]);
    segment.append(b2, [readBatchHeader(b2)]);
    expect(segment.findOffsetByTimestamp(150)).toEqual({ timestamp: 300, offset: 1 });
    expect(segment.findOffsetByTimestamp(350)).toEqual({ timestamp: 400, offset: 3 });
    expect(segment.findOffsetByTimestamp(150, 2)).toEqual({ timestamp: 200, offset: 2 });
    expect(segment.findOffsetByTimestamp(401)).toBeNull();
  });

  it('recover() rebuilds the same indexes that appends built, and cuts a torn tail', () => {
    const { segment, dir } = segmentWith([1, 2, 3, 4, 1, 2, 3], { base: 100 });
    const offsetEntries = Array.from({ length: segment.offsetIndex.entries }, (_, i) => segment.offsetIndex.entry(i));
    const size = segment.size;
    segment.close();
    fs.appendFileSync(path.join(dir, '00000000000000000100.log'), Buffer.alloc(30, 7));
    fs.rmSync(path.join(dir, '00000000000000000100.index'));
    const reopened = LogSegment.open(dir, 100, { indexIntervalBytes: 100, maxIndexSize: 1024, now: NOW });
    expect(() => reopened.sanityCheck()).toThrow();
    expect(reopened.recover()).toBe(30);
    expect(reopened.size).toBe(size);
    expect(Array.from({ length: reopened.offsetIndex.entries }, (_, i) => reopened.offsetIndex.entry(i))).toEqual(offsetEntries);
    expect(() => reopened.sanityCheck()).not.toThrow();
    expect(reopened.readNextOffset()).toBe(116);
  });

  it('truncateTo removes the batch holding the offset and everything after it', () => {
    const { segment, headers } = segmentWith([3, 3, 3, 3]);
    const removed = segment.truncateTo(7);
    expect(removed).toBe(2 * headers[0].sizeInBytes);
    expect(segment.readNextOffset()).toBe(6);
    expect(segment.offsetIndex.lastOffset).toBeLessThan(7);
    expect(segment.maxTimestampAndOffset().offset).toBe(5);
    expect(segment.truncateTo(100)).toBe(0);
  });

  it('asks to roll when its index is full', () => {
    const dir = tempDir();
    // 24 bytes: three offset entries, but only two time entries.
    const segment = LogSegment.open(dir, 0, { indexIntervalBytes: 0, maxIndexSize: 24, now: NOW });
    const params = { maxSegmentBytes: 1 << 20, maxSegmentMs: Infinity, now: NOW, messagesSize: 100, maxTimestampInMessages: NOW, maxOffsetInMessages: 5 };
    let offset = 0;
    for (let i = 0; i < 3; i++) {
      expect(segment.shouldRoll(params)).toBe(false);
      const b = batch(1, { timestamp: NOW + i });
      setBaseOffset(b, offset++);
      segment.append(b, [readBatchHeader(b)]);
    }
    expect([segment.offsetIndex.entries, segment.timeIndex.entries]).toEqual([2, 2]);
    expect(segment.shouldRoll(params)).toBe(true);
    expect(segment.shouldRoll({ ...params, maxOffsetInMessages: 2 ** 31 })).toBe(true);
  });

  it('renames all three files when its suffix changes', () => {
    const dir = tempDir();
    const segment = LogSegment.open(dir, 3, { indexIntervalBytes: 100, maxIndexSize: 1024, now: NOW, fileSuffix: '.cleaned' });
    segment.changeFileSuffixes('.cleaned', '.swap');
    segment.changeFileSuffixes('.swap', '');
    expect(fs.readdirSync(dir).sort()).toEqual(['00000000000000000003.index', '00000000000000000003.log', '00000000000000000003.timeindex']);
  });
});
