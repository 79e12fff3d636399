import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../broker-runtime/protocol/error-codes.js';
import { GROUP, runScenario } from './scenario.js';
import type { Step } from './scenario.js';

// Static members (KIP-345) join with an instance id: no MEMBER_ID_REQUIRED round trip, and member
// ids `<instanceId>-u<n>`. Timeouts as in every scenario: session 10 s, rebalance 30 s.

/** Static a (ia-u1) and b (ib-u2): Stable generation 2, a leads, assignments A2 and B2. */
const twoStatic: Step[] = [
  { join: 'a', instance: 'ia', expect: { error: 'NONE', generation: 1, leader: 'a', memberId: 'a' } },
  { sync: 'a', assign: { a: 'A1' }, expect: { assignment: 'A1' } },
  { join: 'b', instance: 'ib', expect: 'pending' },
  { join: 'a', expect: { generation: 2, members: ['a', 'b'] }, completes: [{ join: 'b', generation: 2, members: [] }] },
  { sync: 'b', expect: 'pending' },
  { sync: 'a', assign: { a: 'A2', b: 'B2' }, expect: { assignment: 'A2' }, completes: [{ sync: 'b', assignment: 'B2' }] },
  { state: 'Stable', generation: 2, members: ['a', 'b'], leader: 'a' },
];

describe('static membership', () => {
  it('a restarted static member takes its place back without a rebalance, and the old incarnation is fenced', () => {
    runScenario([
      ...twoStatic,
      { join: 'b', memberId: '', expect: { error: 'NONE', generation: 2, leader: 'a', memberId: 'b', members: [] }, records: ['GroupMetadata'] },
      { state: 'Stable', generation: 2, members: ['a', 'b'] },
      { sync: 'b', expect: { error: 'NONE', assignment: 'B2' } },
      { heartbeat: 'b', expect: 'NONE' },
      { heartbeat: 'b', memberId: 'ib-u2', expect: 'FENCED_INSTANCE_ID' },
      { sync: 'b', memberId: 'ib-u2', expect: { error: 'FENCED_INSTANCE_ID' } },
      { join: 'b', memberId: 'ib-u2', expect: { error: 'FENCED_INSTANCE_ID' } },
      { heartbeat: 'a', expect: 'NONE' },
    ]);
  });

  it('a restarted static leader is told the old leader id, or to skip the assignment from JoinGroup v9', () => {
    runScenario([
      ...twoStatic,
      { join: 'a', memberId: '', expect: { error: 'NONE', generation: 2, memberId: 'a', leader: 'ia-u1', members: [], skipAssignment: false } },
      { state: 'Stable', generation: 2, leader: 'a' },
      { join: 'a', memberId: '', skipAssignment: true, expect: { generation: 2, leader: 'a', members: ['a', 'b'], skipAssignment: true } },
      { sync: 'a', expect: { assignment: 'A2' } },
    ]);
  });

  it('a static member that rejoins with protocols that change the group choice triggers a rebalance', () => {
    runScenario([
      { join: 'a', instance: 'ia', protocols: ['range', 'roundrobin'], expect: { generation: 1, protocol: 'range' } },
      { sync: 'a', expect: { error: 'NONE' } },
      { join: 'a', memberId: '', protocols: ['roundrobin', 'range'], expect: { error: 'NONE', generation: 2, protocol: 'roundrobin', leader: 'a', members: ['a'] } },
    ]);
  });

  it('a static member rejoining during CompletingRebalance fences its parked sync and restarts the rebalance', () => {
    runScenario([
      ...twoStatic.slice(0, 5),
      { join: 'b', memberId: '', expect: 'pending', completes: [{ sync: 'b', error: 'FENCED_INSTANCE_ID' }] },
      { state: 'PreparingRebalance', generation: 2 },
      { join: 'a', expect: { generation: 3, members: ['a', 'b'] }, completes: [{ join: 'b', generation: 3 }] },
    ]);
  });

  it('a static member that misses a rebalance keeps its place; a dynamic member that joined takes the lead', () => {
    runScenario([
      { join: 'a', instance: 'ia', expect: { generation: 1 } },
      { sync: 'a', expect: { error: 'NONE' } },
      { join: 'b', requireKnown: false, expect: 'pending' },
      { join: 'a', expect: { generation: 2 }, completes: [{ join: 'b', generation: 2 }] },
      { sync: 'a', assign: { a: 'A', b: 'B' }, expect: { assignment: 'A' } },
      { sync: 'b', expect: { assignment: 'B' } },
      { join: 'c', requireKnown: false, expect: 'pending' },
      { join: 'b', expect: 'pending' },
      { advance: 8_000 }, { heartbeat: 'a', expect: 'REBALANCE_IN_PROGRESS' },
      { advance: 8_000 }, { heartbeat: 'a', expect: 'REBALANCE_IN_PROGRESS' },
      { advance: 8_000 }, { heartbeat: 'a', expect: 'REBALANCE_IN_PROGRESS' },
      {
        advance: 6_000,
        completes: [{ join: 'b', generation: 3, leader: 'b', members: ['a', 'b', 'c'] }, { join: 'c', generation: 3, leader: 'b' }],
      },
      { state: 'CompletingRebalance', generation: 3, members: ['a', 'b', 'c'], leader: 'b' },
      { heartbeat: 'a', expect: 'ILLEGAL_GENERATION' },
      { join: 'a', expect: { error: 'NONE', generation: 3, leader: 'b', members: [] } },
    ]);
  });

  it('an admin removes a static member by instance id alone; a stale member id is fenced', () => {
    runScenario([
      ...twoStatic,
      {
        check: (r) => {
          const out = r.coordinator.leaveGroup({ groupId: GROUP, members: [{ memberId: 'stale', groupInstanceId: 'ia' }] }, r.now);
          expect(out.response.members.map((m) => m.errorCode)).toEqual([ErrorCode.FENCED_INSTANCE_ID]);
        },
      },
      { state: 'Stable', generation: 2, members: ['a', 'b'] },
      { leave: [{ instance: 'ib' }, { instance: 'nobody' }], expect: ['NONE', 'UNKNOWN_MEMBER_ID'] },
      { state: 'PreparingRebalance', generation: 2, members: ['a'] },
      { join: 'a', expect: { generation: 3, members: ['a'] } },
    ]);
  });
});
