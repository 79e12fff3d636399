// The rebalance machinery shared by every input (Kafka's GroupMetadataManager classic paths):
// entering PreparingRebalance, completing the join phase into a new generation, handing out the
// leader's assignment, and the three deadlines that drive it without any input (member session,
// join phase, pending syncs).
import { InvariantViolation } from '../../errors.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { completeJoin, completeSync, joinError, schedule, syncError } from './context.js';
import type { CoordinatorContext } from './context.js';
import type { ClassicGroup } from './group.js';
import { EMPTY_ASSIGNMENT } from './member.js';
import type { ClassicGroupMember } from './member.js';
import { groupMetadataRecord } from './records.js';
import { heartbeatKey, joinKey, syncKey } from './timers.js';

/** (Re)arms a member's session deadline; pending members (no member object yet) use the same key. */
export function scheduleHeartbeat(ctx: CoordinatorContext, group: ClassicGroup, memberId: string, timeoutMs: number): void {
  schedule(ctx, heartbeatKey(group.groupId, memberId), timeoutMs, () => expireHeartbeat(ctx, group, memberId));
}

export function rescheduleHeartbeat(ctx: CoordinatorContext, group: ClassicGroup, member: ClassicGroupMember, timeoutMs = member.sessionTimeoutMs): void {
  scheduleHeartbeat(ctx, group, member.memberId, timeoutMs);
}

function isCurrent(ctx: CoordinatorContext, group: ClassicGroup): boolean {
  return ctx.groups.get(group.groupId) === group && group.state !== 'Dead';
}

function expireHeartbeat(ctx: CoordinatorContext, group: ClassicGroup, memberId: string): void {
  if (!isCurrent(ctx, group)) return;
  if (group.pendingMembers.has(memberId)) {
    group.remove(memberId);
    if (group.state === 'PreparingRebalance' && group.hasAllMembersJoined()) completeJoinPhase(ctx, group);
    return;
  }
  const member = group.members.get(memberId);
  if (member && !member.hasSatisfiedHeartbeat()) removeMemberAndUpdateGroup(ctx, group, member);
}

/**
 * Takes a member out of the group, answering whatever it has parked with UNKNOWN_MEMBER_ID, so
 * that a client still waiting joins again from scratch.
 * NB: Kafka leaves a parked SyncGroup of a removed member unanswered; here every parked request
 * gets an answer, so the caller never holds a promise that cannot settle.
 */
export function removeMember(ctx: CoordinatorContext, group: ClassicGroup, member: ClassicGroupMember): void {
  completeJoin(ctx, member, joinError(ErrorCode.UNKNOWN_MEMBER_ID, ''));
  completeSync(ctx, member, syncError(ErrorCode.UNKNOWN_MEMBER_ID));
  ctx.timers.cancel(heartbeatKey(group.groupId, member.memberId));
  group.remove(member.memberId);
}

/** A member failed (session expiry, pending-sync expiry) or left: remove it and move the group on. */
export function removeMemberAndUpdateGroup(ctx: CoordinatorContext, group: ClassicGroup, member: ClassicGroupMember): void {
  removeMember(ctx, group, member);
  if (group.state === 'Stable' || group.state === 'CompletingRebalance') maybePrepareRebalanceOrCompleteJoin(ctx, group);
  else if (group.state === 'PreparingRebalance' && group.hasAllMembersJoined()) completeJoinPhase(ctx, group);
}

export function maybePrepareRebalanceOrCompleteJoin(ctx: CoordinatorContext, group: ClassicGroup): void {
  if (group.canRebalance()) prepareRebalance(ctx, group);
  else maybeCompleteJoinPhase(ctx, group);
}

/** Completes the join phase once everyone rejoined, except during the initial delay. */
export function maybeCompleteJoinPhase(ctx: CoordinatorContext, group: ClassicGroup): void {
  if (group.state === 'PreparingRebalance' && group.hasAllMembersJoined() && group.previousState !== 'Empty') completeJoinPhase(ctx, group);
}

export function prepareRebalance(ctx: CoordinatorContext, group: ClassicGroup): void {
  // Followers parked in SyncGroup must rejoin: their assignment belongs to a dead generation.
  if (group.state === 'CompletingRebalance') resetAndPropagateAssignmentWithError(ctx, group, ErrorCode.REBALANCE_IN_PROGRESS);
  ctx.timers.cancel(syncKey(group.groupId));
  const isInitialRebalance = group.state === 'Empty';
  if (isInitialRebalance) {
    // A new group waits group.initial.rebalance.delay.ms for more members, extended while they
    // keep arriving, but never past the rebalance timeout.
    const delayMs = ctx.config.initialRebalanceDelayMs;
    const remainingMs = Math.max(group.rebalanceTimeoutMs() - delayMs, 0);
    schedule(ctx, joinKey(group.groupId), delayMs, () => completeInitialRebalance(ctx, group, remainingMs));
  }
  group.transitionTo('PreparingRebalance', ctx.now);
  if (!isInitialRebalance) {
    if (group.hasAllMembersJoined()) completeJoinPhase(ctx, group);
    else schedule(ctx, joinKey(group.groupId), group.rebalanceTimeoutMs(), () => completeJoinPhase(ctx, group));
  }
}

