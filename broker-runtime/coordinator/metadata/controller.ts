// The metadata controller: the part KRaft's QuorumController plays. Every operation validates
// against the current image, turns into metadata records, appends them durably to the metadata
// log, replays them, and publishes them to subscribers (the brokers' metadata caches). Once enough
// has been appended since the last snapshot, the image is written as one and the log drops what it
// covers (KRaft's SnapshotGenerator, metadata.log.max.record.bytes.between.snapshots).
// Invariants:
// - nothing changes the image except replay of a record that is already in the log, or of the
//   snapshot the log was opened from;
// - a subscriber gets every record after its offset, or a snapshot in their place when the log no
//   longer holds them.
// NB: the snapshot is written on the commit path, synchronously (KRaft writes it off the event
// loop); at the default 20 MiB interval that is rare, and the image is small.
import { KafkaError, errorCodeOf } from '../../errors.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { validateDynamicBrokerConfig } from '../../server/topic-config-synonyms.js';
import { fenceBrokerRecords, unfenceBrokerRecords } from './broker-fencing.js';
import { type ConfigOperation, configChangeRecords } from './config-changes.js';
import { type ControllerConfig, DEFAULT_CONTROLLER_CONFIG } from './controller-config.js';
import { type ElectionResult, type ElectionType, type TopicPartition, leaderElections, leaderRebalanceRecords } from './leader-election.js';
import { MetadataImage } from './metadata-image.js';
import type { MetadataLog } from './metadata-log.js';
import type { ConfigResourceType, MetadataRecord, PartitionRecord } from './metadata-records.js';
import { framed, snapshotOf } from './metadata-snapshot.js';
import { liveBrokerIds, offlinePartitionChanges } from './partition-change.js';
import { type CreateTopicRequest, partitionCreationRecords, topicCreationRecords } from './topic-creation.js';

export type { ConfigOperation } from './config-changes.js';
export type { CreateTopicRequest } from './topic-creation.js';

const UNCLEAN_LEADER_ELECTION_ENABLE = 'unclean.leader.election.enable';

export interface ControllerDefaults {
  numPartitions: number;
  defaultReplicationFactor: number;
}

export interface ControllerDeps {
  log: MetadataLog;
  defaults: ControllerDefaults;
  /** Throws KafkaError(INVALID_CONFIG) for an unknown topic config name or a bad value. */
  validateTopicConfig(name: string, value: string): void;
  /** Injected so tests are deterministic. */
  random: { uuid(): string; int(bound: number): number };
  /** Settings with Kafka's names (controller-config.ts); Kafka's defaults for those left out. */
  config?: Partial<ControllerConfig>;
  /** A snapshot could not be written; the commit that set it off stands. Thrown when not given. */
  onSnapshotFailed?(err: unknown): void;
}

export type MetadataListener = (records: readonly MetadataRecord[], firstOffset: number) => void;

export interface OperationResult {
  errorCode: number;
  errorMessage: string | null;
}

export interface CreateTopicResult extends OperationResult {
  name: string;
  topicId: string | null;
  numPartitions: number;
  replicationFactor: number;
}

/** Kafka's ProducerIdManager hands out blocks of 1000 ids. */
export const PRODUCER_ID_BLOCK_SIZE = 1000;

export class Controller {
  readonly image = new MetadataImage();
  private readonly listeners = new Set<MetadataListener>();
  private readonly config: ControllerConfig;

  constructor(private readonly deps: ControllerDeps) {
    this.config = { ...DEFAULT_CONTROLLER_CONFIG, ...deps.config };
    const { log } = deps;
    if (log.recovered.snapshot) for (const record of framed(log.recovered.snapshot)) this.image.replay(record);
    log.records.forEach((r, i) => this.image.replay(r, log.startOffset + i));
  }

