// The records that create a topic or add partitions to one, after Kafka's checks of the request
// (ReplicationControlManager.createTopic and createPartitions): a legal name that collides with
// no other, valid configs, and replicas placed by replica-assignment.ts or checked there.
import { KafkaError } from '../../errors.js';
import type { MetadataImage } from './metadata-image.js';
import type { ConfigRecord, MetadataRecord, PartitionRecord } from './metadata-records.js';
import { liveBrokerIds } from './partition-change.js';
import { type AssignmentRandom, assignReplicas, checkManualAssignment } from './replica-assignment.js';
import { isInternalTopic, topicNameProblem, unifyCollisionChars } from './topic-name.js';

export interface CreateTopicRequest {
  name: string;
  /** -1 for the broker default. */
  numPartitions: number;
  replicationFactor: number;
  /** Explicit replica assignment per partition, overriding numPartitions/replicationFactor. */
  assignments?: number[][];
  configs: Record<string, string>;
}

export interface TopicCreationContext {
  defaults: { numPartitions: number; defaultReplicationFactor: number };
  random: AssignmentRandom & { uuid(): string };
  /** Throws KafkaError(INVALID_CONFIG) for an unknown topic config name or a bad value. */
  validateTopicConfig(name: string, value: string): void;
}

/** Topic, Partition and Config records of a new topic; throws the KafkaError the client must see. */
export function topicCreationRecords(image: MetadataImage, request: CreateTopicRequest, context: TopicCreationContext): MetadataRecord[] {
  const problem = topicNameProblem(request.name);
  if (problem) throw new KafkaError('INVALID_TOPIC_EXCEPTION', problem);
  if (image.topicsByName.has(request.name)) {
    throw new KafkaError('TOPIC_ALREADY_EXISTS', `Topic '${request.name}' already exists.`);
  }
  const unified = unifyCollisionChars(request.name);
  for (const existing of image.topicsByName.keys()) {
    if (unifyCollisionChars(existing) === unified) {
      throw new KafkaError('INVALID_TOPIC_EXCEPTION', `Topic '${request.name}' collides with existing topic '${existing}': '.' and '_' are treated alike.`);
    }
  }
  for (const [name, value] of Object.entries(request.configs)) context.validateTopicConfig(name, value);
  const manualReplicationFactor = request.assignments?.[0]?.length ?? 0;
  request.assignments?.forEach((replicas, p) => checkManualAssignment(image, p, replicas, manualReplicationFactor));
  const assignments = request.assignments ?? defaultAssignments(image, request, context);
  const topicId = context.random.uuid();
  return [
    { type: 'Topic', name: request.name, topicId },
    ...assignments.map((replicas, partition) => newPartitionRecord(image, topicId, partition, replicas)),
    ...Object.entries(request.configs).map(([name, value]): ConfigRecord => ({
      type: 'Config', resourceType: 'topic', resourceName: request.name, name, value,
    })),
  ];
}

/** Partition records of the partitions CreatePartitions adds, up to `totalCount`. */
export function partitionCreationRecords(
  image: MetadataImage,
  name: string,
  totalCount: number,
  assignments: number[][] | null,
  random: AssignmentRandom,
): PartitionRecord[] {
  const topic = image.topicsByName.get(name);
  if (!topic) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Topic ${name} does not exist.`);
  const current = topic.partitions.length;
  if (totalCount <= current) {
    throw new KafkaError('INVALID_PARTITIONS', `Topic ${name} has ${current} partitions; the new count must be larger, not ${totalCount}.`);
  }
  const rf = topic.partitions[0]?.replicas.length ?? 1;
  const added = assignments ?? assignReplicas(image, random, totalCount - current, rf);
  if (added.length !== totalCount - current) {
    throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `Expected ${totalCount - current} new partition assignments, got ${added.length}.`);
  }
  if (assignments) assignments.forEach((replicas, i) => checkManualAssignment(image, current + i, replicas, rf));
  return added.map((replicas, i) => newPartitionRecord(image, topic.topicId, current + i, replicas));
}

function defaultAssignments(image: MetadataImage, request: CreateTopicRequest, context: TopicCreationContext): number[][] {
  const numPartitions = request.numPartitions === -1 ? context.defaults.numPartitions : request.numPartitions;
  const rf = request.replicationFactor === -1 ? context.defaults.defaultReplicationFactor : request.replicationFactor;
  if (numPartitions < 1) throw new KafkaError('INVALID_PARTITIONS', `Number of partitions must be at least 1, not ${numPartitions}.`);
  if (rf < 1) throw new KafkaError('INVALID_REPLICATION_FACTOR', `Replication factor must be at least 1, not ${rf}.`);
  // Kafka caps the internal topics' replication factor by the brokers there are.
  if (isInternalTopic(request.name) && request.assignments === undefined && rf > image.liveBrokers().length) {
    return assignReplicas(image, context.random, numPartitions, image.liveBrokers().length);
  }
  return assignReplicas(image, context.random, numPartitions, rf);
}

/** A new partition: its live replicas are the ISR, the first of them leads. */
function newPartitionRecord(image: MetadataImage, topicId: string, partition: number, replicas: number[]): PartitionRecord {
  const live = liveBrokerIds(image);
  const isr = replicas.filter((r) => live.has(r));
  return { type: 'Partition', topicId, partition, replicas, isr, leader: isr[0] ?? -1, leaderEpoch: 0, partitionEpoch: 0 };
}
