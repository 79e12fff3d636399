// OffsetDelete (key 47): version 0 (KIP-496).
// - Deletes a group's committed offsets for some partitions: any partition of an Empty group; in a
//   group with members, only topics no member subscribes to (GROUP_SUBSCRIBED_TO_TOPIC
//   otherwise; NON_EMPTY_GROUP when the group's protocol is not "consumer", whose subscriptions
//   the broker cannot read).
// - A topic that does not exist is answered UNKNOWN_TOPIC_OR_PARTITION for each of its partitions.
// - A group-level error (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP, INVALID_GROUP_ID, NOT_COORDINATOR)
//   is the top-level ErrorCode, with no topics, as Kafka answers it.
import type { OffsetDeleteResult } from '../coordinator/group/index.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { OffsetDelete, type OffsetDeleteResponseTopic } from '../protocol/generated/offset-delete.js';
import { defineHandler } from './handler.js';
import { groupErrorCode } from './group-requests.js';

export const offsetDeleteHandler = defineHandler({
  messages: OffsetDelete,
  minVersion: 0,
  maxVersion: 0,
  async handle(request, { broker }) {
    const isKnown = request.topics.map((t) => broker.metadata.topicsByName.has(t.name));
    const targets = request.topics.filter((_t, i) => isKnown[i]).map((t) => ({ name: t.name, partitionIndexes: t.partitions.map((p) => p.partitionIndex) }));
    let result: OffsetDeleteResult;
    try {
      result = await broker.groupCoordinator.execute(request.groupId, (c, _requestId, now) => c.deleteOffsets({ groupId: request.groupId, topics: targets }, now));
    } catch (err) {
      result = { errorCode: groupErrorCode(err, broker.log, `OffsetDelete of ${request.groupId}`), topics: [] };
    }
    if (result.errorCode !== ErrorCode.NONE) return { errorCode: result.errorCode, throttleTimeMs: 0, topics: [] };
    // Invariant: the coordinator answers the known topics in the order given.
    const answered = result.topics.values();
    const topics = request.topics.map((t, i): OffsetDeleteResponseTopic => {
      if (isKnown[i]) return answered.next().value as OffsetDeleteResponseTopic;
      return { name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION })) };
    });
    return { errorCode: ErrorCode.NONE, throttleTimeMs: 0, topics };
  },
});
