// CreateTopics (key 19): versions 0-7.
// - Names follow Kafka's rules (INVALID_TOPIC_EXCEPTION, with the reason), TOPIC_ALREADY_EXISTS,
//   and a name that appears twice in one request is answered once, INVALID_REQUEST, not created.
// - NumPartitions / ReplicationFactor -1 take the broker defaults (num.partitions,
//   default.replication.factor). Kafka's clients send -1 only from v4; like Kafka's broker, Oxbow
//   accepts it in any version.
// - Explicit assignments require both counts to be -1 (INVALID_REQUEST) and partition indexes
//   0..n-1, each once (INVALID_REPLICA_ASSIGNMENT); the controller checks the brokers.
// - Configs are checked as LogConfig parses them (INVALID_CONFIG; a null value too).
// - v1+: ValidateOnly and error messages. v2+: throttle time. v4+: -1 defaults (above).
//   v5+ (flexible): the topic's partitions, replication factor and configs with their sources,
//   as DescribeConfigs lists them. v6: quota errors (never sent). v7: the topic id.
// NB: TimeoutMs is not waited on: the controller answers once the topic is in every broker's
//   metadata, which is what Kafka waits for.
import type { CreateTopicRequest, CreateTopicResult } from '../coordinator/metadata/controller.js';
import { KafkaError, errorCodeOf } from '../errors.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  CreateTopics,
  type CreateTopicsRequestCreatableTopic,
  type CreateTopicsResponseCreatableTopicResult,
} from '../protocol/generated/create-topics.js';
import { ZERO_UUID } from '../protocol/primitives/uuid.js';
import type { BrokerServices } from '../server/broker-services.js';
import { describeTopicConfigs } from './config-entries.js';
import { defineHandler } from './handler.js';

/** The controller's form of one requested topic, or a KafkaError for a malformed one. */
function toCreateRequest(topic: CreateTopicsRequestCreatableTopic): CreateTopicRequest {
  const configs: Record<string, string> = {};
  for (const { name, value } of topic.configs) {
    if (value === null) throw new KafkaError('INVALID_CONFIG', `Null value not supported for topic configs: ${name}`);
    configs[name] = value;
  }
  const { name, numPartitions, replicationFactor } = topic;
  if (topic.assignments.length === 0) return { name, numPartitions, replicationFactor, configs };
  if (numPartitions !== -1) {
    throw new KafkaError('INVALID_REQUEST', 'A manual partition assignment was specified, but numPartitions was not set to -1.');
  }
  if (replicationFactor !== -1) {
    throw new KafkaError('INVALID_REQUEST', 'A manual partition assignment was specified, but replication factor was not set to -1.');
  }
  const byPartition = new Map<number, number[]>();
  for (const { partitionIndex, brokerIds } of topic.assignments) {
    if (byPartition.has(partitionIndex)) {
      throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `Found multiple manual partition assignments for partition ${partitionIndex}.`);
    }
    byPartition.set(partitionIndex, brokerIds);
  }
  const assignments: number[][] = [];
  for (let p = 0; p < byPartition.size; p++) {
    const replicas = byPartition.get(p);
    if (!replicas) throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', 'Partitions should be a consecutive 0-based integer sequence.');
    assignments.push(replicas);
  }
  return { name, numPartitions, replicationFactor, configs, assignments };
}

function failure(name: string, errorCode: number, errorMessage: string | null): CreateTopicsResponseCreatableTopicResult {
  return { name, topicId: ZERO_UUID, errorCode, errorMessage, numPartitions: -1, replicationFactor: -1, configs: [] };
}

function success(
  created: CreateTopicResult,
  request: CreateTopicRequest,
  broker: BrokerServices,
  apiVersion: number,
): CreateTopicsResponseCreatableTopicResult {
  const configs = apiVersion < 5 ? [] : describeTopicConfigs(new Map(Object.entries(request.configs)), broker, { includeSynonyms: false, includeDocumentation: false })
    .map(({ name, value, readOnly, configSource, isSensitive }) => ({ name, value, readOnly, configSource: configSource ?? -1, isSensitive }));
  return {
    name: created.name,
    topicId: created.topicId ?? ZERO_UUID,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    topicConfigErrorCode: ErrorCode.NONE,
    numPartitions: created.numPartitions,
    replicationFactor: created.replicationFactor,
    configs,
  };
}

export const createTopicsHandler = defineHandler({
  messages: CreateTopics,
  minVersion: 0,
  maxVersion: 7,
  async handle(request, { apiVersion, broker }) {
    const occurrences = new Map<string, number>();
    for (const { name } of request.topics) occurrences.set(name, (occurrences.get(name) ?? 0) + 1);
    const results = new Map<string, CreateTopicsResponseCreatableTopicResult>();
    const toCreate = new Map<string, CreateTopicRequest>();
    for (const topic of request.topics) {
      if (occurrences.get(topic.name)! > 1) {
        results.set(topic.name, failure(topic.name, ErrorCode.INVALID_REQUEST, 'Duplicate topic name.'));
        continue;
      }
      try {
        toCreate.set(topic.name, toCreateRequest(topic));
      } catch (err) {
        results.set(topic.name, failure(topic.name, errorCodeOf(err), (err as Error).message));
      }
    }
    if (toCreate.size > 0) {
      const created = await broker.controller.createTopics([...toCreate.values()], request.validateOnly ?? false);
      for (const result of created) {
        results.set(result.name, result.errorCode === ErrorCode.NONE
          ? success(result, toCreate.get(result.name)!, broker, apiVersion)
          : failure(result.name, result.errorCode, result.errorMessage));
      }
    }
    // One result per distinct name, in the order the names were asked for.
    return { throttleTimeMs: 0, topics: [...occurrences.keys()].map((name) => results.get(name)!) };
  },
});