  /**
   * Delivers every record from `fromOffset` now, then each new batch as it is committed. When the
   * log no longer holds `fromOffset`, the image comes first as a snapshot (as KRaft sends a lagging
   * follower a snapshot): framed by a header that resets the subscriber's image and a footer that
   * puts it at the log's end. It is delivered at `fromOffset`, so a subscriber that checks for gaps
   * takes it whole; its records have no offsets of their own.
   */
  subscribe(listener: MetadataListener, fromOffset = 0): () => void {
    if (fromOffset < this.deps.log.startOffset) listener(framed(snapshotOf(this.image)), fromOffset);
    else {
      const backlog = this.deps.log.recordsFrom(fromOffset);
      if (backlog.length > 0) listener(backlog, fromOffset);
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  registerBroker(brokerId: number, host: string, port: number, rack: string | null = null): void {
    const previous = this.image.brokers.get(brokerId);
    this.commit([{ type: 'RegisterBroker', brokerId, host, port, rack, brokerEpoch: (previous?.brokerEpoch ?? -1) + 1 }]);
  }

  /** Fences a broker (missed heartbeats, controlled shutdown) and moves leadership off it. */
  fenceBroker(brokerId: number): void {
    const records = fenceBrokerRecords(this.image, brokerId, this.uncleanAllowed);
    if (records.length > 0) this.commit(records);
  }

  /** Lets a broker back in (heartbeat after fencing, or registration) and elects leaders of offline partitions. */
  unfenceBroker(brokerId: number): void {
    const records = unfenceBrokerRecords(this.image, brokerId, this.uncleanAllowed);
    if (records.length > 0) this.commit(records);
  }

  /**
   * Kafka's ElectLeaders: moves leadership to the preferred replica, or elects a leader for an
   * offline partition even from outside the ISR. `partitions` null means every partition.
   */
  electLeaders(type: ElectionType, partitions: readonly TopicPartition[] | null): ElectionResult[] {
    const { records, results } = leaderElections(this.image, type, partitions);
    if (records.length > 0) this.commit(records);
    return results;
  }

  /** Leadership back to each partition's first replica, where it is live and in the ISR. */
  electPreferredLeaders(partitions: readonly TopicPartition[] | null = null): ElectionResult[] {
    return this.electLeaders('preferred', partitions);
  }

  /**
   * The periodic leader imbalance check (auto.leader.rebalance.enable): preferred elections for
   * the brokers above leader.imbalance.per.broker.percentage. Returns how many partitions moved.
   */
  checkLeaderImbalance(): number {
    const records = leaderRebalanceRecords(this.image, this.config.leaderImbalancePerBrokerPercentage);
    if (records.length > 0) this.commit(records);
    return records.length;
  }

  /**
   * A partition leader's request to change its ISR (Kafka's AlterPartition): accepted only from
   * the current leader at the current leader epoch; the new ISR must hold the leader, only
   * assigned replicas, and only live brokers when it grows.
   */
  alterPartition(brokerId: number, topicId: string, partition: number, leaderEpoch: number, newIsr: readonly number[]): OperationResult {
    return this.attempt(() => {
      const state = this.image.topicsById.get(topicId)?.partitions[partition];
      if (!state) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `No partition ${partition} of topic id ${topicId}.`);
      if (state.leader !== brokerId) throw new KafkaError('NOT_LEADER_OR_FOLLOWER', `Broker ${brokerId} does not lead ${topicId}-${partition}.`);
      if (leaderEpoch < state.leaderEpoch) throw new KafkaError('FENCED_LEADER_EPOCH', `Leader epoch ${leaderEpoch} is older than ${state.leaderEpoch}.`);
      if (leaderEpoch > state.leaderEpoch) throw new KafkaError('UNKNOWN_LEADER_EPOCH', `Leader epoch ${leaderEpoch} is newer than ${state.leaderEpoch}.`);
      const isr = state.replicas.filter((r) => newIsr.includes(r));
      if (!isr.includes(brokerId) || isr.length !== new Set(newIsr).size) {
        throw new KafkaError('INVALID_REQUEST', `ISR [${newIsr.join(', ')}] must hold the leader and assigned replicas only.`);
      }
      const live = liveBrokerIds(this.image);
      const added = isr.filter((r) => !state.isr.includes(r));
      if (added.some((r) => !live.has(r))) throw new KafkaError('INELIGIBLE_REPLICA', `Replicas [${added.join(', ')}] are not live.`);
      const same = isr.length === state.isr.length && isr.every((r) => state.isr.includes(r));
      if (!same) this.commit([{ type: 'PartitionChange', topicId, partition, isr }]);
    });
  }

  /** Hands a broker a block of producer ids for InitProducerId (Kafka's AllocateProducerIds). */
  allocateProducerIds(brokerId: number, blockSize = PRODUCER_ID_BLOCK_SIZE): { firstProducerId: number; count: number } {
    const firstProducerId = this.image.nextProducerId;
    const brokerEpoch = this.image.brokers.get(brokerId)?.brokerEpoch ?? -1;
    this.commit([{ type: 'ProducerIds', brokerId, brokerEpoch, nextProducerId: firstProducerId + blockSize }]);
    return { firstProducerId, count: blockSize };
  }

  createTopics(requests: readonly CreateTopicRequest[], validateOnly: boolean): CreateTopicResult[] {
    const seen = new Set<string>();
    return requests.map((request) => {
      const failure = (code: keyof typeof ErrorCode, message: string): CreateTopicResult => ({
        name: request.name, topicId: null, numPartitions: -1, replicationFactor: -1,
        errorCode: ErrorCode[code], errorMessage: message,
      });
      if (seen.has(request.name)) return failure('INVALID_REQUEST', `Topic ${request.name} appears more than once in the request.`);
      seen.add(request.name);
      try {
        const records = topicCreationRecords(this.image, request, this.deps);
        const topic = records[0] as { topicId: string };
        const partitions = records.filter((r): r is PartitionRecord => r.type === 'Partition');
        if (!validateOnly) this.commit(records);
        return {
          name: request.name, topicId: topic.topicId, numPartitions: partitions.length,
          replicationFactor: partitions[0].replicas.length, errorCode: ErrorCode.NONE, errorMessage: null,
        };
      } catch (err) {
        return { ...failure('UNKNOWN_SERVER_ERROR', ''), errorCode: errorCodeOf(err), errorMessage: (err as Error).message };
      }
    });
  }

  deleteTopic(name: string): OperationResult {
    const topic = this.image.topicsByName.get(name);
    if (!topic) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `Topic ${name} does not exist.` };
    this.commit([{ type: 'RemoveTopic', topicId: topic.topicId }]);
    return { errorCode: ErrorCode.NONE, errorMessage: null };
  }

