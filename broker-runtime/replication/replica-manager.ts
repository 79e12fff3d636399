// The partitions this broker hosts (Kafka's ReplicaManager): created, reconfigured and removed as
// metadata records arrive; looked up by the Produce and Fetch handlers. Partitions this broker
// follows are pulled by one ReplicaFetcher per leader; partitions it leads have their ISR checked
// every replica.lag.time.max.ms / 2 and changed through the controller (AlterPartition).
//
// Invariants:
// - a Partition object stands for one role at one leader epoch; any change replaces it (the old
//   one is retired), so nothing keeps acting on a stale role;
// - a replica becoming follower keeps its whole log here: its fetcher truncates what diverges from
//   the leader's log, found by leader epoch (KIP-101/279), before it fetches. Truncating to the
//   high watermark instead (the pre-KIP-101 rule) could drop acknowledged records a follower's
//   lagging high watermark did not cover yet, and lose them if the leader then died.
import type { ControllerChannel } from '../coordinator/metadata/controller-channel.js';
import type { MetadataImage } from '../coordinator/metadata/metadata-image.js';
import type { MetadataRecord } from '../coordinator/metadata/metadata-records.js';
import { KafkaError } from '../errors.js';
import type { AllocateBuffer } from '../network/buffer-pool.js';
import type { Logger } from '../logger.js';
import { OffsetCheckpointFile } from '../storage/checkpoint-file.js';
import { type Clock, SYSTEM_CLOCK } from '../storage/clock.js';
import type { Log } from '../storage/log.js';
import { DEFAULT_LOG_CONFIG, type LogConfig, parseLogConfig } from '../storage/log-config.js';
import { FetchPurgatory, partitionKey } from './delayed-fetch.js';
import { Partition, type ReplicaRole } from './partition.js';
import { ReplicaFetcher } from './replica-fetcher.js';

/** What the replica manager needs of the LogManager. */
export interface LogProvider {
  getOrCreateLog(topic: string, partition: number, config: LogConfig): Log;
  deleteLog(topic: string, partition: number): void;
}

export interface ReplicationOptions {
  controller: Pick<ControllerChannel, 'alterPartition'> | null;
  clock: Clock;
  /** replica.lag.time.max.ms */
  replicaLagTimeMaxMs: number;
  /** replica.fetch.wait.max.ms, replica.fetch.max.bytes, replica.fetch.backoff.ms */
  fetchWaitMaxMs: number;
  fetchMaxBytes: number;
  fetchBackoffMs: number;
  /** Where high watermarks are checkpointed (replication-offset-checkpoint), or null. */
  checkpointFile: string | null;
  /** replica.high.watermark.checkpoint.interval.ms */
  checkpointIntervalMs: number;
}

export const DEFAULT_REPLICATION_OPTIONS: ReplicationOptions = {
  controller: null, clock: SYSTEM_CLOCK, replicaLagTimeMaxMs: 30_000, fetchWaitMaxMs: 500,
  fetchMaxBytes: 1_048_576, fetchBackoffMs: 1000, checkpointFile: null, checkpointIntervalMs: 5000,
};

/** A topic's log config: the broker's log defaults overridden by the topic's dynamic configs. */
export function logConfigFor(metadata: MetadataImage, topic: string, defaults: LogConfig = DEFAULT_LOG_CONFIG): LogConfig {
  return parseLogConfig(Object.fromEntries(metadata.configsOf('topic', topic)), defaults);
}

export class ReplicaManager {
  readonly purgatory = new FetchPurgatory();
  private readonly partitions = new Map<string, Partition>();
  private readonly fetchers = new Map<number, ReplicaFetcher>();
  private readonly pendingIsrChanges = new Set<string>();
  private readonly checkpointed: Map<string, number>;
  private readonly checkpoint: OffsetCheckpointFile | null;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly options: ReplicationOptions;

