// ListOffsets (key 2): versions 0-9.
// - Timestamp -1: the latest offset a consumer may read (high watermark, or the last stable offset
//   for read_committed, v2+); -2: the log start offset; -3 (v7+ in Kafka, answered here for any
//   version that sends it): the record with the largest timestamp; otherwise the first offset
//   whose timestamp is >= the given one, or -1 when there is none (v1+).
// - v0 answers with an "old style" list of offsets (at most MaxNumOffsets, one here).
// - v4+ checks CurrentLeaderEpoch and returns the leader epoch.
// - ReplicaId -1 is a consumer. A follower (>= 0) or a debug consumer (-2) sees past the high
//   watermark, as in Kafka: timestamp -1 answers the log end offset (a follower asks for it after
//   an OFFSET_OUT_OF_RANGE fetch), and a timestamp may find an offset above the high watermark.
//   Only -2 may be answered by a follower replica.
// - v7 (KIP-734) is v6 where clients may send -3. v8 (KIP-405): -4, the local log start offset,
//   which without tiered storage is the log start offset. v9 (KIP-1005): -5, the highest offset in
//   remote storage; without tiered storage Kafka answers offset -1 and leader epoch -1.
//   As -3, both are answered for any version that sends them.
import { KafkaError, errorCodeOf } from '../errors.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  ListOffsets,
  type ListOffsetsResponsePartitionResponse,
} from '../protocol/generated/list-offsets.js';
import { type Partition, READ_COMMITTED } from '../replication/partition.js';
import type { BrokerServices } from '../server/broker-services.js';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../storage/log.js';
import { defineHandler } from './handler.js';
import { checkLeaderEpoch, leaderPartitionAt } from './leader-epoch.js';

const CONSUMER_REPLICA_ID = -1;
const DEBUGGING_REPLICA_ID = -2;
/** ListOffsets v8+ (KIP-405) and v9+ (KIP-1005) special timestamps. */
const EARLIEST_LOCAL_TIMESTAMP = -4;
const LATEST_TIERED_TIMESTAMP = -5;

function partitionFor(broker: BrokerServices, replicaId: number, topic: string, index: number, currentLeaderEpoch: number | undefined): Partition {
  const hosted = replicaId === DEBUGGING_REPLICA_ID ? broker.replicaManager.hostedPartition(topic, index) : undefined;
  if (!hosted) return leaderPartitionAt(broker.replicaManager, topic, index, currentLeaderEpoch);
  checkLeaderEpoch(currentLeaderEpoch, hosted.leaderEpoch, `${topic}-${index}`);
  return hosted;
}

export const listOffsetsHandler = defineHandler({
  messages: ListOffsets,
  minVersion: 0,
  maxVersion: 9,
  handle(request, { broker }) {
    const isConsumer = request.replicaId === CONSUMER_REPLICA_ID;
    const topics = request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((p): ListOffsetsResponsePartitionResponse => {
        try {
          const partition = partitionFor(broker, request.replicaId, topic.name, p.partitionIndex, p.currentLeaderEpoch);
          const lastFetchable = !isConsumer
            ? partition.log.logEndOffset
            : request.isolationLevel === READ_COMMITTED ? partition.lastStableOffset : partition.highWatermark;
          let found: { timestamp: number; offset: number } | null;
          if (p.timestamp === LATEST_TIMESTAMP) {
            found = { timestamp: -1, offset: lastFetchable };
          } else if (p.timestamp === EARLIEST_TIMESTAMP || p.timestamp === EARLIEST_LOCAL_TIMESTAMP) {
            found = { timestamp: -1, offset: partition.log.logStartOffset };
          } else if (p.timestamp === LATEST_TIERED_TIMESTAMP) {
            return { partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE, oldStyleOffsets: [], timestamp: -1, offset: -1, leaderEpoch: -1 };
          } else {
            found = partition.log.offsetForTimestamp(p.timestamp);
            // A consumer must not be sent past what it may read.
            if (found && isConsumer && found.offset >= partition.highWatermark) found = null;
          }
          return {
            partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE,
            oldStyleOffsets: found ? [found.offset] : [],
            timestamp: found?.timestamp ?? -1, offset: found?.offset ?? -1, leaderEpoch: partition.leaderEpoch,
          };
        } catch (err) {
          if (!(err instanceof KafkaError)) broker.log.error(`list offsets of ${topic.name}-${p.partitionIndex} failed`, err);
          return { partitionIndex: p.partitionIndex, errorCode: errorCodeOf(err), oldStyleOffsets: [], timestamp: -1, offset: -1, leaderEpoch: -1 };
        }
      }),
    }));
    return { throttleTimeMs: 0, topics };
  },
});
