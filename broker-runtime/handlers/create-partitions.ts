// CreatePartitions (key 37): versions 0-3.
// - Count is the new total: it must grow (INVALID_PARTITIONS otherwise); unknown topics are
//   UNKNOWN_TOPIC_OR_PARTITION; a topic named twice is INVALID_REQUEST and not changed.
// - Assignments, when given, list the replicas of each new partition: one list per new partition,
//   registered brokers, each once, as many as the topic's replication factor
//   (INVALID_REPLICA_ASSIGNMENT otherwise). Without them the controller places the replicas.
// - ValidateOnly checks everything and changes nothing. v1: no change. v2+: flexible.
// NB: TimeoutMs is not waited on: the answer comes once the partitions are in every broker's metadata.
import { ErrorCode } from '../protocol/error-codes.js';
import { CreatePartitions, type CreatePartitionsResponseTopicResult } from '../protocol/generated/create-partitions.js';
import { defineHandler } from './handler.js';

export const createPartitionsHandler = defineHandler({
  messages: CreatePartitions,
  minVersion: 0,
  maxVersion: 3,
  async handle(request, { broker }) {
    const occurrences = new Map<string, number>();
    for (const { name } of request.topics) occurrences.set(name, (occurrences.get(name) ?? 0) + 1);
    const results: CreatePartitionsResponseTopicResult[] = [];
    const answered = new Set<string>();
    for (const topic of request.topics) {
      if (answered.has(topic.name)) continue;
      answered.add(topic.name);
      if (occurrences.get(topic.name)! > 1) {
        results.push({ name: topic.name, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Duplicate topic name.' });
        continue;
      }
      const assignments = topic.assignments?.map((a) => a.brokerIds) ?? null;
      const { errorCode, errorMessage } = await broker.controller.createPartitions(topic.name, topic.count, assignments, request.validateOnly);
      results.push({ name: topic.name, errorCode, errorMessage });
    }
    return { throttleTimeMs: 0, results };
  },
});
