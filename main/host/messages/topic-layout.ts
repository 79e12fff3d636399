// Where a topic's partitions live, from the selected cluster's metadata (platformatic caches it
// for a couple of seconds; a leader error refreshes it).
import type { Consumer } from '@platformatic/kafka';
import { apiError } from '../api-error.js';
import { toApiError } from './errors.js';

export interface TopicLayout {
  name: string;
  /** The topic id (a UUID): Fetch v13+ names topics by id. */
  id: string;
  /** Leader per partition, indexed by partition; -1 while a partition is offline. */
  leaders: number[];
}

/** Any platformatic client: the consumer and the producer both read metadata. */
export type MetadataClient = Pick<Consumer, 'metadata'>;

export async function topicLayout(client: MetadataClient, topic: string, forceUpdate = false): Promise<TopicLayout> {
  let metadata;
  try {
    metadata = await client.metadata({ topics: [topic], forceUpdate });
  } catch (err) {
    throw toApiError(err, topic);
  }
  const found = metadata.topics.get(topic);
  // NB: platformatic leaves internal topics (__consumer_offsets) out of its metadata.
  if (!found) throw apiError('UNSUPPORTED', `Topic "${topic}" is internal: the message browser reads only other topics.`);
  return { name: topic, id: found.id, leaders: Array.from({ length: found.partitionsCount }, (_, i) => found.partitions[i]?.leader ?? -1) };
}

export function allPartitions(layout: TopicLayout): number[] {
  return layout.leaders.map((_, i) => i);
}

/** Fails with NOT_FOUND for a partition the topic does not have. */
export function requirePartitions(layout: TopicLayout, partitions: readonly number[]): void {
  const missing = partitions.find((p) => p >= layout.leaders.length);
  if (missing !== undefined) {
    throw apiError('NOT_FOUND', `Topic "${layout.name}" has no partition ${missing} (it has ${layout.leaders.length}).`, 'UNKNOWN_TOPIC_OR_PARTITION');
  }
}

export function requireUnique(partitions: readonly number[]): void {
  if (new Set(partitions).size !== partitions.length) throw apiError('INVALID_ARGUMENT', 'A partition is listed twice.');
}

const fetchVersions = new WeakMap<Consumer, Promise<boolean>>();

/** Whether fetches from this client name topics by id (the cluster offers Fetch v13+; platformatic has v12-v17). */
export function fetchesByTopicId(consumer: Consumer): Promise<boolean> {
  let known = fetchVersions.get(consumer);
  if (!known) {
    known = consumer.listApis().then((apis) => (apis.find((api) => api.name === 'Fetch')?.maxVersion ?? 0) >= 13);
    // A failure is not remembered: the cluster may be starting.
    known.catch(() => fetchVersions.delete(consumer));
    fetchVersions.set(consumer, known);
  }
  return known;
}
