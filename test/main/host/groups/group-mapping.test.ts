// How a group read from either source becomes the contract's answers and the sampler's readings:
// the engine's view (owners, high watermark as the end, commit timestamps), the Kafka protocol's
// answers (assignment bytes decoded, lag from the log start when offsets fell below it), totals
// that stay null when nothing is known, and the first unconsumed record's timestamp in a fetch.
import kafkajs, { type GroupDescription } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { fromEngineGroup } from '../../../../main/host/groups/engine-groups.js';
import { NOT_EVALUATED, type GroupReading, hasActiveMembers, toDetail, toSnapshot, toSummary } from '../../../../main/host/groups/group-model.js';
import { decodeAssignment, groupFromKafka } from '../../../../main/host/groups/kafka-groups.js';
import { firstTimestampFrom } from '../../../../main/host/groups/record-timestamps.js';
import type { EmbeddedCluster } from '../../../../main/host/embedded-cluster.js';
import { type LagHealth, evaluateGroup, windowConfig } from '../../../../main/lag/index.js';

type EngineGroup = Awaited<ReturnType<EmbeddedCluster['consumerGroups']>>[number];

const engineGroup: EngineGroup = {
  groupId: 'billing', state: 'Stable', protocolType: 'consumer', protocol: 'range', generationId: 4,
  members: [{
    memberId: 'm-1', groupInstanceId: 'pod-1', clientId: 'billing-app', clientHost: '/10.0.0.9', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000,
    subscribedTopics: ['orders'], assignment: [{ topic: 'orders', partitions: [1, 0] }],
  }],
  partitions: [
    { topic: 'orders', partition: 1, committedOffset: 40, logStartOffset: 0, logEndOffset: 100, highWatermark: 90, lag: 50, timeLagMs: 7_000, owner: { memberId: 'm-1', clientId: 'billing-app', clientHost: '/10.0.0.9' }, commitTimestamp: 1_234 },
    { topic: 'orders', partition: 0, committedOffset: -1, logStartOffset: 0, logEndOffset: 5, highWatermark: 5, lag: null, timeLagMs: null, owner: { memberId: 'm-1', clientId: 'billing-app', clientHost: '/10.0.0.9' } },
  ],
  totalLag: 50, maxTimeLagMs: 7_000,
};

describe('groups from the engine', () => {
  it('measures lag against the high watermark, keeps owners and commit timestamps, sorts partitions', () => {
    const group = fromEngineGroup(engineGroup);
    expect(group.members).toEqual([{ memberId: 'm-1', groupInstanceId: 'pod-1', clientId: 'billing-app', clientHost: '/10.0.0.9', assignments: [{ topic: 'orders', partitions: [0, 1] }] }]);
    expect(group.partitions).toEqual([
      { topic: 'orders', partition: 0, committedOffset: -1, logEndOffset: 5, lag: null, timeLagMs: null, memberId: 'm-1' },
      { topic: 'orders', partition: 1, committedOffset: 40, logEndOffset: 90, lag: 50, timeLagMs: 7_000, memberId: 'm-1', commitTimestamp: 1_234 },
    ]);
    expect(toSnapshot(group)).toEqual({
      groupId: 'billing', state: 'Stable', partitions: [
        { topic: 'orders', partition: 0, committedOffset: -1, logEndOffset: 5, lag: null, timeLagMs: null },
        { topic: 'orders', partition: 1, committedOffset: 40, logEndOffset: 90, lag: 50, timeLagMs: 7_000, commitTimestamp: 1_234 },
      ],
    });
  });

  it('calls a group without a protocol type (offsets committed by an admin) protocol-less', () => {
    expect(fromEngineGroup({ ...engineGroup, protocolType: '', protocol: '', members: [] })).toMatchObject({ protocolType: null, protocol: null });
  });
});

const assignment = (topics: Record<string, number[]>) => kafkajs.AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: topics, userData: Buffer.alloc(0) });

