import { describe, expect, it } from 'vitest';
import type { FetchedRecord } from '../../../../main/host/messages/fetched-record.js';
import { compileFilter } from '../../../../main/host/messages/filter.js';
import { type ChunkRequest, DEFAULT_READ_LIMITS, type PartitionChunk, type ReadLimits, readPage } from '../../../../main/host/messages/read-page.js';
import { record } from './records.js';

const RECORD_BYTES = 100;

/**
 * Partitions as offset -> record (a missing offset is a transaction marker or compacted away);
 * each fetch returns records from the offset up to maxBytes (at least one), as a broker does.
 */
class FakePartitions {
  readonly requests: ChunkRequest[][] = [];
  constructor(private readonly logs: Map<number, { records: FetchedRecord[]; end: number }>) {}

  fetch = async (requests: ChunkRequest[]): Promise<PartitionChunk[]> => {
    this.requests.push(requests);
    return requests.map(({ partition, offset, maxBytes }) => {
      const log = this.logs.get(partition)!;
      const available = log.records.filter((r) => r.offset >= offset);
      const count = Math.max(1, Math.floor(maxBytes / RECORD_BYTES));
      const records = available.slice(0, count);
      const last = records.at(-1);
      // Past the last returned record, and past trailing gaps when the fetch reached the end.
      const nextOffset = records.length < count || available.length === records.length ? log.end : last!.offset + 1;
      return { partition, records, nextOffset: records.length === 0 ? Math.max(offset, log.end) : nextOffset, end: log.end, bytes: records.length * RECORD_BYTES };
    });
  };
}

function partitionOf(partition: number, times: number[], firstOffset = 0): [number, { records: FetchedRecord[]; end: number }] {
  const records = times.map((t, i) => record(partition, firstOffset + i, t, `p${partition}-${firstOffset + i}`));
  return [partition, { records, end: firstOffset + times.length }];
}

const ids = (records: FetchedRecord[]) => records.map((r) => `${r.partition}:${r.offset}`);
const small: ReadLimits = { ...DEFAULT_READ_LIMITS, filteredFetchBytes: 3 * RECORD_BYTES, maxPartitionFetchBytes: 3 * RECORD_BYTES };

