// readMessages and getMessage: pages of records, and one record in full.
import type { Consumer } from '@platformatic/kafka';
import type { ApiArgs, MessagePage, MessageRecord } from '../../contract/index.js';
import { messageRecord } from './encode.js';
import { type FetchTarget, clusterChunkFetcher } from './fetcher.js';
import { compileFilter } from './filter.js';
import { readPage } from './read-page.js';
import { fetchesByTopicId, requirePartitions, requireUnique, topicLayout } from './topic-layout.js';

/** getMessage's fetch: the batch holding the offset comes whole, however large (KIP-74). */
const SINGLE_RECORD_FETCH_BYTES = 1024 * 1024;

export async function fetchTarget(consumer: Consumer, topic: string): Promise<FetchTarget> {
  const [layout, byTopicId] = await Promise.all([topicLayout(consumer, topic), fetchesByTopicId(consumer)]);
  return { consumer, topic, layout, byTopicId };
}

export async function readMessages(consumer: Consumer, { topic, from, limit, filter }: ApiArgs<'readMessages'>): Promise<MessagePage> {
  // A bad filter is refused before anything is read.
  const matches = compileFilter(filter);
  const partitions = from.map((p) => p.partition);
  requireUnique(partitions);
  const target = await fetchTarget(consumer, topic);
  requirePartitions(target.layout, partitions);
  const page = await readPage(clusterChunkFetcher(target), from, limit, matches);
  return { ...page, records: page.records.map((r) => messageRecord(r)) };
}

/** null when no data record has that offset (out of range, a transaction marker, aborted, compacted away). */
export async function getMessage(consumer: Consumer, { topic, partition, offset }: ApiArgs<'getMessage'>): Promise<MessageRecord | null> {
  const target = await fetchTarget(consumer, topic);
  requirePartitions(target.layout, [partition]);
  const [chunk] = await clusterChunkFetcher(target)([{ partition, offset, maxBytes: SINGLE_RECORD_FETCH_BYTES }]);
  const record = chunk?.records.find((r) => r.offset === offset);
  return record ? messageRecord(record, true) : null;
}
