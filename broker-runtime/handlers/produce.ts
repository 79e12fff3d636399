// Produce (key 0): versions 0-9.
// - Batches go to the log as they arrived (only baseOffset and partitionLeaderEpoch are patched),
//   unless the topic's compression.type names a codec other than the batch's: then the leader
//   re-compresses it, as Kafka does (the slow path, for such topics only).
// - acks=0 gets no response at all (a stray one would corrupt the client's correlation queue);
//   when such a request fails, the connection is closed instead, as Kafka does.
// - v0-2 are advertised only because librdkafka 2.0.2 enables compression when it sees Produce v0
//   (CLIENTS.md 2.3); they carry magic 0/1 message sets, which Oxbow rejects as CORRUPT_MESSAGE.
// - v8+ error messages per partition; v9+ flexible.
// - acks=-1 (Kafka's DelayedProduce): refused with NOT_ENOUGH_REPLICAS before the append when the
//   ISR is smaller than min.insync.replicas; after the append the answer waits until the high
//   watermark passes the batch (REQUEST_TIMED_OUT after timeoutMs), and is
//   NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR shrank below min.insync.replicas meanwhile.
// NB: transactional produce is not implemented; AddPartitionsToTxn is not advertised.
import { KafkaError, errorCodeOf } from '../errors.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  Produce,
  type ProduceResponsePartitionProduceResponse,
  type ProduceResponseTopicProduceResponse,
} from '../protocol/generated/produce.js';
import { recordSetToBuffer } from '../protocol/primitives/writer.js';
import type { DelayedOutcome } from '../replication/offset-purgatory.js';
import { defineHandler } from './handler.js';

export const produceHandler = defineHandler({
  messages: Produce,
  minVersion: 0,
  maxVersion: 9,
  async handle(request, { broker }) {
    const responses: ProduceResponseTopicProduceResponse[] = [];
    const delayed: Promise<void>[] = [];
    let failed = false;
    for (const topic of request.topicData) {
      const partitionResponses: ProduceResponsePartitionProduceResponse[] = [];
      for (const data of topic.partitionData) {
        try {
          if (request.acks !== 0 && request.acks !== 1 && request.acks !== -1) {
            throw new KafkaError('INVALID_REQUIRED_ACKS', `acks must be -1, 0 or 1, not ${request.acks}.`);
          }
          const partition = broker.replicaManager.leaderPartition(topic.name, data.index);
          const minIsr = broker.replicaManager.logConfigOf(topic.name).minInsyncReplicas;
          if (request.acks === -1 && partition.isr.length < minIsr) {
            throw new KafkaError('NOT_ENOUGH_REPLICAS', `The ISR of ${topic.name}-${data.index} has ${partition.isr.length} replicas, fewer than min.insync.replicas=${minIsr}.`);
          }
          const records = data.records === null ? Buffer.alloc(0) : recordSetToBuffer(data.records);
          const info = partition.appendRecordsToLeader(records);
          broker.metrics.produced(records.length, info.recordCount);
          const response: ProduceResponsePartitionProduceResponse = {
            index: data.index, errorCode: ErrorCode.NONE, baseOffset: info.firstOffset,
            logAppendTimeMs: info.logAppendTime, logStartOffset: info.logStartOffset, recordErrors: [], errorMessage: null,
          };
          partitionResponses.push(response);
          if (request.acks === -1 && info.lastOffset >= 0) {
            delayed.push(partition.awaitReplication(info.lastOffset, request.timeoutMs).then((outcome) => {
              const error = delayedProduceError(outcome, partition.isr.length, minIsr);
              if (error) Object.assign(response, { errorCode: ErrorCode[error], baseOffset: -1, errorMessage: `${error} for ${topic.name}-${data.index}` });
            }));
          }
        } catch (err) {
          failed = true;
          if (!(err instanceof KafkaError)) broker.log.error(`produce to ${topic.name}-${data.index} failed`, err);
          partitionResponses.push({
            index: data.index, errorCode: errorCodeOf(err), baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1,
            recordErrors: [], errorMessage: (err as Error).message,
          });
        }
      }
      responses.push({ name: topic.name, partitionResponses });
    }
    await Promise.all(delayed);
    if (request.acks === 0) {
      if (failed) throw new Error('a produce request with acks=0 failed; closing the connection as Kafka does');
      return null;
    }
    return { responses, throttleTimeMs: 0 };
  },
});

function delayedProduceError(outcome: DelayedOutcome, isrSize: number, minIsr: number): keyof typeof ErrorCode | null {
  if (outcome === 'timeout') return 'REQUEST_TIMED_OUT';
  if (outcome === 'not-leader') return 'NOT_LEADER_OR_FOLLOWER';
  return isrSize < minIsr ? 'NOT_ENOUGH_REPLICAS_AFTER_APPEND' : null;
}
