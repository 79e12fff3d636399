// OffsetCommit, OffsetFetch and OffsetDelete over raw requests: every version reads what any
// version committed, Topics = null, per-partition errors, and OffsetDelete against subscriptions.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { LeaveGroup } from '../../../broker-runtime/protocol/generated/leave-group.js';
import { OffsetCommit, type OffsetCommitRequest } from '../../../broker-runtime/protocol/generated/offset-commit.js';
import { OffsetDelete } from '../../../broker-runtime/protocol/generated/offset-delete.js';
import { OffsetFetch } from '../../../broker-runtime/protocol/generated/offset-fetch.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { type HandlerFixture, useHandlerFixture } from './fixture.js';
import { findCoordinators, joinAndSync } from './group-helpers.js';

const fixture = useHandlerFixture();

async function clusterWithTopics(f: HandlerFixture, topics: Array<{ topic: string; numPartitions: number }>, groupIds: string[]): Promise<RawClient> {
  const cluster = await f.start();
  const admin = await f.admin(cluster);
  await admin.createTopics({ topics, waitForLeaders: true });
  const client = await f.raw(cluster);
  await findCoordinators(client, groupIds);
  return client;
}

/** One partition's commit, for OffsetCommit requests of any version. */
const at = (partitionIndex: number, committedOffset: number, extra: Partial<OffsetCommitRequest['topics'][number]['partitions'][number]> = {}) => (
  { partitionIndex, committedOffset, committedMetadata: null, ...extra }
);

/** partition -> [offset, metadata, error] of topic `name` in an OffsetFetch answer. */
function offsetsOf(topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; committedOffset: number; metadata: string | null; errorCode: number }> }> | undefined, name: string) {
  return (topics ?? []).find((t) => t.name === name)?.partitions.map((p) => [p.partitionIndex, p.committedOffset, p.metadata, p.errorCode]);
}

describe('OffsetCommit and OffsetFetch', () => {
  it('offsets committed with v0, v1, v2 and v8 are read back by OffsetFetch v0 to v7', async () => {
    const client = await clusterWithTopics(fixture, [{ topic: 't', numPartitions: 4 }], ['simple']);
    const commit = (version: number, request: Omit<OffsetCommitRequest, 'groupId'>) => client.send(OffsetCommit, version, { groupId: 'simple', ...request });
    expect(await commit(0, { topics: [{ name: 't', partitions: [at(0, 5, { committedMetadata: 'from v0' })] }] }))
      .toEqual({ topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: ErrorCode.NONE }] }] });
    // Simple-consumer commits (generation -1, no member); v1's timestamp and v2's retention are ignored.
    await commit(1, { generationIdOrMemberEpoch: -1, memberId: '', topics: [{ name: 't', partitions: [at(1, 7, { commitTimestamp: 1234 })] }] });
    await commit(2, { generationIdOrMemberEpoch: -1, memberId: '', retentionTimeMs: 1000, topics: [{ name: 't', partitions: [at(2, 9, { committedMetadata: 'v2' })] }] });
    const v8 = await commit(8, { generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, topics: [{ name: 't', partitions: [at(3, 11, { committedLeaderEpoch: 4 })] }] });
    expect(v8).toEqual({ throttleTimeMs: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 3, errorCode: ErrorCode.NONE }] }] });

    const wanted = [{ name: 't', partitionIndexes: [0, 1, 2, 3, 9] }];
    const expected = [[0, 5, 'from v0', 0], [1, 7, '', 0], [2, 9, 'v2', 0], [3, 11, '', 0], [9, -1, '', 0]];
    for (const version of [0, 1, 2, 3, 4, 5, 6, 7]) {
      const response = await client.send(OffsetFetch, version, { groupId: 'simple', topics: wanted, requireStable: true });
      expect(offsetsOf(response.topics, 't'), `v${version}`).toEqual(expected);
      if (version >= 2) expect(response.errorCode, `v${version}`).toBe(ErrorCode.NONE);
    }
    const v5 = await client.send(OffsetFetch, 5, { groupId: 'simple', topics: wanted });
    expect(v5.topics![0].partitions.map((p) => p.committedLeaderEpoch)).toEqual([-1, -1, -1, 4, -1]);
  });

  it('v2+: Topics null reads every committed partition of the group; nothing for an unknown group', async () => {
    const client = await clusterWithTopics(fixture, [{ topic: 'a', numPartitions: 2 }, { topic: 'b', numPartitions: 1 }], ['all', 'none']);
    await client.send(OffsetCommit, 2, {
      groupId: 'all', generationIdOrMemberEpoch: -1, memberId: '', retentionTimeMs: -1,
      topics: [{ name: 'a', partitions: [at(1, 3)] }, { name: 'b', partitions: [at(0, 8)] }],
    });
    const all = await client.send(OffsetFetch, 7, { groupId: 'all', topics: null, requireStable: false });
    expect(all.errorCode).toBe(ErrorCode.NONE);
    expect(all.topics!.map((t) => t.name).sort()).toEqual(['a', 'b']);
    expect(offsetsOf(all.topics, 'a')).toEqual([[1, 3, '', 0]]);
    expect(offsetsOf(all.topics, 'b')).toEqual([[0, 8, '', 0]]);
    expect(await client.send(OffsetFetch, 2, { groupId: 'none', topics: null })).toEqual({ errorCode: ErrorCode.NONE, topics: [] });
  });

  it('answers unknown partitions, oversized metadata, and members of the wrong generation per partition', async () => {
    const client = await clusterWithTopics(fixture, [{ topic: 't', numPartitions: 2 }], ['strict', 'members']);
    const mixed = await client.send(OffsetCommit, 3, {
      groupId: 'strict', generationIdOrMemberEpoch: -1, memberId: '', retentionTimeMs: -1,
      topics: [
        { name: 't', partitions: [at(0, 1), at(5, 1), at(1, 2, { committedMetadata: 'x'.repeat(4097) })] },
        { name: 'missing', partitions: [at(0, 1)] },
      ],
    });
    expect(mixed.topics.map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.errorCode])])).toEqual([
      ['t', [[0, ErrorCode.NONE], [5, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION], [1, ErrorCode.OFFSET_METADATA_TOO_LARGE]]],
      ['missing', [[0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]]],
    ]);
    const fetched = await client.send(OffsetFetch, 1, { groupId: 'strict', topics: [{ name: 't', partitionIndexes: [0, 1] }] });
    expect(offsetsOf(fetched.topics, 't')).toEqual([[0, 1, '', 0], [1, -1, '', 0]]);

    const member = await joinAndSync(client, 'members');
    const commitAs = (generationIdOrMemberEpoch: number, memberId: string) => client.send(OffsetCommit, 7, {
      groupId: 'members', generationIdOrMemberEpoch, memberId, groupInstanceId: null, topics: [{ name: 't', partitions: [at(0, 42)] }],
    }).then((r) => r.topics[0].partitions[0].errorCode);
    expect(await commitAs(member.generationId, member.memberId)).toBe(ErrorCode.NONE);
    expect(await commitAs(member.generationId + 1, member.memberId)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(await commitAs(member.generationId, 'stranger')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    // A simple-consumer commit is refused while the group has members.
    expect(await commitAs(-1, '')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const v0 = await client.send(OffsetCommit, 0, { groupId: 'members', topics: [{ name: 't', partitions: [at(0, 1)] }] });
    expect(v0.topics[0].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(offsetsOf((await client.send(OffsetFetch, 3, { groupId: 'members', topics: null })).topics, 't')).toEqual([[0, 42, '', 0]]);
  });
});

