// Topics read and changed through the Kafka protocol (kafkajs's admin client), as DESIGN asks: the
// same code serves the embedded cluster and, next, an external one. What only the embedded
// cluster knows (the size of each leader's log) comes in as an optional LeaderLogs; an external
// connection passes none and gets null sizes.
import type { Admin, PartitionMetadata } from 'kafkajs';
import type { ApiArgs, PartitionDetail, TopicDetail, TopicSummary } from '../contract/index.js';
import type { AdminSession } from './admin-session.js';
import { apiError } from './api-error.js';
import { type LeaderLogs, isInternalTopic } from './leader-logs.js';
import { alterTopicConfigs, describeTopicConfigs } from './topic-configs.js';

interface OffsetRange {
  earliest: number;
  latest: number;
}

export class KafkaTopics {
  constructor(private readonly session: AdminSession) {}

  async listTopics(includeInternal: boolean, logs: LeaderLogs | null): Promise<TopicSummary[]> {
    const { topics } = await this.session.use((admin) => admin.fetchTopicMetadata());
    const shown = topics.filter((t) => includeInternal || !isInternalTopic(t.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
    return Promise.all(shown.map(async ({ name, partitions }) => {
      const offsets = await this.offsets(name, partitions, logs);
      let messageCount = 0;
      for (const range of offsets.values()) if (range.latest >= 0) messageCount += range.latest - Math.max(0, range.earliest);
      return {
        name,
        internal: isInternalTopic(name),
        partitions: partitions.length,
        replicationFactor: Math.max(0, ...partitions.map((p) => p.replicas.length)),
        messageCount,
        sizeBytes: logs ? partitions.reduce((sum, p) => sum + (logs.get(name, p.partitionId)?.sizeBytes ?? 0), 0) : null,
        underReplicated: partitions.some((p) => p.isr.length < p.replicas.length),
      };
    }));
  }

  async describeTopic(name: string, logs: LeaderLogs | null): Promise<TopicDetail> {
    const { topics } = await this.session.use((admin) => admin.fetchTopicMetadata({ topics: [name] }));
    const topic = topics.find((t) => t.name === name);
    if (!topic) throw apiError('NOT_FOUND', `There is no topic named ${name}.`, 'UNKNOWN_TOPIC_OR_PARTITION');
    const [offsets, configs] = await Promise.all([
      this.offsets(name, topic.partitions, logs),
      this.session.use((admin) => describeTopicConfigs(admin, name)),
    ]);
    const partitions: PartitionDetail[] = [...topic.partitions]
      .sort((a, b) => a.partitionId - b.partitionId)
      .map((p) => ({
        partition: p.partitionId,
        leader: p.leader,
        replicas: [...p.replicas],
        isr: [...p.isr],
        earliestOffset: offsets.get(p.partitionId)?.earliest ?? -1,
        latestOffset: offsets.get(p.partitionId)?.latest ?? -1,
      }));
    return { name, internal: isInternalTopic(name), partitions, configs };
  }

  async createTopic({ name, partitions, replicationFactor, configs = {} }: ApiArgs<'createTopic'>): Promise<null> {
    const configEntries = Object.entries(configs).map(([configName, value]) => ({ name: configName, value }));
    const created = await this.session.use((admin) => admin.createTopics({
      topics: [{ topic: name, numPartitions: partitions, replicationFactor, configEntries }],
    }));
    // kafkajs answers `false` instead of throwing when every topic already existed.
    if (!created) throw apiError('KAFKA_ERROR', `Topic ${name} already exists.`, 'TOPIC_ALREADY_EXISTS');
    return null;
  }

  async deleteTopic(name: string): Promise<null> {
    await this.session.use((admin) => admin.deleteTopics({ topics: [name] }));
    return null;
  }

  async createPartitions(name: string, totalCount: number): Promise<null> {
    await this.session.use((admin) => admin.createPartitions({ topicPartitions: [{ topic: name, count: totalCount }] }));
    return null;
  }

  async alterTopicConfigs({ name, set = {}, reset = [] }: ApiArgs<'alterTopicConfigs'>): Promise<null> {
    await this.session.use((admin) => alterTopicConfigs(admin, name, set, reset));
    return null;
  }

  /**
   * Earliest and latest offset per partition (ListOffsets to each leader). kafkajs asks for a
   * topic's partitions all at once, so one unreachable leader (killed but not yet fenced) fails
   * the topic: then the embedded cluster's own logs answer, and an external cluster's error stands.
   */
  private async offsets(topic: string, partitions: readonly PartitionMetadata[], logs: LeaderLogs | null): Promise<Map<number, OffsetRange>> {
    try {
      const answered = await this.session.use((admin: Admin) => admin.fetchTopicOffsets(topic));
      return new Map(answered.map((o) => [o.partition, { earliest: Number(o.low), latest: Number(o.high) }]));
    } catch (err) {
      if (!logs) throw err;
      return new Map(partitions.map((p) => {
        const log = logs.get(topic, p.partitionId);
        return [p.partitionId, log ? { earliest: log.logStartOffset, latest: log.logEndOffset } : { earliest: -1, latest: -1 }];
      }));
    }
  }
}
