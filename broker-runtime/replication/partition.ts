// One partition replica on this broker (Kafka's Partition), as leader or follower for one leader
// epoch: the ReplicaManager replaces the object when the leader or the epoch changes, so a holder
// of a stale object (a group coordinator shard, a parked produce) sees `retired` and stops.
//
// Invariants:
// - the high watermark never exceeds the log end, and never decreases while the object lives
//   except when a follower's log is truncated below it (possible only after an unclean election);
// - as leader it is the smallest log end offset over the ISR (the leader's own included), with a
//   follower whose log end is not known yet holding it where it is;
// - as follower it is min(leader's high watermark, own log end), from the last fetch response.
// NB: transactions are not implemented, so the last stable offset equals the high watermark.
import { KafkaError } from '../errors.js';
import type { AllocateBuffer } from '../network/buffer-pool.js';
import type { Log, LogAppendInfo } from '../storage/log.js';
import { type FetchPurgatory, partitionKey } from './delayed-fetch.js';
import { type DelayedOutcome, OffsetPurgatory } from './offset-purgatory.js';

export const READ_UNCOMMITTED = 0;
export const READ_COMMITTED = 1;

export type ReplicaRole = 'leader' | 'follower';

export interface PartitionReadResult {
  records: Buffer;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
}

/** What the leader knows of a follower (Kafka's Replica / ReplicaState). */
export interface FollowerState {
  logEndOffset: number;
  /** From its last fetch; -1 until it fetched (Kafka's UnknownOffset). */
  logStartOffset: number;
  lastCaughtUpTimeMs: number;
  lastFetchLeaderLogEndOffset: number;
  lastFetchTimeMs: number;
}

/** A follower not heard from yet: offsets unknown, caught up as of now (Kafka's makeLeader). */
function newFollowerState(nowMs: number): FollowerState {
  return { logEndOffset: -1, logStartOffset: -1, lastCaughtUpTimeMs: nowMs, lastFetchLeaderLogEndOffset: -1, lastFetchTimeMs: nowMs };
}

export interface PartitionAssignment {
  role: ReplicaRole;
  leaderId: number;
  leaderEpoch: number;
  replicas: readonly number[];
  isr: readonly number[];
}

