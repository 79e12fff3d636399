// Topics as the embedded cluster's engine sees them: the fallback when the Kafka protocol cannot
// answer. kafkajs fails every metadata read while any partition has no leader (see
// ./admin-session.ts), which is exactly when a user who just killed a broker looks at the topics.
//
// NB: offsets here are the logs' start and end offsets (the log end may run ahead of the high
// watermark ListOffsets reports while followers catch up); -1 where no running broker holds the
// partition. Configs cannot be read without the protocol and come back empty.
import type { TopicDetail, TopicSummary } from '../contract/index.js';
import { apiError } from './api-error.js';
import type { PartitionPlacement } from './embedded-cluster.js';
import { type LeaderLogs, isInternalTopic } from './leader-logs.js';

export function engineTopicList(placements: readonly PartitionPlacement[], logs: LeaderLogs, includeInternal: boolean): TopicSummary[] {
  const byTopic = groupByTopic(placements);
  return [...byTopic.keys()]
    .filter((name) => includeInternal || !isInternalTopic(name))
    .sort()
    .map((name) => {
      const partitions = byTopic.get(name)!;
      let messageCount = 0;
      let sizeBytes = 0;
      for (const p of partitions) {
        const log = logs.get(name, p.partition);
        if (!log) continue;
        messageCount += log.logEndOffset - log.logStartOffset;
        sizeBytes += log.sizeBytes;
      }
      return {
        name,
        internal: isInternalTopic(name),
        partitions: partitions.length,
        replicationFactor: Math.max(0, ...partitions.map((p) => p.replicas.length)),
        messageCount,
        sizeBytes,
        underReplicated: partitions.some((p) => p.isr.length < p.replicas.length),
      };
    });
}

export function engineTopicDetail(name: string, placements: readonly PartitionPlacement[], logs: LeaderLogs): TopicDetail {
  const partitions = groupByTopic(placements).get(name);
  if (!partitions) throw apiError('NOT_FOUND', `There is no topic named ${name}.`, 'UNKNOWN_TOPIC_OR_PARTITION');
  return {
    name,
    internal: isInternalTopic(name),
    partitions: partitions.map((p) => {
      const log = logs.get(name, p.partition);
      return {
        partition: p.partition,
        leader: p.leader,
        replicas: [...p.replicas],
        isr: [...p.isr],
        earliestOffset: log?.logStartOffset ?? -1,
        latestOffset: log?.logEndOffset ?? -1,
      };
    }),
    configs: [],
  };
}

function groupByTopic(placements: readonly PartitionPlacement[]): Map<string, PartitionPlacement[]> {
  const byTopic = new Map<string, PartitionPlacement[]>();
  for (const p of placements) {
    const list = byTopic.get(p.topic) ?? [];
    list.push(p);
    byTopic.set(p.topic, list);
  }
  for (const list of byTopic.values()) list.sort((a, b) => a.partition - b.partition);
  return byTopic;
}