function completeInitialRebalance(ctx: CoordinatorContext, group: ClassicGroup, remainingMs: number): void {
  if (!isCurrent(ctx, group)) return;
  if (group.newMemberAdded && remainingMs !== 0) {
    group.newMemberAdded = false;
    const delayMs = Math.min(ctx.config.initialRebalanceDelayMs, remainingMs);
    const nextRemainingMs = Math.max(remainingMs - ctx.config.initialRebalanceDelayMs, 0);
    schedule(ctx, joinKey(group.groupId), delayMs, () => completeInitialRebalance(ctx, group, nextRemainingMs));
  } else {
    completeJoinPhase(ctx, group);
  }
}

/**
 * Ends the join phase: dynamic members that did not rejoin are dropped (static ones keep their
 * place), a leader that rejoined is kept or one is picked among those that did, and everyone
 * parked gets the new generation. The leader alone gets the member list.
 */
export function completeJoinPhase(ctx: CoordinatorContext, group: ClassicGroup): void {
  ctx.timers.cancel(joinKey(group.groupId));
  if (!isCurrent(ctx, group) || group.state !== 'PreparingRebalance') return;
  for (const member of [...group.members.values()]) {
    if (member.awaitingJoin === null && !member.isStatic) removeMember(ctx, group, member);
  }
  if (!group.maybeElectNewJoinedLeader() && group.members.size > 0) {
    // Only static members that have not rejoined are left: wait for them or their session expiry.
    // At least 1 ms, or a zero rebalance timeout would retry forever within one tick.
    schedule(ctx, joinKey(group.groupId), Math.max(1, group.rebalanceTimeoutMs()), () => completeJoinPhase(ctx, group));
    return;
  }
  if (group.initNextGeneration(ctx.now) === 'Empty') {
    ctx.out.records.push(groupMetadataRecord(group));
    return;
  }
  const members = group.currentMembers();
  for (const member of group.members.values()) {
    completeJoin(ctx, member, {
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leader: group.leaderId ?? '',
      skipAssignment: false,
      memberId: member.memberId,
      members: group.isLeader(member.memberId) ? members : [],
    });
    rescheduleHeartbeat(ctx, group, member);
    member.isNew = false;
    group.pendingSyncMembers.add(member.memberId);
  }
  const generationId = group.generationId;
  schedule(ctx, syncKey(group.groupId), group.rebalanceTimeoutMs(), () => expirePendingSync(ctx, group, generationId));
}

/** KIP-814: members that got the new generation but never sent SyncGroup are removed. */
function expirePendingSync(ctx: CoordinatorContext, group: ClassicGroup, generationId: number): void {
  if (!isCurrent(ctx, group) || generationId !== group.generationId) return;
  if (group.state !== 'CompletingRebalance' && group.state !== 'Stable') return;
  if (group.pendingSyncMembers.size === 0) return;
  for (const memberId of [...group.pendingSyncMembers]) removeMember(ctx, group, group.member(memberId));
  maybePrepareRebalanceOrCompleteJoin(ctx, group);
}

export function removePendingSyncMember(ctx: CoordinatorContext, group: ClassicGroup, memberId: string): void {
  group.pendingSyncMembers.delete(memberId);
  const awaitsSyncs = group.state === 'CompletingRebalance' || group.state === 'Stable';
  if (!awaitsSyncs || group.pendingSyncMembers.size === 0) ctx.timers.cancel(syncKey(group.groupId));
}

/** Installs the leader's assignment (members it forgot get empty bytes) and answers parked syncs. */
export function setAndPropagateAssignment(ctx: CoordinatorContext, group: ClassicGroup, assignment: ReadonlyMap<string, Buffer>): void {
  if (group.state !== 'CompletingRebalance') throw new InvariantViolation(`Group ${group.groupId} got an assignment in ${group.state}`);
  for (const member of group.members.values()) member.assignment = assignment.get(member.memberId) ?? EMPTY_ASSIGNMENT;
  propagateAssignment(ctx, group, ErrorCode.NONE);
}

function resetAndPropagateAssignmentWithError(ctx: CoordinatorContext, group: ClassicGroup, errorCode: number): void {
  for (const member of group.members.values()) member.assignment = EMPTY_ASSIGNMENT;
  propagateAssignment(ctx, group, errorCode);
}

function propagateAssignment(ctx: CoordinatorContext, group: ClassicGroup, errorCode: number): void {
  const ok = errorCode === ErrorCode.NONE;
  for (const member of group.members.values()) {
    const answered = completeSync(ctx, member, {
      errorCode,
      protocolType: ok ? group.protocolType : null,
      protocolName: ok ? group.protocolName : null,
      assignment: member.assignment,
    });
    // A session that ran out while the member was parked was ignored: start it afresh.
    if (answered) rescheduleHeartbeat(ctx, group, member);
  }
}
