// The administrative APIs over classic groups: ListGroups, DescribeGroups and DeleteGroups.
import { ErrorCode } from '../../protocol/error-codes.js';
import type { CoordinatorContext } from './context.js';
import { EMPTY_ASSIGNMENT } from './member.js';
import { applyRecord, groupTombstone, offsetCommitRecord } from './records.js';
import type { GroupCoordinatorRecord } from './records.js';
import type { DescribedGroup, ListedGroup } from './types.js';

export interface ListGroupsFilter {
  /** ListGroups v4+: states to keep, case-insensitive; empty or absent keeps all. */
  statesFilter?: readonly string[];
  /** ListGroups v5+: group types to keep ("classic"), case-insensitive. */
  typesFilter?: readonly string[];
}

export function listGroups(ctx: CoordinatorContext, filter: ListGroupsFilter = {}): ListedGroup[] {
  const states = new Set((filter.statesFilter ?? []).map((s) => s.toLowerCase()));
  const types = new Set((filter.typesFilter ?? []).map((s) => s.toLowerCase()));
  const listed: ListedGroup[] = [];
  for (const group of ctx.groups.values()) {
    if (states.size > 0 && !states.has(group.state.toLowerCase())) continue;
    if (types.size > 0 && !types.has('classic')) continue;
    listed.push({ groupId: group.groupId, protocolType: group.protocolType ?? '', groupState: group.state, groupType: 'classic' });
  }
  return listed;
}

/** An unknown group describes as Dead with no error, as Kafka answers DescribeGroups v0-5. */
export function describeGroup(ctx: CoordinatorContext, groupId: string): DescribedGroup {
  const group = ctx.groups.get(groupId);
  if (!group) return { errorCode: ErrorCode.NONE, groupId, groupState: 'Dead', protocolType: '', protocolData: '', members: [] };
  const stable = group.state === 'Stable';
  return {
    errorCode: ErrorCode.NONE,
    groupId,
    groupState: group.state,
    protocolType: group.protocolType ?? '',
    protocolData: stable ? group.protocolName ?? '' : '',
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      memberMetadata: stable ? m.metadata(group.protocolName) : EMPTY_ASSIGNMENT,
      memberAssignment: stable ? m.assignment : EMPTY_ASSIGNMENT,
    })),
  };
}

/** Only Empty groups can be deleted; their offsets go with them (tombstones first, then the group's). */
export function deleteGroups(ctx: CoordinatorContext, groupIds: readonly string[]): Array<{ groupId: string; errorCode: number }> {
  return groupIds.map((groupId) => {
    const group = ctx.groups.get(groupId);
    if (!group || group.state === 'Dead') return { groupId, errorCode: ErrorCode.GROUP_ID_NOT_FOUND };
    if (group.state !== 'Empty') return { groupId, errorCode: ErrorCode.NON_EMPTY_GROUP };
    const records: GroupCoordinatorRecord[] = [];
    for (const [topic, partitions] of ctx.offsets.ofGroup(groupId)) {
      for (const partition of partitions.keys()) records.push(offsetCommitRecord(groupId, topic, partition, null));
    }
    records.push(groupTombstone(groupId));
    for (const record of records) applyRecord(ctx, record);
    ctx.out.records.push(...records);
    return { groupId, errorCode: ErrorCode.NONE };
  });
}