  constructor(
    private readonly brokerId: number,
    private readonly metadata: MetadataImage,
    private readonly logs: LogProvider,
    private readonly log: Logger,
    /** Kafka's topic defaults as overridden by broker configs (log.retention.ms, ...). */
    private readonly logDefaults: () => LogConfig = () => DEFAULT_LOG_CONFIG,
    options: Partial<ReplicationOptions> = {},
  ) {
    this.options = { ...DEFAULT_REPLICATION_OPTIONS, ...options };
    this.checkpoint = this.options.checkpointFile ? new OffsetCheckpointFile(this.options.checkpointFile) : null;
    this.checkpointed = new Map((this.checkpoint?.read() ?? []).map((e) => [partitionKey(e.topic, e.partition), e.offset]));
    const isrEvery = Math.max(10, Math.floor(this.options.replicaLagTimeMaxMs / 2));
    this.timers.push(setInterval(() => this.maybeShrinkIsr(), isrEvery));
    if (this.checkpoint) this.timers.push(setInterval(() => this.checkpointHighWatermarks(), this.options.checkpointIntervalMs));
    for (const timer of this.timers) timer.unref();
  }

  /**
   * Applies metadata records that the broker's image has already replayed: creates or replaces
   * the partitions this broker leads or follows, updates ISRs and configs, removes deleted topics.
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

  /** The partition if this broker leads it. */
  getPartition(topic: string, partition: number): Partition | undefined {
    const local = this.partitions.get(partitionKey(topic, partition));
    return local?.isLeader ? local : undefined;
  }

