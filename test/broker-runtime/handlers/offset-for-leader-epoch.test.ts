import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { ApiVersions } from '../../../broker-runtime/protocol/generated/api-versions.js';
import { CreateTopics } from '../../../broker-runtime/protocol/generated/create-topics.js';
import { OffsetForLeaderEpoch, type OffsetForLeaderEpochRequestOffsetForLeaderPartition } from '../../../broker-runtime/protocol/generated/offset-for-leader-epoch.js';
import { Produce } from '../../../broker-runtime/protocol/generated/produce.js';
import { RawClient } from '../../helpers/raw-client.js';
import { type ReplicationCluster, startReplicationCluster, waitFor } from '../replication/replication-cluster.js';
import { batch } from '../storage/helpers.js';
import { useHandlerFixture } from './fixture.js';

const fixture = useHandlerFixture();

async function endOffsets(client: RawClient, version: number, topic: string, partitions: OffsetForLeaderEpochRequestOffsetForLeaderPartition[]) {
  const response = await client.send(OffsetForLeaderEpoch, version, { replicaId: -1, topics: [{ topic, partitions }] });
  expect(response.topics.map((t) => t.topic)).toEqual([topic]);
  return response.topics[0].partitions;
}

async function produce(client: RawClient, topic: string, count: number, acks = -1): Promise<void> {
  const response = await client.send(Produce, 9, {
    transactionalId: null, acks, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: 0, records: batch(count) }] }],
  });
  expect(response.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.NONE);
}

describe('OffsetForLeaderEpoch', () => {
  it('is advertised as versions 0-4 and answers the log end for the current epoch in every version', async () => {
    const cluster = await fixture.start({ brokers: 2 });
    const client = await fixture.raw(cluster);
    const versions = await client.send(ApiVersions, 3, { clientSoftwareName: 'oxbow-tests', clientSoftwareVersion: '0' });
    expect(versions.apiKeys.find((k) => k.apiKey === OffsetForLeaderEpoch.apiKey)).toEqual({ apiKey: 23, minVersion: 0, maxVersion: 4 });
    const { topics } = await client.send(CreateTopics, 4, {
      topics: [{ name: 'epochs', numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [0] }], configs: [] }],
      timeoutMs: 5000, validateOnly: false,
    });
    expect(topics[0].errorCode).toBe(ErrorCode.NONE);
    await produce(client, 'epochs', 5);

    for (const version of [0, 1, 2, 3, 4]) {
      const [answer] = await endOffsets(client, version, 'epochs', [{ partition: 0, currentLeaderEpoch: 0, leaderEpoch: 0 }]);
      expect(answer).toEqual({ errorCode: ErrorCode.NONE, partition: 0, endOffset: 5, ...(version >= 1 ? { leaderEpoch: 0 } : {}) });
    }
    const answers = await endOffsets(client, 4, 'epochs', [
      { partition: 0, currentLeaderEpoch: -1, leaderEpoch: 3 }, // an epoch this leader never had
      { partition: 0, currentLeaderEpoch: 1, leaderEpoch: 0 }, // a client ahead of this broker's metadata
      { partition: 7, currentLeaderEpoch: -1, leaderEpoch: 0 },
    ]);
    expect(answers).toEqual([
      { errorCode: ErrorCode.NONE, partition: 0, leaderEpoch: -1, endOffset: -1 },
      { errorCode: ErrorCode.UNKNOWN_LEADER_EPOCH, partition: 0, leaderEpoch: -1, endOffset: -1 },
      { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, partition: 7, leaderEpoch: -1, endOffset: -1 },
    ]);
    const elsewhere = await fixture.raw(cluster, 1);
    expect(await endOffsets(elsewhere, 4, 'epochs', [{ partition: 0, currentLeaderEpoch: 0, leaderEpoch: 0 }])).toEqual([
      { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, partition: 0, leaderEpoch: -1, endOffset: -1 },
    ]);
    expect(await endOffsets(client, 4, 'missing', [{ partition: 0, currentLeaderEpoch: -1, leaderEpoch: 0 }])).toEqual([
      { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, partition: 0, leaderEpoch: -1, endOffset: -1 },
    ]);
  });
});

describe('OffsetForLeaderEpoch across a leader change', () => {
  let cluster: ReplicationCluster | null = null;
  const clients: RawClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await cluster?.close();
    cluster = null;
  });
  const connect = async (c: ReplicationCluster, id: number) => {
    const client = await RawClient.connect(`127.0.0.1:${c.brokers[id].port}`);
    clients.push(client);
    return client;
  };

  it('ends an old epoch where the next began and the latest at the log end, and fences stale callers', async () => {
    const c = (cluster = await startReplicationCluster(3, { 'replica.fetch.wait.max.ms': '50', 'replica.fetch.backoff.ms': '20' }));
    const [created] = c.controller.createTopics([{ name: 'moved', numPartitions: 1, replicationFactor: 3, assignments: [[0, 1, 2]], configs: {} }], false);
    expect(created.errorCode).toBe(ErrorCode.NONE);
    await produce(await connect(c, 0), 'moved', 3);
    await c.takeDown(0); // broker 1 leads at epoch 1
    await produce(await connect(c, 1), 'moved', 2);
    await c.takeDown(1); // broker 2 leads at epoch 2, and writes nothing
    const state = c.controller.image.partition('moved', 0)!;
    expect({ leader: state.leader, leaderEpoch: state.leaderEpoch }).toEqual({ leader: 2, leaderEpoch: 2 });
    const leader = await connect(c, 2);
    await waitFor(() => c.brokers[2].replicas.getPartition('moved', 0) !== undefined, 5000, 'broker 2 to lead');

    expect(await endOffsets(leader, 4, 'moved', [
      { partition: 0, currentLeaderEpoch: 2, leaderEpoch: 0 },
      { partition: 0, currentLeaderEpoch: 2, leaderEpoch: 1 },
      { partition: 0, currentLeaderEpoch: 2, leaderEpoch: 2 },
      { partition: 0, currentLeaderEpoch: 1, leaderEpoch: 0 },
    ])).toEqual([
      { errorCode: ErrorCode.NONE, partition: 0, leaderEpoch: 0, endOffset: 3 },
      { errorCode: ErrorCode.NONE, partition: 0, leaderEpoch: 1, endOffset: 5 },
      { errorCode: ErrorCode.NONE, partition: 0, leaderEpoch: 2, endOffset: 5 },
      { errorCode: ErrorCode.FENCED_LEADER_EPOCH, partition: 0, leaderEpoch: -1, endOffset: -1 },
    ]);
    // The follower that comes back answers for nothing, with the epoch checked first.
    await c.bringBack(0);
    const follower = await connect(c, 0);
    expect(await endOffsets(follower, 4, 'moved', [
      { partition: 0, currentLeaderEpoch: 2, leaderEpoch: 0 },
      { partition: 0, currentLeaderEpoch: 0, leaderEpoch: 0 },
    ])).toEqual([
      { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, partition: 0, leaderEpoch: -1, endOffset: -1 },
      { errorCode: ErrorCode.FENCED_LEADER_EPOCH, partition: 0, leaderEpoch: -1, endOffset: -1 },
    ]);
  });
});
