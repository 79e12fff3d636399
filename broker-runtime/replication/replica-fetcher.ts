// Pulls the partitions this broker follows from one leader (Kafka's ReplicaFetcherThread). A
// partition added here starts out truncating (KIP-101, KIP-279): the fetcher asks the leader with
// OffsetForLeaderEpoch where the follower's latest epoch ends in the leader's log and cuts off the
// suffix that diverges, rounds repeated until the logs agree (follower-truncation.ts). Then it
// fetches: Fetch v12 with replicaId = this broker, one request in flight, batches appended with
// their offsets, the high watermark and log start offset taken from the response.
//
// Invariants:
// - a partition is fetched only once its truncation completed;
// - an answer is applied only to the Partition object it was asked for, and only if the log end
//   did not move meanwhile; a replaced (retired) object is dropped, so a role or epoch change
//   never mixes with a request in flight;
// - errors never stop the loop: a partition the leader answers with an error waits
//   replica.fetch.backoff.ms on its own while the others go on (Kafka's delayed partition state),
//   a failed connection is reopened after the same back-off, and the replica manager moves
//   partitions to another fetcher when metadata names a new leader.
// OFFSET_OUT_OF_RANGE (after an unclean election, or when the leader deleted what the follower
// needs next) is handled as Kafka's fetchOffsetAndTruncate does: a follower ahead of the leader's
// log end truncates to it; one below the leader's log start empties its log and starts there.
// NB: Fetch v12's lastFetchedEpoch / divergingEpoch (truncation detected by the fetch itself,
// Kafka 2.7+) is not used: every truncation goes through OffsetForLeaderEpoch, as before 2.7.
import { ErrorCode } from '../protocol/error-codes.js';
import type { FetchRequestTopic, FetchResponse } from '../protocol/generated/fetch.js';
import { recordSetToBuffer } from '../protocol/primitives/writer.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../storage/clock.js';
import { UNDEFINED_EPOCH } from '../storage/leader-epoch-file-cache.js';
import { partitionKey } from './delayed-fetch.js';
import { truncationFromEpochEndOffset } from './follower-truncation.js';
import { LeaderEndpoint } from './leader-endpoint.js';
import type { Partition } from './partition.js';

export interface ReplicaFetcherOptions {
  brokerId: number;
  leaderId: number;
  /** The leader's advertised endpoint, read each time the fetcher connects. */
  endpoint(): { host: string; port: number } | null;
  /** replica.fetch.wait.max.ms */
  maxWaitMs: number;
  /** replica.fetch.max.bytes, per partition */
  partitionMaxBytes: number;
  /** replica.fetch.backoff.ms */
  backoffMs: number;
  /** replica.socket.timeout.ms: a request unanswered this long closes the connection. */
  socketTimeoutMs: number;
  clock: Clock;
  log: Logger;
}

/** A followed partition as this fetcher sees it (Kafka's PartitionFetchState). */
interface FetchState {
  readonly partition: Partition;
  truncating: boolean;
  /** After an error answer, not asked about again before this time. */
  delayedUntil: number;
}

export class ReplicaFetcher {
  private readonly states = new Map<string, FetchState>();
  private leader: LeaderEndpoint | null = null;
  private closed = false;
  private wake: (() => void) | null = null;
  private readonly loop: Promise<void>;

  constructor(private readonly options: ReplicaFetcherOptions) {
    this.loop = this.run();
  }

  get size(): number {
    return this.states.size;
  }

  addPartition(partition: Partition): void {
    this.states.set(partition.key, { partition, truncating: true, delayedUntil: 0 });
    this.wake?.();
  }

