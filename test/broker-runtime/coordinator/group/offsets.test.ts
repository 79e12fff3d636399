import { describe, expect, it } from 'vitest';
import type { GroupCoordinator } from '../../../../broker-runtime/coordinator/group/group-coordinator.js';
import { ErrorCode } from '../../../../broker-runtime/protocol/error-codes.js';
import { GROUP, errorName, newCoordinator, recordKind, runScenario } from './scenario.js';
import type { ScenarioRun, Step } from './scenario.js';

/** topic/partition -> committed offset, as OffsetFetch with all topics reads it. */
function committed(c: GroupCoordinator, groupId = GROUP): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of c.fetchOffsets(groupId, null).topics) for (const p of t.partitions) out[`${t.name}/${p.partitionIndex}`] = p.committedOffset;
  return out;
}

/** a leads and b follows generation 2, both synced (JoinGroup v0-3: no MEMBER_ID_REQUIRED). */
const aAndB: Step[] = [
  { join: 'a', requireKnown: false, expect: { generation: 1 } },
  { sync: 'a', assign: { a: 'A1' }, expect: { assignment: 'A1' } },
  { join: 'b', requireKnown: false, expect: 'pending' },
  { join: 'a', expect: { generation: 2 }, completes: [{ join: 'b', generation: 2 }] },
  { sync: 'b', expect: 'pending' },
  { sync: 'a', assign: { a: 'A2', b: 'B2' }, expect: { assignment: 'A2' }, completes: [{ sync: 'b', assignment: 'B2' }] },
];

describe('offset commit validation', () => {
  it('accepts generation -1 without a member id only while the group is Empty', () => {
    runScenario([
      { commit: null, offsets: { 't/0': 5, 't/1': 7 }, expect: 'NONE', records: ['OffsetCommit', 'OffsetCommit'] },
      { state: 'Empty', generation: 0, members: [] },
      { check: (r) => expect(committed(r.coordinator)).toEqual({ 't/0': 5, 't/1': 7 }) },
      ...aAndB,
      { commit: null, expect: 'UNKNOWN_MEMBER_ID', records: [] },
      { commit: 'a', offsets: { 't/0': 9 }, expect: 'NONE', records: ['OffsetCommit'] },
      { commit: 'a', generation: 1, expect: 'ILLEGAL_GENERATION' },
      { commit: 'a', generation: -1, expect: 'ILLEGAL_GENERATION' },
      { commit: 'x', generation: 2, expect: 'UNKNOWN_MEMBER_ID' },
      { check: (r) => expect(committed(r.coordinator)).toEqual({ 't/0': 9, 't/1': 7 }) },
      // Members commit while revoking partitions, during PreparingRebalance, with their generation.
      { join: 'c', requireKnown: false, expect: 'pending' },
      { commit: 'b', offsets: { 't/1': 8 }, expect: 'NONE' },
    ]);
  });

  it('rejects a commit with a generation for an unknown group, and metadata past offset.metadata.max.bytes', () => {
    const c = newCoordinator({ offsetMetadataMaxBytes: 4 });
    const commit = (groupId: string, generationId: number, metadata: string): string[] => c.commitOffsets({
      groupId, generationId, memberId: '', groupInstanceId: null,
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 3, committedLeaderEpoch: 2, committedMetadata: metadata }] }],
    }, 0).response.topics[0].partitions.map((p) => errorName(p.errorCode));
    expect(commit('g', 1, '')).toEqual(['ILLEGAL_GENERATION']);
    expect(c.listGroups()).toEqual([]);
    expect(commit('g', -1, 'toolong')).toEqual(['OFFSET_METADATA_TOO_LARGE']);
    expect(commit('g', -1, 'meta')).toEqual(['NONE']);
    expect(c.fetchOffsets('g', [{ name: 't', partitionIndexes: [0, 1] }, { name: 'none', partitionIndexes: [0] }])).toEqual({
      errorCode: 0,
      topics: [
        { name: 't', partitions: [
          { partitionIndex: 0, committedOffset: 3, committedLeaderEpoch: 2, metadata: 'meta', errorCode: 0 },
          { partitionIndex: 1, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
        ] },
        { name: 'none', partitions: [{ partitionIndex: 0, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: 0 }] },
      ],
    });
  });
});

describe('offsets and groups across a restart', () => {
  it('a coordinator loaded from the emitted records resumes the group and its offsets', () => {
    runScenario([
      ...aAndB,
      { commit: 'a', offsets: { 't/0': 10 }, expect: 'NONE' },
      { commit: 'b', offsets: { 't/1': 20, 'u/0': 5 }, expect: 'NONE' },
      { commit: 'a', offsets: { 't/0': 12 }, expect: 'NONE' },
      { restart: true },
      { state: 'Stable', generation: 2, members: ['a', 'b'], leader: 'a' },
      { check: (r) => expect(committed(r.coordinator)).toEqual({ 't/0': 12, 't/1': 20, 'u/0': 5 }) },
      { heartbeat: 'a', expect: 'NONE' },
      { sync: 'b', expect: { error: 'NONE', assignment: 'B2', protocol: 'range' } },
      { commit: 'b', offsets: { 't/1': 21 }, expect: 'NONE' },
      // Sessions restart at load: nobody heartbeats any more, so both expire and the group empties.
      { advance: 9_999 },
      { advance: 1, records: ['GroupMetadata'] },
      { state: 'Empty', generation: 3, members: [] },
      { restart: true },
      { state: 'Empty', generation: 3, members: [] },
      { check: (r) => expect(committed(r.coordinator)).toEqual({ 't/0': 12, 't/1': 21, 'u/0': 5 }) },
      { join: 'a', memberId: '', requireKnown: false, expect: { error: 'NONE', generation: 4, leader: 'a' } },
    ]);
  });

  it('replay() is for loading only', () => {
    const c = newCoordinator();
    c.tick(0);
    expect(() => c.replay({ type: 'GroupMetadata', key: { group: 'g' }, value: null })).toThrow(/loading/);
  });
});

