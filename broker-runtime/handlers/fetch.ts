// Fetch (key 1): versions 4-17.
// - Answers at once when minBytes are available, maxWaitMs <= 0, or a partition has an error;
//   otherwise the request is parked until appends bring enough bytes or maxWaitMs ends, then the
//   logs are read again (Kafka's DelayedFetch). Responses stay in order on the connection.
// - The batch containing fetchOffset is returned whole; from v3 the first batch is returned even
//   when it is larger than the limits (KIP-74), so a large record never stalls a consumer.
// - read_committed reads up to the last stable offset and gets an aborted-transactions list.
// - v7+ fetch sessions: Oxbow always answers session id 0 ("no session"), so clients keep
//   sending full fetches. v11+ preferred read replica is -1. v12 flexible.
// - v13+ names topics by id (KIP-516), in the request and the answer; an id this broker's metadata
//   does not know gets UNKNOWN_TOPIC_ID for each of its partitions, as in Kafka. v15+ carries the
//   replica id in ReplicaState (KIP-903; the broker epoch is not checked). v16+ (KIP-951): a
//   partition answered NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH names the leader this broker
//   knows (currentLeader, -1 when none) and the answer lists those leaders' endpoints, so a client
//   can move without a metadata round trip. v17's replica directory id (KIP-853) is ignored.
// - replicaId >= 0 is a follower's fetch (Kafka's replica fetch): it reads up to the log end, not
//   the high watermark, and tells the leader how far the follower got (its log end, the ISR).
// - Records are read into memory leased from the broker's BufferPool and given back once the
//   response is on the socket: moving gigabytes through fresh Buffers is what made V8 collect.
// NB: v0-3 are not advertised: they need magic 0/1 down-conversion, and Oxbow stores magic 2 only.
import { KafkaError, errorCodeOf } from '../errors.js';
import type { AllocateBuffer } from '../network/buffer-pool.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  Fetch,
  type FetchRequest,
  type FetchRequestTopic,
  type FetchResponseFetchableTopicResponse,
  type FetchResponseNodeEndpoint,
  type FetchResponsePartitionData,
} from '../protocol/generated/fetch.js';
import { ZERO_UUID } from '../protocol/primitives/uuid.js';
import { partitionKey } from '../replication/delayed-fetch.js';
import { READ_COMMITTED } from '../replication/partition.js';
import type { BrokerServices } from '../server/broker-services.js';
import { defineHandler } from './handler.js';
import { leaderPartitionAt } from './leader-epoch.js';

const EMPTY = Buffer.alloc(0);
/** The first version that names topics by id. */
const TOPIC_IDS_VERSION = 13;
/** The first version that sends the replica id in ReplicaState. */
const REPLICA_STATE_VERSION = 15;
/** The first version that tells a client where the leader moved (KIP-951). */
const LEADER_HINTS_VERSION = 16;

interface ReadResult {
  responses: FetchResponseFetchableTopicResponse[];
  bytes: number;
  hasError: boolean;
  /** v16+: the leaders named in currentLeader hints, by broker id. */
  leaderEndpoints: Map<number, FetchResponseNodeEndpoint>;
}

/** KIP-951: the partition's leader as this broker's metadata has it, for a client sent elsewhere. */
function currentLeader(broker: BrokerServices, topic: string, partition: number, endpoints: Map<number, FetchResponseNodeEndpoint>) {
  const state = broker.metadata.partition(topic, partition);
  const registration = state && state.leader >= 0 ? broker.metadata.brokers.get(state.leader) : undefined;
  if (registration) {
    const { brokerId, host, port, rack } = registration;
    endpoints.set(brokerId, { nodeId: brokerId, host, port, rack });
  }
  return { leaderId: state?.leader ?? -1, leaderEpoch: state?.leaderEpoch ?? -1 };
}

function replicaIdOf(request: FetchRequest, apiVersion: number): number {
  return (apiVersion >= REPLICA_STATE_VERSION ? request.replicaState?.replicaId : request.replicaId) ?? -1;
}

/** The topic's name, or null for an id (v13+) the metadata does not know. */
function topicName(topic: FetchRequestTopic, broker: BrokerServices, apiVersion: number): string | null {
  if (apiVersion < TOPIC_IDS_VERSION) return topic.topic ?? '';
  return broker.metadata.topicsById.get(topic.topicId ?? ZERO_UUID)?.name ?? null;
}