function description(overrides: Partial<GroupDescription> = {}): GroupDescription {
  return {
    groupId: 'billing', state: 'Stable', protocolType: 'consumer', protocol: 'RoundRobinAssigner',
    members: [
      { memberId: 'a', clientId: 'app-a', clientHost: '/127.0.0.1', memberMetadata: Buffer.alloc(0), memberAssignment: assignment({ orders: [2, 0], audit: [0] }) },
      { memberId: 'b', clientId: 'app-b', clientHost: '/127.0.0.2', memberMetadata: Buffer.alloc(0), memberAssignment: assignment({ orders: [1] }) },
    ],
    ...overrides,
  };
}

describe('groups from the Kafka protocol', () => {
  const ends = new Map([
    ['orders', new Map([[0, { low: 0, high: 100 }], [1, { low: 50, high: 80 }], [2, { low: 0, high: 7 }]])],
    ['audit', new Map([[0, { low: 0, high: 3 }]])],
  ]);

  it('decodes who is assigned what, and lags each partition behind its high watermark', () => {
    const committed = [{ topic: 'orders', partitions: [{ partition: 0, offset: '60' }, { partition: 1, offset: '10' }, { partition: 2, offset: '7' }] }];
    const group = groupFromKafka(description(), committed, ends);
    expect(group.members.map((m) => [m.memberId, m.assignments])).toEqual([
      ['a', [{ topic: 'audit', partitions: [0] }, { topic: 'orders', partitions: [0, 2] }]],
      ['b', [{ topic: 'orders', partitions: [1] }]],
    ]);
    expect(group.partitions).toEqual([
      // Assigned, never committed: no lag to speak of yet.
      { topic: 'audit', partition: 0, committedOffset: -1, logEndOffset: 3, lag: null, timeLagMs: null, memberId: 'a' },
      // Time lag is looked up afterwards; null until then.
      { topic: 'orders', partition: 0, committedOffset: 60, logEndOffset: 100, lag: 40, timeLagMs: null, memberId: 'a' },
      // Committed below the log start: only what is still there is behind.
      { topic: 'orders', partition: 1, committedOffset: 10, logEndOffset: 80, lag: 30, timeLagMs: null, memberId: 'b' },
      { topic: 'orders', partition: 2, committedOffset: 7, logEndOffset: 7, lag: 0, timeLagMs: 0, memberId: 'a' },
    ]);
    expect(group).toMatchObject({ groupId: 'billing', state: 'Stable', protocolType: 'consumer', protocol: 'RoundRobinAssigner' });
  });

  it('keeps a commit on a topic whose end is unknown (deleted since), without a lag', () => {
    const group = groupFromKafka(description({ members: [], state: 'Empty', protocol: '', protocolType: '' }), [{ topic: 'gone', partitions: [{ partition: 0, offset: '5' }] }], ends);
    expect(group).toMatchObject({ state: 'Empty', protocolType: null, protocol: null, members: [] });
    expect(group.partitions).toEqual([{ topic: 'gone', partition: 0, committedOffset: 5, logEndOffset: -1, lag: null, timeLagMs: null, memberId: null }]);
  });

  it('shows no partitions for assignment bytes of another protocol', () => {
    expect(decodeAssignment(Buffer.from([1, 2, 3]))).toEqual([]);
    expect(decodeAssignment(Buffer.alloc(0))).toEqual([]);
    const connect = groupFromKafka(description({ protocolType: 'connect' }), [], ends);
    expect(connect.members.every((m) => m.assignments.length === 0)).toBe(true);
  });
});