describe('deleting groups and offsets', () => {
  const deleteGroups = (r: ScenarioRun, ids: string[]): string[] => {
    const out = r.coordinator.deleteGroups(ids, r.now);
    r.log.push(...out.records);
    return out.response.map((g) => errorName(g.errorCode));
  };

  it('deletes only Empty groups, with tombstones for their offsets and then the group, which a restart honours', () => {
    runScenario([
      { join: 'a', requireKnown: false, expect: { generation: 1 } },
      { sync: 'a', expect: { error: 'NONE' } },
      { commit: 'a', offsets: { 't/0': 1, 'u/0': 2 }, expect: 'NONE' },
      { check: (r) => expect(deleteGroups(r, [GROUP, 'missing'])).toEqual(['NON_EMPTY_GROUP', 'GROUP_ID_NOT_FOUND']) },
      { leave: ['a'], expect: ['NONE'], records: ['GroupMetadata'] },
      {
        check: (r) => {
          const before = r.log.length;
          expect(deleteGroups(r, [GROUP])).toEqual(['NONE']);
          expect(r.log.slice(before).map(recordKind)).toEqual(['OffsetTombstone', 'OffsetTombstone', 'GroupTombstone']);
          expect(r.coordinator.listGroups()).toEqual([]);
          expect(committed(r.coordinator)).toEqual({});
          expect(r.coordinator.describeGroup(GROUP).groupState).toBe('Dead');
          expect(deleteGroups(r, [GROUP])).toEqual(['GROUP_ID_NOT_FOUND']);
        },
      },
      { restart: true },
      { check: (r) => expect([r.coordinator.listGroups(), committed(r.coordinator)]).toEqual([[], {}]) },
      { join: 'a', memberId: '', requireKnown: false, expect: { error: 'NONE', generation: 1 } },
    ]);
  });

  it('OffsetDelete refuses topics the members subscribe to and non-consumer groups that are not Empty', () => {
    runScenario([
      { join: 'a', requireKnown: false, topics: ['t'], expect: { generation: 1 } },
      { sync: 'a', expect: { error: 'NONE' } },
      { commit: 'a', offsets: { 't/0': 1, 'old/0': 2 }, expect: 'NONE' },
      {
        check: (r) => {
          const out = r.coordinator.deleteOffsets({ groupId: GROUP, topics: [{ name: 't', partitionIndexes: [0] }, { name: 'old', partitionIndexes: [0, 1] }] }, r.now);
          expect(out.response).toEqual({ errorCode: 0, topics: [
            { name: 't', partitions: [{ partitionIndex: 0, errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC }] },
            { name: 'old', partitions: [{ partitionIndex: 0, errorCode: 0 }, { partitionIndex: 1, errorCode: 0 }] },
          ] });
          expect(out.records.map(recordKind)).toEqual(['OffsetTombstone']);
          expect(committed(r.coordinator)).toEqual({ 't/0': 1 });
          const missing = r.coordinator.deleteOffsets({ groupId: 'missing', topics: [] }, r.now).response.errorCode;
          const unnamed = r.coordinator.deleteOffsets({ groupId: '', topics: [] }, r.now).response.errorCode;
          expect([missing, unnamed].map(errorName)).toEqual(['GROUP_ID_NOT_FOUND', 'INVALID_GROUP_ID']);
        },
      },
      { leave: ['a'], expect: ['NONE'] },
      {
        check: (r) => {
          const out = r.coordinator.deleteOffsets({ groupId: GROUP, topics: [{ name: 't', partitionIndexes: [0] }] }, r.now);
          expect(out.response.topics[0].partitions[0].errorCode).toBe(0);
          expect(committed(r.coordinator)).toEqual({});
        },
      },
    ]);
  });

  it('OffsetDelete answers NON_EMPTY_GROUP for a live group of another protocol type', () => {
    const c = newCoordinator();
    c.joinGroup({
      requestId: 1, groupId: 'connect', memberId: '', groupInstanceId: null, protocolType: 'connect',
      protocols: [{ name: 'default', metadata: Buffer.from('x') }], sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000,
      clientId: 'w', clientHost: '/h', requireKnownMemberId: false,
    }, 0);
    expect(c.deleteOffsets({ groupId: 'connect', topics: [{ name: 't', partitionIndexes: [0] }] }, 0).response.errorCode).toBe(ErrorCode.NON_EMPTY_GROUP);
  });
});
