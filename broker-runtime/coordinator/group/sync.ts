// SyncGroup and Heartbeat (Kafka's classicGroupSync and classicGroupHeartbeat).
// Followers' SyncGroups park in CompletingRebalance until the leader's arrives with the
// assignment; the leader's answers everyone, including itself.
import { InvariantViolation } from '../../errors.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { completeSync, syncError } from './context.js';
import type { CoordinatorContext } from './context.js';
import type { ClassicGroup } from './group.js';
import { removePendingSyncMember, rescheduleHeartbeat, setAndPropagateAssignment } from './rebalance.js';
import { groupMetadataRecord } from './records.js';
import type { HeartbeatInput, SyncGroupInput, SyncGroupResult } from './types.js';

/** The answer, or null when the request is parked. */
export function syncGroup(ctx: CoordinatorContext, request: SyncGroupInput): SyncGroupResult | null {
  if (request.groupId === '') return syncError(ErrorCode.INVALID_GROUP_ID);
  const group = ctx.groups.get(request.groupId);
  if (!group) return syncError(ErrorCode.UNKNOWN_MEMBER_ID);
  const error = validateSync(group, request);
  if (error !== ErrorCode.NONE) return syncError(error);
  const member = group.member(request.memberId);
  switch (group.state) {
    case 'PreparingRebalance':
      return syncError(ErrorCode.REBALANCE_IN_PROGRESS);
    case 'CompletingRebalance': {
      // NB: a repeated SyncGroup supersedes the parked one, which is answered rather than dropped.
      completeSync(ctx, member, syncError(ErrorCode.REBALANCE_IN_PROGRESS));
      member.awaitingSync = request.requestId;
      removePendingSyncMember(ctx, group, member.memberId);
      if (group.isLeader(member.memberId)) {
        const assignment = new Map(request.assignments.map((a) => [a.memberId, a.assignment]));
        // Kafka makes the group Stable once this record is written; here the caller writes it
        // before it sends the answers this call completes.
        ctx.out.records.push(groupMetadataRecord(group, assignment));
        setAndPropagateAssignment(ctx, group, assignment);
        group.transitionTo('Stable', ctx.now);
      }
      return null;
    }
    case 'Stable':
      removePendingSyncMember(ctx, group, member.memberId);
      return { errorCode: ErrorCode.NONE, protocolType: group.protocolType, protocolName: group.protocolName, assignment: member.assignment };
    default:
      throw new InvariantViolation(`SyncGroup validated against ${group.state} group ${group.groupId}`);
  }
}

function validateSync(group: ClassicGroup, request: SyncGroupInput): number {
  if (group.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  const error = group.validateMember(request.memberId, request.groupInstanceId);
  if (error !== ErrorCode.NONE) return error;
  if (request.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
  if (isInconsistent(request.protocolType, group.protocolType) || isInconsistent(request.protocolName, group.protocolName)) {
    return ErrorCode.INCONSISTENT_GROUP_PROTOCOL;
  }
  return ErrorCode.NONE;
}

/** SyncGroup v5+ names the type and protocol; older versions send null, which matches anything. */
function isInconsistent(requested: string | null, current: string | null): boolean {
  return requested !== null && current !== null && requested !== current;
}

export function heartbeat(ctx: CoordinatorContext, request: HeartbeatInput): number {
  if (request.groupId === '') return ErrorCode.INVALID_GROUP_ID;
  const group = ctx.groups.get(request.groupId);
  if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
  if (group.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  const error = group.validateMember(request.memberId, request.groupInstanceId);
  if (error !== ErrorCode.NONE) return error;
  if (request.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
  switch (group.state) {
    case 'Empty':
      return ErrorCode.UNKNOWN_MEMBER_ID;
    case 'PreparingRebalance':
      // The member is alive, and told to rejoin.
      rescheduleHeartbeat(ctx, group, group.member(request.memberId));
      return ErrorCode.REBALANCE_IN_PROGRESS;
    default:
      // Consumers may heartbeat between their JoinGroup and SyncGroup responses: that is fine.
      rescheduleHeartbeat(ctx, group, group.member(request.memberId));
      return ErrorCode.NONE;
  }
}
