// ListOffsets (key 2): versions 0-6.
// - Timestamp -1: the latest offset a consumer may read (high watermark, or the last stable offset
//   for read_committed, v2+); -2: the log start offset; -3 (v7+ in Kafka, answered here for any
//   version that sends it): the record with the largest timestamp; otherwise the first offset
//   whose timestamp is >= the given one, or -1 when there is none (v1+).
// - v0 answers with an "old style" list of offsets (at most MaxNumOffsets, one here).
// - v4+ checks CurrentLeaderEpoch and returns the leader epoch.
// NB: v7+ (max timestamp negotiated by version) and v8+ (tiered storage) are not advertised.
import { KafkaError, errorCodeOf } from '../errors.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  ListOffsets,
  type ListOffsetsResponsePartitionResponse,
} from '../protocol/generated/list-offsets.js';
import { READ_COMMITTED } from '../replication/partition.js';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../storage/log.js';
import { defineHandler } from './handler.js';
import { leaderPartitionAt } from './leader-epoch.js';

export const listOffsetsHandler = defineHandler({
  messages: ListOffsets,
  minVersion: 0,
  maxVersion: 6,
  handle(request, { broker }) {
    const topics = request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((p): ListOffsetsResponsePartitionResponse => {
        try {
          const partition = leaderPartitionAt(broker.replicaManager, topic.name, p.partitionIndex, p.currentLeaderEpoch);
          let found: { timestamp: number; offset: number } | null;
          if (p.timestamp === LATEST_TIMESTAMP) {
            const latest = request.isolationLevel === READ_COMMITTED ? partition.lastStableOffset : partition.highWatermark;
            found = { timestamp: -1, offset: latest };
          } else if (p.timestamp === EARLIEST_TIMESTAMP) {
            found = { timestamp: -1, offset: partition.log.logStartOffset };
          } else {
            found = partition.log.offsetForTimestamp(p.timestamp);
            // A consumer must not be sent past what it may read.
            if (found && found.offset >= partition.highWatermark) found = null;
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
