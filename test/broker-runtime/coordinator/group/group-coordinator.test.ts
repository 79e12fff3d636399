import { describe, expect, it } from 'vitest';
import type { JoinGroupInput } from '../../../../broker-runtime/coordinator/group/types.js';
import { ErrorCode } from '../../../../broker-runtime/protocol/error-codes.js';
import { GROUP, newCoordinator, runScenario, subscription } from './scenario.js';

const join = (requestId: string, memberId = '', overrides: Partial<JoinGroupInput> = {}): JoinGroupInput => ({
  requestId, groupId: GROUP, memberId, groupInstanceId: null, protocolType: 'consumer',
  protocols: [{ name: 'range', metadata: subscription(['t']) }], sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 30_000,
  clientId: 'c', clientHost: '/h', requireKnownMemberId: false, ...overrides,
});

describe('driving the group coordinator', () => {
  it('nextDeadline() names the next session or rebalance deadline, and null when nothing is due', () => {
    const c = newCoordinator();
    expect(c.nextDeadline()).toBeNull();
    const first = c.joinGroup(join('r1'), 1_000).response;
    if (first === 'pending') throw new Error('the first join completes at once with no initial delay');
    c.syncGroup({ requestId: 'r2', groupId: GROUP, generationId: 1, memberId: first.memberId, groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] }, 1_000);
    expect(c.nextDeadline()).toBe(11_000);
    c.heartbeat({ groupId: GROUP, generationId: 1, memberId: first.memberId, groupInstanceId: null }, 4_000);
    expect(c.nextDeadline()).toBe(14_000);
    expect(c.joinGroup(join('r3'), 5_000).response).toBe('pending');
    expect(c.nextDeadline()).toBe(14_000);
    c.heartbeat({ groupId: GROUP, generationId: 1, memberId: first.memberId, groupInstanceId: null }, 13_000);
    // The join phase ends at 5 s + 30 s; the rebalancing member's session would end at 23 s.
    expect(c.nextDeadline()).toBe(23_000);
    expect(c.tick(13_000)).toEqual({ completed: [], records: [] });
  });

  it('a late tick gives what punctual ticks would have: callbacks run at their own deadline', () => {
    runScenario([
      { join: 'a', requireKnown: false, expect: { generation: 1 } },
      { sync: 'a', expect: { error: 'NONE' } },
      { advance: 100_000, records: ['GroupMetadata'] },
      { state: 'Empty', generation: 2, members: [] },
      {
        check: (r) => {
          expect(r.coordinator.groupView(GROUP)?.stateTimestamp).toBe(11_000);
          expect(r.log.at(-1)).toMatchObject({ type: 'GroupMetadata', value: { generation: 2, currentStateTimestamp: 11_000, members: [] } });
          expect(r.coordinator.nextDeadline()).toBeNull();
        },
      },
    ]);
  });

  it('rejects an empty group id for the membership APIs, and answers for unknown groups as Kafka does', () => {
    const c = newCoordinator();
    expect(c.joinGroup({ ...join('r1'), groupId: '' }, 0).response).toMatchObject({ errorCode: ErrorCode.INVALID_GROUP_ID });
    const sync = { requestId: 'r2', generationId: 1, memberId: 'm', groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] };
    expect(c.syncGroup({ ...sync, groupId: '' }, 0).response).toMatchObject({ errorCode: ErrorCode.INVALID_GROUP_ID });
    expect(c.syncGroup({ ...sync, groupId: 'nope' }, 0).response).toMatchObject({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID });
    const beat = { generationId: 1, memberId: 'm', groupInstanceId: null };
    expect(c.heartbeat({ ...beat, groupId: '' }, 0).response.errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect(c.heartbeat({ ...beat, groupId: 'nope' }, 0).response.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(c.leaveGroup({ groupId: '', members: [] }, 0).response.errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect(c.leaveGroup({ groupId: 'nope', members: [{ memberId: 'm', groupInstanceId: null }] }, 0).response)
      .toEqual({ errorCode: 0, members: [{ memberId: 'm', groupInstanceId: null, errorCode: ErrorCode.UNKNOWN_MEMBER_ID }] });
    expect(c.listGroups()).toEqual([]);
  });

  it('a member that joins again while parked supersedes its earlier request, which is answered', () => {
    const c = newCoordinator();
    const a = c.joinGroup(join('r1'), 0).response;
    if (a === 'pending') throw new Error('expected an immediate answer');
    const b = c.joinGroup(join('r2'), 0);
    expect(b.response).toBe('pending');
    const bId = c.groupView(GROUP)?.members[1].memberId as string;
    const again = c.joinGroup(join('r3', bId), 0);
    expect(again.response).toBe('pending');
    expect(again.completed).toEqual([{ requestId: 'r2', api: 'JoinGroup', response: expect.objectContaining({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS }) }]);
    const done = c.joinGroup(join('r4', a.memberId), 0);
    expect(done.response).toMatchObject({ errorCode: 0, generationId: 2 });
    expect(done.completed.map((x) => [x.requestId, x.response.errorCode])).toEqual([['r3', 0]]);
  });

  it('group.max.size turns new members away', () => {
    const c = newCoordinator({ maxGroupSize: 1 });
    expect(c.joinGroup(join('r1'), 0).response).toMatchObject({ errorCode: 0 });
    expect(c.joinGroup(join('r2'), 0).response).toMatchObject({ errorCode: ErrorCode.GROUP_MAX_SIZE_REACHED });
    expect(c.groupView(GROUP)?.members).toHaveLength(1);
  });

  it('unload() answers every parked request NOT_COORDINATOR and forgets everything', () => {
    const c = newCoordinator();
    const a = c.joinGroup(join('r1'), 0).response;
    if (a === 'pending') throw new Error('expected an immediate answer');
    c.joinGroup(join('r2'), 0);
    c.commitOffsets({ groupId: GROUP, generationId: 1, memberId: a.memberId, groupInstanceId: null, topics: [] }, 0);
    const completed = c.unload();
    expect(completed).toEqual([{ requestId: 'r2', api: 'JoinGroup', response: expect.objectContaining({ errorCode: ErrorCode.NOT_COORDINATOR }) }]);
    expect([c.listGroups(), c.nextDeadline()]).toEqual([[], null]);
  });
});
