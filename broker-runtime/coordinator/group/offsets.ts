// Committed offsets (Kafka's OffsetMetadataManager, classic groups only): OffsetCommit validation
// against the group, OffsetFetch, and OffsetDelete.
// Invariant: offsets change only in applyRecord (records.ts). A commit or a delete validates, turns
// into records, and applies those records, so live operation and loading share one code path.
import { ErrorCode } from '../../protocol/error-codes.js';
import type { CoordinatorContext } from './context.js';
import { CONSUMER_PROTOCOL_TYPE } from './embedded-protocol.js';
import type { ClassicGroup } from './group.js';
import { rescheduleHeartbeat } from './rebalance.js';
import { applyRecord, offsetCommitRecord } from './records.js';
import type { GroupCoordinatorRecord } from './records.js';
import type { OffsetCommitInput, OffsetDeleteResult, OffsetFetchResult, PartitionErrors } from './types.js';

/** Committed metadata longer than offset.metadata.max.bytes (only this coordinator answers it). */
export const OFFSET_METADATA_TOO_LARGE = ErrorCode.OFFSET_METADATA_TOO_LARGE;

export interface CommittedOffset {
  offset: number;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
}

export class OffsetStore {
  private readonly byGroup = new Map<string, Map<string, Map<number, CommittedOffset>>>();

  get(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.byGroup.get(groupId)?.get(topic)?.get(partition);
  }

  /** topic -> partition -> offset, in commit order. */
  ofGroup(groupId: string): ReadonlyMap<string, ReadonlyMap<number, CommittedOffset>> {
    return this.byGroup.get(groupId) ?? new Map();
  }

  put(groupId: string, topic: string, partition: number, offset: CommittedOffset): void {
    let topics = this.byGroup.get(groupId);
    if (!topics) this.byGroup.set(groupId, (topics = new Map()));
    let partitions = topics.get(topic);
    if (!partitions) topics.set(topic, (partitions = new Map()));
    partitions.set(partition, offset);
  }

  delete(groupId: string, topic: string, partition: number): void {
    const topics = this.byGroup.get(groupId);
    const partitions = topics?.get(topic);
    if (!topics || !partitions) return;
    partitions.delete(partition);
    if (partitions.size === 0) topics.delete(topic);
    if (topics.size === 0) this.byGroup.delete(groupId);
  }

  clear(): void {
    this.byGroup.clear();
  }
}

export function commitOffsets(ctx: CoordinatorContext, request: OffsetCommitInput): PartitionErrors {
  const group = ctx.groups.get(request.groupId);
  const error = validateOffsetCommit(group, request);
  const records: GroupCoordinatorRecord[] = [];
  const topics = request.topics.map((topic) => ({
    name: topic.name,
    partitions: topic.partitions.map((p) => {
      if (error !== ErrorCode.NONE) return { partitionIndex: p.partitionIndex, errorCode: error };
      const metadata = p.committedMetadata ?? '';
      if (Buffer.byteLength(metadata) > ctx.config.offsetMetadataMaxBytes) return { partitionIndex: p.partitionIndex, errorCode: OFFSET_METADATA_TOO_LARGE };
      records.push(offsetCommitRecord(request.groupId, topic.name, p.partitionIndex, {
        offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch, metadata, commitTimestamp: ctx.now,
      }));
      return { partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE };
    }),
  }));
  // A commit also proves the member alive (as GroupCoordinator.scala did).
  const member = group?.members.get(request.memberId);
  if (error === ErrorCode.NONE && group && member) rescheduleHeartbeat(ctx, group, member);
  emit(ctx, records);
  return { topics };
}

/**
 * ClassicGroup.validateOffsetCommit. Generation -1 is the "simple consumer" or admin commit: it is
 * accepted while the group is Empty (or does not exist, which creates an Empty group).
 */
function validateOffsetCommit(group: ClassicGroup | undefined, request: OffsetCommitInput): number {
  if (!group) return request.generationId < 0 ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
  if (group.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  if (request.generationId < 0 && group.state === 'Empty') return ErrorCode.NONE;
  if (request.generationId >= 0 || request.memberId !== '' || request.groupInstanceId !== null) {
    const error = group.validateMember(request.memberId, request.groupInstanceId);
    if (error !== ErrorCode.NONE) return error;
    if (request.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
  } else if (group.state !== 'Empty') {
    return ErrorCode.UNKNOWN_MEMBER_ID;
  }
  // The member has the new generation from JoinGroup but not its assignment: let it rejoin.
  return group.state === 'CompletingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
}

/** `topics` null means every committed partition; a partition without a commit reads offset -1. */
export function fetchOffsets(
  ctx: CoordinatorContext, groupId: string, topics: ReadonlyArray<{ name: string; partitionIndexes: readonly number[] }> | null,
): OffsetFetchResult {
  const committed = ctx.offsets.ofGroup(groupId);
  const wanted = topics ?? [...committed].map(([name, partitions]) => ({ name, partitionIndexes: [...partitions.keys()] }));
  return {
    errorCode: ErrorCode.NONE,
    topics: wanted.map((topic) => ({
      name: topic.name,
      partitions: topic.partitionIndexes.map((partitionIndex) => {
        const c = committed.get(topic.name)?.get(partitionIndex);
        return {
          partitionIndex, committedOffset: c?.offset ?? -1, committedLeaderEpoch: c?.leaderEpoch ?? -1,
          metadata: c?.metadata ?? '', errorCode: ErrorCode.NONE,
        };
      }),
    })),
  };
}

/** OffsetDelete: only for an Empty group, or for topics no member of a "consumer" group subscribes to. */
export function deleteOffsets(
  ctx: CoordinatorContext, groupId: string, topics: ReadonlyArray<{ name: string; partitionIndexes: readonly number[] }>,
): OffsetDeleteResult {
  const fail = (errorCode: number): OffsetDeleteResult => ({ errorCode, topics: [] });
  if (groupId === '') return fail(ErrorCode.INVALID_GROUP_ID);
  const group = ctx.groups.get(groupId);
  if (!group || group.state === 'Dead') return fail(ErrorCode.GROUP_ID_NOT_FOUND);
  if (group.state !== 'Empty' && group.protocolType !== CONSUMER_PROTOCOL_TYPE) return fail(ErrorCode.NON_EMPTY_GROUP);
  const subscribed = group.subscribedTopics() ?? new Set<string>();
  const records: GroupCoordinatorRecord[] = [];
  const result = topics.map((topic) => ({
    name: topic.name,
    partitions: topic.partitionIndexes.map((partitionIndex) => {
      if (subscribed.has(topic.name)) return { partitionIndex, errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC };
      if (ctx.offsets.get(groupId, topic.name, partitionIndex)) records.push(offsetCommitRecord(groupId, topic.name, partitionIndex, null));
      return { partitionIndex, errorCode: ErrorCode.NONE };
    }),
  }));
  emit(ctx, records);
  return { errorCode: ErrorCode.NONE, topics: result };
}

function emit(ctx: CoordinatorContext, records: readonly GroupCoordinatorRecord[]): void {
  for (const record of records) applyRecord(ctx, record);
  ctx.out.records.push(...records);
}
