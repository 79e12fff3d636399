// The partitions this broker hosts (Kafka's ReplicaManager): created, reconfigured and removed as
// metadata records arrive, and looked up by the Produce and Fetch handlers.
import type { MetadataImage } from '../coordinator/metadata/metadata-image.js';
import type { MetadataRecord } from '../coordinator/metadata/metadata-records.js';
import { KafkaError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Log } from '../storage/log.js';
import { DEFAULT_LOG_CONFIG, type LogConfig, parseLogConfig } from '../storage/log-config.js';
import { FetchPurgatory, partitionKey } from './delayed-fetch.js';
import { Partition } from './partition.js';

/** What the replica manager needs of the LogManager. */
export interface LogProvider {
  getOrCreateLog(topic: string, partition: number, config: LogConfig): Log;
  deleteLog(topic: string, partition: number): void;
}

/** A topic's log config: the broker's log defaults overridden by the topic's dynamic configs. */
export function logConfigFor(metadata: MetadataImage, topic: string, defaults: LogConfig = DEFAULT_LOG_CONFIG): LogConfig {
  return parseLogConfig(Object.fromEntries(metadata.configsOf('topic', topic)), defaults);
}

export class ReplicaManager {
  readonly purgatory = new FetchPurgatory();
  private readonly partitions = new Map<string, Partition>();

  constructor(
    private readonly brokerId: number,
    private readonly metadata: MetadataImage,
    private readonly logs: LogProvider,
    private readonly log: Logger,
    /** Kafka's topic defaults as overridden by broker configs (log.retention.ms, ...). */
    private readonly logDefaults: () => LogConfig = () => DEFAULT_LOG_CONFIG,
  ) {}

  /**
   * Applies metadata records that the broker's image has already replayed: creates the logs of
   * partitions this broker leads, updates epochs and configs, removes deleted topics.
   * `removedTopics` maps ids of topics removed by these records to their names (the image no
   * longer knows them).
   */
  applyMetadata(records: readonly MetadataRecord[], removedTopics: ReadonlyMap<string, string>): void {
    const touchedTopics = new Set<string>();
    let brokerConfigChanged = false;
    for (const record of records) {
      if (record.type === 'Partition' || record.type === 'PartitionChange') {
        const topic = this.metadata.topicsById.get(record.topicId);
        if (topic) this.syncPartition(topic.name, record.partition);
      } else if (record.type === 'Config' && record.resourceType === 'topic') {
        touchedTopics.add(record.resourceName);
      } else if (record.type === 'Config') {
        brokerConfigChanged = true;
      } else if (record.type === 'RemoveTopic') {
        const name = removedTopics.get(record.topicId);
        if (name !== undefined) this.removeTopic(name);
      }
    }
    // A broker config can be the default of every topic's config.
    if (brokerConfigChanged) for (const p of this.partitions.values()) touchedTopics.add(p.topic);
    for (const name of touchedTopics) {
      const config = this.logConfigOf(name);
      for (const p of this.partitionsOf(name)) p.log.updateConfig(config);
    }
  }

  getPartition(topic: string, partition: number): Partition | undefined {
    return this.partitions.get(partitionKey(topic, partition));
  }

  /** The partition this broker leads, or the Kafka error a client must see. */
  leaderPartition(topic: string, partition: number): Partition {
    const local = this.getPartition(topic, partition);
    if (local) return local;
    const state = this.metadata.partition(topic, partition);
    if (!state) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `This server does not host ${topic}-${partition}.`);
    throw new KafkaError('NOT_LEADER_OR_FOLLOWER', `Broker ${this.brokerId} is not the leader of ${topic}-${partition}.`);
  }

  allPartitions(): IterableIterator<Partition> {
    return this.partitions.values();
  }

  logConfigOf(topic: string): LogConfig {
    return logConfigFor(this.metadata, topic, this.logDefaults());
  }

  close(): void {
    this.purgatory.completeAll();
  }

  private partitionsOf(topic: string): Partition[] {
    return [...this.partitions.values()].filter((p) => p.topic === topic);
  }

  private syncPartition(topic: string, partition: number): void {
    const state = this.metadata.partition(topic, partition)!;
    const key = partitionKey(topic, partition);
    const existing = this.partitions.get(key);
    if (state.leader !== this.brokerId) {
      // NB: followers arrive with replication; until then a partition led elsewhere is not served here.
      if (existing) this.partitions.delete(key);
      return;
    }
    if (existing) {
      existing.leaderEpoch = state.leaderEpoch;
      return;
    }
    const config = this.logConfigOf(topic);
    const log = this.logs.getOrCreateLog(topic, partition, config);
    log.updateConfig(config);
    this.partitions.set(key, new Partition(topic, partition, state.topicId, log, this.purgatory, state.leaderEpoch));
    this.log.debug(`leading ${topic}-${partition} at epoch ${state.leaderEpoch}`);
  }

  private removeTopic(topic: string): void {
    for (const p of this.partitionsOf(topic)) {
      this.partitions.delete(p.key);
      this.logs.deleteLog(topic, p.partition);
    }
    this.purgatory.completeAll();
  }
}
