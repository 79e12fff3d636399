// LeaveGroup (Kafka's classicGroupLeave): one member (v0-2) or a batch (v3+, KIP-345), where an
// admin may remove a static member by its instance id alone. Each member is answered on its own;
// the group rebalances once for the whole batch.
import { ErrorCode } from '../../protocol/error-codes.js';
import type { CoordinatorContext } from './context.js';
import type { ClassicGroup } from './group.js';
import { maybeCompleteJoinPhase, maybePrepareRebalanceOrCompleteJoin, removeMember } from './rebalance.js';
import { heartbeatKey } from './timers.js';
import type { LeaveGroupInput, LeaveGroupResult } from './types.js';

export function leaveGroup(ctx: CoordinatorContext, request: LeaveGroupInput): LeaveGroupResult {
  if (request.groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID, members: [] };
  const group = ctx.groups.get(request.groupId);
  if (!group) {
    const members = request.members.map((m) => ({ ...m, errorCode: ErrorCode.UNKNOWN_MEMBER_ID }));
    return { errorCode: ErrorCode.NONE, members };
  }
  if (group.state === 'Dead') return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };

  const members = request.members.map((m) => ({ ...m, errorCode: leaveOne(ctx, group, m.memberId, m.groupInstanceId) }));
  if (members.some((m) => m.errorCode === ErrorCode.NONE)) {
    if (group.state === 'Stable' || group.state === 'CompletingRebalance') maybePrepareRebalanceOrCompleteJoin(ctx, group);
    else if (group.state === 'PreparingRebalance') maybeCompleteJoinPhase(ctx, group);
  }
  return { errorCode: ErrorCode.NONE, members };
}

function leaveOne(ctx: CoordinatorContext, group: ClassicGroup, memberId: string, groupInstanceId: string | null): number {
  if (memberId === '') {
    // Removal by instance id alone (AdminClient.removeMembersFromConsumerGroup).
    const staticMemberId = groupInstanceId === null ? undefined : group.staticMemberId(groupInstanceId);
    if (staticMemberId === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    removeMember(ctx, group, group.member(staticMemberId));
    return ErrorCode.NONE;
  }
  if (group.pendingMembers.has(memberId)) {
    group.remove(memberId);
    ctx.timers.cancel(heartbeatKey(group.groupId, memberId));
    return ErrorCode.NONE;
  }
  const error = group.validateMember(memberId, groupInstanceId);
  // A member parked in JoinGroup is answered UNKNOWN_MEMBER_ID by removeMember: if it is still
  // there, it joins afresh.
  if (error === ErrorCode.NONE) removeMember(ctx, group, group.member(memberId));
  return error;
}