function readAll(request: FetchRequest, apiVersion: number, broker: BrokerServices, allocate: AllocateBuffer): ReadResult {
  const isolationLevel = request.isolationLevel ?? 0;
  const replicaId = replicaIdOf(request, apiVersion);
  const minOneMessage = apiVersion >= 3;
  let remaining = request.maxBytes ?? 0x7fffffff;
  let bytes = 0;
  let hasError = false;
  const leaderEndpoints = new Map<number, FetchResponseNodeEndpoint>();
  const responses = request.topics.map((topic): FetchResponseFetchableTopicResponse => {
    const name = topicName(topic, broker, apiVersion);
    const partitions = topic.partitions.map((p): FetchResponsePartitionData => {
      try {
        if (name === null) throw new KafkaError('UNKNOWN_TOPIC_ID', `No topic has id ${topic.topicId}.`);
        const partition = leaderPartitionAt(broker.replicaManager, name, p.partition, p.currentLeaderEpoch);
        const maxBytes = Math.max(0, Math.min(p.partitionMaxBytes, remaining));
        const read = replicaId >= 0
          ? broker.replicaManager.readForFollower(replicaId, partition, p.fetchOffset, maxBytes, p.logStartOffset ?? -1, allocate)
          : partition.read(p.fetchOffset, maxBytes, isolationLevel, minOneMessage && bytes === 0, allocate);
        remaining -= read.records.length;
        bytes += read.records.length;
        return {
          partitionIndex: p.partition, errorCode: ErrorCode.NONE,
          highWatermark: read.highWatermark, lastStableOffset: read.lastStableOffset, logStartOffset: read.logStartOffset,
          abortedTransactions: isolationLevel === READ_COMMITTED ? [] : null, preferredReadReplica: -1, records: read.records,
        };
      } catch (err) {
        hasError = true;
        if (!(err instanceof KafkaError)) broker.log.error(`fetch from ${name ?? topic.topicId}-${p.partition} failed`, err);
        const errorCode = errorCodeOf(err);
        const moved = apiVersion >= LEADER_HINTS_VERSION && name !== null
          && (errorCode === ErrorCode.NOT_LEADER_OR_FOLLOWER || errorCode === ErrorCode.FENCED_LEADER_EPOCH);
        return {
          partitionIndex: p.partition, errorCode, highWatermark: -1, lastStableOffset: -1,
          logStartOffset: -1, abortedTransactions: null, preferredReadReplica: -1, records: EMPTY,
          ...(moved ? { currentLeader: currentLeader(broker, name, p.partition, leaderEndpoints) } : {}),
        };
      }
    });
    return { topic: name ?? '', topicId: topic.topicId ?? ZERO_UUID, partitions };
  });
  return { responses, bytes, hasError, leaderEndpoints };
}

export const fetchHandler = defineHandler({
  messages: Fetch,
  minVersion: 4,
  maxVersion: 17,
  async handle(request, { apiVersion, broker, afterResponse }) {
    const fromFollower = replicaIdOf(request, apiVersion) >= 0;
    let lease = broker.buffers.lease();
    let result = readAll(request, apiVersion, broker, lease.allocate);
    if (!result.hasError && result.bytes < request.minBytes && request.maxWaitMs > 0) {
      // Every topic resolved (an unknown id is an error), so the names are the answer's.
      const keys = result.responses.flatMap((t) => t.partitions.map((p) => partitionKey(t.topic ?? '', p.partitionIndex)));
      if (keys.length > 0) {
        lease.release(); // what was read is read again below
        await broker.replicaManager.purgatory.park(keys, request.minBytes - result.bytes, request.maxWaitMs, fromFollower ? 'follower' : 'consumer');
        lease = broker.buffers.lease();
        result = readAll(request, apiVersion, broker, lease.allocate);
      }
    }
    const used = lease;
    afterResponse(() => used.release());
    broker.metrics.fetched(result.bytes, fromFollower);
    return {
      throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0, responses: result.responses,
      ...(result.leaderEndpoints.size > 0 ? { nodeEndpoints: [...result.leaderEndpoints.values()] } : {}),
    };
  },
});
