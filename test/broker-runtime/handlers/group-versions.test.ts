// The newest versions of the classic group APIs over raw requests: FindCoordinator v5-6,
// ListGroups v5 (types), JoinGroup v8-9 (Reason, KIP-814 SkipAssignment), LeaveGroup v5 (Reason).
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { FindCoordinator } from '../../../broker-runtime/protocol/generated/find-coordinator.js';
import { Heartbeat } from '../../../broker-runtime/protocol/generated/heartbeat.js';
import { JoinGroup } from '../../../broker-runtime/protocol/generated/join-group.js';
import { LeaveGroup } from '../../../broker-runtime/protocol/generated/leave-group.js';
import { ListGroups } from '../../../broker-runtime/protocol/generated/list-groups.js';
import { OffsetCommit } from '../../../broker-runtime/protocol/generated/offset-commit.js';
import { SyncGroup } from '../../../broker-runtime/protocol/generated/sync-group.js';
import { useHandlerFixture } from './fixture.js';
import { assignment, findCoordinators, joinAndSync, joinRequest, subscription } from './group-helpers.js';

const fixture = useHandlerFixture();

async function startWithTopic() {
  const cluster = await fixture.start();
  const admin = await fixture.admin(cluster);
  await admin.createTopics({ topics: [{ topic: 't', numPartitions: 3 }], waitForLeaders: true });
  return fixture.raw(cluster);
}

describe('FindCoordinator v5-6', () => {
  it('answers group keys as v4; transaction and share-group keys are COORDINATOR_NOT_AVAILABLE', async () => {
    const client = await startWithTopic();
    await findCoordinators(client, ['g1', 'g2']);
    const v4 = await client.send(FindCoordinator, 4, { keyType: 0, coordinatorKeys: ['g1', 'g2'] });
    expect(v4.coordinators!.map((c) => [c.key, c.errorCode, c.nodeId])).toEqual([['g1', ErrorCode.NONE, 0], ['g2', ErrorCode.NONE, 0]]);
    for (const version of [5, 6]) {
      expect(await client.send(FindCoordinator, version, { keyType: 0, coordinatorKeys: ['g1', 'g2'] }), `v${version}`).toEqual(v4);
      const txn = await client.send(FindCoordinator, version, { keyType: 1, coordinatorKeys: ['txn'] });
      expect(txn.coordinators!.map((c) => [c.key, c.errorCode, c.nodeId])).toEqual([['txn', ErrorCode.COORDINATOR_NOT_AVAILABLE, -1]]);
    }
    const share = await client.send(FindCoordinator, 6, { keyType: 2, coordinatorKeys: ['share:topic-id:0'] });
    expect(share.coordinators!.map((c) => c.errorCode)).toEqual([ErrorCode.COORDINATOR_NOT_AVAILABLE]);
  });
});

describe('ListGroups v5', () => {
  it('reports every group as classic and filters by type (case-insensitive) and state together', async () => {
    const client = await startWithTopic();
    await findCoordinators(client, ['idle', 'busy']);
    await client.send(OffsetCommit, 8, {
      groupId: 'idle', generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null,
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1, committedMetadata: null }] }],
    });
    await joinAndSync(client, 'busy');
    const list = async (typesFilter: string[], statesFilter: string[] = []) => (
      (await client.send(ListGroups, 5, { statesFilter, typesFilter })).groups.map((g) => [g.groupId, g.groupState, g.groupType]).sort()
    );
    const both = [['busy', 'Stable', 'classic'], ['idle', 'Empty', 'classic']];
    expect(await list([])).toEqual(both);
    expect(await list(['Classic'])).toEqual(both);
    expect(await list(['consumer'])).toEqual([]);
    expect(await list(['no-such-type'])).toEqual([]);
    expect(await list(['classic', 'consumer'], ['stable'])).toEqual([['busy', 'Stable', 'classic']]);
    // Before v5 the type is not on the wire.
    expect((await client.send(ListGroups, 4, { statesFilter: ['empty'] })).groups).toEqual([{ groupId: 'idle', protocolType: '', groupState: 'Empty' }]);
  });
});

describe('JoinGroup v8-9 and LeaveGroup v5', () => {
  it('v9: a static leader back under a new id leads again with SkipAssignment, and keeps its assignment', async () => {
    const client = await startWithTopic();
    await findCoordinators(client, ['static']);
    const old = await joinAndSync(client, 'static', { groupInstanceId: 'instance-a', partitions: [0, 1, 2] });

    const back = await client.send(JoinGroup, 9, { ...joinRequest('static', '', { groupInstanceId: 'instance-a' }), reason: 'restarted' });
    expect(back).toEqual({
      throttleTimeMs: 0, errorCode: ErrorCode.NONE, generationId: old.generationId, protocolType: 'consumer', protocolName: 'range',
      leader: back.memberId, skipAssignment: true, memberId: back.memberId,
      members: [{ memberId: back.memberId, groupInstanceId: 'instance-a', metadata: subscription(['t']) }],
    });
    expect(back.memberId).not.toBe(old.memberId);
    // SkipAssignment: the leader syncs without assignments and gets the one it had.
    const sync = await client.send(SyncGroup, 5, {
      groupId: 'static', generationId: old.generationId, memberId: back.memberId, groupInstanceId: 'instance-a',
      protocolType: 'consumer', protocolName: 'range', assignments: [],
    });
    expect(sync).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NONE, protocolType: 'consumer', protocolName: 'range', assignment: assignment('t', [0, 1, 2]) });
    expect(await client.send(Heartbeat, 4, { groupId: 'static', generationId: old.generationId, memberId: back.memberId, groupInstanceId: 'instance-a' }))
      .toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NONE });

    const leave = await client.send(LeaveGroup, 5, { groupId: 'static', members: [{ memberId: back.memberId, groupInstanceId: 'instance-a', reason: 'shutting down' }] });
    expect(leave).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NONE, members: [{ memberId: back.memberId, groupInstanceId: 'instance-a', errorCode: ErrorCode.NONE }] });
    expect((await client.send(ListGroups, 5, { statesFilter: [], typesFilter: [] })).groups.map((g) => g.groupState)).toEqual(['Empty']);
  });

  it('v8: a Reason is accepted; a dynamic member joins as with v7, and SkipAssignment is false in v9', async () => {
    const client = await startWithTopic();
    await findCoordinators(client, ['dynamic']);
    const required = await client.send(JoinGroup, 8, { ...joinRequest('dynamic', ''), reason: 'first join' });
    expect(required.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    const join = await client.send(JoinGroup, 9, { ...joinRequest('dynamic', required.memberId), reason: null });
    expect(join).toMatchObject({ errorCode: ErrorCode.NONE, leader: required.memberId, memberId: required.memberId, skipAssignment: false, protocolName: 'range' });
    expect(join.members.map((m) => m.memberId)).toEqual([required.memberId]);
  });
});
