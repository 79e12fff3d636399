// JoinGroup (Kafka's classicGroupJoin and the paths under it): new dynamic members, new static
// members (KIP-345), members rejoining, and the KIP-394 MEMBER_ID_REQUIRED round trip.
// A join answers at once with an error or with the current generation, or it parks until the join
// phase completes (its answer then comes as a completion, possibly within this same call).
import { InvariantViolation } from '../../errors.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { completeJoin, completeSync, joinError, syncError } from './context.js';
import type { CoordinatorContext } from './context.js';
import { ClassicGroup } from './group.js';
import { ClassicGroupMember } from './member.js';
import {
  maybeCompleteJoinPhase, maybePrepareRebalanceOrCompleteJoin, prepareRebalance, removeMember,
  rescheduleHeartbeat, scheduleHeartbeat,
} from './rebalance.js';
import { groupMetadataRecord } from './records.js';
import { heartbeatKey } from './timers.js';
import type { JoinGroupInput, JoinGroupResult } from './types.js';

/** The answer, or null when the request is parked. */
export function joinGroup(ctx: CoordinatorContext, input: JoinGroupInput): JoinGroupResult | null {
  const { config } = ctx;
  if (input.groupId === '') return joinError(ErrorCode.INVALID_GROUP_ID, input.memberId);
  if (input.sessionTimeoutMs < config.minSessionTimeoutMs || input.sessionTimeoutMs > config.maxSessionTimeoutMs) {
    return joinError(ErrorCode.INVALID_SESSION_TIMEOUT, input.memberId);
  }
  const request = { ...input, rebalanceTimeoutMs: input.rebalanceTimeoutMs < 0 ? input.sessionTimeoutMs : input.rebalanceTimeoutMs };
  const isUnknownMember = request.memberId === '';
  let group = ctx.groups.get(request.groupId);
  const isNewGroup = group === undefined;
  if (!group) {
    if (!isUnknownMember) return joinError(ErrorCode.UNKNOWN_MEMBER_ID, request.memberId);
    group = new ClassicGroup(request.groupId, ctx.now);
    ctx.groups.set(group.groupId, group);
  }
  const recordsBefore = ctx.out.records.length;
  let answer: JoinGroupResult | null;
  if (!acceptJoiningMember(ctx, group, request.memberId)) {
    const member = group.members.get(request.memberId);
    if (member) removeMember(ctx, group, member);
    else group.remove(request.memberId);
    answer = joinError(ErrorCode.GROUP_MAX_SIZE_REACHED, '');
  } else {
    answer = isUnknownMember ? joinNewMember(ctx, group, request) : joinExistingMember(ctx, group, request);
  }
  // A group exists once it is in the log, even if this join wrote nothing else.
  if (isNewGroup && ctx.out.records.length === recordsBefore) ctx.out.records.push(groupMetadataRecord(group));
  return answer;
}

/** group.max.size: members already parked in the join phase are always let back in. */
function acceptJoiningMember(ctx: CoordinatorContext, group: ClassicGroup, memberId: string): boolean {
  const max = ctx.config.maxGroupSize;
  switch (group.state) {
    case 'Empty':
    case 'Dead':
      return true;
    case 'PreparingRebalance': {
      const awaiting = [...group.members.values()].filter((m) => m.awaitingJoin !== null).length;
      return (group.members.get(memberId)?.awaitingJoin ?? null) !== null || awaiting < max;
    }
    default:
      return group.members.has(memberId) || group.members.size < max;
  }
}

function joinNewMember(ctx: CoordinatorContext, group: ClassicGroup, request: JoinGroupInput): JoinGroupResult | null {
  if (group.state === 'Dead') return joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, '');
  if (!group.supportsProtocols(request.protocolType, request.protocols)) return joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, '');
  const newMemberId = `${request.groupInstanceId ?? request.clientId}-${ctx.uuid()}`;
  if (request.groupInstanceId !== null) {
    const oldMemberId = group.staticMemberId(request.groupInstanceId);
    if (oldMemberId !== undefined) return replaceStaticMember(ctx, group, request, oldMemberId, newMemberId);
  } else if (request.requireKnownMemberId) {
    // KIP-394: the id comes back with MEMBER_ID_REQUIRED, and the join phase waits for the member
    // to use it (or for its session to run out).
    group.pendingMembers.add(newMemberId);
    scheduleHeartbeat(ctx, group, newMemberId, request.sessionTimeoutMs);
    return joinError(ErrorCode.MEMBER_ID_REQUIRED, newMemberId);
  }
  addMemberAndRebalance(ctx, group, request, newMemberId);
  return null;
}