describe('reading a page', () => {
  it('merges partitions by timestamp, ties by partition, and continues where the page stopped', async () => {
    const fake = new FakePartitions(new Map([partitionOf(0, [10, 30, 50, 70]), partitionOf(1, [20, 30, 40, 80])]));
    const first = await readPage(fake.fetch, [{ partition: 0, offset: 0 }, { partition: 1, offset: 0 }], 5, null);
    expect(ids(first.records)).toEqual(['0:0', '1:0', '0:1', '1:1', '1:2']);
    expect(first.next).toEqual([{ partition: 0, offset: 2 }, { partition: 1, offset: 3 }]);
    expect(first.ends).toEqual([{ partition: 0, offset: 4 }, { partition: 1, offset: 4 }]);
    expect(first.scanned).toBe(0);
    const second = await readPage(fake.fetch, first.next, 5, null);
    expect(ids(second.records)).toEqual(['0:2', '0:3', '1:3']);
    expect(second.next).toEqual([{ partition: 0, offset: 4 }, { partition: 1, offset: 4 }]);
  });

  it('keeps offset order within a partition even when its timestamps go back', async () => {
    const fake = new FakePartitions(new Map([partitionOf(0, [50, 10]), partitionOf(1, [20])]));
    const page = await readPage(fake.fetch, [{ partition: 0, offset: 0 }, { partition: 1, offset: 0 }], 10, null);
    expect(ids(page.records)).toEqual(['1:0', '0:0', '0:1']);
  });

  it('fetches a partition again before taking records past what it has shown', async () => {
    // Partition 0 comes 3 records at a time; partition 1 has one record later than all of them.
    const fake = new FakePartitions(new Map([partitionOf(0, [1, 2, 3, 4, 5, 6, 7]), partitionOf(1, [100])]));
    const page = await readPage(fake.fetch, [{ partition: 0, offset: 0 }, { partition: 1, offset: 0 }], 8, null, small);
    expect(ids(page.records)).toEqual(['0:0', '0:1', '0:2', '0:3', '0:4', '0:5', '0:6', '1:0']);
    // Only the partition that ran out is fetched again.
    expect(fake.requests.map((r) => r.map((x) => `${x.partition}@${x.offset}`))).toEqual([['0@0', '1@0'], ['0@3'], ['0@6']]);
  });

  it('moves positions past gaps (markers, compaction) and stops at the end', async () => {
    const records = [record(0, 0, 1), record(0, 3, 2), record(0, 4, 3)];
    const fake = new FakePartitions(new Map([[0, { records, end: 6 }]]));
    const page = await readPage(fake.fetch, [{ partition: 0, offset: 0 }], 10, null);
    expect(ids(page.records)).toEqual(['0:0', '0:3', '0:4']);
    expect(page.next).toEqual([{ partition: 0, offset: 6 }]);
    expect(page.ends).toEqual([{ partition: 0, offset: 6 }]);
  });

  it('answers an empty page at the end without fetching past it', async () => {
    const fake = new FakePartitions(new Map([partitionOf(0, [1, 2])]));
    const page = await readPage(fake.fetch, [{ partition: 0, offset: 2 }], 10, null);
    expect(page.records).toEqual([]);
    expect(page.next).toEqual([{ partition: 0, offset: 2 }]);
    expect(fake.requests).toHaveLength(1);
  });

  it('filters, counting what it scanned past, and advances positions over filtered-out records', async () => {
    const times = Array.from({ length: 10 }, (_, i) => i);
    const fake = new FakePartitions(new Map([partitionOf(0, times)]));
    const wanted = compileFilter({ valueContains: 'p0-7' });
    const page = await readPage(fake.fetch, [{ partition: 0, offset: 0 }], 5, wanted, small);
    expect(ids(page.records)).toEqual(['0:7']);
    expect(page.scanned).toBe(9);
    expect(page.next).toEqual([{ partition: 0, offset: 10 }]);
  });

  it('does not count filtered-out records it will read again on the next page', async () => {
    // Matches at 1, 3 and 5; the page takes two: 4 (filtered out) is read again next time.
    const fake = new FakePartitions(new Map([[0, { records: [0, 1, 2, 3, 4, 5].map((o) => record(0, o, o, o % 2 === 1 ? 'hit' : 'miss')), end: 6 }]]));
    const page = await readPage(fake.fetch, [{ partition: 0, offset: 0 }], 2, compileFilter({ valueContains: 'hit' }));
    expect(ids(page.records)).toEqual(['0:1', '0:3']);
    expect(page.scanned).toBe(2);
    expect(page.next).toEqual([{ partition: 0, offset: 5 }]);
  });

  it('stops a filtered scan at the record budget, with positions past what it scanned', async () => {
    const times = Array.from({ length: 100 }, (_, i) => i);
    const fake = new FakePartitions(new Map([partitionOf(0, times)]));
    const limits = { ...small, maxScanRecords: 10 };
    const page = await readPage(fake.fetch, [{ partition: 0, offset: 0 }], 5, compileFilter({ valueContains: 'nothing matches' }), limits);
    expect(page.records).toEqual([]);
    expect(page.scanned).toBe(12);
    expect(page.next).toEqual([{ partition: 0, offset: 12 }]);
    expect(page.ends).toEqual([{ partition: 0, offset: 100 }]);
    // The next call goes on from there.
    const more = await readPage(fake.fetch, page.next, 5, compileFilter({ valueContains: 'p0-20' }), limits);
    expect(ids(more.records)).toEqual(['0:20']);
  });

  it('asks for more bytes each time a partition is fetched again', async () => {
    const times = Array.from({ length: 40 }, (_, i) => i);
    const fake = new FakePartitions(new Map([partitionOf(0, times)]));
    const limits = { ...DEFAULT_READ_LIMITS, filteredFetchBytes: 200, maxPartitionFetchBytes: 1_000 };
    await readPage(fake.fetch, [{ partition: 0, offset: 0 }], 5, compileFilter({ valueContains: 'p0-39' }), limits);
    expect(fake.requests.map((r) => r[0].maxBytes)).toEqual([200, 400, 800, 1_000, 1_000, 1_000]);
  });

  it('sizes a filtered scan\'s later fetches by what is left of its record budget', async () => {
    const times = Array.from({ length: 2_000 }, (_, i) => i);
    const fake = new FakePartitions(new Map([partitionOf(0, times)]));
    const limits = { ...DEFAULT_READ_LIMITS, maxScanRecords: 500, filteredFetchBytes: 40_000, maxPartitionFetchBytes: 1_000_000 };
    const page = await readPage(fake.fetch, [{ partition: 0, offset: 0 }], 5, compileFilter({ valueContains: 'nothing' }), limits);
    // 400 records first, then the 100 left of the budget (at least 16 KiB: 163 records), not 800.
    expect(fake.requests.map((r) => r[0].maxBytes)).toEqual([40_000, 16_384]);
    expect(page.scanned).toBe(563);
  });

  it('gives up when the partitions cannot be read, with the records it has', async () => {
    const stuck = async (requests: ChunkRequest[]): Promise<PartitionChunk[]> =>
      requests.map((r) => ({ partition: r.partition, records: [], nextOffset: r.offset, end: r.offset + 10, bytes: 0 }));
    const page = await readPage(stuck, [{ partition: 0, offset: 5 }], 10, null);
    expect(page).toEqual({ records: [], next: [{ partition: 0, offset: 5 }], ends: [{ partition: 0, offset: 15 }], scanned: 0 });
  });
});
