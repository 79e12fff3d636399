// DescribeGroups, ListGroups and DeleteGroups over raw requests, and the answers of a broker that
// is not a group's coordinator (NOT_COORDINATOR in each API's own shape).
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { DeleteGroups } from '../../../broker-runtime/protocol/generated/delete-groups.js';
import { DescribeGroups } from '../../../broker-runtime/protocol/generated/describe-groups.js';
import { Heartbeat } from '../../../broker-runtime/protocol/generated/heartbeat.js';
import { JoinGroup } from '../../../broker-runtime/protocol/generated/join-group.js';
import { LeaveGroup } from '../../../broker-runtime/protocol/generated/leave-group.js';
import { ListGroups } from '../../../broker-runtime/protocol/generated/list-groups.js';
import { OffsetCommit } from '../../../broker-runtime/protocol/generated/offset-commit.js';
import { OffsetDelete } from '../../../broker-runtime/protocol/generated/offset-delete.js';
import { OffsetFetch } from '../../../broker-runtime/protocol/generated/offset-fetch.js';
import { SyncGroup } from '../../../broker-runtime/protocol/generated/sync-group.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { useHandlerFixture } from './fixture.js';
import { assignment, findCoordinators, joinAndSync, joinRequest, subscription } from './group-helpers.js';

const fixture = useHandlerFixture();

/** AclOperation bits of a group: READ (3), DELETE (6), DESCRIBE (8). */
const GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8);
const NOT_REQUESTED = -(2 ** 31);

/** A simple-consumer commit: makes an Empty group with an offset for t-0. */
function commitAsAdmin(client: RawClient, groupId: string, offset = 1) {
  return client.send(OffsetCommit, 2, {
    groupId, generationIdOrMemberEpoch: -1, memberId: '', retentionTimeMs: -1,
    topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: offset, committedMetadata: null }] }],
  });
}

async function startWithTopic(brokers = 1) {
  const cluster = await fixture.start({ brokers });
  const admin = await fixture.admin(cluster);
  await admin.createTopics({ topics: [{ topic: 't', numPartitions: 1 }], waitForLeaders: true });
  return cluster;
}

describe('DescribeGroups', () => {
  it('follows a group through a rebalance; unknown groups are Dead; authorized operations on request', async () => {
    const cluster = await startWithTopic();
    const [a, b] = [await fixture.raw(cluster), await fixture.raw(cluster)];
    await findCoordinators(a, ['states', 'committed-only', 'unknown']);
    const describeGroup = async (groupId: string, version = 5, includeAuthorizedOperations = false) => (
      (await a.send(DescribeGroups, version, { groups: [groupId], includeAuthorizedOperations })).groups[0]
    );

    expect(await describeGroup('unknown')).toEqual({
      errorCode: ErrorCode.NONE, groupId: 'unknown', groupState: 'Dead', protocolType: '', protocolData: '', members: [], authorizedOperations: NOT_REQUESTED,
    });
    await commitAsAdmin(a, 'committed-only');
    expect(await describeGroup('committed-only')).toMatchObject({ groupState: 'Empty', protocolType: '', members: [] });

    const first = await joinAndSync(a, 'states');
    expect(await describeGroup('states', 3, true)).toMatchObject({ groupState: 'Stable', protocolData: 'range', authorizedOperations: GROUP_OPERATIONS });
    expect((await describeGroup('states', 3, false)).authorizedOperations).toBe(NOT_REQUESTED);

    // A second member parks the group in PreparingRebalance: members are listed without their bytes.
    const required = await b.send(JoinGroup, 5, joinRequest('states', ''));
    const parked = b.send(JoinGroup, 5, joinRequest('states', required.memberId));
    await expect.poll(async () => (await describeGroup('states')).groupState).toBe('PreparingRebalance');
    const preparing = await describeGroup('states');
    expect(preparing).toMatchObject({ protocolType: 'consumer', protocolData: '' });
    expect(preparing.members.map((m) => [m.memberMetadata.length, m.memberAssignment.length])).toEqual([[0, 0], [0, 0]]);

    const rejoined = await a.send(JoinGroup, 5, joinRequest('states', first.memberId));
    await parked;
    expect(await describeGroup('states')).toMatchObject({ groupState: 'CompletingRebalance', protocolData: '' });
    await a.send(SyncGroup, 3, {
      groupId: 'states', generationId: rejoined.generationId, memberId: first.memberId, groupInstanceId: null,
      assignments: [{ memberId: first.memberId, assignment: assignment('t', [0]) }],
    });
    const stable = await describeGroup('states', 0);
    expect(stable).toMatchObject({ groupState: 'Stable', protocolData: 'range' });
    expect(stable.members.map((m) => [m.memberId, m.memberMetadata, m.memberAssignment]).sort()).toEqual([
      [first.memberId, subscription(['t']), assignment('t', [0])],
      [required.memberId, subscription(['t']), Buffer.alloc(0)],
    ].sort());
  });
});

