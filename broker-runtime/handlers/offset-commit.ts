// OffsetCommit (key 8): versions 0-8.
// - v0: group and offsets only, taken as a "simple consumer" commit (generation -1, no member):
//   accepted while the group is Empty. Kafka kept v0 offsets in ZooKeeper; Oxbow serves every
//   version from the group coordinator, so OffsetFetch of any version reads them.
// - v1+: generation and member id, checked against the group (ILLEGAL_GENERATION,
//   UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS). v1's per-partition commit timestamp and v2-4's
//   RetentionTimeMs are accepted and ignored: offsets are stamped with the broker's clock.
// - v3+ throttle time. v6+ CommittedLeaderEpoch, kept and returned by OffsetFetch v5+.
//   v7+ GroupInstanceId (KIP-345). v8+ flexible.
// - A partition that does not exist is answered UNKNOWN_TOPIC_OR_PARTITION and not committed.
//   Metadata longer than offset.metadata.max.bytes is OFFSET_METADATA_TOO_LARGE.
// - NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE, per partition, when the group is not served here.
// - v9 (KIP-848): GenerationIdOrMemberEpoch is a member epoch for members of the new consumer
//   protocol; every Oxbow group is classic, where it stays the generation. As Kafka's
//   OffsetMetadataManager, v9 answers a commit with a generation (>= 0) to a group that does not
//   exist GROUP_ID_NOT_FOUND; older versions keep ILLEGAL_GENERATION.
// NB: committed offsets never expire (offsets.retention.minutes is not implemented).
import type { OffsetCommitInput, PartitionErrors } from '../coordinator/group/index.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { OffsetCommit, type OffsetCommitResponsePartition, type OffsetCommitResponseTopic } from '../protocol/generated/offset-commit.js';
import { defineHandler } from './handler.js';
import { groupErrorCode } from './group-requests.js';

/** v9's answer for a group that does not exist, where older versions get ILLEGAL_GENERATION. */
function groupNotFound(result: PartitionErrors): PartitionErrors {
  const errorCode = (code: number) => (code === ErrorCode.ILLEGAL_GENERATION ? ErrorCode.GROUP_ID_NOT_FOUND : code);
  return { topics: result.topics.map((t) => ({ ...t, partitions: t.partitions.map((p) => ({ ...p, errorCode: errorCode(p.errorCode) })) })) };
}

export const offsetCommitHandler = defineHandler({
  messages: OffsetCommit,
  minVersion: 0,
  maxVersion: 9,
  async handle(request, { apiVersion, broker }) {
    const topics: OffsetCommitResponseTopic[] = [];
    // The response slots of the partitions sent to the coordinator, in the order it answers them.
    const slots: OffsetCommitResponsePartition[] = [];
    const input: OffsetCommitInput = {
      groupId: request.groupId,
      generationId: apiVersion >= 1 ? request.generationIdOrMemberEpoch ?? -1 : -1,
      memberId: apiVersion >= 1 ? request.memberId ?? '' : '',
      groupInstanceId: request.groupInstanceId ?? null,
      topics: [],
    };
    for (const topic of request.topics) {
      const partitions: OffsetCommitResponsePartition[] = [];
      const committed: OffsetCommitInput['topics'][number]['partitions'] = [];
      for (const p of topic.partitions) {
        const slot: OffsetCommitResponsePartition = { partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE };
        partitions.push(slot);
        if (!broker.metadata.partition(topic.name, p.partitionIndex)) {
          slot.errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
          continue;
        }
        slots.push(slot);
        committed.push({
          partitionIndex: p.partitionIndex,
          committedOffset: p.committedOffset,
          committedLeaderEpoch: p.committedLeaderEpoch ?? -1,
          committedMetadata: p.committedMetadata,
        });
      }
      topics.push({ name: topic.name, partitions });
      if (committed.length > 0) input.topics.push({ name: topic.name, partitions: committed });
    }
    if (slots.length === 0) return { throttleTimeMs: 0, topics };
    let result: PartitionErrors | null = null;
    try {
      result = await broker.groupCoordinator.execute(request.groupId, (c, _requestId, now) => {
        // Asked in the same turn as the commit, so no join can come in between.
        const unknownGroup = apiVersion >= 9 && input.generationId >= 0 && c.describeGroup(request.groupId).groupState === 'Dead';
        const outcome = c.commitOffsets(input, now);
        return unknownGroup ? { ...outcome, response: groupNotFound(outcome.response) } : outcome;
      });
    } catch (err) {
      const errorCode = groupErrorCode(err, broker.log, `OffsetCommit of ${request.groupId}`);
      for (const slot of slots) slot.errorCode = errorCode;
    }
    // Invariant: the coordinator answers every partition it was given, in the order given.
    const answered = result?.topics.flatMap((t) => t.partitions) ?? [];
    for (const [i, p] of answered.entries()) slots[i].errorCode = p.errorCode;
    return { throttleTimeMs: 0, topics };
  },
});
