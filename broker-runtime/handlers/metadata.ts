// Metadata (key 3): versions 0-12.
// - v0: an empty topic list means every topic; v1+: null means every topic and [] none.
// - v4+: AllowAutoTopicCreation; before v4 only the broker's auto.create.topics.enable decides.
// - v7+ leader epochs, v10+ topic ids, v5+ offline replicas. v8-10 authorized operations are
//   answered with Kafka's "not requested" value; v11 drops IncludeClusterAuthorizedOperations.
// - v10+: a topic with a null name is looked up by its TopicId; an unknown id is answered
//   UNKNOWN_TOPIC_ID (v12+ with a null name, before that with ''). Ids are never auto-created.
// - Unknown topics are created here, synchronously, when auto-creation applies, so the client
//   gets complete metadata at once instead of LEADER_NOT_AVAILABLE and a retry.
// NB: Kafka 3.9 serves ids only from v12 (v10-11 with a null name or an id are INVALID_REQUEST
// for every topic), and in v12 looks a topic up by its id even when a name comes with it, answering
// a request that mixes ids and names by its ids alone. Oxbow looks up by name whenever one is
// given, and serves ids from v10: no client sends either case, and the robustness oracle
// (test/broker-runtime/network/request-oracle.ts) expects these answers.
import type { MetadataImage, TopicImage } from '../coordinator/metadata/metadata-image.js';
import { isInternalTopic, topicNameProblem } from '../coordinator/metadata/topic-name.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  Metadata,
  type MetadataResponsePartition,
  type MetadataResponseTopic,
} from '../protocol/generated/metadata.js';
import { ZERO_UUID } from '../protocol/primitives/uuid.js';
import { defineHandler } from './handler.js';

function describeTopic(topic: TopicImage, metadata: MetadataImage): MetadataResponseTopic {
  const live = new Set(metadata.liveBrokers().map((b) => b.brokerId));
  const partitions = topic.partitions.map((p): MetadataResponsePartition => ({
    errorCode: p.leader < 0 ? ErrorCode.LEADER_NOT_AVAILABLE : ErrorCode.NONE,
    partitionIndex: p.partition,
    leaderId: p.leader,
    leaderEpoch: p.leaderEpoch,
    replicaNodes: p.replicas,
    isrNodes: p.isr,
    offlineReplicas: p.replicas.filter((r) => !live.has(r)),
  }));
  return { errorCode: ErrorCode.NONE, name: topic.name, topicId: topic.topicId, isInternal: isInternalTopic(topic.name), partitions };
}

function missingTopic(name: string | null, topicId: string, errorCode: number): MetadataResponseTopic {
  return { errorCode, name, topicId, isInternal: false, partitions: [] };
}

export const metadataHandler = defineHandler({
  messages: Metadata,
  minVersion: 0,
  maxVersion: 12,
  async handle(request, { apiVersion, broker }) {
    const { metadata } = broker;
    const allTopics = request.topics === null || (apiVersion === 0 && request.topics.length === 0);
    const topics: MetadataResponseTopic[] = [];
    if (allTopics) {
      for (const topic of metadata.topicsByName.values()) topics.push(describeTopic(topic, metadata));
    } else {
      const autoCreate = broker.brokerConfig('auto.create.topics.enable') === 'true' && (apiVersion < 4 || request.allowAutoTopicCreation !== false);
      const toCreate: string[] = [];
      for (const wanted of request.topics ?? []) {
        if (wanted.name === null) {
          const byId = metadata.topicsById.get(wanted.topicId ?? ZERO_UUID);
          // The response name is nullable only from v12: before, an unknown id is answered with ''.
          const name = apiVersion >= 12 ? null : '';
          topics.push(byId ? describeTopic(byId, metadata) : missingTopic(name, wanted.topicId ?? ZERO_UUID, ErrorCode.UNKNOWN_TOPIC_ID));
        } else if (!metadata.topicsByName.has(wanted.name) && autoCreate && !topicNameProblem(wanted.name)) {
          toCreate.push(wanted.name);
        }
      }
      const creationErrors = new Map<string, number>();
      if (toCreate.length > 0) {
        const results = await broker.controller.createTopics(
          toCreate.map((name) => ({ name, numPartitions: -1, replicationFactor: -1, configs: {} })),
          false,
        );
        for (const r of results) if (r.errorCode !== ErrorCode.NONE && r.errorCode !== ErrorCode.TOPIC_ALREADY_EXISTS) creationErrors.set(r.name, r.errorCode);
      }
      for (const wanted of request.topics ?? []) {
        if (wanted.name === null) continue;
        const topic = metadata.topicsByName.get(wanted.name);
        if (topic) topics.push(describeTopic(topic, metadata));
        else if (topicNameProblem(wanted.name)) topics.push(missingTopic(wanted.name, ZERO_UUID, ErrorCode.INVALID_TOPIC_EXCEPTION));
        else topics.push(missingTopic(wanted.name, ZERO_UUID, creationErrors.get(wanted.name) ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
      }
    }
    const brokers = metadata.liveBrokers();
    return {
      throttleTimeMs: 0,
      brokers: brokers.map((b) => ({ nodeId: b.brokerId, host: b.host, port: b.port, rack: b.rack })),
      clusterId: broker.clusterId,
      // KRaft brokers report a live broker as the "controller": clients send admin requests there,
      // and every Oxbow broker forwards them to the coordinator.
      controllerId: brokers[0]?.brokerId ?? -1,
      topics,
    };
  },
});
