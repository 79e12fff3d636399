// OffsetFetch (key 9): versions 0-7.
// - A partition without a committed offset reads offset -1, metadata '' and no error.
// - v0-1: the listed partitions; a group-level error (NOT_COORDINATOR, ...) is repeated on each
//   partition, as the response has no top-level error yet. Kafka read v0 from ZooKeeper; Oxbow
//   serves every version from the group coordinator.
// - v2+: Topics null means every partition the group has committed (admins, the UI); a
//   group-level error is the top-level ErrorCode, with no topics. v3+ throttle time.
// - v5+ CommittedLeaderEpoch. v6+ flexible. v7+ RequireStable (KIP-447): Oxbow has no
//   transactional offset commits, so no offset is ever pending and every read is stable.
// NB: v8+ (several groups per request) is not advertised (CLIENTS.md profile B).
import type { OffsetFetchResult } from '../coordinator/group/index.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { OffsetFetch, type OffsetFetchResponseTopic } from '../protocol/generated/offset-fetch.js';
import { defineHandler } from './handler.js';
import { groupErrorCode } from './group-requests.js';

export const offsetFetchHandler = defineHandler({
  messages: OffsetFetch,
  minVersion: 0,
  maxVersion: 7,
  handle(request, { apiVersion, broker }) {
    const groupId = request.groupId ?? '';
    const wanted = request.topics === null || request.topics === undefined
      ? null
      : request.topics.map((t) => ({ name: t.name, partitionIndexes: t.partitionIndexes }));
    let result: OffsetFetchResult;
    try {
      // Before v2 Topics is not nullable: the codec never gives null there.
      result = broker.groupCoordinator.query(groupId, (c) => c.fetchOffsets(groupId, wanted));
    } catch (err) {
      result = { errorCode: groupErrorCode(err, broker.log, `OffsetFetch of ${groupId}`), topics: [] };
    }
    if (apiVersion >= 2) {
      const topics = result.errorCode === ErrorCode.NONE ? result.topics : [];
      return { throttleTimeMs: 0, errorCode: result.errorCode, topics: topics.map(toResponseTopic) };
    }
    if (result.errorCode === ErrorCode.NONE) return { topics: result.topics.map(toResponseTopic) };
    return {
      topics: (wanted ?? []).map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((partitionIndex) => ({
          partitionIndex, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: result.errorCode,
        })),
      })),
    };
  },
});

function toResponseTopic(topic: OffsetFetchResult['topics'][number]): OffsetFetchResponseTopic {
  return {
    name: topic.name,
    partitions: topic.partitions.map((p) => ({
      partitionIndex: p.partitionIndex, committedOffset: p.committedOffset, committedLeaderEpoch: p.committedLeaderEpoch,
      metadata: p.metadata, errorCode: p.errorCode,
    })),
  };
}
