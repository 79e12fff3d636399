// partitionTimeMap: how many records fell in each span of time, from Kafka's time index
// (ListOffsets by timestamp at each bucket boundary), never a scan of the records.
// Default span: from the first record's timestamp to just past the last one's (each read by a
// small fetch at either end of the log).
import type { Consumer } from '@platformatic/kafka';
import type { ApiArgs, PartitionTimeMap } from '../../contract/index.js';
import { apiError } from '../api-error.js';
import { clusterChunkFetcher } from './fetcher.js';
import { listOffsets, offsetRanges } from './offsets.js';
import { fetchTarget } from './read.js';
import type { ChunkFetcher } from './read-page.js';
import { requirePartitions } from './topic-layout.js';
import { boundaryOffsets, bucketBoundaries, timeBuckets } from './time-buckets.js';

export const DEFAULT_BUCKETS = 60;
/** ListOffsets calls in flight at once (one per boundary: Kafka refuses a partition twice in one request). */
const CONCURRENCY = 8;
const EDGE_FETCH_BYTES = 256 * 1024;
/** How far back from the end the last timestamp is looked for (the very last offsets may be markers). */
const TAIL_RECORDS = 16;

export async function partitionTimeMap(consumer: Consumer, args: ApiArgs<'partitionTimeMap'>): Promise<PartitionTimeMap> {
  const { topic, partition, buckets = DEFAULT_BUCKETS } = args;
  if (args.from !== undefined && args.to !== undefined && args.to <= args.from) {
    throw apiError('INVALID_ARGUMENT', '`to` must be later than `from`.');
  }
  const target = await fetchTarget(consumer, topic);
  requirePartitions(target.layout, [partition]);
  const range = (await offsetRanges(consumer, topic, [partition])).get(partition)!;
  const answer: PartitionTimeMap = { partition, earliestOffset: range.earliest, latestOffset: range.latest, buckets: [] };
  let { from, to } = args;
  if (from === undefined || to === undefined) {
    if (range.latest <= range.earliest) return answer;
    const edges = await edgeTimestamps(clusterChunkFetcher(target), partition, range.earliest, range.latest);
    if (!edges) return answer;
    from ??= edges.first;
    to ??= edges.last + 1;
  }
  const bounds = bucketBoundaries(from, to, buckets);
  const answers = await mapLimited(bounds, CONCURRENCY, async (at) => (await listOffsets(consumer, topic, [partition], { timestamp: at })).get(partition)!);
  return { ...answer, buckets: timeBuckets(bounds, boundaryOffsets(answers, range)) };
}

/** The smallest and largest timestamps at the two ends of the log; null when no data record is there. */
async function edgeTimestamps(fetch: ChunkFetcher, partition: number, earliest: number, latest: number): Promise<{ first: number; last: number } | null> {
  const [head, tail] = await Promise.all([
    fetch([{ partition, offset: earliest, maxBytes: EDGE_FETCH_BYTES }]),
    fetch([{ partition, offset: Math.max(earliest, latest - TAIL_RECORDS), maxBytes: EDGE_FETCH_BYTES }]),
  ]);
  const first = head[0]?.records[0]?.timestamp;
  const tailTimes = (tail[0]?.records ?? []).map((r) => r.timestamp);
  if (first === undefined || tailTimes.length === 0) return null;
  const last = Math.max(...tailTimes);
  // CreateTime need not grow with the offset: the span covers both ends whichever is later.
  return { first: Math.min(first, last), last: Math.max(first, last) };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