  createPartitions(name: string, totalCount: number, assignments: number[][] | null, validateOnly: boolean): OperationResult {
    return this.attempt(() => {
      const records = partitionCreationRecords(this.image, name, totalCount, assignments, this.deps.random);
      if (!validateOnly) this.commit(records);
    });
  }

  /**
   * Applies config changes to one resource. `incremental` is IncrementalAlterConfigs; otherwise
   * (AlterConfigs) the given set replaces every dynamic config of the resource.
   */
  alterConfigs(
    resourceType: ConfigResourceType,
    resourceName: string,
    changes: readonly { name: string; value: string | null; op: ConfigOperation }[],
    incremental: boolean,
    validateOnly: boolean,
  ): OperationResult {
    return this.attempt(() => {
      if (resourceType === 'topic' && !this.image.topicsByName.has(resourceName)) {
        throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Topic ${resourceName} does not exist.`);
      }
      const current = this.image.configsOf(resourceType, resourceName);
      const validate = resourceType === 'topic' ? (name: string, value: string) => this.deps.validateTopicConfig(name, value) : validateDynamicBrokerConfig;
      const records = configChangeRecords(resourceType, resourceName, current, changes, incremental, validate);
      if (validateOnly || records.length === 0) return;
      this.commit(records);
      // Allowing unclean elections lets offline partitions with a live replica have a leader now.
      if (records.some((r) => r.name === UNCLEAN_LEADER_ELECTION_ENABLE)) {
        const elections = offlinePartitionChanges(this.image, liveBrokerIds(this.image), this.uncleanAllowed);
        if (elections.length > 0) this.commit(elections);
      }
    });
  }

  /** unclean.leader.election.enable of a topic: its config, else the cluster-wide dynamic default, else the static one. */
  private readonly uncleanAllowed = (topic: string): boolean => {
    const value = this.image.configsOf('topic', topic).get(UNCLEAN_LEADER_ELECTION_ENABLE)
      ?? this.image.configsOf('broker', '').get(UNCLEAN_LEADER_ELECTION_ENABLE);
    return value === undefined ? this.config.uncleanLeaderElectionEnable : value === 'true';
  };

  private attempt(operation: () => void): OperationResult {
    try {
      operation();
      return { errorCode: ErrorCode.NONE, errorMessage: null };
    } catch (err) {
      return { errorCode: errorCodeOf(err), errorMessage: (err as Error).message };
    }
  }

  private commit(records: MetadataRecord[]): void {
    const first = this.deps.log.append(records);
    records.forEach((r, i) => this.image.replay(r, first + i));
    for (const listener of this.listeners) listener(records, first);
    if (this.deps.log.bytesSinceSnapshot >= this.config.maxRecordBytesBetweenSnapshots) this.writeSnapshot();
  }

  private writeSnapshot(): void {
    try {
      this.deps.log.writeSnapshot(snapshotOf(this.image));
    } catch (err) {
      // The log is as it was (or holds one more valid snapshot): the next commit tries again.
      if (!this.deps.onSnapshotFailed) throw err;
      this.deps.onSnapshotFailed(err);
    }
  }
}