  /** The partition if this broker hosts a replica of it, leader or follower. */
  hostedPartition(topic: string, partition: number): Partition | undefined {
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

  /**
   * A follower's fetch of a partition led here; asks the controller to add it to the ISR once caught
   * up, and completes DeleteRecords the follower's log start (from its fetch) lets through.
   */
  readForFollower(replicaId: number, partition: Partition, fetchOffset: number, maxBytes: number, logStartOffset: number, allocate?: AllocateBuffer) {
    const result = partition.readForFollower(replicaId, fetchOffset, maxBytes, this.options.clock.now(), { logStartOffset, allocate });
    if (result.shouldExpandIsr) this.alterIsr(partition, [...partition.isr, replicaId], 'expand');
    if (partition.awaitsLowWatermark) partition.onLowWatermark(this.lowWatermark(partition));
    return result;
  }

  /** The partition's low watermark: replicas on fenced or unregistered brokers do not hold it back. */
  lowWatermark(partition: Partition): number {
    return partition.lowWatermark((id) => this.metadata.brokers.get(id)?.fenced === false);
  }

  allPartitions(): IterableIterator<Partition> {
    return this.partitions.values();
  }

  logConfigOf(topic: string): LogConfig {
    return logConfigFor(this.metadata, topic, this.logDefaults());
  }

  /** Stops the fetchers (tests use it to make a follower fall behind). */
  async stopFetchers(): Promise<void> {
    const fetchers = [...this.fetchers.values()];
    this.fetchers.clear();
    await Promise.all(fetchers.map((f) => f.close()));
  }

  /** Starts fetching again for every partition followed here. */
  restartFetchers(): void {
    for (const p of this.partitions.values()) if (p.role === 'follower' && p.leaderId >= 0) this.fetcherFor(p.leaderId).addPartition(p);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.stopFetchers();
    this.checkpointHighWatermarks();
    for (const p of this.partitions.values()) p.retire();
    this.purgatory.completeAll();
  }

  private partitionsOf(topic: string): Partition[] {
    return [...this.partitions.values()].filter((p) => p.topic === topic);
  }

  private syncPartition(topic: string, partition: number): void {
    const state = this.metadata.partition(topic, partition)!;
    const key = partitionKey(topic, partition);
    const existing = this.partitions.get(key);
    const now = this.options.clock.now();
    const role: ReplicaRole | null = state.leader === this.brokerId ? 'leader' : state.replicas.includes(this.brokerId) ? 'follower' : null;
    if (existing && existing.role === role && existing.leaderEpoch === state.leaderEpoch && existing.leaderId === state.leader) {
      existing.updateIsr(state.replicas, state.isr, now);
      return;
    }
    if (existing) this.drop(existing);
    if (role === null) return;
    const config = this.logConfigOf(topic);
    const log = this.logs.getOrCreateLog(topic, partition, config);
    log.updateConfig(config);
    const highWatermark = existing?.highWatermark ?? this.checkpointed.get(key) ?? 0;
    const assignment = { role, leaderId: state.leader, leaderEpoch: state.leaderEpoch, replicas: state.replicas, isr: state.isr };
    const replica = new Partition(topic, partition, state.topicId, log, this.purgatory, this.brokerId, assignment, highWatermark, now);
    this.partitions.set(key, replica);
    if (role === 'follower' && state.leader >= 0) this.fetcherFor(state.leader).addPartition(replica);
    // Fetches parked on the old role answer now (NOT_LEADER_OR_FOLLOWER, or data as the new leader).
    this.purgatory.onAppend(key, Number.MAX_SAFE_INTEGER);
    this.log.debug(`${role} of ${topic}-${partition} at epoch ${state.leaderEpoch} (leader ${state.leader})`);
  }

  private drop(partition: Partition): void {
    partition.retire();
    this.partitions.delete(partition.key);
    for (const fetcher of this.fetchers.values()) fetcher.removePartition(partition.key);
  }

  private fetcherFor(leaderId: number): ReplicaFetcher {
    let fetcher = this.fetchers.get(leaderId);
    if (!fetcher) {
      const { fetchWaitMaxMs, fetchMaxBytes, fetchBackoffMs } = this.options;
      fetcher = new ReplicaFetcher({
        brokerId: this.brokerId, leaderId, maxWaitMs: fetchWaitMaxMs, partitionMaxBytes: fetchMaxBytes, backoffMs: fetchBackoffMs,
        socketTimeoutMs: fetchWaitMaxMs + 30_000, clock: this.options.clock,
        endpoint: () => this.metadata.brokers.get(leaderId) ?? null,
        log: this.log.child(`fetcher-${leaderId}`),
      });
      this.fetchers.set(leaderId, fetcher);
    }
    return fetcher;
  }

  /** Kafka's maybeShrinkIsr: followers that did not catch up within replica.lag.time.max.ms leave the ISR. */
  private maybeShrinkIsr(): void {
    const now = this.options.clock.now();
    for (const p of this.partitions.values()) {
      if (!p.isLeader) continue;
      const lagging = p.outOfSyncReplicas(now, this.options.replicaLagTimeMaxMs);
      if (lagging.length > 0) this.alterIsr(p, p.isr.filter((r) => !lagging.includes(r)), 'shrink');
    }
  }

  private alterIsr(partition: Partition, newIsr: number[], why: 'shrink' | 'expand'): void {
    const controller = this.options.controller;
    if (!controller || this.pendingIsrChanges.has(partition.key)) return;
    this.pendingIsrChanges.add(partition.key);
    const joining = newIsr.filter((id) => !partition.isr.includes(id));
    if (why === 'expand') partition.pendingIsr = [...new Set([...partition.pendingIsr, ...joining])];
    const what = `${partition.topic}-${partition.partition}`;
    controller
      .alterPartition(this.brokerId, partition.topicId, partition.partition, partition.leaderEpoch, newIsr)
      .then((result) => {
        if (result.errorCode === 0) this.log.info(`${what}: ISR ${why} to [${newIsr.join(', ')}]`);
        else {
          partition.pendingIsr = partition.pendingIsr.filter((id) => !joining.includes(id));
          this.log.debug(`${what}: ISR ${why} refused: ${result.errorMessage}`);
        }
      })
      .catch((err: unknown) => {
        partition.pendingIsr = partition.pendingIsr.filter((id) => !joining.includes(id));
        this.log.debug(`${what}: ISR ${why} failed: ${(err as Error).message}`);
      })
      .finally(() => this.pendingIsrChanges.delete(partition.key));
  }

  private checkpointHighWatermarks(): void {
    if (!this.checkpoint) return;
    for (const p of this.partitions.values()) this.checkpointed.set(p.key, p.highWatermark);
    const entries = [...this.partitions.values()].map((p) => ({ topic: p.topic, partition: p.partition, offset: p.highWatermark }));
    try {
      this.checkpoint.write(entries);
    } catch (err) {
      this.log.warn(`writing ${this.checkpoint.file} failed: ${(err as Error).message}`);
    }
  }

  private removeTopic(topic: string): void {
    for (const p of this.partitionsOf(topic)) {
      this.drop(p);
      this.checkpointed.delete(p.key);
      this.logs.deleteLog(topic, p.partition);
    }
    this.purgatory.completeAll();
  }
}
