// The cluster metadata as of some offset of the metadata log. The controller keeps one and every
// broker keeps one (its metadata cache); both change only through replay(record).
//
// A snapshot arrives as records too, framed by a header and a footer (metadata-snapshot.ts): the
// header empties the image, the records between rebuild it, the footer puts it at the snapshot's
// end offset. So a subscriber that fell behind the log's start needs no other code path.
import { InvariantViolation } from '../../errors.js';
import type { ConfigResourceType, MetadataRecord } from './metadata-records.js';

export interface BrokerRegistration {
  brokerId: number;
  host: string;
  port: number;
  brokerEpoch: number;
  rack: string | null;
  fenced: boolean;
}

export interface PartitionState {
  topicId: string;
  partition: number;
  replicas: number[];
  isr: number[];
  /** -1 when no replica can lead (offline partition). */
  leader: number;
  leaderEpoch: number;
  /** Bumped on every change of the partition, as in KRaft. */
  partitionEpoch: number;
}

export interface TopicImage {
  name: string;
  topicId: string;
  partitions: PartitionState[];
}

function configKey(resourceType: ConfigResourceType, resourceName: string): string {
  return `${resourceType}:${resourceName}`;
}

export class MetadataImage {
  /** Offset of the last record replayed, -1 before any. Brokers report it as their metadata epoch. */
  offset = -1;
  readonly brokers = new Map<number, BrokerRegistration>();
  readonly topicsById = new Map<string, TopicImage>();
  readonly topicsByName = new Map<string, TopicImage>();
  /** The first producer id not yet handed out to any broker. */
  nextProducerId = 0;
  private readonly configs = new Map<string, Map<string, string>>();
  /**
   * Between a snapshot's header and footer: the offsets the caller gives those records mean
   * nothing (the snapshot's records have none of their own), so `offset` stays where it was.
   */
  private loadingSnapshot = false;

  replay(record: MetadataRecord, offset = this.offset + 1): void {
    if (record.type === 'SnapshotHeader') {
      this.clear();
      this.loadingSnapshot = true;
      return;
    }
    if (record.type === 'SnapshotFooter') {
      this.loadingSnapshot = false;
      this.offset = record.endOffset - 1;
      return;
    }
    if (!this.loadingSnapshot) this.offset = offset;
    switch (record.type) {
      case 'RegisterBroker':
        this.brokers.set(record.brokerId, {
          brokerId: record.brokerId,
          host: record.host,
          port: record.port,
          brokerEpoch: record.brokerEpoch,
          rack: record.rack,
          fenced: false,
        });
        return;
      case 'BrokerRegistrationChange': {
        const broker = this.brokers.get(record.brokerId);
        if (broker) broker.fenced = record.fenced;
        return;
      }
      case 'Topic': {
        const topic: TopicImage = { name: record.name, topicId: record.topicId, partitions: [] };
        this.topicsById.set(record.topicId, topic);
        this.topicsByName.set(record.name, topic);
        return;
      }
      case 'Partition': {
        const topic = this.requireTopic(record.topicId);
        const { type: _type, ...state } = record;
        topic.partitions[record.partition] = { ...state, replicas: [...state.replicas], isr: [...state.isr] };
        return;
      }
      case 'PartitionChange': {
        const state = this.requireTopic(record.topicId).partitions[record.partition];
        if (!state) throw new InvariantViolation(`PartitionChange for unknown partition ${record.topicId}-${record.partition}`);
        if (record.leader !== undefined && record.leader !== state.leader) {
          state.leader = record.leader;
          state.leaderEpoch += 1;
        }
        if (record.isr) state.isr = [...record.isr];
        if (record.replicas) state.replicas = [...record.replicas];
        state.partitionEpoch += 1;
        return;
      }
      case 'Config': {
        const key = configKey(record.resourceType, record.resourceName);
        const configs = this.configs.get(key) ?? new Map<string, string>();
        if (record.value === null) configs.delete(record.name);
        else configs.set(record.name, record.value);
        if (configs.size === 0) this.configs.delete(key);
        else this.configs.set(key, configs);
        return;
      }
      case 'ProducerIds':
        this.nextProducerId = record.nextProducerId;
        return;
      case 'RemoveTopic': {
        const topic = this.requireTopic(record.topicId);
        this.topicsById.delete(topic.topicId);
        this.topicsByName.delete(topic.name);
        this.configs.delete(configKey('topic', topic.name));
        return;
      }
    }
  }

  /** Every resource with dynamic configs, e.g. to write them into a snapshot. */
  *configResources(): Generator<{ resourceType: ConfigResourceType; resourceName: string; configs: ReadonlyMap<string, string> }> {
    for (const [key, configs] of this.configs) {
      const colon = key.indexOf(':');
      yield { resourceType: key.slice(0, colon) as ConfigResourceType, resourceName: key.slice(colon + 1), configs };
    }
  }

  /** Dynamic configs of one resource (topic overrides, or broker overrides). */
  configsOf(resourceType: ConfigResourceType, resourceName: string): ReadonlyMap<string, string> {
    return this.configs.get(configKey(resourceType, resourceName)) ?? new Map();
  }

  partition(topicName: string, partition: number): PartitionState | undefined {
    return this.topicsByName.get(topicName)?.partitions[partition];
  }

  liveBrokers(): BrokerRegistration[] {
    return [...this.brokers.values()].filter((b) => !b.fenced).sort((a, b) => a.brokerId - b.brokerId);
  }

  private clear(): void {
    this.brokers.clear();
    this.topicsById.clear();
    this.topicsByName.clear();
    this.configs.clear();
    this.nextProducerId = 0;
  }

  private requireTopic(topicId: string): TopicImage {
    const topic = this.topicsById.get(topicId);
    if (!topic) throw new InvariantViolation(`metadata record for unknown topic id ${topicId}`);
    return topic;
  }
}
