// DeleteRecords (key 21): versions 0-2.
// - Per partition, raises the log start offset to Offset (-1: the high watermark) and deletes the
//   segments wholly below it; answers the new low watermark. An offset below the current log
//   start changes nothing; one past the high watermark (or another negative one) is
//   OFFSET_OUT_OF_RANGE. Errors answer low watermark -1.
// - The leader answers: NOT_LEADER_OR_FOLLOWER elsewhere, UNKNOWN_TOPIC_OR_PARTITION when the
//   partition does not exist. Internal topics are refused (INVALID_TOPIC_EXCEPTION) and a
//   compact-only topic is POLICY_VIOLATION, as in Kafka.
// - Durable: the new log start offset goes to log-start-offset-checkpoint with the LogManager's
//   periodic and shutdown checkpoints, and the deleted segments are gone from disk at once.
// - v1: no change (throttling, KIP-219). v2: flexible.
// NB: with one replica per partition the low watermark is the leader's log start offset; Kafka's
//   DelayedDeleteRecords wait for followers has nothing to wait for yet.
import { isInternalTopic } from '../coordinator/metadata/topic-name.js';
import { KafkaError, errorCodeOf } from '../errors.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { DeleteRecords, type DeleteRecordsResponsePartitionResult } from '../protocol/generated/delete-records.js';
import type { BrokerServices } from '../server/broker-services.js';
import { isDeleteEnabled } from '../storage/log-config.js';
import { defineHandler } from './handler.js';

const HIGH_WATERMARK = -1;

/** Deletes the records of one partition before `offset`; returns the new low watermark. */
function deleteRecords(broker: BrokerServices, topic: string, partitionIndex: number, offset: number): number {
  if (!broker.metadata.partition(topic, partitionIndex)) {
    throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Partition ${topic}-${partitionIndex} does not exist.`);
  }
  if (isInternalTopic(topic)) throw new KafkaError('INVALID_TOPIC_EXCEPTION', `Cannot delete records of internal topic ${topic}.`);
  const partition = broker.replicaManager.leaderPartition(topic, partitionIndex);
  if (!isDeleteEnabled(partition.log.config)) {
    throw new KafkaError('POLICY_VIOLATION', `Records of partition ${topic}-${partitionIndex} can not be deleted: its cleanup.policy is compact.`);
  }
  const highWatermark = partition.highWatermark;
  return partition.log.deleteRecordsBefore(offset === HIGH_WATERMARK ? highWatermark : offset, highWatermark);
}

export const deleteRecordsHandler = defineHandler({
  messages: DeleteRecords,
  minVersion: 0,
  maxVersion: 2,
  handle(request, { broker }) {
    const topics = request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map(({ partitionIndex, offset }): DeleteRecordsResponsePartitionResult => {
        try {
          const lowWatermark = deleteRecords(broker, topic.name, partitionIndex, offset);
          return { partitionIndex, lowWatermark, errorCode: ErrorCode.NONE };
        } catch (err) {
          if (!(err instanceof KafkaError)) broker.log.error(`delete records of ${topic.name}-${partitionIndex} failed`, err);
          return { partitionIndex, lowWatermark: -1, errorCode: errorCodeOf(err) };
        }
      }),
    }));
    return { throttleTimeMs: 0, topics };
  },
});
