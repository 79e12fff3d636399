// JoinGroup, SyncGroup, Heartbeat and LeaveGroup over raw requests, version by version: the
// KIP-394 member id round trip, v0 members, parked joins and syncs, static members (KIP-345),
// and the per-version response shapes.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { DescribeGroups } from '../../../broker-runtime/protocol/generated/describe-groups.js';
import { Heartbeat } from '../../../broker-runtime/protocol/generated/heartbeat.js';
import { JoinGroup } from '../../../broker-runtime/protocol/generated/join-group.js';
import { LeaveGroup } from '../../../broker-runtime/protocol/generated/leave-group.js';
import { SyncGroup } from '../../../broker-runtime/protocol/generated/sync-group.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { useHandlerFixture } from './fixture.js';
import { assignment, findCoordinators, joinAndSync, joinRequest, subscription } from './group-helpers.js';

const fixture = useHandlerFixture();

async function describeOne(client: RawClient, groupId: string) {
  const { groups } = await client.send(DescribeGroups, 5, { groups: [groupId], includeAuthorizedOperations: false });
  return groups[0];
}

describe('JoinGroup, SyncGroup, Heartbeat, LeaveGroup', () => {
  it('v4+: MEMBER_ID_REQUIRED hands out an id; the member joins with it, syncs, heartbeats and leaves', async () => {
    const cluster = await fixture.start();
    const client = await fixture.raw(cluster);
    await findCoordinators(client, ['kip-394']);

    const first = await client.send(JoinGroup, 4, joinRequest('kip-394', ''));
    expect(first).toMatchObject({ errorCode: ErrorCode.MEMBER_ID_REQUIRED, generationId: -1, leader: '', members: [] });
    expect(first.memberId).toMatch(/^oxbow-raw-client-[0-9a-f-]{36}$/);

    const join = await client.send(JoinGroup, 4, joinRequest('kip-394', first.memberId));
    expect(join).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1, protocolName: 'range', leader: first.memberId, memberId: first.memberId });
    expect(join.members).toEqual([{ memberId: first.memberId, metadata: subscription(['t']) }]);

    const mine = assignment('t', [0, 1]);
    const sync = await client.send(SyncGroup, 4, { groupId: 'kip-394', generationId: 1, memberId: join.memberId, groupInstanceId: null, assignments: [{ memberId: join.memberId, assignment: mine }] });
    expect(sync).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NONE, assignment: mine });
    expect(await client.send(Heartbeat, 4, { groupId: 'kip-394', generationId: 1, memberId: join.memberId, groupInstanceId: null })).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NONE });
    expect(await describeOne(client, 'kip-394')).toMatchObject({
      groupState: 'Stable', protocolType: 'consumer', protocolData: 'range',
      members: [{ memberId: join.memberId, clientId: 'oxbow-raw-client', clientHost: '/127.0.0.1', memberMetadata: subscription(['t']), memberAssignment: mine }],
    });

    const leave = await client.send(LeaveGroup, 4, { groupId: 'kip-394', members: [{ memberId: join.memberId, groupInstanceId: null }, { memberId: 'stranger', groupInstanceId: null }] });
    expect(leave).toEqual({
      throttleTimeMs: 0, errorCode: ErrorCode.NONE,
      members: [{ memberId: join.memberId, groupInstanceId: null, errorCode: ErrorCode.NONE }, { memberId: 'stranger', groupInstanceId: null, errorCode: ErrorCode.UNKNOWN_MEMBER_ID }],
    });
    expect(await describeOne(client, 'kip-394')).toMatchObject({ groupState: 'Empty', members: [] });
  });

  it('v0: ids come with the first answer; a second member parks the group until the first rejoins; followers wait for the leader\'s sync', async () => {
    const cluster = await fixture.start();
    const [a, b] = [await fixture.raw(cluster), await fixture.raw(cluster)];
    await findCoordinators(a, ['v0-group']);
    const v0Join = (memberId: string) => {
      const { rebalanceTimeoutMs: _omitted, groupInstanceId: _none, ...request } = joinRequest('v0-group', memberId);
      return request;
    };

    const alone = await a.send(JoinGroup, 0, v0Join(''));
    expect(alone).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1, leader: alone.memberId, protocolName: 'range' });
    await a.send(SyncGroup, 0, { groupId: 'v0-group', generationId: 1, memberId: alone.memberId, assignments: [{ memberId: alone.memberId, assignment: assignment('t', [0, 1]) }] });

    const parkedJoin = b.send(JoinGroup, 0, v0Join(''));
    await expect.poll(async () => (await describeOne(a, 'v0-group')).groupState).toBe('PreparingRebalance');
    expect(await a.send(Heartbeat, 0, { groupId: 'v0-group', generationId: 1, memberId: alone.memberId })).toEqual({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS });
    const rejoin = await a.send(JoinGroup, 0, v0Join(alone.memberId));
    const joined = await parkedJoin;
    expect(rejoin).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2, leader: alone.memberId });
    expect(rejoin.members.map((m) => m.memberId).sort()).toEqual([alone.memberId, joined.memberId].sort());
    expect(joined).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2, leader: alone.memberId, members: [] });

    const parkedSync = b.send(SyncGroup, 0, { groupId: 'v0-group', generationId: 2, memberId: joined.memberId, assignments: [] });
    await expect.poll(async () => (await describeOne(a, 'v0-group')).groupState).toBe('CompletingRebalance');
    const [forA, forB] = [assignment('t', [0]), assignment('t', [1])];
    const leaderSync = await a.send(SyncGroup, 0, {
      groupId: 'v0-group', generationId: 2, memberId: alone.memberId,
      assignments: [{ memberId: alone.memberId, assignment: forA }, { memberId: joined.memberId, assignment: forB }],
    });
    expect(leaderSync).toEqual({ errorCode: ErrorCode.NONE, assignment: forA });
    expect(await parkedSync).toEqual({ errorCode: ErrorCode.NONE, assignment: forB });

    // v0-2 answer one member, whose error is the response's.
    expect(await b.send(LeaveGroup, 0, { groupId: 'v0-group', memberId: 'stranger' })).toEqual({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID });
    expect(await b.send(LeaveGroup, 1, { groupId: 'v0-group', memberId: joined.memberId })).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NONE });
    expect((await describeOne(a, 'v0-group')).members.map((m) => m.memberId)).toEqual([alone.memberId]);
  });

  it('v5 static members: the same instance id under a new member id takes the old one\'s place, and the old id is fenced', async () => {
    const cluster = await fixture.start();
    const client = await fixture.raw(cluster);
    await findCoordinators(client, ['static']);
    const mine = assignment('t', [0, 1, 2]);
    const old = await joinAndSync(client, 'static', { groupInstanceId: 'instance-a', partitions: [0, 1, 2] });

    // A restarted static member: no MEMBER_ID_REQUIRED, no rebalance, and (before v9) the old
    // leader id, so it does not think it must assign partitions again.
    const back = await client.send(JoinGroup, 5, joinRequest('static', '', { groupInstanceId: 'instance-a' }));
    expect(back).toMatchObject({ errorCode: ErrorCode.NONE, generationId: old.generationId, leader: old.memberId, members: [] });
    expect(back.memberId).not.toBe(old.memberId);
    expect(back.memberId).toMatch(/^instance-a-/);
    const sync = await client.send(SyncGroup, 3, { groupId: 'static', generationId: old.generationId, memberId: back.memberId, groupInstanceId: 'instance-a', assignments: [] });
    expect(sync).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NONE, assignment: mine });

    const beat = (memberId: string) => client.send(Heartbeat, 3, { groupId: 'static', generationId: old.generationId, memberId, groupInstanceId: 'instance-a' });
    expect((await beat(old.memberId)).errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect((await beat(back.memberId)).errorCode).toBe(ErrorCode.NONE);
    const described = await client.send(DescribeGroups, 4, { groups: ['static'], includeAuthorizedOperations: false });
    expect(described.groups[0].members.map((m) => [m.memberId, m.groupInstanceId])).toEqual([[back.memberId, 'instance-a']]);

    // An admin removes it by instance id alone.
    const leave = await client.send(LeaveGroup, 3, { groupId: 'static', members: [{ memberId: '', groupInstanceId: 'instance-a' }] });
    expect(leave.members).toEqual([{ memberId: '', groupInstanceId: 'instance-a', errorCode: ErrorCode.NONE }]);
    expect((await describeOne(client, 'static')).groupState).toBe('Empty');
  });

  it('v7 JoinGroup and v5 SyncGroup carry the protocol type and name; v5 SyncGroup must send both', async () => {
    const cluster = await fixture.start();
    const client = await fixture.raw(cluster);
    await findCoordinators(client, ['typed']);
    let join = await client.send(JoinGroup, 7, joinRequest('typed', ''));
    join = await client.send(JoinGroup, 7, joinRequest('typed', join.memberId));
    expect(join).toMatchObject({ errorCode: ErrorCode.NONE, protocolType: 'consumer', protocolName: 'range' });

    const sync = (protocolType: string | null, protocolName: string | null) => client.send(SyncGroup, 5, {
      groupId: 'typed', generationId: join.generationId, memberId: join.memberId, groupInstanceId: null, protocolType, protocolName,
      assignments: [{ memberId: join.memberId, assignment: assignment('t', [0]) }],
    });
    expect((await sync(null, null)).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await sync('consumer', 'roundrobin')).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect(await sync('consumer', 'range')).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NONE, protocolType: 'consumer', protocolName: 'range', assignment: assignment('t', [0]) });

    // A member of another protocol type cannot join: an unknown protocol is null from v7, '' before.
    const other = { ...joinRequest('typed', ''), protocolType: 'connect' };
    expect(await client.send(JoinGroup, 7, other)).toMatchObject({ errorCode: ErrorCode.INCONSISTENT_GROUP_PROTOCOL, protocolType: null, protocolName: null });
    expect(await client.send(JoinGroup, 6, other)).toMatchObject({ errorCode: ErrorCode.INCONSISTENT_GROUP_PROTOCOL, protocolName: '' });
  });

  it('answers bad group ids, session timeouts, members and generations with Kafka\'s codes', async () => {
    const cluster = await fixture.start();
    const client = await fixture.raw(cluster);
    await findCoordinators(client, ['checked']);
    expect((await client.send(JoinGroup, 5, joinRequest('', ''))).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect((await client.send(JoinGroup, 5, joinRequest('checked', '', { sessionTimeoutMs: 1000 }))).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await client.send(JoinGroup, 5, joinRequest('checked', 'made-up'))).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await client.send(Heartbeat, 2, { groupId: 'nothing-here', generationId: 1, memberId: 'm' })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);

    const member = await joinAndSync(client, 'checked');
    const beat = (generationId: number, memberId: string) => client.send(Heartbeat, 1, { groupId: 'checked', generationId, memberId });
    expect(await beat(member.generationId + 1, member.memberId)).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.ILLEGAL_GENERATION });
    expect((await beat(member.generationId, 'stranger')).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const staleSync = await client.send(SyncGroup, 1, { groupId: 'checked', generationId: 9, memberId: member.memberId, assignments: [] });
    expect(staleSync).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.ILLEGAL_GENERATION, assignment: Buffer.alloc(0) });
  });
});
