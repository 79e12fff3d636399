// One classic group (Kafka's ClassicGroup): members, state, generation, leader, and the rules that
// only need the group itself. It parks nothing and answers nothing: completing parked requests and
// scheduling deadlines is the coordinator's job (rebalance.ts), so every method here is plain data.
import { InvariantViolation } from '../../errors.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { CONSUMER_PROTOCOL_TYPE, subscribedTopicsOf } from './embedded-protocol.js';
import type { ClassicGroupMember } from './member.js';
import type { ClassicGroupState, GroupProtocol, JoinGroupMember, RequestId } from './types.js';

/** The states each state may be entered from (ClassicGroupState.validPreviousStates). */
const VALID_PREVIOUS: Record<ClassicGroupState, readonly ClassicGroupState[]> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'],
};

export class ClassicGroup {
  state: ClassicGroupState;
  previousState: ClassicGroupState | null = null;
  stateTimestamp: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leaderId: string | null;
  /** Insertion-ordered: the order members are listed to the leader and in DescribeGroups. */
  readonly members = new Map<string, ClassicGroupMember>();
  /** groupInstanceId -> memberId of the current incarnation. */
  private readonly staticMembers = new Map<string, string>();
  /** Got MEMBER_ID_REQUIRED and have not joined with their id yet (KIP-394). */
  readonly pendingMembers = new Set<string>();
  /** Got their JoinGroup response for this generation but have not sent SyncGroup (KIP-814). */
  readonly pendingSyncMembers = new Set<string>();
  /** A member joined during the initial delay, which extends it. */
  newMemberAdded = false;

  constructor(readonly groupId: string, now: number, loaded?: {
    state: ClassicGroupState; generationId: number; protocolType: string | null; protocolName: string | null; leaderId: string | null;
  }) {
    this.state = loaded?.state ?? 'Empty';
    this.stateTimestamp = now;
    this.generationId = loaded?.generationId ?? 0;
    this.protocolType = loaded?.protocolType ?? null;
    this.protocolName = loaded?.protocolName ?? null;
    this.leaderId = loaded?.leaderId ?? null;
  }

  transitionTo(state: ClassicGroupState, now: number): void {
    if (!VALID_PREVIOUS[state].includes(this.state)) {
      throw new InvariantViolation(`Group ${this.groupId} cannot go from ${this.state} to ${state}`);
    }
    this.previousState = this.state;
    this.state = state;
    this.stateTimestamp = now;
  }

  canRebalance(): boolean {
    return VALID_PREVIOUS.PreparingRebalance.includes(this.state);
  }

  member(memberId: string): ClassicGroupMember {
    const member = this.members.get(memberId);
    if (!member) throw new InvariantViolation(`Group ${this.groupId} has no member ${memberId}`);
    return member;
  }

