// What the parts of the coordinator share while one input is handled: configuration, the groups,
// the offsets, the deadlines, the clock, and the collector for this call's output.
// Invariant: `out` and `now` belong to the call in progress; the facade (group-coordinator.ts)
// resets them at the start of every input and tick, and a timer callback sets `now` to its deadline.
import type { ClassicGroup } from './group.js';
import type { ClassicGroupMember } from './member.js';
import type { OffsetStore } from './offsets.js';
import type { GroupCoordinatorRecord } from './records.js';
import type { CoordinatorTimers } from './timers.js';
import type { Completion, GroupCoordinatorConfig, JoinGroupResult, SyncGroupResult } from './types.js';

export interface CallOutput {
  completed: Completion[];
  records: GroupCoordinatorRecord[];
}

export interface CoordinatorContext {
  readonly config: GroupCoordinatorConfig;
  readonly groups: Map<string, ClassicGroup>;
  readonly offsets: OffsetStore;
  readonly timers: CoordinatorTimers;
  /** Injected randomness: a fresh UUID for each new member id. */
  readonly uuid: () => string;
  now: number;
  out: CallOutput;
}

/** Runs `fire` `delayMs` from now, with the context's clock set to that moment. */
export function schedule(ctx: CoordinatorContext, key: string, delayMs: number, fire: () => void): void {
  ctx.timers.schedule(key, ctx.now + delayMs, (at) => {
    ctx.now = at;
    fire();
  });
}

/** Answers the member's parked JoinGroup, if it has one. */
export function completeJoin(ctx: CoordinatorContext, member: ClassicGroupMember, response: JoinGroupResult): boolean {
  if (member.awaitingJoin === null) return false;
  ctx.out.completed.push({ requestId: member.awaitingJoin, api: 'JoinGroup', response });
  member.awaitingJoin = null;
  return true;
}

/** Answers the member's parked SyncGroup, if it has one. */
export function completeSync(ctx: CoordinatorContext, member: ClassicGroupMember, response: SyncGroupResult): boolean {
  if (member.awaitingSync === null) return false;
  ctx.out.completed.push({ requestId: member.awaitingSync, api: 'SyncGroup', response });
  member.awaitingSync = null;
  return true;
}

/** A JoinGroup answer that carries only an error. */
export function joinError(errorCode: number, memberId: string): JoinGroupResult {
  return { errorCode, generationId: -1, protocolType: null, protocolName: null, leader: '', skipAssignment: false, memberId, members: [] };
}

export function syncError(errorCode: number): SyncGroupResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) };
}