  removePartition(key: string): void {
    this.states.delete(key);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    this.leader?.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      if (this.states.size === 0) {
        await this.sleep(60_000);
        continue;
      }
      try {
        const leader = await this.connect();
        const truncated = await this.truncatePartitions(leader);
        const fetched = await this.fetchOnce(leader);
        // Another truncation round, or the next fetch, goes at once.
        if (!truncated && !fetched) await this.sleep(this.untilNextReady());
      } catch (err) {
        if (this.closed) break;
        this.options.log.debug(`requests to broker ${this.options.leaderId} failed: ${(err as Error).message}`);
        this.leader?.close();
        this.leader = null;
        await this.sleep(this.options.backoffMs);
      }
    }
    // A connection opened while close() waited must not outlive the fetcher.
    this.leader?.close();
    this.leader = null;
  }

  private isCurrent(state: FetchState): boolean {
    return !state.partition.retired && this.states.get(state.partition.key) === state;
  }

  private isReady(state: FetchState, now: number): boolean {
    return !state.partition.retired && state.delayedUntil <= now;
  }

  private delay(state: FetchState): void {
    state.delayedUntil = this.options.clock.now() + this.options.backoffMs;
  }

  /** How long until a delayed partition may be asked about again (at most the back-off). */
  private untilNextReady(): number {
    const now = this.options.clock.now();
    let wait = this.options.backoffMs;
    for (const state of this.states.values()) {
      if (!state.partition.retired && state.delayedUntil > now) wait = Math.min(wait, state.delayedUntil - now);
    }
    return Math.max(1, wait);
  }

  /** One OffsetForLeaderEpoch round for the partitions still truncating. Returns whether any was asked. */
  private async truncatePartitions(leader: LeaderEndpoint): Promise<boolean> {
    const now = this.options.clock.now();
    const asked: { state: FetchState; leaderEpoch: number; logEndOffset: number }[] = [];
    for (const state of this.states.values()) {
      if (!state.truncating || !this.isReady(state, now)) continue;
      const { log } = state.partition;
      const leaderEpoch = log.leaderEpochCache.latestEpoch;
      if (leaderEpoch === UNDEFINED_EPOCH) {
        // No epoch to ask about (an empty log, or batches written without one): Kafka's
        // truncateToHighWatermark, the pre-KIP-101 rule.
        this.truncate(state.partition, state.partition.highWatermark, 'its high watermark (it knows no leader epoch)');
        state.truncating = false;
      } else {
        asked.push({ state, leaderEpoch, logEndOffset: log.logEndOffset });
      }
    }
    if (asked.length === 0) return false;
    const answers = await leader.fetchEpochEndOffsets(asked.map(({ state, leaderEpoch }) => ({
      topic: state.partition.topic, partition: state.partition.partition, currentLeaderEpoch: state.partition.leaderEpoch, leaderEpoch,
    })));
    for (const { state, leaderEpoch, logEndOffset } of asked) {
      const { partition } = state;
      if (!this.isCurrent(state) || !state.truncating || partition.log.logEndOffset !== logEndOffset) continue;
      const answer = answers.get(partition.key);
      if (!answer || answer.errorCode !== ErrorCode.NONE) {
        // FENCED/UNKNOWN_LEADER_EPOCH, NOT_LEADER_OR_FOLLOWER: metadata will move us; until then retry.
        this.options.log.debug(`${partition.key}: OffsetForLeaderEpoch answered error ${answer?.errorCode ?? 'none'}`);
        this.delay(state);
        continue;
      }
      const view = { logEndOffset, highWatermark: partition.highWatermark, endOffsetForEpoch: (e: number) => partition.log.endOffsetForEpoch(e) };
      const target = truncationFromEpochEndOffset(view, { epoch: answer.leaderEpoch, endOffset: answer.endOffset });
      this.truncate(partition, target.offset, `where epoch ${answer.leaderEpoch} ends on the leader (${answer.endOffset}; we asked for epoch ${leaderEpoch})`);
      state.truncating = !target.completed;
    }
    return true;
  }

  private truncate(partition: Partition, offset: number, why: string): void {
    const from = partition.log.logEndOffset;
    if (partition.truncateTo(offset)) this.options.log.info(`${partition.key}: truncated from ${from} to ${offset}, ${why}`);
  }

  /** One Fetch of the partitions done truncating. Returns whether any was asked. */
  private async fetchOnce(leader: LeaderEndpoint): Promise<boolean> {
    const now = this.options.clock.now();
    const asked = new Map<string, { state: FetchState; fetchOffset: number }>();
    const byTopic = new Map<string, FetchRequestTopic>();
    for (const state of this.states.values()) {
      const { partition } = state;
      if (state.truncating || !this.isReady(state, now)) continue;
      const fetchOffset = partition.log.logEndOffset;
      asked.set(partition.key, { state, fetchOffset });
      let topic = byTopic.get(partition.topic);
      if (!topic) byTopic.set(partition.topic, (topic = { topic: partition.topic, partitions: [] }));
      topic.partitions.push({
        partition: partition.partition, currentLeaderEpoch: partition.leaderEpoch, fetchOffset, lastFetchedEpoch: -1,
        logStartOffset: partition.log.logStartOffset, partitionMaxBytes: this.options.partitionMaxBytes,
      });
    }
    if (asked.size === 0) return false;
    // The answer's records are appended (written to the log file) before the fetch callback returns.
    const outOfRange = await leader.fetch([...byTopic.values()], this.options.maxWaitMs, (response) => this.apply(response, asked));
    for (const state of outOfRange) if (!(await this.handleOutOfRange(leader, state))) this.delay(state);
    return true;
  }

  /** Appends what a fetch answered; returns the partitions it found out of range. */
  private apply(response: FetchResponse, asked: Map<string, { state: FetchState; fetchOffset: number }>): FetchState[] {
    const outOfRange: FetchState[] = [];
    for (const topic of response.responses) {
      for (const data of topic.partitions) {
        const entry = asked.get(partitionKey(topic.topic ?? '', data.partitionIndex));
        if (!entry || !this.isCurrent(entry.state) || entry.state.partition.log.logEndOffset !== entry.fetchOffset) continue;
        if (data.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) {
          outOfRange.push(entry.state);
        } else if (data.errorCode !== ErrorCode.NONE) {
          // NOT_LEADER_OR_FOLLOWER, FENCED/UNKNOWN_LEADER_EPOCH: metadata will move us; until then back off.
          this.delay(entry.state);
        } else {
          const records = data.records === null ? Buffer.alloc(0) : recordSetToBuffer(data.records);
          entry.state.partition.appendRecordsAsFollower(records, data.highWatermark, data.logStartOffset);
        }
      }
    }
    return outOfRange;
  }

  /** Kafka's fetchOffsetAndTruncate. Returns whether the partition can fetch again at once. */
  private async handleOutOfRange(leader: LeaderEndpoint, state: FetchState): Promise<boolean> {
    const { partition } = state;
    const { topic, partition: index, leaderEpoch, log } = partition;
    const replicaEnd = log.logEndOffset;
    const latest = await leader.fetchLatestOffset(topic, index, leaderEpoch);
    if (latest.errorCode !== ErrorCode.NONE || !this.isCurrent(state) || log.logEndOffset !== replicaEnd) return false;
    if (latest.offset < replicaEnd) {
      this.truncate(partition, latest.offset, `the leader's log end (the fetch was out of range)`);
      return true;
    }
    const earliest = await leader.fetchEarliestOffset(topic, index, leaderEpoch);
    if (earliest.errorCode !== ErrorCode.NONE || !this.isCurrent(state) || log.logEndOffset !== replicaEnd) return false;
    if (earliest.offset <= replicaEnd) return false;
    this.options.log.info(`${partition.key}: log end ${replicaEnd} is below the leader's log start ${earliest.offset}; starting over there`);
    partition.truncateFullyAndStartAt(earliest.offset);
    return true;
  }

  private async connect(): Promise<LeaderEndpoint> {
    if (this.leader && !this.leader.isClosed) return this.leader;
    const endpoint = this.options.endpoint();
    if (!endpoint) throw new Error(`broker ${this.options.leaderId} has no registered endpoint`);
    const leader = await LeaderEndpoint.connect(endpoint.host, endpoint.port, this.options.brokerId, this.options.socketTimeoutMs);
    if (this.closed) {
      leader.close();
      throw new Error('the fetcher closed while it connected');
    }
    this.leader = leader;
    return leader;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
