// The metadata controller: the part KRaft's QuorumController plays. Every operation validates
// against the current image, turns into metadata records, appends them durably to the metadata
// log, replays them, and publishes them to subscribers (the brokers' metadata caches).
// Invariant: nothing changes the image except replay of a record that is already in the log.
import { KafkaError, errorCodeOf } from '../../errors.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { BROKER_CONFIG_BY_NAME } from '../../server/broker-config.js';
import { validateDynamicBrokerConfig } from '../../server/topic-config-synonyms.js';
import { LOG_CONFIG_DEFINITIONS } from '../../storage/log-config.js';
import { fenceBrokerRecords, unfenceBrokerRecords } from './broker-fencing.js';
import { MetadataImage } from './metadata-image.js';
import type { MetadataLog } from './metadata-log.js';
import type { ConfigRecord, ConfigResourceType, MetadataRecord, PartitionRecord } from './metadata-records.js';
import { isInternalTopic, topicNameProblem, unifyCollisionChars } from './topic-name.js';

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
}

export type MetadataListener = (records: readonly MetadataRecord[], firstOffset: number) => void;

export interface OperationResult {
  errorCode: number;
  errorMessage: string | null;
}

export interface CreateTopicRequest {
  name: string;
  /** -1 for the broker default. */
  numPartitions: number;
  replicationFactor: number;
  /** Explicit replica assignment per partition, overriding numPartitions/replicationFactor. */
  assignments?: number[][];
  configs: Record<string, string>;
}

export interface CreateTopicResult extends OperationResult {
  name: string;
  topicId: string | null;
  numPartitions: number;
  replicationFactor: number;
}

/** Kafka's ProducerIdManager hands out blocks of 1000 ids. */
export const PRODUCER_ID_BLOCK_SIZE = 1000;

export type ConfigOperation = 'SET' | 'DELETE' | 'APPEND' | 'SUBTRACT';

export class Controller {
  readonly image = new MetadataImage();
  private readonly listeners = new Set<MetadataListener>();

  constructor(private readonly deps: ControllerDeps) {
    deps.log.records.forEach((r, i) => this.image.replay(r, i));
  }

