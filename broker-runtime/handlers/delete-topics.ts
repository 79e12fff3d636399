// DeleteTopics (key 20): versions 0-6.
// - v0-5 name topics; v6 names each topic by name or by id (KIP-516), never both
//   (INVALID_REQUEST), and answers with both. Unknown names are UNKNOWN_TOPIC_OR_PARTITION,
//   unknown ids UNKNOWN_TOPIC_ID; a name or id given twice is INVALID_REQUEST and not deleted.
// - With delete.topic.enable=false every topic is refused: INVALID_REQUEST before v3,
//   TOPIC_DELETION_DISABLED from v3, as Kafka does.
// - Internal topics (__consumer_offsets) can be deleted, as in Kafka: its controller has no such
//   check, and the topic is created again when a group coordinator is next looked up.
// - v1+: throttle time. v4+: flexible. v5+: error messages.
// NB: TimeoutMs is not waited on: the answer comes once every broker's metadata lost the topic.
import { KafkaError, errorCodeOf } from '../errors.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { DeleteTopics, type DeleteTopicsResponseDeletableTopicResult } from '../protocol/generated/delete-topics.js';
import { ZERO_UUID } from '../protocol/primitives/uuid.js';
import { defineHandler } from './handler.js';

interface Target {
  name: string | null;
  topicId: string;
}

const result = (name: string | null, topicId: string, errorCode: number, errorMessage: string | null): DeleteTopicsResponseDeletableTopicResult => (
  { name, topicId, errorCode, errorMessage }
);

/** Counts of each name and each id in the request, to refuse those given twice. */
function countTargets(targets: readonly Target[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of targets) {
    const key = t.name ?? `id:${t.topicId}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export const deleteTopicsHandler = defineHandler({
  messages: DeleteTopics,
  minVersion: 0,
  maxVersion: 6,
  async handle(request, { apiVersion, broker }) {
    const targets: Target[] = apiVersion >= 6
      ? (request.topics ?? []).map(({ name, topicId }) => ({ name, topicId }))
      : (request.topicNames ?? []).map((name) => ({ name, topicId: ZERO_UUID }));
    if (broker.brokerConfig('delete.topic.enable') !== 'true') {
      const errorCode = apiVersion < 3 ? ErrorCode.INVALID_REQUEST : ErrorCode.TOPIC_DELETION_DISABLED;
      return { throttleTimeMs: 0, responses: targets.map((t) => result(t.name, t.topicId, errorCode, 'Topic deletion is disabled.')) };
    }
    const counts = countTargets(targets);
    const answered = new Set<string>();
    const deleting = new Map<string, string>(); // topic id -> name, of topics resolved for deletion
    const responses: DeleteTopicsResponseDeletableTopicResult[] = [];
    for (const target of targets) {
      const key = target.name ?? `id:${target.topicId}`;
      if (answered.has(key)) continue;
      answered.add(key);
      try {
        if (target.name !== null && target.topicId !== ZERO_UUID) {
          throw new KafkaError('INVALID_REQUEST', 'You may not specify both topic name and topic id.');
        }
        if (target.name === null && target.topicId === ZERO_UUID) throw new KafkaError('INVALID_REQUEST', 'Neither topic name nor id were specified.');
        if (counts.get(key)! > 1) throw new KafkaError('INVALID_REQUEST', target.name !== null ? 'Duplicate topic name.' : 'Duplicate topic id.');
        const topic = target.name !== null ? broker.metadata.topicsByName.get(target.name) : broker.metadata.topicsById.get(target.topicId);
        if (!topic) {
          if (target.name !== null) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Topic ${target.name} does not exist.`);
          throw new KafkaError('UNKNOWN_TOPIC_ID', `No topic has id ${target.topicId}.`);
        }
        if (deleting.has(topic.topicId)) {
          throw new KafkaError('INVALID_REQUEST', `Topic ${topic.name} is named both by name and by id (${topic.topicId}).`);
        }
        deleting.set(topic.topicId, topic.name);
      } catch (err) {
        responses.push(result(target.name, target.topicId, errorCodeOf(err), (err as Error).message));
      }
    }
    for (const [topicId, name] of deleting) {
      const { errorCode, errorMessage } = await broker.controller.deleteTopic(name);
      responses.push(result(name, topicId, errorCode, errorMessage));
    }
    return { throttleTimeMs: 0, responses };
  },
});
