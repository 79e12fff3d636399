// The classic group coordinator for one __consumer_offsets partition, as a pure state machine
// (Kafka's GroupCoordinatorShard with its classic-group paths). No I/O and no timers of its own:
// - every input takes `now` and returns an Outcome: its own response ('pending' for a parked
//   JoinGroup/SyncGroup), the parked requests it completed (by the caller's requestId), and the
//   records to append to __consumer_offsets;
// - tick(now) fires due deadlines (sessions, join phases, pending syncs, the initial delay), and
//   nextDeadline() says when the caller's one timer should call tick next;
// - a new coordinator is loaded by replay(record) of what an earlier one emitted; the first input
//   or tick ends loading and starts the loaded members' sessions.
// Contract with the caller: append `records` before sending the responses of the same Outcome.
// NB: this coordinator applies its changes before the append; if an append fails, drop it and
// load a new one from the log (Kafka instead reverts the change in the append callback).
import { randomUUID } from 'node:crypto';
import { InvariantViolation } from '../../errors.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { deleteGroups, describeGroup, listGroups } from './admin.js';
import type { ListGroupsFilter } from './admin.js';
import { completeJoin, completeSync, joinError, syncError } from './context.js';
import type { CoordinatorContext } from './context.js';
import { joinGroup } from './join.js';
import { leaveGroup } from './leave.js';
import { OffsetStore, commitOffsets, deleteOffsets, fetchOffsets } from './offsets.js';
import { groupView } from './read-model.js';
import type { GroupView } from './read-model.js';
import { rescheduleHeartbeat } from './rebalance.js';
import { applyRecord } from './records.js';
import type { GroupCoordinatorRecord } from './records.js';
import { heartbeat, syncGroup } from './sync.js';
import { CoordinatorTimers } from './timers.js';
import { DEFAULT_GROUP_COORDINATOR_CONFIG } from './types.js';
import type {
  Completion, DescribedGroup, GroupCoordinatorConfig, HeartbeatInput, JoinGroupInput, JoinGroupResult, LeaveGroupInput,
  LeaveGroupResult, ListedGroup, OffsetCommitInput, OffsetDeleteResult, OffsetFetchResult, Outcome, PartitionErrors,
  RequestId, SyncGroupInput, SyncGroupResult, TickOutcome,
} from './types.js';

export interface GroupCoordinatorOptions {
  config?: Partial<GroupCoordinatorConfig>;
  /** Injected randomness for new member ids. */
  uuid?: () => string;
}

type TopicPartitionIndexes = ReadonlyArray<{ name: string; partitionIndexes: readonly number[] }>;

export class GroupCoordinator {
  private readonly ctx: CoordinatorContext;
  private loaded = false;

  constructor(options: GroupCoordinatorOptions = {}) {
    this.ctx = {
      config: { ...DEFAULT_GROUP_COORDINATOR_CONFIG, ...options.config },
      groups: new Map(),
      offsets: new OffsetStore(),
      timers: new CoordinatorTimers(),
      uuid: options.uuid ?? randomUUID,
      now: 0,
      out: { completed: [], records: [] },
    };
  }

  /** Applies one record while loading. Throws once the coordinator has started serving. */
  replay(record: GroupCoordinatorRecord): void {
    if (this.loaded) throw new InvariantViolation('replay() is for loading: the coordinator already serves requests');
    applyRecord(this.ctx, record);
  }

  load(records: Iterable<GroupCoordinatorRecord>, now: number): void {
    for (const record of records) this.replay(record);
    this.finishLoading(now);
  }

  joinGroup(request: JoinGroupInput, now: number): Outcome<JoinGroupResult | 'pending'> {
    return this.parkable(now, request.requestId, 'JoinGroup', () => joinGroup(this.ctx, request));
  }

  syncGroup(request: SyncGroupInput, now: number): Outcome<SyncGroupResult | 'pending'> {
    return this.parkable(now, request.requestId, 'SyncGroup', () => syncGroup(this.ctx, request));
  }

  heartbeat(request: HeartbeatInput, now: number): Outcome<{ errorCode: number }> {
    return this.run(now, () => ({ errorCode: heartbeat(this.ctx, request) }));
  }