function joinExistingMember(ctx: CoordinatorContext, group: ClassicGroup, request: JoinGroupInput): JoinGroupResult | null {
  const { memberId } = request;
  if (group.state === 'Dead') return joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, memberId);
  if (!group.supportsProtocols(request.protocolType, request.protocols)) return joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, memberId);
  // Pending members are always dynamic; an instance id here falls through to validateMember.
  if (group.pendingMembers.has(memberId) && request.groupInstanceId === null) {
    addMemberAndRebalance(ctx, group, request, memberId);
    return null;
  }
  const error = group.validateMember(memberId, request.groupInstanceId);
  if (error !== ErrorCode.NONE) return joinError(error, memberId);
  const member = group.member(memberId);
  switch (group.state) {
    case 'PreparingRebalance':
      updateMemberAndRebalance(ctx, group, member, request);
      return null;
    case 'CompletingRebalance':
      // Same metadata: the member probably lost its JoinGroup response, so send it again.
      if (member.matches(request.protocols)) return currentGeneration(group, memberId, group.isLeader(memberId));
      updateMemberAndRebalance(ctx, group, member, request);
      return null;
    case 'Stable':
      // A rejoining leader forces a rebalance: it may have seen a change the metadata does not
      // show (new partitions of a subscribed topic, for the consumer protocol).
      if (!group.isLeader(memberId) && member.matches(request.protocols)) return currentGeneration(group, memberId, false);
      updateMemberAndRebalance(ctx, group, member, request);
      return null;
    default:
      // Empty: the member outlived its group. It resets its generation and joins afresh.
      return joinError(ErrorCode.UNKNOWN_MEMBER_ID, memberId);
  }
}

function currentGeneration(group: ClassicGroup, memberId: string, withMembers: boolean): JoinGroupResult {
  return {
    errorCode: ErrorCode.NONE, generationId: group.generationId, protocolType: group.protocolType, protocolName: group.protocolName,
    leader: group.leaderId ?? '', skipAssignment: false, memberId, members: withMembers ? group.currentMembers() : [],
  };
}

function addMemberAndRebalance(ctx: CoordinatorContext, group: ClassicGroup, request: JoinGroupInput, memberId: string): void {
  const member = new ClassicGroupMember({ ...request, memberId });
  member.isNew = true;
  if (group.state === 'PreparingRebalance' && group.previousState === 'Empty') group.newMemberAdded = true;
  group.add(member, request.requestId);
  // A parked new member cannot heartbeat and a parked socket shows no disconnect: bound its wait
  // by the new-member timeout instead of its session (KIP-394).
  rescheduleHeartbeat(ctx, group, member, ctx.config.newMemberJoinTimeoutMs);
  maybePrepareRebalanceOrCompleteJoin(ctx, group);
}

function updateMemberAndRebalance(ctx: CoordinatorContext, group: ClassicGroup, member: ClassicGroupMember, request: JoinGroupInput): void {
  updateMember(ctx, group, member, request);
  maybePrepareRebalanceOrCompleteJoin(ctx, group);
}

/**
 * NB: a member that joins again while its earlier JoinGroup is parked supersedes it; Kafka drops
 * the older request silently, here it is answered REBALANCE_IN_PROGRESS so no promise is left.
 */
function updateMember(ctx: CoordinatorContext, group: ClassicGroup, member: ClassicGroupMember, request: JoinGroupInput): void {
  if (member.awaitingJoin !== null) completeJoin(ctx, member, joinError(ErrorCode.REBALANCE_IN_PROGRESS, member.memberId));
  member.protocols = request.protocols;
  member.rebalanceTimeoutMs = request.rebalanceTimeoutMs;
  member.sessionTimeoutMs = request.sessionTimeoutMs;
  member.awaitingJoin = request.requestId;
}

/**
 * A static member came back under a new member id (KIP-345). Its old incarnation is fenced and the
 * new one inherits its place and assignment. In a Stable group whose chosen protocol would not
 * change, there is no rebalance: the member gets the current generation and then its assignment
 * from SyncGroup.
 */
function replaceStaticMember(
  ctx: CoordinatorContext, group: ClassicGroup, request: JoinGroupInput, oldMemberId: string, newMemberId: string,
): JoinGroupResult | null {
  const instanceId = request.groupInstanceId as string;
  const currentLeader = group.leaderId ?? '';
  const old = group.member(oldMemberId);
  completeJoin(ctx, old, joinError(ErrorCode.FENCED_INSTANCE_ID, oldMemberId));
  completeSync(ctx, old, syncError(ErrorCode.FENCED_INSTANCE_ID));
  ctx.timers.cancel(heartbeatKey(group.groupId, oldMemberId));
  const member = group.replaceStaticMember(instanceId, oldMemberId, newMemberId);
  rescheduleHeartbeat(ctx, group, member);
  updateMember(ctx, group, member, request);
  switch (group.state) {
    case 'Stable': {
      if (group.protocolName !== group.selectProtocol()) {
        maybePrepareRebalanceOrCompleteJoin(ctx, group);
        return null;
      }
      ctx.out.records.push(groupMetadataRecord(group));
      member.awaitingJoin = null;
      const isLeader = group.isLeader(newMemberId);
      // Before v9 the old leader id is returned, so a static leader does not reassign partitions.
      return request.supportsSkippingAssignment
        ? { ...currentGeneration(group, newMemberId, isLeader), skipAssignment: isLeader }
        : { ...currentGeneration(group, newMemberId, false), leader: currentLeader };
    }
    case 'CompletingRebalance':
      // The leader may already be assigning to the old member id: start over.
      prepareRebalance(ctx, group);
      return null;
    case 'PreparingRebalance':
      maybeCompleteJoinPhase(ctx, group);
      return null;
    default:
      throw new InvariantViolation(`Static member ${instanceId} found in ${group.state} group ${group.groupId}`);
  }
}
