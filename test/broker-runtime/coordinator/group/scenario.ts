// Scenario scripts for the classic group coordinator, as data: each step is one client request (or
// the clock moving on) with the answer expected, plus the parked requests it must complete and,
// optionally, the kinds of records it must emit. Clients are named actors ('a', 'b', ...); the
// runner remembers each one's member id and generation, as a real client would, so steps only say
// what differs from the obvious request.
import { expect } from 'vitest';
import { GroupCoordinator } from '../../../../broker-runtime/coordinator/group/group-coordinator.js';
import { decodeGroupCoordinatorRecord, encodeGroupCoordinatorRecord } from '../../../../broker-runtime/coordinator/group/records.js';
import type { GroupCoordinatorRecord } from '../../../../broker-runtime/coordinator/group/records.js';
import type {
  ClassicGroupState, Completion, GroupCoordinatorConfig, JoinGroupResult, SyncGroupResult,
} from '../../../../broker-runtime/coordinator/group/types.js';
import { decodeVersionedConsumerProtocolSubscription, encodeVersionedConsumerProtocolSubscription } from '../../../../broker-runtime/protocol/generated/consumer-protocol.js';
import { ErrorCode } from '../../../../broker-runtime/protocol/error-codes.js';
import { Reader } from '../../../../broker-runtime/protocol/primitives/reader.js';
import { Writer } from '../../../../broker-runtime/protocol/primitives/writer.js';

export const GROUP = 'g';
const CODE_NAMES = new Map<number, string>([...Object.entries(ErrorCode).map(([n, c]): [number, string] => [c, n]), [12, 'OFFSET_METADATA_TOO_LARGE']]);
export const errorName = (code: number): string => CODE_NAMES.get(code) ?? String(code);

export interface JoinView {
  error: string; generation: number; leader: string; members: string[]; memberId: string; protocol: string | null; skipAssignment: boolean;
  /** The topics in each listed member's subscription metadata. */
  memberTopics: string[][];
}
/** Assignments are written as latin1 strings, so any bytes fit. */
export interface SyncView { error: string; assignment: string; protocol: string | null }
type Expected = ({ join: string } & Partial<JoinView>) | ({ sync: string } & Partial<SyncView>);
type RecordKind = 'GroupMetadata' | 'GroupTombstone' | 'OffsetCommit' | 'OffsetTombstone';

interface Effects { completes?: Expected[]; records?: RecordKind[] }
export type Step = Effects & (
  | {
    join: string; expect: Partial<JoinView> | 'pending'; memberId?: string; instance?: string; topics?: string[];
    protocols?: string[]; protocolType?: string; session?: number; rebalance?: number; requireKnown?: boolean; skipAssignment?: boolean;
  }
  | { sync: string; expect: Partial<SyncView> | 'pending'; generation?: number; memberId?: string; assign?: Record<string, string> }
  | { heartbeat: string; expect: string; generation?: number; memberId?: string }
  | { leave: Array<string | { instance: string }>; expect: string[] }
  | { commit: string | null; expect: string; generation?: number; offsets?: Record<string, number> }
  | { advance: number }
  /** A new coordinator loaded from the bytes of every record so far, as after a broker restart. */
  | { restart: true }
  | { state: ClassicGroupState; generation?: number; members?: string[]; leader?: string }
  | { check: (run: ScenarioRun) => void }
);

interface Actor { memberId: string; generation: number; instance: string | null }

export interface ScenarioRun {
  coordinator: GroupCoordinator;
  now: number;
  /** Every record emitted, in order: what the caller would have appended to __consumer_offsets. */
  log: GroupCoordinatorRecord[];
  actors: Map<string, Actor>;
  label(memberId: string): string;
}

/** The "consumer" protocol's subscription bytes for `topics`. */
export function subscription(topics: string[]): Buffer {
  const w = new Writer();
  encodeVersionedConsumerProtocolSubscription(w, { topics, userData: null }, 0);
  return w.toBuffer();
}

export function newCoordinator(config: Partial<GroupCoordinatorConfig> = {}): GroupCoordinator {
  let n = 0;
  return new GroupCoordinator({ config, uuid: () => `u${++n}` });
}