describe('summaries and details', () => {
  const group: GroupReading = {
    groupId: 'billing', state: 'Stable', protocolType: 'consumer', protocol: 'range',
    members: [{ memberId: 'm', groupInstanceId: null, clientId: 'c', clientHost: 'h', assignments: [{ topic: 'zeta', partitions: [0] }] }],
    partitions: [
      { topic: 'orders', partition: 0, committedOffset: 10, logEndOffset: 30, lag: 20, timeLagMs: 4_000, memberId: null },
      { topic: 'orders', partition: 1, committedOffset: 5, logEndOffset: 5, lag: 0, timeLagMs: 0, memberId: null },
      { topic: 'zeta', partition: 0, committedOffset: -1, logEndOffset: 9, lag: null, timeLagMs: null, memberId: 'm' },
    ],
  };

  it('sums lag and takes the worst time lag; topics from commits and assignments', () => {
    expect(toSummary(group, undefined)).toEqual({
      groupId: 'billing', state: 'Stable', protocolType: 'consumer', protocol: 'range', memberCount: 1, topics: ['orders', 'zeta'],
      totalLag: 20, maxTimeLagMs: 4_000, status: 'OK', statusReason: NOT_EVALUATED,
    });
    const unknown = { ...group, partitions: group.partitions.map((p) => ({ ...p, lag: null, timeLagMs: null })) };
    expect(toSummary(unknown, undefined)).toMatchObject({ totalLag: null, maxTimeLagMs: null });
  });

  it('takes status and reason from the sampler\'s evaluation, per partition too', () => {
    const evaluation = evaluateGroup('billing', [
      { topic: 'orders', partition: 0, window: { commits: [{ offset: 10, at: 1_000, lag: 20 }, { offset: 10, at: 2_000, lag: 20 }], endOffsets: [30], currentLag: 20 } },
    ], 2_500, windowConfig());
    const health: LagHealth = { ...evaluation, connectionId: 'c', at: 2_500, state: 'Stable' };
    const detail = toDetail(group, health);
    expect(detail).toMatchObject({ status: 'ERR', statusReason: health.reason });
    expect(detail.statusReason).toContain('orders-0 STALL');
    expect(detail.partitions.map((p) => [p.topic, p.partition, p.status, p.endOffset, p.memberId])).toEqual([
      ['orders', 0, 'STALL', 30, null], ['orders', 1, 'OK', 5, null], ['zeta', 0, 'OK', 9, 'm'],
    ]);
    expect(detail.members).toBe(group.members);
  });

  it('counts a group as active while it has members or is rebalancing', () => {
    expect(hasActiveMembers({ state: 'Empty', members: [] })).toBe(false);
    expect(hasActiveMembers({ state: 'Dead', members: [] })).toBe(false);
    expect(hasActiveMembers({ state: 'PreparingRebalance', members: [] })).toBe(true);
    expect(hasActiveMembers({ state: 'Stable', members: group.members })).toBe(true);
  });
});

describe('the first unconsumed record in a fetch', () => {
  const batch = (firstOffset: number, firstTimestamp: number, deltas: [number, number][], attributes = 0) => ({
    firstOffset: BigInt(firstOffset), firstTimestamp: BigInt(firstTimestamp), maxTimestamp: BigInt(firstTimestamp + 999), attributes,
    length: 0, partitionLeaderEpoch: 0, magic: 2, crc: 0, lastOffsetDelta: 0, producerId: -1n, producerEpoch: -1, firstSequence: -1,
    records: deltas.map(([offsetDelta, timestampDelta]) => ({ offsetDelta, timestampDelta: BigInt(timestampDelta), length: 0, attributes: 0, key: null, value: null, headers: [] })),
  });

  it('is the first record at or after the offset, inside a batch that starts before it', () => {
    expect(firstTimestampFrom([batch(100, 5_000, [[0, 0], [1, 10], [2, 20]])], 101)).toBe(5_010);
    expect(firstTimestampFrom([batch(100, 5_000, [[0, 0]]), batch(101, 6_000, [[0, 0], [3, 30]])], 102)).toBe(6_030);
    expect(firstTimestampFrom([batch(100, 5_000, [[0, 0]])], 101)).toBeNull();
  });

  it('uses the broker\'s append time when the topic says so, and skips transaction markers', () => {
    expect(firstTimestampFrom([batch(100, 5_000, [[0, 0], [1, 10]], 0x08)], 101)).toBe(5_999);
    expect(firstTimestampFrom([batch(100, 5_000, [[0, 0]], 0x20), batch(101, 7_000, [[0, 0]])], 100)).toBe(7_000);
  });
});