export class Partition {
  readonly key: string;
  readonly role: ReplicaRole;
  readonly leaderId: number;
  readonly leaderEpoch: number;
  replicas: readonly number[];
  isr: readonly number[];
  /** True once a newer object (another role or epoch) or a deletion replaced this one. */
  retired = false;
  readonly followers = new Map<number, FollowerState>();
  /** acks=all produce waiting for the high watermark (DelayedProduce). */
  private readonly producePurgatory = new OffsetPurgatory();
  /** DeleteRecords waiting for the low watermark (DelayedDeleteRecords). */
  private readonly deleteRecordsPurgatory = new OffsetPurgatory();
  private hwm: number;
  /** Replicas asked to join the ISR (AlterPartition in flight): counted as members (Kafka's maximal ISR). */
  pendingIsr: readonly number[] = [];

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly topicId: string,
    readonly log: Log,
    private readonly purgatory: FetchPurgatory,
    readonly brokerId: number,
    assignment: PartitionAssignment,
    initialHighWatermark: number,
    nowMs: number,
  ) {
    this.key = partitionKey(topic, partition);
    this.role = assignment.role;
    this.leaderId = assignment.leaderId;
    this.leaderEpoch = assignment.leaderEpoch;
    this.replicas = assignment.replicas;
    this.isr = assignment.isr;
    this.hwm = Math.max(0, Math.min(initialHighWatermark, log.logEndOffset));
    if (this.role === 'leader') {
      log.maybeAssignEpochStartOffset(this.leaderEpoch);
      // Kafka's makeLeader: every follower counts as caught up now, so the lag clock starts here.
      for (const id of this.replicas) {
        if (id !== brokerId) {
          this.followers.set(id, newFollowerState(nowMs));
        }
      }
      this.maybeIncrementHighWatermark();
    }
  }

  get isLeader(): boolean {
    return this.role === 'leader' && !this.retired;
  }

  get highWatermark(): number {
    return this.hwm;
  }

  get lastStableOffset(): number {
    return this.highWatermark;
  }

  appendRecordsToLeader(records: Buffer): LogAppendInfo {
    if (!this.isLeader) {
      throw new KafkaError('NOT_LEADER_OR_FOLLOWER', `Broker ${this.brokerId} is not the leader of ${this.topic}-${this.partition}.`);
    }
    const info = this.log.append(records, { leaderEpoch: this.leaderEpoch });
    if (info.recordCount > 0) {
      const alone = this.isr.length === 1 && this.isr[0] === this.brokerId;
      // Alone in the ISR the append is committed at once, so its bytes count for consumers too.
      this.purgatory.onAppend(this.key, records.length, alone ? undefined : 'follower');
      this.maybeIncrementHighWatermark(!alone);
    }
    return info;
  }

  /**
   * A follower's append of batches fetched from the leader, offsets kept; the leader's log start
   * offset (raised there by DeleteRecords or retention) is followed up to this high watermark, as
   * Kafka's maybeIncrementLogStartOffset does.
   */
  appendRecordsAsFollower(records: Buffer, leaderHighWatermark: number, leaderLogStartOffset = -1): void {
    if (records.length > 0) this.log.append(records, { assignOffsets: false });
    this.setFollowerHighWatermark(leaderHighWatermark);
    const logStartOffset = Math.min(leaderLogStartOffset, this.hwm);
    if (logStartOffset > this.log.logStartOffset) this.log.deleteRecordsBefore(logStartOffset, this.hwm);
  }

  /** A follower's truncation of a suffix the leader does not have. Returns whether anything changed. */
  truncateTo(offset: number): boolean {
    const truncated = this.log.truncateTo(offset);
    this.hwm = Math.min(this.hwm, this.log.logEndOffset);
    return truncated;
  }

  /** A follower's restart at the leader's log start, when its whole log is below it. */
  truncateFullyAndStartAt(offset: number): void {
    this.log.truncateFullyAndStartAt(offset);
    this.hwm = offset;
  }

  setFollowerHighWatermark(leaderHighWatermark: number): void {
    const next = Math.min(leaderHighWatermark, this.log.logEndOffset);
    if (next > this.hwm) this.hwm = next;
  }

  /**
   * Reads for a consumer: up to the high watermark, or the last stable offset for read_committed.
   * `allocate`: where the records go (see Log.read).
   */
  read(fetchOffset: number, maxBytes: number, isolationLevel: number, minOneMessage: boolean, allocate?: AllocateBuffer): PartitionReadResult {
    const highWatermark = this.highWatermark;
    const lastStableOffset = this.lastStableOffset;
    const maxOffset = isolationLevel === READ_COMMITTED ? lastStableOffset : highWatermark;
    const data = this.log.read(fetchOffset, maxBytes, { maxOffset, minOneMessage, allocate });
    return { records: data.records, highWatermark, lastStableOffset, logStartOffset: data.logStartOffset };
  }

  /**
   * A follower's fetch (Kafka's fetchRecords + updateFollowerFetchState): reads up to the log end,
   * records the fetch offset as the follower's log end and when it last caught up, and moves the
   * high watermark. Returns the read; `shouldExpandIsr` tells the caller to ask the controller.
   */
  readForFollower(
    replicaId: number, fetchOffset: number, maxBytes: number, nowMs: number,
    { logStartOffset = -1, allocate }: { logStartOffset?: number; allocate?: AllocateBuffer } = {},
  ): PartitionReadResult & { shouldExpandIsr: boolean } {
    const data = this.log.read(fetchOffset, maxBytes, { minOneMessage: true, allocate });
    const leaderEnd = this.log.logEndOffset;
    const state = this.followers.get(replicaId);
    if (state) {
      if (fetchOffset >= leaderEnd) state.lastCaughtUpTimeMs = nowMs;
      else if (fetchOffset >= state.lastFetchLeaderLogEndOffset) state.lastCaughtUpTimeMs = Math.max(state.lastCaughtUpTimeMs, state.lastFetchTimeMs);
      state.logEndOffset = fetchOffset;
      state.logStartOffset = logStartOffset;
      state.lastFetchLeaderLogEndOffset = leaderEnd;
      state.lastFetchTimeMs = nowMs;
      this.maybeIncrementHighWatermark();
    }
    const shouldExpandIsr = state !== undefined && !this.isr.includes(replicaId) && fetchOffset >= this.hwm;
    return {
      records: data.records, highWatermark: this.hwm, lastStableOffset: this.lastStableOffset,
      logStartOffset: data.logStartOffset, shouldExpandIsr,
    };
  }

  /** ISR members (other than this leader) that have not caught up within `maxLagMs`. */
  outOfSyncReplicas(nowMs: number, maxLagMs: number): number[] {
    return this.isr.filter((id) => {
      if (id === this.brokerId) return false;
      const state = this.followers.get(id);
      return state !== undefined && nowMs - state.lastCaughtUpTimeMs > maxLagMs;
    });
  }

  /** A new ISR for this same leader epoch (committed by the controller). */
  updateIsr(replicas: readonly number[], isr: readonly number[], nowMs: number): void {
    this.replicas = replicas;
    this.isr = isr;
    this.pendingIsr = this.pendingIsr.filter((id) => !isr.includes(id));
    if (this.role !== 'leader') return;
    for (const id of replicas) {
      if (id !== this.brokerId && !this.followers.has(id)) {
        this.followers.set(id, newFollowerState(nowMs));
      }
    }
    this.maybeIncrementHighWatermark();
  }

  /** acks=all: resolves once the high watermark passes `lastOffset`, or after timeoutMs. */
  awaitReplication(lastOffset: number, timeoutMs: number): Promise<DelayedOutcome> {
    if (this.hwm > lastOffset) return Promise.resolve('replicated');
    if (this.retired) return Promise.resolve('not-leader');
    return this.producePurgatory.park(lastOffset + 1, timeoutMs);
  }

  /**
   * Kafka's lowWatermarkIfLeader: the smallest log start offset over this leader and its followers
   * on live brokers. A live follower that has not fetched yet (-1) holds it at -1.
   */
  lowWatermark(isAlive: (brokerId: number) => boolean): number {
    let low = this.log.logStartOffset;
    for (const [id, state] of this.followers) if (state.logStartOffset < low && isAlive(id)) low = state.logStartOffset;
    return low;
  }

  /** DeleteRecords: resolves once a reported low watermark reaches `offset`, or after timeoutMs. */
  awaitLowWatermark(offset: number, lowWatermark: number, timeoutMs: number): Promise<DelayedOutcome> {
    if (lowWatermark >= offset) return Promise.resolve('replicated');
    if (this.retired) return Promise.resolve('not-leader');
    return this.deleteRecordsPurgatory.park(offset, timeoutMs);
  }

  get awaitsLowWatermark(): boolean {
    return this.deleteRecordsPurgatory.size > 0;
  }

  onLowWatermark(lowWatermark: number): void {
    this.deleteRecordsPurgatory.onOffset(lowWatermark);
  }

  retire(): void {
    this.retired = true;
    this.producePurgatory.completeAll('not-leader');
    this.deleteRecordsPurgatory.completeAll('not-leader');
  }

  private maybeIncrementHighWatermark(wakeConsumers = true): void {
    let candidate = this.log.logEndOffset;
    for (const id of new Set([...this.isr, ...this.pendingIsr])) {
      if (id === this.brokerId) continue;
      const end = this.followers.get(id)?.logEndOffset ?? -1;
      candidate = Math.min(candidate, end < 0 ? this.hwm : end);
    }
    if (candidate <= this.hwm) return;
    this.hwm = candidate;
    this.producePurgatory.onOffset(candidate);
    // Consumers parked below the old high watermark can now read more; they re-read to see how much.
    if (wakeConsumers) this.purgatory.onAppend(this.key, Number.MAX_SAFE_INTEGER, 'consumer');
  }
}