describe('OffsetDelete', () => {
  it('keeps the offsets of subscribed topics while the group has members, deletes the rest, and all once it is Empty', async () => {
    const client = await clusterWithTopics(fixture, [{ topic: 'sub', numPartitions: 1 }, { topic: 'other', numPartitions: 1 }], ['od']);
    const member = await joinAndSync(client, 'od', { topics: ['sub'] });
    await client.send(OffsetCommit, 8, {
      groupId: 'od', generationIdOrMemberEpoch: member.generationId, memberId: member.memberId, groupInstanceId: null,
      topics: [{ name: 'sub', partitions: [at(0, 10)] }, { name: 'other', partitions: [at(0, 20)] }],
    });
    const request = (names: string[]) => ({ groupId: 'od', topics: names.map((name) => ({ name, partitions: [{ partitionIndex: 0 }] })) });

    expect(await client.send(OffsetDelete, 0, request(['sub', 'other', 'missing']))).toEqual({
      errorCode: ErrorCode.NONE, throttleTimeMs: 0,
      topics: [
        { name: 'sub', partitions: [{ partitionIndex: 0, errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC }] },
        { name: 'other', partitions: [{ partitionIndex: 0, errorCode: ErrorCode.NONE }] },
        { name: 'missing', partitions: [{ partitionIndex: 0, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }] },
      ],
    });
    const fetch = async () => (await client.send(OffsetFetch, 7, { groupId: 'od', topics: null, requireStable: false })).topics!.map((t) => t.name);
    expect(await fetch()).toEqual(['sub']);

    await client.send(LeaveGroup, 4, { groupId: 'od', members: [{ memberId: member.memberId, groupInstanceId: null }] });
    expect((await client.send(OffsetDelete, 0, request(['sub']))).topics[0].partitions[0].errorCode).toBe(ErrorCode.NONE);
    expect(await fetch()).toEqual([]);
    expect(await client.send(OffsetDelete, 0, { ...request(['sub']), groupId: 'never-seen' })).toEqual({ errorCode: ErrorCode.GROUP_ID_NOT_FOUND, throttleTimeMs: 0, topics: [] });
  });
});
