// Time lag on clusters other than the embedded one: the timestamp of the first record a group has
// not consumed, read with one Fetch at the committed offset from the partition's leader, by a
// consumer that never joins a group (@platformatic/kafka's Consumer.fetch).
//
// Cheap enough to do on every lag sample because a record's timestamp at an offset never changes:
// answers are cached per connection, so a partition costs one fetch per new committed offset.
// Failures (a leader moving, a topic deleted, a codec the client lacks) answer null: time lag is
// then unknown for that reading, never an error of the whole call.
import type { RecordsBatch } from '@platformatic/kafka';
import type { ConnectionClients } from './kafka-clients.js';
import { type FirstTimestamps, mapLimit } from './kafka-groups.js';

/** Kafka's RecordBatch attribute bit: timestamps are the broker's append time (maxTimestamp). */
const LOG_APPEND_TIME = 0x08;
const CACHE_ENTRIES = 10_000;
const CONCURRENCY = 4;

/** The timestamp of the first record at or after `offset` in fetched batches; null when none. */
export function firstTimestampFrom(batches: readonly RecordsBatch[], offset: number): number | null {
  for (const batch of batches) {
    const base = Number(batch.firstOffset);
    for (const record of batch.records) {
      if (base + record.offsetDelta < offset) continue;
      // Control batches (transaction markers) carry no record a consumer reads.
      if ((batch.attributes & 0x20) !== 0) break;
      return Number((batch.attributes & LOG_APPEND_TIME) !== 0 ? batch.maxTimestamp : batch.firstTimestamp + record.timestampDelta);
    }
  }
  return null;
}

export class RecordTimestamps {
  private readonly cache = new Map<string, number>();
  private connectionId: string | null = null;
  /** Whether the cluster's Fetch names topics by id (v13+), per connection. */
  private topicIds: Promise<boolean> | null = null;

  constructor(private readonly clients: () => ConnectionClients, private readonly log?: (message: string, err: unknown) => void) {}

  readonly lookup: FirstTimestamps = (wanted) => {
    const clients = this.clients();
    if (clients.connectionId !== this.connectionId) {
      this.connectionId = clients.connectionId;
      this.cache.clear();
      this.topicIds = null;
    }
    return mapLimit(wanted, CONCURRENCY, (w) => this.one(clients, w.topic, w.partition, w.offset).catch((err: unknown) => {
      this.log?.(`time lag of ${w.topic}-${w.partition} unknown`, err);
      return null;
    }));
  };

  private async one(clients: ConnectionClients, topic: string, partition: number, offset: number): Promise<number | null> {
    const key = `${topic}\u0000${partition}\u0000${offset}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const reader = clients.reader();
    const metadata = await reader.metadata({ topics: [topic] });
    const topicMetadata = metadata.topics.get(topic);
    const leader = topicMetadata?.partitions[partition]?.leader ?? -1;
    if (!topicMetadata || leader < 0) return null;
    this.topicIds ??= reader.listApis().then((apis) => (apis.find((a) => a.name === 'Fetch')?.maxVersion ?? 0) >= 13);
    const byId = await this.topicIds;
    const response = await reader.fetch({
      node: leader,
      maxWaitTime: 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      // Fetch v12 names topics; v13+ identify them by id (the client picks the version, and the
      // field is called topicId either way).
      topics: [{ topicId: byId ? topicMetadata.id : topic, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: BigInt(offset), lastFetchedEpoch: -1, partitionMaxBytes: 64 * 1024 }] }],
    });
    const answer = response.responses[0]?.partitions.find((p) => p.partitionIndex === partition);
    if (!answer || answer.errorCode !== 0) return null;
    const at = firstTimestampFrom(answer.records ?? [], offset);
    if (at !== null) this.remember(key, at);
    return at;
  }

  private remember(key: string, at: number): void {
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, at);
  }
}
