// ListOffsets by who asks: a consumer (replicaId -1) sees up to the high watermark, a follower
// (replicaId >= 0) and a debug consumer (-2) up to the log end, and only -2 is answered by a
// follower replica.
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { ListOffsets, type ListOffsetsResponsePartitionResponse } from '../../../broker-runtime/protocol/generated/list-offsets.js';
import { Produce } from '../../../broker-runtime/protocol/generated/produce.js';
import { RawClient } from '../../helpers/raw-client.js';
import { type ReplicationCluster, startReplicationCluster } from '../replication/replication-cluster.js';
import { batch } from '../storage/helpers.js';

const TOPIC = 'offsets';
const LATER = 1_800_000_000_000;
let cluster: ReplicationCluster | null = null;
const clients: RawClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await cluster?.close();
  cluster = null;
});

async function connect(c: ReplicationCluster, id: number): Promise<RawClient> {
  const client = await RawClient.connect(`127.0.0.1:${c.brokers[id].port}`);
  clients.push(client);
  return client;
}

async function produce(client: RawClient, records: Buffer, acks: number): Promise<void> {
  const response = await client.send(Produce, 9, {
    transactionalId: null, acks, timeoutMs: 5000, topicData: [{ name: TOPIC, partitionData: [{ index: 0, records }] }],
  });
  expect(response.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.NONE);
}

async function listOffset(client: RawClient, replicaId: number, timestamp: number): Promise<Pick<ListOffsetsResponsePartitionResponse, 'errorCode' | 'offset'>> {
  const response = await client.send(ListOffsets, 5, {
    replicaId, isolationLevel: 0, topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, currentLeaderEpoch: 0, timestamp }] }],
  });
  const { errorCode, offset } = response.topics[0].partitions[0];
  return { errorCode, offset };
}

describe('ListOffsets and replicaId', () => {
  it('answers a follower or a debug consumer the log end, and a consumer the high watermark', async () => {
    const c = (cluster = await startReplicationCluster(3, { 'replica.fetch.wait.max.ms': '50', 'replica.fetch.backoff.ms': '20' }));
    const [created] = c.controller.createTopics([{ name: TOPIC, numPartitions: 1, replicationFactor: 3, assignments: [[0, 1, 2]], configs: {} }], false);
    expect(created.errorCode).toBe(ErrorCode.NONE);
    const leader = await connect(c, 0);
    await produce(leader, batch(3), -1);
    await c.brokers[1].replicas.stopFetchers();
    await c.brokers[2].replicas.stopFetchers();
    // acks=1 with the followers stopped: offsets 3 and 4 stay above the high watermark.
    await produce(leader, batch(2, { timestamp: LATER }), 1);
    expect(c.brokers[0].replicas.getPartition(TOPIC, 0)).toMatchObject({ highWatermark: 3 });

    const ok = (offset: number) => ({ errorCode: ErrorCode.NONE, offset });
    expect(await listOffset(leader, -1, -1)).toEqual(ok(3));
    expect(await listOffset(leader, 1, -1)).toEqual(ok(5));
    expect(await listOffset(leader, -2, -1)).toEqual(ok(5));
    expect(await listOffset(leader, 1, -2)).toEqual(ok(0));
    // A timestamp above the high watermark is found for a replica only.
    expect(await listOffset(leader, -1, LATER)).toEqual({ errorCode: ErrorCode.NONE, offset: -1 });
    expect(await listOffset(leader, 2, LATER)).toEqual(ok(3));

    const follower = await connect(c, 1);
    expect(await listOffset(follower, -2, -1)).toEqual(ok(3));
    expect(await listOffset(follower, -1, -1)).toEqual({ errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, offset: -1 });
    expect(await listOffset(follower, 0, -1)).toEqual({ errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, offset: -1 });
  });
});
