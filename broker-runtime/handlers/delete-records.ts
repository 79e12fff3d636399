// DeleteRecords (key 21): versions 0-2.
// - Per partition, raises the log start offset to Offset (-1: the high watermark) and deletes the
//   segments wholly below it. An offset below the current log start changes nothing; one past the
//   high watermark (or another negative one) is OFFSET_OUT_OF_RANGE. Errors answer low watermark -1.
// - The answer waits until the low watermark (the smallest log start offset over the leader and
//   its followers on live brokers, which follow the leader's log start through their fetches)
//   reaches the offset, and then carries it (Kafka's DelayedDeleteRecords): once acknowledged, a
//   failover cannot bring the deleted records back. After timeoutMs a partition still waiting is
//   REQUEST_TIMED_OUT with the low watermark of the moment of deletion; the deletion stands.
// - The leader answers: NOT_LEADER_OR_FOLLOWER elsewhere, UNKNOWN_TOPIC_OR_PARTITION when the
//   partition does not exist. Internal topics are refused (INVALID_TOPIC_EXCEPTION) and a
//   compact-only topic is POLICY_VIOLATION, as in Kafka.
// - Durable: the new log start offset goes to log-start-offset-checkpoint with the LogManager's
//   periodic and shutdown checkpoints, and the deleted segments are gone from disk at once.
// - v1: no change (throttling, KIP-219). v2: flexible.
import { isInternalTopic } from '../coordinator/metadata/topic-name.js';
import { KafkaError, errorCodeOf } from '../errors.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { DeleteRecords, type DeleteRecordsResponsePartitionResult } from '../protocol/generated/delete-records.js';
import type { Partition } from '../replication/partition.js';
import type { BrokerServices } from '../server/broker-services.js';
import { isDeleteEnabled } from '../storage/log-config.js';
import { defineHandler } from './handler.js';

const HIGH_WATERMARK = -1;

/** Deletes the records of one partition before `offset`; returns the partition and the offset deleted to. */
function deleteRecords(broker: BrokerServices, topic: string, partitionIndex: number, offset: number): { partition: Partition; requested: number } {
  if (!broker.metadata.partition(topic, partitionIndex)) {
    throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Partition ${topic}-${partitionIndex} does not exist.`);
  }
  if (isInternalTopic(topic)) throw new KafkaError('INVALID_TOPIC_EXCEPTION', `Cannot delete records of internal topic ${topic}.`);
  const partition = broker.replicaManager.leaderPartition(topic, partitionIndex);
  if (!isDeleteEnabled(partition.log.config)) {
    throw new KafkaError('POLICY_VIOLATION', `Records of partition ${topic}-${partitionIndex} can not be deleted: its cleanup.policy is compact.`);
  }
  const highWatermark = partition.highWatermark;
  const requested = offset === HIGH_WATERMARK ? highWatermark : offset;
  partition.log.deleteRecordsBefore(requested, highWatermark);
  return { partition, requested };
}

const OUTCOME_CODES = { replicated: ErrorCode.NONE, timeout: ErrorCode.REQUEST_TIMED_OUT, 'not-leader': ErrorCode.NOT_LEADER_OR_FOLLOWER } as const;

async function answer(broker: BrokerServices, topic: string, partitionIndex: number, offset: number, timeoutMs: number): Promise<DeleteRecordsResponsePartitionResult> {
  let deleted: { partition: Partition; requested: number };
  try {
    deleted = deleteRecords(broker, topic, partitionIndex, offset);
  } catch (err) {
    if (!(err instanceof KafkaError)) broker.log.error(`delete records of ${topic}-${partitionIndex} failed`, err);
    return { partitionIndex, lowWatermark: -1, errorCode: errorCodeOf(err) };
  }
  const { partition, requested } = deleted;
  const atDeletion = broker.replicaManager.lowWatermark(partition);
  const outcome = await partition.awaitLowWatermark(requested, atDeletion, timeoutMs);
  if (outcome === 'replicated') return { partitionIndex, lowWatermark: broker.replicaManager.lowWatermark(partition), errorCode: ErrorCode.NONE };
  return { partitionIndex, lowWatermark: outcome === 'timeout' ? atDeletion : -1, errorCode: OUTCOME_CODES[outcome] };
}

export const deleteRecordsHandler = defineHandler({
  messages: DeleteRecords,
  minVersion: 0,
  maxVersion: 2,
  async handle(request, { broker }) {
    // Every partition is deleted before any waits: the waits overlap.
    const topics = request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map(({ partitionIndex, offset }) => answer(broker, topic.name, partitionIndex, offset, request.timeoutMs)),
    }));
    return {
      throttleTimeMs: 0,
      topics: await Promise.all(topics.map(async ({ name, partitions }) => ({ name, partitions: await Promise.all(partitions) }))),
    };
  },
});
