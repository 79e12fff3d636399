// The leader as a follower's fetcher talks to it (Kafka's LeaderEndPoint / RemoteLeaderEndPoint):
// Fetch, OffsetForLeaderEpoch and ListOffsets with replicaId = this broker, over one
// BrokerConnection, each bounded by replica.socket.timeout.ms.
// Invariant: a request that times out closes the connection, so a late response can never be
// taken for the answer to a later request; the fetcher opens a new endpoint.
import { Fetch, type FetchRequestTopic, type FetchResponse } from '../protocol/generated/fetch.js';
import { ListOffsets } from '../protocol/generated/list-offsets.js';
import { OffsetForLeaderEpoch } from '../protocol/generated/offset-for-leader-epoch.js';
import type { ApiMessages } from '../protocol/primitives/api-messages.js';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../storage/log-timestamps.js';
import { BrokerConnection } from './broker-connection.js';
import { partitionKey } from './delayed-fetch.js';

export const REPLICA_FETCH_VERSION = 12;
/** v3+ carries replicaId, v2+ currentLeaderEpoch. */
export const OFFSET_FOR_LEADER_EPOCH_VERSION = 4;
/** v4+ carries currentLeaderEpoch; a replicaId >= 0 makes the leader answer its log end, not its high watermark. */
export const REPLICA_LIST_OFFSETS_VERSION = 6;

export interface EpochRequest {
  topic: string;
  partition: number;
  /** The leader epoch this follower follows at, for fencing. */
  currentLeaderEpoch: number;
  /** The epoch whose end offset the follower asks for (its own latest). */
  leaderEpoch: number;
}

export interface EpochAnswer {
  errorCode: number;
  leaderEpoch: number;
  endOffset: number;
}

export interface OffsetAnswer {
  errorCode: number;
  offset: number;
}

export class LeaderEndpoint {
  private constructor(
    private readonly connection: BrokerConnection,
    private readonly brokerId: number,
    private readonly timeoutMs: number,
  ) {}

  static async connect(host: string, port: number, brokerId: number, timeoutMs: number): Promise<LeaderEndpoint> {
    const connection = await BrokerConnection.connect(host, port, `oxbow-replica-fetcher-${brokerId}`);
    return new LeaderEndpoint(connection, brokerId, timeoutMs);
  }

  get isClosed(): boolean {
    return this.connection.isClosed;
  }

  close(): void {
    this.connection.close();
  }

  /**
   * One replica Fetch. The response (records included) is valid only while `use` runs: it lives in
   * memory the connection reuses for the next one.
   */
  fetch<T>(topics: FetchRequestTopic[], maxWaitMs: number, use: (response: FetchResponse) => T): Promise<T> {
    const request = {
      clusterId: null, replicaId: this.brokerId, maxWaitMs, minBytes: 1, maxBytes: 0x7fffffff, isolationLevel: 0,
      sessionId: 0, sessionEpoch: -1, topics, forgottenTopicsData: [], rackId: '',
    };
    return this.withTimeout(Fetch.name, this.connection.borrow(Fetch, REPLICA_FETCH_VERSION, request, use));
  }

  /** The leader's end offset of each asked epoch, by partitionKey. A partition it did not answer is missing. */
  async fetchEpochEndOffsets(requests: readonly EpochRequest[]): Promise<Map<string, EpochAnswer>> {
    const byTopic = new Map<string, EpochRequest[]>();
    for (const r of requests) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
    const response = await this.send(OffsetForLeaderEpoch, OFFSET_FOR_LEADER_EPOCH_VERSION, {
      replicaId: this.brokerId,
      topics: [...byTopic].map(([topic, partitions]) => ({
        topic,
        partitions: partitions.map(({ partition, currentLeaderEpoch, leaderEpoch }) => ({ partition, currentLeaderEpoch, leaderEpoch })),
      })),
    });
    const answers = new Map<string, EpochAnswer>();
    for (const topic of response.topics) {
      for (const p of topic.partitions) {
        answers.set(partitionKey(topic.topic, p.partition), { errorCode: p.errorCode, leaderEpoch: p.leaderEpoch ?? -1, endOffset: p.endOffset });
      }
    }
    return answers;
  }

  /** The leader's log end offset (ListOffsets latest, as a replica). */
  fetchLatestOffset(topic: string, partition: number, currentLeaderEpoch: number): Promise<OffsetAnswer> {
    return this.listOffset(topic, partition, currentLeaderEpoch, LATEST_TIMESTAMP);
  }

  /** The leader's log start offset (ListOffsets earliest). */
  fetchEarliestOffset(topic: string, partition: number, currentLeaderEpoch: number): Promise<OffsetAnswer> {
    return this.listOffset(topic, partition, currentLeaderEpoch, EARLIEST_TIMESTAMP);
  }

  private async listOffset(topic: string, partition: number, currentLeaderEpoch: number, timestamp: number): Promise<OffsetAnswer> {
    const response = await this.send(ListOffsets, REPLICA_LIST_OFFSETS_VERSION, {
      replicaId: this.brokerId, isolationLevel: 0,
      topics: [{ name: topic, partitions: [{ partitionIndex: partition, currentLeaderEpoch, timestamp }] }],
    });
    const answer = response.topics.find((t) => t.name === topic)?.partitions.find((p) => p.partitionIndex === partition);
    if (!answer) throw new Error(`ListOffsets from the leader did not answer ${topic}-${partition}`);
    return { errorCode: answer.errorCode, offset: answer.offset ?? -1 };
  }

  private send<Req, Res>(messages: ApiMessages<Req, Res>, version: number, request: Req): Promise<Res> {
    return this.withTimeout(messages.name, this.connection.send(messages, version, request));
  }

  private async withTimeout<T>(name: string, answer: Promise<T>): Promise<T> {
    // A leader that stops answering (paused, not dead) must not hold the fetcher forever.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.connection.close();
        reject(new Error(`no ${name} response within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