export function runScenario(steps: Step[], config: Partial<GroupCoordinatorConfig> = {}): ScenarioRun {
  const actors = new Map<string, Actor>();
  const r: ScenarioRun = {
    coordinator: newCoordinator(config), now: 1_000, log: [], actors,
    label: (memberId) => [...actors].find(([, a]) => a.memberId === memberId && memberId !== '')?.[0] ?? memberId,
  };
  const parked = new Map<string, string>();
  let rid = 0;
  const actor = (name: string): Actor => {
    if (!actors.has(name)) actors.set(name, { memberId: '', generation: -1, instance: null });
    return actors.get(name) as Actor;
  };
  const learnJoin = (name: string, res: JoinGroupResult): void => {
    if (res.errorCode === ErrorCode.NONE || res.errorCode === ErrorCode.MEMBER_ID_REQUIRED) actor(name).memberId = res.memberId;
    if (res.errorCode === ErrorCode.NONE) actor(name).generation = res.generationId;
  };
  const joinView = (res: JoinGroupResult): JoinView => ({
    error: errorName(res.errorCode), generation: res.generationId, leader: r.label(res.leader), memberId: r.label(res.memberId),
    members: res.members.map((m) => r.label(m.memberId)), protocol: res.protocolName, skipAssignment: res.skipAssignment,
    memberTopics: res.members.map((m) => decodeVersionedConsumerProtocolSubscription(new Reader(m.metadata)).message.topics),
  });
  const syncView = (res: SyncGroupResult): SyncView => ({ error: errorName(res.errorCode), assignment: res.assignment.toString('latin1'), protocol: res.protocolName });

  // Learns the member ids in every completed answer first, so that member lists read as actor names.
  let answered: Array<{ name: string; c: Completion }> = [];
  const absorb = <T extends { completed: Completion[]; records: GroupCoordinatorRecord[] }>(out: T): T => {
    answered = out.completed.map((c) => {
      const name = parked.get(String(c.requestId)) ?? `?${String(c.requestId)}`;
      parked.delete(String(c.requestId));
      if (c.api === 'JoinGroup') learnJoin(name, c.response);
      return { name, c };
    });
    return out;
  };

  steps.forEach((step, i) => {
    answered = [];
    const at = `step ${i}: ${JSON.stringify(step, (k, v) => (k === 'check' ? 'fn' : v))}`;
    let effects: { completed: Completion[]; records: GroupCoordinatorRecord[] } = { completed: [], records: [] };
    if ('join' in step) {
      const a = actor(step.join);
      if (step.instance !== undefined) a.instance = step.instance;
      const requestId = `r${++rid}`;
      const out = absorb(r.coordinator.joinGroup({
        requestId, groupId: GROUP, memberId: step.memberId ?? a.memberId, groupInstanceId: a.instance,
        protocolType: step.protocolType ?? 'consumer',
        protocols: (step.protocols ?? ['range']).map((name) => ({ name, metadata: subscription(step.topics ?? ['t']) })),
        sessionTimeoutMs: step.session ?? 10_000, rebalanceTimeoutMs: step.rebalance ?? 30_000,
        clientId: step.join, clientHost: '/127.0.0.1', requireKnownMemberId: step.requireKnown ?? true,
        supportsSkippingAssignment: step.skipAssignment ?? false,
      }, r.now));
      effects = out;
      if (out.response === 'pending') parked.set(requestId, step.join);
      else learnJoin(step.join, out.response);
      expectAnswer(out.response === 'pending' ? 'pending' : joinView(out.response), step.expect, at);
    } else if ('sync' in step) {
      const a = actor(step.sync);
      const requestId = `r${++rid}`;
      const assignments = Object.entries(step.assign ?? {}).map(([name, bytes]) => ({ memberId: actor(name).memberId, assignment: Buffer.from(bytes, 'latin1') }));
      const out = absorb(r.coordinator.syncGroup({
        requestId, groupId: GROUP, generationId: step.generation ?? a.generation, memberId: step.memberId ?? a.memberId, groupInstanceId: a.instance,
        protocolType: null, protocolName: null, assignments,
      }, r.now));
      effects = out;
      if (out.response === 'pending') parked.set(requestId, step.sync);
      expectAnswer(out.response === 'pending' ? 'pending' : syncView(out.response), step.expect, at);
    } else if ('heartbeat' in step) {
      const a = actor(step.heartbeat);
      const request = { groupId: GROUP, generationId: step.generation ?? a.generation, memberId: step.memberId ?? a.memberId, groupInstanceId: a.instance };
      const out = absorb(r.coordinator.heartbeat(request, r.now));
      effects = out;
      expect(errorName(out.response.errorCode), at).toBe(step.expect);
    } else if ('leave' in step) {
      const members = step.leave.map((m) => (typeof m === 'string' ? { memberId: actor(m).memberId, groupInstanceId: actor(m).instance } : { memberId: '', groupInstanceId: m.instance }));
      const out = absorb(r.coordinator.leaveGroup({ groupId: GROUP, members }, r.now));
      effects = out;
      expect(out.response.members.map((m) => errorName(m.errorCode)), at).toEqual(step.expect);
    } else if ('commit' in step) {
      const a = step.commit === null ? { memberId: '', generation: -1, instance: null } : actor(step.commit);
      const topics = Object.entries(step.offsets ?? { 't/0': 1 }).map(([tp, offset]) => {
        const [name, partition] = tp.split('/');
        return { name, partitions: [{ partitionIndex: Number(partition), committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: null }] };
      });
      const out = absorb(r.coordinator.commitOffsets({ groupId: GROUP, generationId: step.generation ?? a.generation, memberId: a.memberId, groupInstanceId: a.instance, topics }, r.now));
      effects = out;
      expect(new Set(out.response.topics.flatMap((t) => t.partitions.map((p) => errorName(p.errorCode)))), at).toEqual(new Set([step.expect]));
    } else if ('advance' in step) {
      r.now += step.advance;
      effects = absorb(r.coordinator.tick(r.now));
    } else if ('restart' in step) {
      r.coordinator = newCoordinator(config);
      r.coordinator.load(r.log.map((rec) => {
        const { key, value } = encodeGroupCoordinatorRecord(rec);
        return decodeGroupCoordinatorRecord(key, value) as GroupCoordinatorRecord;
      }), r.now);
      parked.clear();
    } else if ('state' in step) {
      const view = r.coordinator.groupView(GROUP);
      expect(view, at).not.toBeNull();
      const actual = { state: view?.state, generation: view?.generationId, members: view?.members.map((m) => r.label(m.memberId)), leader: r.label(view?.leader ?? '') };
      const { state, generation, members, leader } = step;
      expect(actual, at).toMatchObject(Object.fromEntries(Object.entries({ state, generation, members, leader }).filter(([, v]) => v !== undefined)));
    } else {
      step.check(r);
    }

    // Completions are checked by the actor and API they answer; a step that lists none must complete none.
    const actual = answered.map(({ name, c }): Expected => (c.api === 'JoinGroup' ? { join: name, ...joinView(c.response) } : { sync: name, ...syncView(c.response) }));
    const key = (e: Expected): string => ('join' in e ? `join:${e.join}` : `sync:${e.sync}`);
    const expected = step.completes ?? [];
    expect(actual.map(key).sort(), `${at} completions`).toEqual(expected.map(key).sort());
    for (const e of expected) expect(actual.find((x) => key(x) === key(e)), `${at} completion ${key(e)}`).toMatchObject(e);
    if (step.records) expect(effects.records.map(recordKind), `${at} records`).toEqual(step.records);
    r.log.push(...effects.records);
  });
  return r;
}

function expectAnswer<V extends object>(actual: V | 'pending', expected: Partial<V> | 'pending', at: string): void {
  if (actual === 'pending' || expected === 'pending') expect(actual, at).toEqual(expected);
  else expect(actual, at).toMatchObject(expected);
}

export function recordKind(record: GroupCoordinatorRecord): RecordKind {
  if (record.type === 'GroupMetadata') return record.value ? 'GroupMetadata' : 'GroupTombstone';
  return record.value ? 'OffsetCommit' : 'OffsetTombstone';
}
