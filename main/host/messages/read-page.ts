// One page of the message browser: records from several partitions, merged by timestamp.
//
// Each partition is read in offset order from its position; the page takes, again and again, the
// record with the smallest timestamp among the partitions' next records (ties by partition, then
// offset). Invariant: a record is taken only while every partition that still has unread records
// has a record buffered, so the merge never runs ahead of a partition it has not seen yet; such a
// partition is fetched again first. So pages come in timestamp order across partitions (within a
// partition, offset order wins: CreateTime need not increase with the offset).
//
// A filter makes reads scan further; one call stops after `maxScanRecords` filtered-out records,
// `maxScanBytes` fetched or `maxRounds` fetches, so no call runs long: the page may then hold fewer
// records than asked, its `next` positions past what was scanned, and `scanned` says how many.
import type { PartitionPosition } from '../../contract/index.js';
import type { FetchedRecord } from './fetched-record.js';
import type { RecordPredicate } from './filter.js';

export interface ChunkRequest {
  partition: number;
  offset: number;
  maxBytes: number;
}

export interface PartitionChunk {
  partition: number;
  /** Data records at or after the requested offset, in offset order. */
  records: FetchedRecord[];
  /** Where this partition's next fetch starts: past control and aborted records too. */
  nextOffset: number;
  /** The latest readable offset (the last stable offset). */
  end: number;
  /** Bytes the broker returned for the partition. */
  bytes: number;
}

/** Fetches the partitions asked for; a partition it cannot read now may be left out of the answer. */
export type ChunkFetcher = (requests: ChunkRequest[]) => Promise<PartitionChunk[]>;

export interface ReadLimits {
  maxScanRecords: number;
  maxScanBytes: number;
  maxRounds: number;
  /** A partition's first fetch when the page is filtered; unfiltered pages start from their size. */
  filteredFetchBytes: number;
  maxPartitionFetchBytes: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxScanRecords: 20_000,
  maxScanBytes: 64 * 1024 * 1024,
  maxRounds: 50,
  filteredFetchBytes: 1024 * 1024,
  maxPartitionFetchBytes: 8 * 1024 * 1024,
};

/** The least a filtered scan asks a partition for, however little of its budget is left. */
const MIN_FETCH_BYTES = 16 * 1024;

export interface ReadPage {
  records: FetchedRecord[];
  next: PartitionPosition[];
  ends: PartitionPosition[];
  scanned: number;
}

interface Buffered {
  record: FetchedRecord;
  /** Records filtered out between the previous buffered record of the partition and this one. */
  rejectedBefore: number;
}

interface Cursor {
  partition: number;
  /** The next offset to fetch. */
  position: number;
  /** Unknown until the partition was fetched once. */
  end: number | null;
  buffer: Buffered[];
  head: number;
  /** Filtered out since the last buffered record. */
  rejected: number;
  fetches: number;
}

