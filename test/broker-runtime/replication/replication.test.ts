// Replication across three in-process brokers: followers fetch, the high watermark follows the
// ISR, acks=all waits for it, min.insync.replicas refuses writes once the ISR shrank, and a
// failover to an in-sync follower loses no acknowledged record.
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { Produce } from '../../../broker-runtime/protocol/generated/produce.js';
import { RawClient } from '../../helpers/raw-client.js';
import { batch } from '../storage/helpers.js';
import { type ReplicationCluster, segmentBytes as replicaBytes, startReplicationCluster, waitFor } from './replication-cluster.js';

const TOPIC = 'replicated';
let cluster: ReplicationCluster | null = null;
const clients: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const close of clients.splice(0).reverse()) await close();
  await cluster?.close();
  cluster = null;
});

async function start(config: Record<string, string> = {}): Promise<ReplicationCluster> {
  cluster = await startReplicationCluster(3, { 'replica.fetch.wait.max.ms': '50', 'replica.fetch.backoff.ms': '20', ...config });
  return cluster;
}

function createTopic(c: ReplicationCluster, configs: Record<string, string> = {}): void {
  const [result] = c.controller.createTopics([{ name: TOPIC, numPartitions: 1, replicationFactor: 3, assignments: [[0, 1, 2]], configs }], false);
  expect(result.errorCode).toBe(ErrorCode.NONE);
}

function kafka(c: ReplicationCluster): Kafka {
  return new Kafka({ clientId: 'replication-tests', brokers: c.bootstrap().split(','), logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 50 } });
}

async function rawProduce(c: ReplicationCluster, brokerId: number, count: number): Promise<number> {
  const client = await RawClient.connect(`127.0.0.1:${c.brokers[brokerId].port}`);
  clients.push(() => client.close());
  const response = await client.send(Produce, 9, {
    transactionalId: null, acks: -1, timeoutMs: 5000,
    topicData: [{ name: TOPIC, partitionData: [{ index: 0, records: batch(count) }] }],
  });
  return response.responses[0].partitionResponses[0].errorCode;
}

const segmentBytes = (c: ReplicationCluster, brokerId: number) => replicaBytes(c, brokerId, TOPIC);

const isrOf = (c: ReplicationCluster) => c.controller.image.partition(TOPIC, 0)!.isr;

describe('replication', () => {
  it('puts acks=all records on every replica, byte for byte, with one high watermark', async () => {
    const c = await start();
    createTopic(c);
    const producer = kafka(c).producer();
    await producer.connect();
    clients.push(() => producer.disconnect());
    for (let i = 0; i < 10; i++) {
      await producer.send({ topic: TOPIC, acks: -1, messages: Array.from({ length: 5 }, (_, j) => ({ key: `k${i}`, value: `v${i}-${j}` })) });
      // acks=all answered: the leader's high watermark already covers the batch.
      expect(c.brokers[0].replicas.hostedPartition(TOPIC, 0)!.highWatermark).toBe((i + 1) * 5);
    }
    await waitFor(() => c.brokers.every((b) => b.replicas.hostedPartition(TOPIC, 0)?.highWatermark === 50), 5000, 'every replica at HWM 50');
    expect(c.brokers.map((b) => b.replicas.hostedPartition(TOPIC, 0)!.role)).toEqual(['leader', 'follower', 'follower']);
    const leaderBytes = segmentBytes(c, 0);
    expect(leaderBytes.length).toBeGreaterThan(0);
    expect(segmentBytes(c, 1).equals(leaderBytes)).toBe(true);
    expect(segmentBytes(c, 2).equals(leaderBytes)).toBe(true);
    expect(isrOf(c)).toEqual([0, 1, 2]);
  });

  it('refuses acks=all with NOT_ENOUGH_REPLICAS once the ISR shrank below min.insync.replicas, and accepts it after a follower rejoins', async () => {
    const c = await start({ 'replica.lag.time.max.ms': '300' });
    createTopic(c, { 'min.insync.replicas': '2' });
    expect(await rawProduce(c, 0, 3)).toBe(ErrorCode.NONE);
    await c.brokers[1].replicas.stopFetchers();
    await c.brokers[2].replicas.stopFetchers();
    // Not fetched any more: the records stay above the high watermark until the ISR shrinks.
    expect(await rawProduce(c, 0, 2)).toBe(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
    await waitFor(() => isrOf(c).length === 1, 5000, 'the ISR to shrink to the leader');
    expect(isrOf(c)).toEqual([0]);
    const endBefore = c.brokers[0].replicas.hostedPartition(TOPIC, 0)!.log.logEndOffset;
    expect(await rawProduce(c, 0, 2)).toBe(ErrorCode.NOT_ENOUGH_REPLICAS);
    expect(c.brokers[0].replicas.hostedPartition(TOPIC, 0)!.log.logEndOffset).toBe(endBefore);

    c.brokers[1].replicas.restartFetchers();
    await waitFor(() => isrOf(c).includes(1), 5000, 'broker 1 to rejoin the ISR');
    expect(await rawProduce(c, 0, 2)).toBe(ErrorCode.NONE);
    expect(c.brokers[1].replicas.hostedPartition(TOPIC, 0)!.log.logEndOffset).toBeGreaterThanOrEqual(endBefore + 2);
  });

  it('fails over to an in-sync follower, where a consumer reads every acknowledged record', async () => {
    const c = await start();
    createTopic(c, { 'min.insync.replicas': '2' });
    const producer = kafka(c).producer();
    await producer.connect();
    const sent: string[] = [];
    for (let i = 0; i < 20; i++) {
      const value = `record-${i}`;
      await producer.send({ topic: TOPIC, acks: -1, messages: [{ value }] });
      sent.push(value);
    }
    await producer.disconnect();
    await c.takeDown(0);
    const state = c.controller.image.partition(TOPIC, 0)!;
    expect(state.leader).toBe(1);
    expect(state.leaderEpoch).toBe(1);
    await waitFor(() => c.brokers[1].replicas.getPartition(TOPIC, 0)?.highWatermark === 20, 5000, 'the new leader to commit all 20 records');

    const consumer = kafka(c).consumer({ groupId: 'after-failover' });
    await consumer.connect();
    clients.push(() => consumer.disconnect());
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    await waitFor(() => seen.length >= sent.length, 15_000, 'every acknowledged record');
    expect(seen).toEqual(sent);
  });

  it('answers a follower NOT_LEADER_OR_FOLLOWER for produce', async () => {
    const c = await start();
    createTopic(c);
    const client = await RawClient.connect(`127.0.0.1:${c.brokers[1].port}`);
    clients.push(() => client.close());
    const response = await client.send(Produce, 9, {
      transactionalId: null, acks: 1, timeoutMs: 1000, topicData: [{ name: TOPIC, partitionData: [{ index: 0, records: batch(1) }] }],
    });
    expect(response.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  });
});
