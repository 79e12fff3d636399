// OffsetFetch v8-9 (a batch of groups, each with its own error) and OffsetCommit v9 over raw
// requests: the member id and epoch of v9 are ignored for classic groups, as Kafka does.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { OffsetCommit } from '../../../broker-runtime/protocol/generated/offset-commit.js';
import { OffsetFetch } from '../../../broker-runtime/protocol/generated/offset-fetch.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { useHandlerFixture } from './fixture.js';
import { findCoordinators, joinAndSync } from './group-helpers.js';

const fixture = useHandlerFixture();

/** A 2-broker cluster with topic t (2 partitions); `local` groups are coordinated by broker 0, `remote` ones by broker 1. */
async function twoCoordinators(): Promise<{ client: RawClient; local: string[]; remote: string }> {
  const cluster = await fixture.start({ brokers: 2 });
  const admin = await fixture.admin(cluster);
  await admin.createTopics({ topics: [{ topic: 't', numPartitions: 2 }], waitForLeaders: true });
  const client = await fixture.raw(cluster, 0);
  const candidates = Array.from({ length: 30 }, (_, i) => `group-${i}`);
  const coordinators = await findCoordinators(client, candidates);
  const local = candidates.filter((g) => coordinators.get(g) === 0);
  const remote = candidates.find((g) => coordinators.get(g) === 1);
  expect(local.length).toBeGreaterThanOrEqual(3);
  expect(remote).toBeDefined();
  return { client, local, remote: remote! };
}

function commit(client: RawClient, version: number, groupId: string, generationIdOrMemberEpoch: number, memberId: string, offsets: number[]) {
  return client.send(OffsetCommit, version, {
    groupId, generationIdOrMemberEpoch, memberId, groupInstanceId: null,
    topics: [{ name: 't', partitions: offsets.map((committedOffset, partitionIndex) => ({ partitionIndex, committedOffset, committedLeaderEpoch: 3, committedMetadata: `p${partitionIndex}` })) }],
  });
}

const errorsOf = (response: { topics: Array<{ partitions: Array<{ errorCode: number }> }> }) => response.topics.flatMap((t) => t.partitions.map((p) => p.errorCode));

describe('OffsetFetch v8-9', () => {
  it('answers each group of a batch on its own, in request order, with its own error code', async () => {
    const { client, local: [committed, empty], remote } = await twoCoordinators();
    expect(errorsOf(await commit(client, 9, committed, -1, '', [5, 8]))).toEqual([ErrorCode.NONE, ErrorCode.NONE]);

    const partition = (partitionIndex: number, committedOffset: number, metadata: string) => (
      { partitionIndex, committedOffset, committedLeaderEpoch: committedOffset < 0 ? -1 : 3, metadata, errorCode: ErrorCode.NONE }
    );
    for (const version of [8, 9]) {
      const response = await client.send(OffsetFetch, version, {
        groups: [
          { groupId: committed, memberId: null, memberEpoch: -1, topics: [{ name: 't', partitionIndexes: [1, 0] }, { name: 'never-committed', partitionIndexes: [0] }] },
          { groupId: empty, memberId: null, memberEpoch: -1, topics: null },
          { groupId: remote, memberId: null, memberEpoch: -1, topics: null },
          { groupId: committed, memberId: null, memberEpoch: -1, topics: null },
        ],
        requireStable: true,
      });
      expect(response, `v${version}`).toEqual({
        throttleTimeMs: 0,
        groups: [
          {
            groupId: committed, errorCode: ErrorCode.NONE, topics: [
              { name: 't', partitions: [partition(1, 8, 'p1'), partition(0, 5, 'p0')] },
              { name: 'never-committed', partitions: [partition(0, -1, '')] },
            ],
          },
          { groupId: empty, errorCode: ErrorCode.NONE, topics: [] },
          { groupId: remote, errorCode: ErrorCode.NOT_COORDINATOR, topics: [] },
          { groupId: committed, errorCode: ErrorCode.NONE, topics: [{ name: 't', partitions: [partition(0, 5, 'p0'), partition(1, 8, 'p1')] }] },
        ],
      });
    }
  });

  it('v9: a classic group\'s member id and epoch are accepted and ignored, whoever sends them', async () => {
    const { client, local: [groupId] } = await twoCoordinators();
    const member = await joinAndSync(client, groupId);
    expect(errorsOf(await commit(client, 9, groupId, member.generationId, member.memberId, [12, 13]))).toEqual([ErrorCode.NONE, ErrorCode.NONE]);
    const fetchAs = async (memberId: string | null, memberEpoch: number) => {
      const { groups } = await client.send(OffsetFetch, 9, { groups: [{ groupId, memberId, memberEpoch, topics: null }], requireStable: false });
      return groups!.map((g) => [g.errorCode, g.topics.flatMap((t) => t.partitions.map((p) => p.committedOffset))]);
    };
    const expected = [[ErrorCode.NONE, [12, 13]]];
    expect(await fetchAs(member.memberId, member.generationId)).toEqual(expected);
    expect(await fetchAs('stranger', 99)).toEqual(expected);
    expect(await fetchAs(null, -1)).toEqual(expected);
  });
});

describe('OffsetCommit v9', () => {
  it('a generation for a group that does not exist is GROUP_ID_NOT_FOUND (ILLEGAL_GENERATION before v9); otherwise as v8', async () => {
    const { client, local: [ghost, members, simple] } = await twoCoordinators();
    expect(errorsOf(await commit(client, 9, ghost, 1, 'm', [1]))).toEqual([ErrorCode.GROUP_ID_NOT_FOUND]);
    expect(errorsOf(await commit(client, 8, ghost, 1, 'm', [1]))).toEqual([ErrorCode.ILLEGAL_GENERATION]);

    const member = await joinAndSync(client, members);
    expect(errorsOf(await commit(client, 9, members, member.generationId, member.memberId, [7]))).toEqual([ErrorCode.NONE]);
    expect(errorsOf(await commit(client, 9, members, member.generationId + 1, member.memberId, [7]))).toEqual([ErrorCode.ILLEGAL_GENERATION]);
    expect(errorsOf(await commit(client, 9, members, member.generationId, 'stranger', [7]))).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]);
    // A simple-consumer commit (no generation) still creates the group.
    expect(errorsOf(await commit(client, 9, simple, -1, '', [4]))).toEqual([ErrorCode.NONE]);
    const { groups } = await client.send(OffsetFetch, 9, { groups: [{ groupId: simple, memberId: null, memberEpoch: -1, topics: null }], requireStable: false });
    expect(groups![0].topics).toEqual([{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 4, committedLeaderEpoch: 3, metadata: 'p0', errorCode: ErrorCode.NONE }] }]);
  });
});
