// Pulls the partitions this broker follows from one leader (Kafka's ReplicaFetcherThread): Fetch
// v12 with replicaId = this broker, one request in flight, batches appended with their offsets,
// and the follower's high watermark taken from the response.
//
// Invariants:
// - a response is applied only to the Partition object it was asked for, and only if the log
//   end did not move meanwhile; a replaced (retired) object is dropped, so a role or epoch change
//   never mixes with a fetch in flight;
// - errors never stop the loop: the connection is reopened after a back-off, and the replica
//   manager moves partitions to another fetcher when metadata names a new leader.
// NB: a fetch offset out of the leader's range (possible only after an unclean election) is
// logged and retried; Kafka would truncate to the leader's end or start from its log start.
import { ErrorCode } from '../protocol/error-codes.js';
import { Fetch, type FetchRequestTopic } from '../protocol/generated/fetch.js';
import { recordSetToBuffer } from '../protocol/primitives/writer.js';
import type { Logger } from '../logger.js';
import { BrokerConnection } from './broker-connection.js';
import { partitionKey } from './delayed-fetch.js';
import type { Partition } from './partition.js';

export const REPLICA_FETCH_VERSION = 12;

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
  /** replica.socket.timeout.ms: a fetch unanswered this long closes the connection. */
  socketTimeoutMs: number;
  log: Logger;
}

export class ReplicaFetcher {
  private readonly partitions = new Map<string, Partition>();
  private connection: BrokerConnection | null = null;
  private closed = false;
  private wake: (() => void) | null = null;
  private readonly loop: Promise<void>;

  constructor(private readonly options: ReplicaFetcherOptions) {
    this.loop = this.run();
  }

  get size(): number {
    return this.partitions.size;
  }

  addPartition(partition: Partition): void {
    this.partitions.set(partition.key, partition);
    this.wake?.();
  }

  removePartition(key: string): void {
    this.partitions.delete(key);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    this.connection?.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      if (this.partitions.size === 0) {
        await this.sleep(60_000);
        continue;
      }
      try {
        await this.fetchOnce();
      } catch (err) {
        if (this.closed) return;
        this.options.log.debug(`fetch from broker ${this.options.leaderId} failed: ${(err as Error).message}`);
        this.connection?.close();
        this.connection = null;
        await this.sleep(this.options.backoffMs);
      }
    }
  }

  private async fetchOnce(): Promise<void> {
    const connection = await this.connect();
    const asked = new Map<string, { partition: Partition; fetchOffset: number }>();
    const byTopic = new Map<string, FetchRequestTopic>();
    for (const partition of this.partitions.values()) {
      if (partition.retired) continue;
      const fetchOffset = partition.log.logEndOffset;
      asked.set(partition.key, { partition, fetchOffset });
      let topic = byTopic.get(partition.topic);
      if (!topic) byTopic.set(partition.topic, (topic = { topic: partition.topic, partitions: [] }));
      topic.partitions.push({
        partition: partition.partition, currentLeaderEpoch: partition.leaderEpoch, fetchOffset, lastFetchedEpoch: -1,
        logStartOffset: partition.log.logStartOffset, partitionMaxBytes: this.options.partitionMaxBytes,
      });
    }
    if (asked.size === 0) return this.sleep(this.options.backoffMs);
    const sent = connection.send(Fetch, REPLICA_FETCH_VERSION, {
      clusterId: null, replicaId: this.options.brokerId, maxWaitMs: this.options.maxWaitMs, minBytes: 1,
      maxBytes: 0x7fffffff, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
      topics: [...byTopic.values()], forgottenTopicsData: [], rackId: '',
    });
    // A leader that stops answering (paused, not dead) must not hold the fetcher forever.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no fetch response within ${this.options.socketTimeoutMs} ms`)), this.options.socketTimeoutMs);
    });
    const response = await Promise.race([sent, timeout]).finally(() => clearTimeout(timer));
    let failed = false;
    for (const topic of response.responses) {
      for (const data of topic.partitions) {
        const entry = asked.get(partitionKey(topic.topic ?? '', data.partitionIndex));
        if (!entry) continue;
        const { partition, fetchOffset } = entry;
        if (partition.retired || this.partitions.get(partition.key) !== partition || partition.log.logEndOffset !== fetchOffset) continue;
        if (data.errorCode !== ErrorCode.NONE) {
          // NOT_LEADER_OR_FOLLOWER, FENCED/UNKNOWN_LEADER_EPOCH: metadata will move us; until then back off.
          failed = true;
          continue;
        }
        const records = data.records === null ? Buffer.alloc(0) : recordSetToBuffer(data.records);
        partition.appendRecordsAsFollower(records, data.highWatermark);
      }
    }
    if (failed) await this.sleep(this.options.backoffMs);
  }

  private async connect(): Promise<BrokerConnection> {
    if (this.connection && !this.connection.isClosed) return this.connection;
    const endpoint = this.options.endpoint();
    if (!endpoint) throw new Error(`broker ${this.options.leaderId} has no registered endpoint`);
    this.connection = await BrokerConnection.connect(endpoint.host, endpoint.port, `oxbow-replica-fetcher-${this.options.brokerId}`);
    return this.connection;
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