export async function readPage(
  fetchChunks: ChunkFetcher, from: readonly PartitionPosition[], limit: number, matches: RecordPredicate | null,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): Promise<ReadPage> {
  const cursors = [...from].sort((a, b) => a.partition - b.partition).map((p): Cursor => ({
    partition: p.partition, position: p.offset, end: null, buffer: [], head: 0, rejected: 0, fetches: 0,
  }));
  const byPartition = new Map(cursors.map((c) => [c.partition, c]));
  // Unfiltered pages: about 512 bytes a record to start with; a partition fetched again gets twice as much.
  const firstFetchBytes = matches ? limits.filteredFetchBytes : Math.min(Math.max(limit * 512, 64 * 1024), limits.filteredFetchBytes);
  const taken: FetchedRecord[] = [];
  let rejectedTotal = 0;
  let bytesTotal = 0;
  let recordsSeen = 0;
  let rounds = 0;
  for (;;) {
    takeMerged(cursors, taken, limit);
    if (taken.length >= limit) break;
    const hungry = cursors.filter(isHungry);
    if (hungry.length === 0) break;
    if (rejectedTotal >= limits.maxScanRecords || bytesTotal >= limits.maxScanBytes || rounds >= limits.maxRounds) break;
    rounds++;
    // A filtered scan asks for about what is left of its record budget, at the record size seen so far.
    const budgetBytes = matches && recordsSeen > 0
      ? Math.max(MIN_FETCH_BYTES, Math.ceil(((limits.maxScanRecords - rejectedTotal) * bytesTotal) / recordsSeen / hungry.length))
      : Number.POSITIVE_INFINITY;
    const chunks = await fetchChunks(hungry.map((c) => ({
      partition: c.partition, offset: c.position, maxBytes: Math.min(firstFetchBytes * 2 ** c.fetches, limits.maxPartitionFetchBytes, budgetBytes),
    })));
    let progressed = false;
    for (const chunk of chunks) {
      const cursor = byPartition.get(chunk.partition);
      if (!cursor) continue;
      const before = { position: cursor.position, end: cursor.end };
      rejectedTotal += absorb(cursor, chunk, matches);
      bytesTotal += chunk.bytes;
      recordsSeen += chunk.records.length;
      progressed ||= cursor.position !== before.position || cursor.end !== before.end || cursor.head < cursor.buffer.length;
    }
    // Nothing moved (the partitions are unreadable right now): answer what there is.
    if (!progressed) break;
  }
  let scanned = 0;
  for (const cursor of cursors) {
    for (let i = 0; i < cursor.head; i++) scanned += cursor.buffer[i].rejectedBefore;
    // Records filtered out after the last buffered one are skipped by `next` only if nothing is left.
    if (cursor.head === cursor.buffer.length) scanned += cursor.rejected;
  }
  return {
    records: taken,
    next: cursors.map((c) => ({ partition: c.partition, offset: c.head < c.buffer.length ? c.buffer[c.head].record.offset : c.position })),
    ends: cursors.map((c) => ({ partition: c.partition, offset: c.end ?? c.position })),
    scanned,
  };
}

function isHungry(cursor: Cursor): boolean {
  return cursor.head === cursor.buffer.length && (cursor.end === null || cursor.position < cursor.end);
}

/** Buffers the chunk's matching records; answers how many it filtered out. */
function absorb(cursor: Cursor, chunk: PartitionChunk, matches: RecordPredicate | null): number {
  cursor.end = chunk.end;
  cursor.fetches++;
  let rejected = 0;
  for (const record of chunk.records) {
    if (record.offset < cursor.position) continue;
    if (matches === null || matches(record)) {
      cursor.buffer.push({ record, rejectedBefore: cursor.rejected });
      cursor.rejected = 0;
    } else {
      cursor.rejected++;
      rejected++;
    }
  }
  // The fetcher may move a position back, too: one past the end of a recreated topic goes to its end.
  cursor.position = chunk.nextOffset;
  return rejected;
}

/** Moves records into `taken` in merged order while no partition with unread records is unbuffered. */
function takeMerged(cursors: readonly Cursor[], taken: FetchedRecord[], limit: number): void {
  if (cursors.some(isHungry)) return;
  while (taken.length < limit) {
    // NB: a linear scan per record; topics browsed here have tens of partitions, not thousands.
    let best: Cursor | null = null;
    for (const cursor of cursors) {
      if (cursor.head < cursor.buffer.length && (best === null || before(cursor, best))) best = cursor;
    }
    if (best === null) return;
    taken.push(best.buffer[best.head++].record);
    if (isHungry(best)) return;
  }
}

function before(a: Cursor, b: Cursor): boolean {
  const ra = a.buffer[a.head].record;
  const rb = b.buffer[b.head].record;
  return ra.timestamp !== rb.timestamp ? ra.timestamp < rb.timestamp : ra.partition < rb.partition;
}