describe('ListGroups', () => {
  it('lists the broker\'s groups; v4 filters by state, case-insensitively, and reports it', async () => {
    const cluster = await startWithTopic();
    const client = await fixture.raw(cluster);
    await findCoordinators(client, ['idle', 'busy']);
    expect(await client.send(ListGroups, 0, {})).toEqual({ errorCode: ErrorCode.NONE, groups: [] });
    await commitAsAdmin(client, 'idle');
    await joinAndSync(client, 'busy');

    const v2 = await client.send(ListGroups, 2, {});
    expect(v2.groups.map((g) => [g.groupId, g.protocolType, g.groupState]).sort()).toEqual([['busy', 'consumer', undefined], ['idle', '', undefined]]);
    const states = async (statesFilter: string[]) => (await client.send(ListGroups, 4, { statesFilter })).groups.map((g) => [g.groupId, g.groupState]).sort();
    expect(await states([])).toEqual([['busy', 'Stable'], ['idle', 'Empty']]);
    expect(await states(['stable'])).toEqual([['busy', 'Stable']]);
    expect(await states(['Empty', 'Dead'])).toEqual([['idle', 'Empty']]);
    expect(await states(['PreparingRebalance'])).toEqual([]);
  });
});

describe('DeleteGroups', () => {
  it('deletes Empty groups with their offsets; NON_EMPTY_GROUP and GROUP_ID_NOT_FOUND otherwise; each group answered once', async () => {
    const cluster = await startWithTopic();
    const client = await fixture.raw(cluster);
    await findCoordinators(client, ['idle', 'busy', 'ghost', 'old']);
    await commitAsAdmin(client, 'idle', 5);
    await commitAsAdmin(client, 'old', 6);
    const member = await joinAndSync(client, 'busy');

    const deleted = await client.send(DeleteGroups, 2, { groupsNames: ['busy', 'idle', 'ghost', 'idle'] });
    expect(deleted).toEqual({
      throttleTimeMs: 0,
      results: [
        { groupId: 'busy', errorCode: ErrorCode.NON_EMPTY_GROUP },
        { groupId: 'idle', errorCode: ErrorCode.NONE },
        { groupId: 'ghost', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
      ],
    });
    const fetched = await client.send(OffsetFetch, 2, { groupId: 'idle', topics: null });
    expect(fetched).toEqual({ errorCode: ErrorCode.NONE, topics: [] });
    expect((await client.send(ListGroups, 4, { statesFilter: [] })).groups.map((g) => g.groupId).sort()).toEqual(['busy', 'old']);

    await client.send(LeaveGroup, 0, { groupId: 'busy', memberId: member.memberId });
    expect((await client.send(DeleteGroups, 0, { groupsNames: ['busy', 'old'] })).results.map((r) => r.errorCode)).toEqual([ErrorCode.NONE, ErrorCode.NONE]);
    expect((await client.send(ListGroups, 0, {})).groups).toEqual([]);
  });
});

describe('routing', () => {
  it('before __consumer_offsets exists, group requests get COORDINATOR_NOT_AVAILABLE', async () => {
    const cluster = await fixture.start();
    const client = await fixture.raw(cluster);
    expect((await client.send(JoinGroup, 5, joinRequest('early', ''))).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect((await client.send(OffsetFetch, 4, { groupId: 'early', topics: null })).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(await client.send(ListGroups, 4, { statesFilter: [] })).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NONE, groups: [] });
  });

  it('a broker that is not the group\'s coordinator answers NOT_COORDINATOR in each API\'s shape', async () => {
    const cluster = await startWithTopic(2);
    const [here, there] = [await fixture.raw(cluster, 0), await fixture.raw(cluster, 1)];
    const candidates = Array.from({ length: 20 }, (_, i) => `group-${i}`);
    const coordinators = await findCoordinators(here, candidates);
    const remote = candidates.find((g) => coordinators.get(g) === 1)!;
    const local = candidates.find((g) => coordinators.get(g) === 0)!;
    expect([remote, local]).not.toContain(undefined);
    const NOT_COORDINATOR = ErrorCode.NOT_COORDINATOR;

    expect(await here.send(JoinGroup, 7, joinRequest(remote, 'm'))).toMatchObject({ errorCode: NOT_COORDINATOR, memberId: 'm', generationId: -1, protocolName: null });
    expect((await here.send(JoinGroup, 0, { ...joinRequest(remote, ''), rebalanceTimeoutMs: undefined })).errorCode).toBe(NOT_COORDINATOR);
    expect((await here.send(SyncGroup, 0, { groupId: remote, generationId: 1, memberId: 'm', assignments: [] })).errorCode).toBe(NOT_COORDINATOR);
    expect((await here.send(Heartbeat, 0, { groupId: remote, generationId: 1, memberId: 'm' })).errorCode).toBe(NOT_COORDINATOR);
    expect(await here.send(LeaveGroup, 0, { groupId: remote, memberId: 'm' })).toEqual({ errorCode: NOT_COORDINATOR });
    expect(await here.send(LeaveGroup, 3, { groupId: remote, members: [{ memberId: 'm', groupInstanceId: null }] })).toEqual({ throttleTimeMs: 0, errorCode: NOT_COORDINATOR, members: [] });

    const commit = await commitAsAdmin(here, remote);
    expect(commit.topics[0].partitions).toEqual([{ partitionIndex: 0, errorCode: NOT_COORDINATOR }]);
    // OffsetFetch v0-1 repeat the error on each partition; v2+ answer it at the top.
    const v1 = await here.send(OffsetFetch, 1, { groupId: remote, topics: [{ name: 't', partitionIndexes: [0] }] });
    expect(v1.topics).toEqual([{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: -1, metadata: '', errorCode: NOT_COORDINATOR }] }]);
    expect(await here.send(OffsetFetch, 7, { groupId: remote, topics: null, requireStable: false })).toEqual({ throttleTimeMs: 0, errorCode: NOT_COORDINATOR, topics: [] });
    expect((await here.send(OffsetDelete, 0, { groupId: remote, topics: [] })).errorCode).toBe(NOT_COORDINATOR);
    expect((await here.send(DeleteGroups, 1, { groupsNames: [remote, local] })).results).toEqual([
      { groupId: remote, errorCode: NOT_COORDINATOR }, { groupId: local, errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
    ]);
    const described = await here.send(DescribeGroups, 5, { groups: [remote, local], includeAuthorizedOperations: true });
    expect(described.groups.map((g) => [g.groupId, g.errorCode, g.groupState, g.authorizedOperations])).toEqual([
      [remote, NOT_COORDINATOR, '', NOT_REQUESTED], [local, ErrorCode.NONE, 'Dead', GROUP_OPERATIONS],
    ]);

    // Each broker lists the groups it coordinates.
    await joinAndSync(there, remote);
    await joinAndSync(here, local);
    const listed = async (client: RawClient) => (await client.send(ListGroups, 3, {})).groups.map((g) => g.groupId);
    expect(await listed(here)).toEqual([local]);
    expect(await listed(there)).toEqual([remote]);
  });
});
