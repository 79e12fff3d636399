// The broker side of consumer groups (Kafka's GroupCoordinatorService): one GroupCoordinator state
// machine ("shard") per __consumer_offsets partition this broker leads. A group belongs to the
// partition abs(hashCode(groupId)) % partitions, as in Kafka, so its coordinator is that
// partition's leader and fails over with it.
//
// Invariant: a shard's state changes are durable before anyone hears of them: the records an
// operation emits are appended to its partition first, then responses go out. A shard is loaded by
// replaying its partition from the log start (the same records, read back), lazily, on the first
// request that reaches it; if the partition is no longer led here, the shard is unloaded and its
// waiting requests are answered NOT_COORDINATOR.
import {
  type Completion,
  decodeGroupCoordinatorRecord,
  encodeGroupCoordinatorRecord,
  GroupCoordinator,
  type GroupCoordinatorConfig,
  type GroupCoordinatorRecord,
  type Outcome,
  type RequestId,
} from '../coordinator/group/index.js';
import { KafkaError } from '../errors.js';
import type { Logger } from '../logger.js';
import { isControlBatch, readBatchHeader } from '../protocol/records/batch-header.js';
import { buildRecordBatch, readRecords } from '../protocol/records/record-batch.js';
import type { Partition } from '../replication/partition.js';
import type { ReplicaManager } from '../replication/replica-manager.js';
import type { Clock } from '../storage/clock.js';

export const GROUP_METADATA_TOPIC = '__consumer_offsets';

/** Kafka's offsets.commit.timeout.ms: how long an answer waits for its records to reach the ISR. */
const OFFSET_COMMIT_TIMEOUT_MS = 5000;

/** Java's String.hashCode, so groups land on the partitions Kafka would put them on. */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

export function groupPartitionFor(groupId: string, partitions: number): number {
  // Kafka's Utils.abs maps Integer.MIN_VALUE to 0 rather than overflowing.
  const h = javaStringHashCode(groupId);
  return (h === -2147483648 ? 0 : Math.abs(h)) % partitions;
}

type Resolve = (completion: Completion) => void;

class Shard {
  readonly coordinator: GroupCoordinator;
  readonly waiting = new Map<RequestId, Resolve>();
  timer: NodeJS.Timeout | null = null;

  constructor(readonly partition: Partition, config: Partial<GroupCoordinatorConfig>) {
    this.coordinator = new GroupCoordinator({ config });
  }
}

/** A group's new generation, as written to __consumer_offsets (what the UI's timeline shows). */
export interface GroupGeneration {
  groupId: string;
  generationId: number;
  protocol: string | null;
  members: number;
}

export class GroupCoordinatorService {
  /** Called after a group's metadata record for a new generation is appended (leader only). */
  onGeneration: (generation: GroupGeneration) => void = () => {};
  /** Kafka rewrites a group's metadata within one generation too (static members); those are not news. */
  private readonly reportedGenerations = new Map<string, number>();

  private readonly shards = new Map<number, Shard>();
  private nextRequestId = 0;

