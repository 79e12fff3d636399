// DeleteRecords on a replicated topic (RF=3) answers only once every replica on a live broker has
// moved its log start past the deleted records (Kafka's DelayedDeleteRecords): right after the
// answer, a failover to any follower keeps them deleted. A follower that is alive but not fetching
// (paused) holds the answer back until timeoutMs (REQUEST_TIMED_OUT, the deletion stands), and no
// longer once its broker is fenced.
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClusterHandle, startCluster } from '../../../broker-runtime/index.js';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { DeleteRecords } from '../../../broker-runtime/protocol/generated/delete-records.js';
import { RawClient } from '../../helpers/raw-client.js';
import { waitFor } from './supervisor-helpers.js';

const SESSION_MS = 1500;
const TOPIC = 'trimmed';

let cluster: ClusterHandle | undefined;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await cluster?.close();
  cluster = undefined;
});

async function replicatedTopic(records: number): Promise<{ handle: ClusterHandle; kafka: Kafka }> {
  cluster = await startCluster({ brokers: 3, sessionTimeoutMs: SESSION_MS });
  const kafka = new Kafka({ brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { initialRetryTime: 50, maxRetryTime: 300, retries: 40 } });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: TOPIC, acks: -1, messages: Array.from({ length: records }, (_, i) => ({ value: `r${i}` })) });
  await producer.disconnect();
  return { handle: cluster, kafka };
}

function placement(handle: ClusterHandle) {
  return handle.partitions().find((p) => p.topic === TOPIC && p.partition === 0)!;
}

async function deleteBefore(handle: ClusterHandle, offset: number, timeoutMs: number) {
  const leader = handle.brokers.find((b) => b.id === placement(handle).leader)!;
  const client = await RawClient.connect(`${leader.host}:${leader.port}`);
  clients.push(client);
  const response = await client.send(DeleteRecords, 2, { topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, offset }] }], timeoutMs });
  return response.topics[0].partitions[0];
}

/** The partition's log start offset as its current leader answers it (retried only through errors and failover). */
async function earliestOffset(kafka: Kafka): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return Number((await admin.fetchTopicOffsets(TOPIC))[0].low);
  } finally {
    await admin.disconnect();
  }
}

describe('DeleteRecords with followers (RF=3)', () => {
  it('answers once every live replica dropped the records, so a failover right after keeps them deleted', async () => {
    const { handle, kafka } = await replicatedTopic(10);
    expect(await deleteBefore(handle, 6, 30_000)).toEqual({ partitionIndex: 0, lowWatermark: 6, errorCode: ErrorCode.NONE });

    const oldLeader = placement(handle).leader;
    await handle.killBroker(oldLeader);
    await waitFor(() => placement(handle).leader >= 0 && placement(handle).leader !== oldLeader, 20_000, 'a follower to take over');
    expect(await earliestOffset(kafka)).toBe(6);
  });

  it('times out while a paused follower lags, keeps the deletion, and completes once that broker is fenced', async () => {
    const { handle } = await replicatedTopic(10);
    const { leader, replicas } = placement(handle);
    const paused = replicas.find((id) => id !== leader)!;
    await handle.pauseBroker(paused);

    expect(await deleteBefore(handle, 6, 300)).toEqual({ partitionIndex: 0, lowWatermark: 0, errorCode: ErrorCode.REQUEST_TIMED_OUT });
    // Still paused (its log start still 0), its broker is fenced after the session: from then on
    // only the fetching follower counts.
    expect(await deleteBefore(handle, 6, 20_000)).toEqual({ partitionIndex: 0, lowWatermark: 6, errorCode: ErrorCode.NONE });
    expect(handle.brokerStatus().find((b) => b.id === paused)?.state).toBe('paused');
    await handle.resumeBroker(paused);
  });
});
