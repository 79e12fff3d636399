// OffsetFetch (key 9): versions 0-9.
// - A partition without a committed offset reads offset -1, metadata '' and no error.
// - v0-1: the listed partitions; a group-level error (NOT_COORDINATOR, ...) is repeated on each
//   partition, as the response has no top-level error yet. Kafka read v0 from ZooKeeper; Oxbow
//   serves every version from the group coordinator.
// - v2+: Topics null means every partition the group has committed (admins, the UI); a
//   group-level error is the top-level ErrorCode, with no topics. v3+ throttle time.
// - v5+ CommittedLeaderEpoch. v6+ flexible. v7+ RequireStable (KIP-447): Oxbow has no
//   transactional offset commits, so no offset is ever pending and every read is stable.
// - v8+ (KIP-709): a batch of groups, each answered on its own with its own ErrorCode (a group
//   another broker coordinates gets NOT_COORDINATOR, with no topics), in request order.
// - v9 (KIP-848) adds MemberId and MemberEpoch, checked only for members of the new consumer
//   protocol. Every Oxbow group is classic, and Kafka's ClassicGroup.validateOffsetFetch ignores
//   both, so they are accepted and ignored.
import type { OffsetFetchResult } from '../coordinator/group/index.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  OffsetFetch,
  type OffsetFetchResponseGroup,
  type OffsetFetchResponseTopic,
} from '../protocol/generated/offset-fetch.js';
import type { BrokerServices } from '../server/broker-services.js';
import { defineHandler } from './handler.js';
import { groupErrorCode } from './group-requests.js';

type WantedTopics = Array<{ name: string; partitionIndexes: number[] }> | null;

function fetchGroup(groupId: string, wanted: WantedTopics, broker: BrokerServices): OffsetFetchResult {
  try {
    return broker.groupCoordinator.query(groupId, (c) => c.fetchOffsets(groupId, wanted));
  } catch (err) {
    return { errorCode: groupErrorCode(err, broker.log, `OffsetFetch of ${groupId}`), topics: [] };
  }
}

export const offsetFetchHandler = defineHandler({
  messages: OffsetFetch,
  minVersion: 0,
  maxVersion: 9,
  handle(request, { apiVersion, broker }) {
    if (apiVersion >= 8) {
      const groups = (request.groups ?? []).map((group): OffsetFetchResponseGroup => {
        const result = fetchGroup(group.groupId, group.topics, broker);
        const topics = result.errorCode === ErrorCode.NONE ? result.topics : [];
        return { groupId: group.groupId, topics: topics.map(toResponseTopic), errorCode: result.errorCode };
      });
      return { throttleTimeMs: 0, groups };
    }
    const groupId = request.groupId ?? '';
    // Before v2 Topics is not nullable: the codec never gives null there.
    const wanted = request.topics ?? null;
    const result = fetchGroup(groupId, wanted, broker);
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

/** One topic of the answer; v8+ has the same fields under another name (and always the epoch). */
function toResponseTopic(topic: OffsetFetchResult['topics'][number]): OffsetFetchResponseTopic & OffsetFetchResponseGroup['topics'][number] {
  return {
    name: topic.name,
    partitions: topic.partitions.map((p) => ({
      partitionIndex: p.partitionIndex, committedOffset: p.committedOffset, committedLeaderEpoch: p.committedLeaderEpoch,
      metadata: p.metadata, errorCode: p.errorCode,
    })),
  };
}