  constructor(
    private readonly replicaManager: ReplicaManager,
    private readonly numPartitions: () => number,
    private readonly config: Partial<GroupCoordinatorConfig>,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  partitionFor(groupId: string): number {
    return groupPartitionFor(groupId, this.numPartitions());
  }

  /**
   * Runs `operation` on the shard that owns `groupId` and returns its response once the records it
   * emitted are in the log; a parked JoinGroup/SyncGroup resolves when a later call completes it.
   */
  async execute<R>(groupId: string, operation: (c: GroupCoordinator, requestId: RequestId, now: number) => Outcome<R | 'pending'>): Promise<R> {
    const shard = this.shardFor(groupId);
    const requestId = this.nextRequestId++;
    let parked: Promise<Completion> | null = null;
    const outcome = operation(shard.coordinator, requestId, this.clock.now());
    if (outcome.response === 'pending') parked = new Promise((resolve) => shard.waiting.set(requestId, resolve));
    const lastOffset = this.settle(shard, outcome);
    if (outcome.response !== 'pending') {
      // As Kafka appends with acks=all: answer once the records are on the ISR, so a commit that was
      // answered survives the loss of this broker. Past the timeout the answer goes anyway.
      if (lastOffset >= 0) await shard.partition.awaitReplication(lastOffset, OFFSET_COMMIT_TIMEOUT_MS);
      return outcome.response;
    }
    return (await parked!).response as R;
  }

  /** Runs a read-only query on the shard that owns `groupId`. */
  query<R>(groupId: string, read: (c: GroupCoordinator) => R): R {
    return read(this.shardFor(groupId).coordinator);
  }

  /** Every shard this broker leads, loaded (ListGroups and the UI read across all of them). */
  allCoordinators(): GroupCoordinator[] {
    const out: GroupCoordinator[] = [];
    for (let p = 0; p < this.numPartitions(); p++) {
      const partition = this.replicaManager.getPartition(GROUP_METADATA_TOPIC, p);
      if (partition) out.push(this.loadedShard(p, partition).coordinator);
    }
    return out;
  }

  close(): void {
    for (const [p, shard] of this.shards) this.unload(p, shard);
  }

  private shardFor(groupId: string): Shard {
    if (this.numPartitions() === 0) {
      throw new KafkaError('COORDINATOR_NOT_AVAILABLE', `The ${GROUP_METADATA_TOPIC} topic does not exist yet.`);
    }
    const p = this.partitionFor(groupId);
    const partition = this.replicaManager.getPartition(GROUP_METADATA_TOPIC, p);
    if (!partition) {
      const stale = this.shards.get(p);
      if (stale) this.unload(p, stale);
      throw new KafkaError('NOT_COORDINATOR', `This broker is not the coordinator of group ${groupId}.`);
    }
    return this.loadedShard(p, partition);
  }

  private loadedShard(p: number, partition: Partition): Shard {
    const existing = this.shards.get(p);
    if (existing?.partition === partition) return existing;
    if (existing) this.unload(p, existing);
    const shard = new Shard(partition, this.config);
    shard.coordinator.load(this.readRecords(partition), this.clock.now());
    this.shards.set(p, shard);
    this.armTimer(shard);
    this.log.debug(`loaded group coordinator for ${GROUP_METADATA_TOPIC}-${p}`);
    return shard;
  }

  /** The partition's records from the log start, decoded (loading is the only place they are). */
  private *readRecords(partition: Partition): Generator<GroupCoordinatorRecord> {
    const log = partition.log;
    let offset = log.logStartOffset;
    while (offset < log.logEndOffset) {
      const { records } = log.read(offset, 1024 * 1024, { minOneMessage: true });
      if (records.length === 0) break;
      let pos = 0;
      while (pos < records.length) {
        const header = readBatchHeader(records, pos);
        const batch = records.subarray(pos, pos + header.sizeInBytes);
        pos += header.sizeInBytes;
        offset = Math.max(offset, header.baseOffset + header.lastOffsetDelta + 1);
        if (isControlBatch(header.attributes)) continue;
        for (const record of readRecords(batch)) {
          if (record.offset < log.logStartOffset || record.key === null) continue;
          const decoded = decodeGroupCoordinatorRecord(record.key, record.value);
          if (decoded) yield decoded;
        }
      }
    }
  }

  /**
   * Appends the outcome's records, then answers the requests it completed, then re-arms the timer.
   * Returns the offset of the last record appended, or -1.
   */
  private settle(shard: Shard, outcome: Omit<Outcome<unknown>, 'response'>): number {
    let lastOffset = -1;
    if (outcome.records.length > 0) {
      const batch = buildRecordBatch({
        baseTimestamp: this.clock.now(),
        records: outcome.records.map((r) => encodeGroupCoordinatorRecord(r)),
      });
      try {
        lastOffset = shard.partition.appendRecordsToLeader(batch).lastOffset;
        this.reportGenerations(outcome.records);
      } catch (err) {
        // The state machine already moved on; only the log can tell what is true now. Drop the
        // shard (its waiting requests hear NOT_COORDINATOR and retry) and reload it on next use.
        const p = [...this.shards].find(([, s]) => s === shard)?.[0];
        if (p !== undefined) this.unload(p, shard);
        throw err;
      }
    }
    for (const completion of outcome.completed) {
      const resolve = shard.waiting.get(completion.requestId);
      shard.waiting.delete(completion.requestId);
      resolve?.(completion);
    }
    this.armTimer(shard);
    return lastOffset;
  }

  private reportGenerations(records: readonly GroupCoordinatorRecord[]): void {
    for (const record of records) {
      if (record.type !== 'GroupMetadata' || record.value === null) continue;
      const { generation, protocol, members } = record.value;
      // Generation 0 is a group that never completed a join: nothing was rebalanced yet.
      if (generation <= 0 || this.reportedGenerations.get(record.key.group) === generation) continue;
      this.reportedGenerations.set(record.key.group, generation);
      try {
        this.onGeneration({ groupId: record.key.group, generationId: generation, protocol: protocol ?? null, members: members.length });
      } catch (err) {
        this.log.warn('a group generation listener failed', err);
      }
    }
  }

  private armTimer(shard: Shard): void {
    if (shard.timer) clearTimeout(shard.timer);
    shard.timer = null;
    const deadline = shard.coordinator.nextDeadline();
    if (deadline === null) return;
    shard.timer = setTimeout(() => {
      shard.timer = null;
      try {
        this.settle(shard, shard.coordinator.tick(this.clock.now()));
      } catch (err) {
        this.log.error('group coordinator tick failed', err);
      }
    }, Math.max(0, deadline - this.clock.now()));
    shard.timer.unref();
  }

  private unload(p: number, shard: Shard): void {
    if (shard.timer) clearTimeout(shard.timer);
    this.shards.delete(p);
    for (const completion of shard.coordinator.unload()) shard.waiting.get(completion.requestId)?.(completion);
    shard.waiting.clear();
  }
}