  leaveGroup(request: LeaveGroupInput, now: number): Outcome<LeaveGroupResult> {
    return this.run(now, () => leaveGroup(this.ctx, request));
  }

  commitOffsets(request: OffsetCommitInput, now: number): Outcome<PartitionErrors> {
    return this.run(now, () => commitOffsets(this.ctx, request));
  }

  deleteOffsets(request: { groupId: string; topics: TopicPartitionIndexes }, now: number): Outcome<OffsetDeleteResult> {
    return this.run(now, () => deleteOffsets(this.ctx, request.groupId, request.topics));
  }

  deleteGroups(groupIds: readonly string[], now: number): Outcome<Array<{ groupId: string; errorCode: number }>> {
    return this.run(now, () => deleteGroups(this.ctx, groupIds));
  }

  tick(now: number): TickOutcome {
    const { completed, records } = this.run(now, () => null);
    return { completed, records };
  }

  /** When tick() has work to do next, or null if nothing is scheduled. */
  nextDeadline(): number | null {
    return this.ctx.timers.nextDeadline();
  }

  /**
   * The partition moved to another broker: every parked request is answered NOT_COORDINATOR (the
   * client looks the coordinator up again) and all state is dropped.
   */
  unload(): Completion[] {
    this.ctx.out = { completed: [], records: [] };
    for (const group of this.ctx.groups.values()) {
      for (const member of group.members.values()) {
        completeJoin(this.ctx, member, joinError(ErrorCode.NOT_COORDINATOR, member.memberId));
        completeSync(this.ctx, member, syncError(ErrorCode.NOT_COORDINATOR));
      }
    }
    this.ctx.groups.clear();
    this.ctx.offsets.clear();
    this.ctx.timers.clear();
    return this.ctx.out.completed;
  }

  fetchOffsets(groupId: string, topics: TopicPartitionIndexes | null): OffsetFetchResult {
    return fetchOffsets(this.ctx, groupId, topics);
  }

  listGroups(filter?: ListGroupsFilter): ListedGroup[] {
    return listGroups(this.ctx, filter);
  }

  describeGroup(groupId: string): DescribedGroup {
    return describeGroup(this.ctx, groupId);
  }

  groupView(groupId: string): GroupView | null {
    const group = this.ctx.groups.get(groupId);
    return group ? groupView(this.ctx, group) : null;
  }

  groupViews(): GroupView[] {
    return [...this.ctx.groups.values()].map((g) => groupView(this.ctx, g));
  }

  private finishLoading(now: number): void {
    if (this.loaded) return;
    this.loaded = true;
    this.ctx.now = now;
    for (const group of this.ctx.groups.values()) {
      for (const member of group.members.values()) rescheduleHeartbeat(this.ctx, group, member);
    }
  }

  /**
   * Runs one input: deadlines already due fire first (as they would have with a punctual timer),
   * then the input, then deadlines it made due at once (a zero initial rebalance delay).
   * Invariant: the clock never goes back; an earlier `now` is taken as the latest seen.
   */
  private run<R>(now: number, body: () => R): Outcome<R> {
    this.finishLoading(now);
    const at = Math.max(now, this.ctx.now);
    this.ctx.out = { completed: [], records: [] };
    this.ctx.now = at;
    this.ctx.timers.poll(at);
    this.ctx.now = at;
    const response = body();
    this.ctx.timers.poll(at);
    this.ctx.now = at;
    const { completed, records } = this.ctx.out;
    return { response, completed, records };
  }

  /** Like run(), with a parked request answered within the same call moved into `response`. */
  private parkable<R>(now: number, requestId: RequestId, api: Completion['api'], body: () => R | null): Outcome<R | 'pending'> {
    const outcome = this.run(now, body);
    if (outcome.response !== null) return outcome as Outcome<R>;
    const own = outcome.completed.findIndex((c) => c.api === api && c.requestId === requestId);
    if (own < 0) return { ...outcome, response: 'pending' };
    const [completion] = outcome.completed.splice(own, 1);
    return { ...outcome, response: completion.response as R };
  }
}
