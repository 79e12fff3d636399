// What the embedded cluster knows about each partition's log that the Kafka protocol does not say:
// its size on disk, and its offsets when the leader cannot be asked.
import type { BrokerStats, LogStats, PartitionPlacement } from './embedded-cluster.js';

/** Kafka's internal topics (Topic.INTERNAL_TOPICS); hidden from topic lists unless asked for. */
const INTERNAL_TOPICS = new Set(['__consumer_offsets', '__transaction_state']);

export function isInternalTopic(name: string): boolean {
  return INTERNAL_TOPICS.has(name);
}

export interface LeaderLogs {
  /** The log of the partition's leader; for an offline partition, the longest log a running replica holds. */
  get(topic: string, partition: number): LogStats | undefined;
}

export function leaderLogs(placements: readonly PartitionPlacement[], stats: readonly BrokerStats[]): LeaderLogs {
  const leaders = new Map(placements.map((p) => [key(p.topic, p.partition), p.leader]));
  const chosen = new Map<string, { log: LogStats; leads: boolean }>();
  for (const broker of stats) {
    for (const log of broker.logs) {
      const k = key(log.topic, log.partition);
      const leads = leaders.get(k) === broker.brokerId;
      const best = chosen.get(k);
      if (!best || (leads && !best.leads) || (!best.leads && log.logEndOffset > best.log.logEndOffset)) chosen.set(k, { log, leads });
    }
  }
  return { get: (topic, partition) => chosen.get(key(topic, partition))?.log };
}

function key(topic: string, partition: number): string {
  return `${partition}:${topic}`;
}