  /** Delivers every record from `fromOffset` now, then each new batch as it is committed. */
  subscribe(listener: MetadataListener, fromOffset = 0): () => void {
    const backlog = this.deps.log.records.slice(fromOffset);
    if (backlog.length > 0) listener(backlog, fromOffset);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  registerBroker(brokerId: number, host: string, port: number, rack: string | null = null): void {
    const previous = this.image.brokers.get(brokerId);
    this.commit([{ type: 'RegisterBroker', brokerId, host, port, rack, brokerEpoch: (previous?.brokerEpoch ?? -1) + 1 }]);
  }

  /** Fences a broker (missed heartbeats, controlled shutdown) and moves leadership off it. */
  fenceBroker(brokerId: number): void {
    const records = fenceBrokerRecords(this.image, brokerId);
    if (records.length > 0) this.commit(records);
  }

  /** Lets a broker back in (heartbeat after fencing, or registration) and elects leaders of offline partitions. */
  unfenceBroker(brokerId: number): void {
    const records = unfenceBrokerRecords(this.image, brokerId);
    if (records.length > 0) this.commit(records);
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
      const live = new Set(this.image.liveBrokers().map((b) => b.brokerId));
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
        const records = this.topicCreationRecords(request);
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
      const topic = this.image.topicsByName.get(name);
      if (!topic) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Topic ${name} does not exist.`);
      const current = topic.partitions.length;
      if (totalCount <= current) {
        throw new KafkaError('INVALID_PARTITIONS', `Topic ${name} has ${current} partitions; the new count must be larger, not ${totalCount}.`);
      }
      const rf = topic.partitions[0]?.replicas.length ?? 1;
      const added = assignments ?? this.assignReplicas(totalCount - current, rf);
      if (added.length !== totalCount - current) {
        throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `Expected ${totalCount - current} new partition assignments, got ${added.length}.`);
      }
      if (assignments) assignments.forEach((replicas, i) => this.checkManualAssignment(current + i, replicas, rf));
      const records = added.map((replicas, i) => this.partitionRecord(topic.topicId, current + i, replicas));
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
      const next = new Map(incremental ? current : []);
      for (const { name, value, op } of changes) {
        if (op === 'DELETE' || value === null) next.delete(name);
        else if (op === 'SET') next.set(name, value);
        else {
          // Kafka appends to (or subtracts from) the default when the config is not set.
          const items = (next.get(name) ?? listDefault(resourceType, name)).split(',').filter((s) => s !== '');
          const given = value.split(',').filter((s) => s !== '');
          const result = op === 'APPEND' ? [...items, ...given.filter((v) => !items.includes(v))] : items.filter((v) => !given.includes(v));
          next.set(name, result.join(','));
        }
      }
      if (resourceType === 'topic') for (const [name, value] of next) this.deps.validateTopicConfig(name, value);
      else for (const [name, value] of next) validateDynamicBrokerConfig(name, value);
      const records: ConfigRecord[] = [];
      for (const [name, value] of next) {
        if (current.get(name) !== value) records.push({ type: 'Config', resourceType, resourceName, name, value });
      }
      for (const name of current.keys()) {
        if (!next.has(name)) records.push({ type: 'Config', resourceType, resourceName, name, value: null });
      }
      if (!validateOnly && records.length > 0) this.commit(records);
    });
  }

  private topicCreationRecords(request: CreateTopicRequest): MetadataRecord[] {
    const problem = topicNameProblem(request.name);
    if (problem) throw new KafkaError('INVALID_TOPIC_EXCEPTION', problem);
    if (this.image.topicsByName.has(request.name)) {
      throw new KafkaError('TOPIC_ALREADY_EXISTS', `Topic '${request.name}' already exists.`);
    }
    const unified = unifyCollisionChars(request.name);
    for (const existing of this.image.topicsByName.keys()) {
      if (unifyCollisionChars(existing) === unified) {
        throw new KafkaError('INVALID_TOPIC_EXCEPTION', `Topic '${request.name}' collides with existing topic '${existing}': '.' and '_' are treated alike.`);
      }
    }
    for (const [name, value] of Object.entries(request.configs)) this.deps.validateTopicConfig(name, value);
    const manualReplicationFactor = request.assignments?.[0]?.length ?? 0;
    request.assignments?.forEach((replicas, p) => this.checkManualAssignment(p, replicas, manualReplicationFactor));
    const assignments = request.assignments ?? this.defaultAssignments(request);
    const topicId = this.deps.random.uuid();
    return [
      { type: 'Topic', name: request.name, topicId },
      ...assignments.map((replicas, partition) => this.partitionRecord(topicId, partition, replicas)),
      ...Object.entries(request.configs).map(([name, value]): ConfigRecord => ({
        type: 'Config', resourceType: 'topic', resourceName: request.name, name, value,
      })),
    ];
  }

  private defaultAssignments(request: CreateTopicRequest): number[][] {
    const numPartitions = request.numPartitions === -1 ? this.deps.defaults.numPartitions : request.numPartitions;
    const rf = request.replicationFactor === -1 ? this.deps.defaults.defaultReplicationFactor : request.replicationFactor;
    if (numPartitions < 1) throw new KafkaError('INVALID_PARTITIONS', `Number of partitions must be at least 1, not ${numPartitions}.`);
    if (rf < 1) throw new KafkaError('INVALID_REPLICATION_FACTOR', `Replication factor must be at least 1, not ${rf}.`);
    if (isInternalTopic(request.name) && request.assignments === undefined && rf > this.image.liveBrokers().length) {
      return this.assignReplicas(numPartitions, this.image.liveBrokers().length);
    }
    return this.assignReplicas(numPartitions, rf);
  }

  /** Kafka's rack-unaware assignment: leaders round-robin from a random broker, followers shifted. */
  private assignReplicas(count: number, rf: number): number[][] {
    const brokers = this.image.liveBrokers().map((b) => b.brokerId);
    if (rf > brokers.length) {
      throw new KafkaError('INVALID_REPLICATION_FACTOR', `Replication factor: ${rf} larger than available brokers: ${brokers.length}.`);
    }
    const start = this.deps.random.int(brokers.length);
    const shift = brokers.length > 1 ? 1 + this.deps.random.int(brokers.length - 1) : 0;
    const assignments: number[][] = [];
    for (let p = 0; p < count; p++) {
      const first = (start + p) % brokers.length;
      const replicas = [brokers[first]];
      for (let r = 1; r < rf; r++) replicas.push(brokers[(first + ((shift + r - 1) % (brokers.length - 1)) + 1) % brokers.length]);
      assignments.push(replicas);
    }
    return assignments;
  }

  /** Kafka's checks of a replica list given by the client (validateManualPartitionAssignment). */
  private checkManualAssignment(partition: number, replicas: readonly number[], replicationFactor: number): void {
    const fail = (message: string) => new KafkaError('INVALID_REPLICA_ASSIGNMENT', `Partition ${partition}: ${message}`);
    if (replicas.length === 0) throw fail('the manual partition assignment includes an empty replica list.');
    for (const [i, brokerId] of replicas.entries()) {
      if (!this.image.brokers.has(brokerId)) throw fail(`the manual partition assignment includes broker ${brokerId}, but no such broker is registered.`);
      if (replicas.indexOf(brokerId) !== i) throw fail(`the manual partition assignment includes the broker ${brokerId} more than once.`);
    }
    if (replicas.length !== replicationFactor) {
      throw fail(`the manual partition assignment has ${replicas.length} replica(s), but the other partitions have ${replicationFactor}.`);
    }
    const live = new Set(this.image.liveBrokers().map((b) => b.brokerId));
    if (!replicas.some((r) => live.has(r))) throw fail(`all brokers of the manual partition assignment (${replicas.join(', ')}) are fenced.`);
  }

  private partitionRecord(topicId: string, partition: number, replicas: number[]): PartitionRecord {
    const live = new Set(this.image.liveBrokers().map((b) => b.brokerId));
    const isr = replicas.filter((r) => live.has(r));
    return { type: 'Partition', topicId, partition, replicas, isr, leader: isr[0] ?? -1, leaderEpoch: 0, partitionEpoch: 0 };
  }

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
  }
}

/** The default of a LIST config, the start of an APPEND or SUBTRACT on a config that is not set. */
function listDefault(resourceType: ConfigResourceType, name: string): string {
  const defaultValue = resourceType === 'topic'
    ? LOG_CONFIG_DEFINITIONS.find((d) => d.name === name)?.defaultValue
    : BROKER_CONFIG_BY_NAME.get(name)?.defaultValue;
  return defaultValue ?? '';
}
