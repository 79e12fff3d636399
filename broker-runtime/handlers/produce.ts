// Produce (key 0): versions 0-9.
// - Batches go to the log as they arrived (only baseOffset and partitionLeaderEpoch are patched),
//   unless the topic's compression.type names a codec other than the batch's: then the leader
//   re-compresses it, as Kafka does (the slow path, for such topics only).
// - acks=0 gets no response at all (a stray one would corrupt the client's correlation queue);
//   when such a request fails, the connection is closed instead, as Kafka does.
// - v0-2 are advertised only because librdkafka 2.0.2 enables compression when it sees Produce v0
//   (CLIENTS.md 2.3); they carry magic 0/1 message sets, which Oxbow rejects as CORRUPT_MESSAGE.
// - v8+ error messages per partition; v9+ flexible.
// NB: acks=-1 waits for nothing more than acks=1 until replication exists (one replica per partition).
// NB: transactional produce is not implemented; AddPartitionsToTxn is not advertised.
import { KafkaError, errorCodeOf } from '../errors.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  Produce,
  type ProduceResponsePartitionProduceResponse,
  type ProduceResponseTopicProduceResponse,
} from '../protocol/generated/produce.js';
import { recordSetToBuffer } from '../protocol/primitives/writer.js';
import { defineHandler } from './handler.js';

export const produceHandler = defineHandler({
  messages: Produce,
  minVersion: 0,
  maxVersion: 9,
  handle(request, { broker }) {
    const responses: ProduceResponseTopicProduceResponse[] = [];
    let failed = false;
    for (const topic of request.topicData) {
      const partitionResponses: ProduceResponsePartitionProduceResponse[] = [];
      for (const data of topic.partitionData) {
        try {
          if (request.acks !== 0 && request.acks !== 1 && request.acks !== -1) {
            throw new KafkaError('INVALID_REQUIRED_ACKS', `acks must be -1, 0 or 1, not ${request.acks}.`);
          }
          const partition = broker.replicaManager.leaderPartition(topic.name, data.index);
          const records = data.records === null ? Buffer.alloc(0) : recordSetToBuffer(data.records);
          const info = partition.appendRecordsToLeader(records);
          partitionResponses.push({
            index: data.index, errorCode: ErrorCode.NONE, baseOffset: info.firstOffset,
            logAppendTimeMs: info.logAppendTime, logStartOffset: info.logStartOffset, recordErrors: [], errorMessage: null,
          });
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
    if (request.acks === 0) {
      if (failed) throw new Error('a produce request with acks=0 failed; closing the connection as Kafka does');
      return null;
    }
    return { responses, throttleTimeMs: 0 };
  },
});