  staticMemberId(groupInstanceId: string): string | undefined {
    return this.staticMembers.get(groupInstanceId);
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  add(member: ClassicGroupMember, joinRequest: RequestId | null): void {
    if (member.groupInstanceId !== null) {
      if (this.staticMembers.has(member.groupInstanceId)) throw new InvariantViolation(`Static member ${member.groupInstanceId} is already in ${this.groupId}`);
      this.staticMembers.set(member.groupInstanceId, member.memberId);
    }
    if (this.members.size === 0) this.protocolType = member.protocolType;
    this.members.set(member.memberId, member);
    member.awaitingJoin = joinRequest;
    this.pendingMembers.delete(member.memberId);
    this.leaderId ??= member.memberId;
  }

  /** Removes a member or a pending member; a leaving leader hands over to the oldest member. */
  remove(memberId: string): void {
    const removed = this.members.get(memberId);
    if (removed) {
      this.members.delete(memberId);
      if (removed.groupInstanceId !== null) this.staticMembers.delete(removed.groupInstanceId);
    }
    if (this.isLeader(memberId)) this.leaderId = this.members.keys().next().value ?? null;
    this.pendingMembers.delete(memberId);
    this.pendingSyncMembers.delete(memberId);
  }

  /** Moves a static member's identity (and assignment) to a new member id. */
  replaceStaticMember(groupInstanceId: string, oldMemberId: string, newMemberId: string): ClassicGroupMember {
    const replacement = this.member(oldMemberId).withMemberId(newMemberId);
    // Map.set on a new key appends; keep the old position so listing order is stable.
    const entries = [...this.members].map(([id, m]): [string, ClassicGroupMember] => (id === oldMemberId ? [newMemberId, replacement] : [id, m]));
    this.members.clear();
    for (const [id, m] of entries) this.members.set(id, m);
    if (this.isLeader(oldMemberId)) this.leaderId = newMemberId;
    if (this.pendingSyncMembers.delete(oldMemberId)) this.pendingSyncMembers.add(newMemberId);
    this.staticMembers.set(groupInstanceId, newMemberId);
    return replacement;
  }

  /** UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID or NONE (ClassicGroup.validateMember). */
  validateMember(memberId: string, groupInstanceId: string | null): number {
    if (groupInstanceId !== null) {
      const current = this.staticMembers.get(groupInstanceId);
      if (current === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      return current === memberId ? ErrorCode.NONE : ErrorCode.FENCED_INSTANCE_ID;
    }
    return this.members.has(memberId) ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  /** An empty group takes any type; otherwise the type must match and one protocol be common to all. */
  supportsProtocols(protocolType: string, protocols: readonly GroupProtocol[]): boolean {
    if (this.members.size === 0) return protocolType.length > 0 && protocols.length > 0;
    const candidates = this.candidateProtocols();
    return this.protocolType === protocolType && protocols.some((p) => candidates.has(p.name));
  }

  /** The protocols every member supports. */
  candidateProtocols(): Set<string> {
    const [first, ...rest] = [...this.members.values()];
    const names = new Set(first?.protocols.map((p) => p.name) ?? []);
    for (const m of rest) for (const name of [...names]) if (!m.protocols.some((p) => p.name === name)) names.delete(name);
    return names;
  }

  /** Each member votes for its first candidate; most votes wins, ties go to the earliest vote. */
  selectProtocol(): string {
    const candidates = this.candidateProtocols();
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const vote = m.vote(candidates);
      if (vote !== undefined) votes.set(vote, (votes.get(vote) ?? 0) + 1);
    }
    let best: [string, number] | undefined;
    for (const entry of votes) if (!best || entry[1] > best[1]) best = entry;
    if (!best) throw new InvariantViolation(`Group ${this.groupId} has no protocol all members support`);
    return best[0];
  }

  /** The longest rebalance timeout among the members: how long a rebalance may wait. */
  rebalanceTimeoutMs(): number {
    return Math.max(0, ...[...this.members.values()].map((m) => m.rebalanceTimeoutMs));
  }

  hasAllMembersJoined(): boolean {
    return this.pendingMembers.size === 0 && [...this.members.values()].every((m) => m.awaitingJoin !== null);
  }

  /** Keeps a leader that rejoined, or picks any member that did; false if nobody rejoined. */
  maybeElectNewJoinedLeader(): boolean {
    if (this.leaderId === null) return false;
    if (this.member(this.leaderId).awaitingJoin !== null) return true;
    const joined = [...this.members.values()].find((m) => m.awaitingJoin !== null);
    if (joined) this.leaderId = joined.memberId;
    return joined !== undefined;
  }

  /** Returns the state entered: CompletingRebalance, or Empty when nobody is left. */
  initNextGeneration(now: number): ClassicGroupState {
    this.generationId++;
    if (this.members.size > 0) {
      this.protocolName = this.selectProtocol();
      this.transitionTo('CompletingRebalance', now);
    } else {
      this.protocolName = null;
      this.transitionTo('Empty', now);
    }
    this.pendingSyncMembers.clear();
    return this.state;
  }

  /** The member list the leader receives, with each member's metadata for the chosen protocol. */
  currentMembers(): JoinGroupMember[] {
    return [...this.members.values()].map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata(this.protocolName) }));
  }

  /**
   * The topics the members of a "consumer" group subscribe to; null when the broker cannot know
   * (another protocol type, no protocol chosen yet, or metadata that does not parse).
   */
  subscribedTopics(): Set<string> | null {
    if (this.protocolType !== CONSUMER_PROTOCOL_TYPE) return null;
    if (this.members.size === 0) return new Set();
    if (this.protocolName === null) return null;
    const topics = new Set<string>();
    for (const m of this.members.values()) {
      const subscribed = subscribedTopicsOf(m.metadata(this.protocolName));
      if (subscribed === null) return null;
      for (const t of subscribed) topics.add(t);
    }
    return topics;
  }
}
