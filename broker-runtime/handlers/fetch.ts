// Fetch (key 1): versions 4-12.
// - Answers at once when minBytes are available, maxWaitMs <= 0, or a partition has an error;
//   otherwise the request is parked until appends bring enough bytes or maxWaitMs ends, then the
//   logs are read again (Kafka's DelayedFetch). Responses stay in order on the connection.
// - The batch containing fetchOffset is returned whole; from v3 the first batch is returned even
//   when it is larger than the limits (KIP-74), so a large record never stalls a consumer.
// - read_committed reads up to the last stable offset and gets an aborted-transactions list.
// - v7+ fetch sessions: Oxbow always answers session id 0 ("no session"), so clients keep
//   sending full fetches. v11+ preferred read replica is -1. v12 flexible.
// - replicaId >= 0 is a follower's fetch (Kafka's replica fetch): it reads up to the log end, not
//   the high watermark, and tells the leader how far the follower got (its log end, the ISR).
// - Records are read into memory leased from the broker's BufferPool and given back once the
//   response is on the socket: moving gigabytes through fresh Buffers is what made V8 collect.
// NB: v0-3 are not advertised: they need magic 0/1 down-conversion, and Oxbow stores magic 2 only.
// NB: v13+ (topic ids) is not advertised yet.
import { KafkaError, errorCodeOf } from '../errors.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  Fetch,
  type FetchRequest,
  type FetchResponseFetchableTopicResponse,
  type FetchResponsePartitionData,
} from '../protocol/generated/fetch.js';
import type { AllocateBuffer } from '../network/buffer-pool.js';
import { partitionKey } from '../replication/delayed-fetch.js';
import { READ_COMMITTED } from '../replication/partition.js';
import type { BrokerServices } from '../server/broker-services.js';
import { defineHandler } from './handler.js';
import { leaderPartitionAt } from './leader-epoch.js';

const EMPTY = Buffer.alloc(0);

interface ReadResult {
  responses: FetchResponseFetchableTopicResponse[];
  bytes: number;
  hasError: boolean;
}

function readAll(request: FetchRequest, broker: BrokerServices, minOneMessage: boolean, allocate: AllocateBuffer): ReadResult {
  const isolationLevel = request.isolationLevel ?? 0;
  const replicaId = request.replicaId ?? -1;
  let remaining = request.maxBytes ?? 0x7fffffff;
  let bytes = 0;
  let hasError = false;
  const responses = request.topics.map((topic): FetchResponseFetchableTopicResponse => {
    const name = topic.topic ?? '';
    const partitions = topic.partitions.map((p): FetchResponsePartitionData => {
      try {
        const partition = leaderPartitionAt(broker.replicaManager, name, p.partition, p.currentLeaderEpoch);
        const maxBytes = Math.max(0, Math.min(p.partitionMaxBytes, remaining));
        const read = replicaId >= 0
          ? broker.replicaManager.readForFollower(replicaId, partition, p.fetchOffset, maxBytes, allocate)
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
        if (!(err instanceof KafkaError)) broker.log.error(`fetch from ${name}-${p.partition} failed`, err);
        return {
          partitionIndex: p.partition, errorCode: errorCodeOf(err), highWatermark: -1, lastStableOffset: -1,
          logStartOffset: -1, abortedTransactions: null, preferredReadReplica: -1, records: EMPTY,
        };
      }
    });
    return { topic: name, partitions };
  });
  return { responses, bytes, hasError };
}

export const fetchHandler = defineHandler({
  messages: Fetch,
  minVersion: 4,
  maxVersion: 12,
  async handle(request, { apiVersion, broker, afterResponse }) {
    const minOneMessage = apiVersion >= 3;
    let lease = broker.buffers.lease();
    let result = readAll(request, broker, minOneMessage, lease.allocate);
    const keys = request.topics.flatMap((t) => t.partitions.map((p) => partitionKey(t.topic ?? '', p.partition)));
    if (!result.hasError && result.bytes < request.minBytes && request.maxWaitMs > 0 && keys.length > 0) {
      const audience = (request.replicaId ?? -1) >= 0 ? 'follower' : 'consumer';
      lease.release(); // what was read is read again below
      await broker.replicaManager.purgatory.park(keys, request.minBytes - result.bytes, request.maxWaitMs, audience);
      lease = broker.buffers.lease();
      result = readAll(request, broker, minOneMessage, lease.allocate);
    }
    const used = lease;
    afterResponse(() => used.release());
    broker.metrics.fetched(result.bytes, (request.replicaId ?? -1) >= 0);
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0, responses: result.responses };
  },
});
