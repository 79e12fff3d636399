// Replication across broker workers: __consumer_offsets is replicated like any topic, so a group's
// committed offsets survive the kill of the broker that coordinates it, and the group carries on
// at the new leader of its offsets partition.
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterHandle, startCluster } from '../../../broker-runtime/index.js';
import { FindCoordinator } from '../../../broker-runtime/protocol/generated/find-coordinator.js';
import { GROUP_METADATA_TOPIC, groupPartitionFor } from '../../../broker-runtime/server/group-coordinator-service.js';
import { rawRequest } from '../../helpers/raw-client.js';
import { addressOf, eventAfter, waitFor } from '../cluster/supervisor-helpers.js';

const SESSION_MS = 1000;
const TOPIC = 'orders';
const GROUP = 'survivors';

let cluster: ClusterHandle;
let kafka: Kafka;

beforeAll(async () => {
  cluster = await startCluster({
    brokers: 3,
    sessionTimeoutMs: SESSION_MS,
    brokerConfig: { 'replica.fetch.wait.max.ms': '50', 'replica.fetch.backoff.ms': '50', 'replica.lag.time.max.ms': '2000' },
  });
  kafka = new Kafka({
    clientId: 'worker-failover-test',
    brokers: cluster.bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 50, maxRetryTime: 500, retries: 30 },
  });
});

afterAll(async () => {
  await cluster?.close();
});

/** The group's coordinator as broker `via` answers FindCoordinator. */
async function coordinatorOf(groupId: string, via: number): Promise<number> {
  const response = await rawRequest(addressOf(cluster, via), FindCoordinator, 1, { key: groupId, keyType: 0 });
  return response.nodeId ?? -1;
}

/** Bytes of one broker's copy of the group's __consumer_offsets partition. */
function offsetsLogBytes(brokerId: number, groupId: string): Buffer {
  const dir = path.join(cluster.dataDir, `broker-${brokerId}`, `${GROUP_METADATA_TOPIC}-${groupPartitionFor(groupId, 50)}`);
  if (!fs.existsSync(dir)) return Buffer.alloc(0);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
  return Buffer.concat(files.map((f) => fs.readFileSync(path.join(dir, f))));
}

async function consumeAll(groupId: string, expected: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    await waitFor(() => seen.length >= expected, 20_000, `${expected} records for ${groupId}`);
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

describe('replication across broker workers', () => {
  it('keeps a group\'s committed offsets across the kill of its coordinator\'s broker', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: TOPIC, acks: -1, messages: Array.from({ length: 5 }, (_, i) => ({ value: `first-${i}` })) });

      expect(await consumeAll(GROUP, 5)).toEqual(Array.from({ length: 5 }, (_, i) => `first-${i}`));
      const committed = async () => (await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] }))[0].partitions[0].offset;
      expect(await committed()).toBe('5');
      const coordinator = await coordinatorOf(GROUP, 0);
      const survivor = (coordinator + 1) % 3;
      expect(coordinator).toBeGreaterThanOrEqual(0);

      // The commit is on every replica of the offsets partition, byte for byte, before the kill.
      await waitFor(() => {
        const copies = [0, 1, 2].map((id) => offsetsLogBytes(id, GROUP));
        return copies[0].length > 0 && copies.every((c) => c.equals(copies[0]));
      }, 10_000, 'the offsets partition to be the same on all three brokers');
      const mark = cluster.events().length;
      await cluster.killBroker(coordinator);
      await eventAfter(cluster, mark, 'brokerFenced', (e) => e.brokerId === coordinator, SESSION_MS * 5);
      await waitFor(async () => {
        const moved = await coordinatorOf(GROUP, survivor).catch(() => -1);
        return moved >= 0 && moved !== coordinator;
      }, 10_000, 'the group coordinator to move to another broker');
      expect(await committed()).toBe('5');

      await producer.send({ topic: TOPIC, acks: -1, messages: [{ value: 'after-kill' }] });
      await producer.disconnect();
      // The group resumes from its committed offset: only the new record.
      expect(await consumeAll(GROUP, 1)).toEqual(['after-kill']);
      await cluster.startBroker(coordinator);
    } finally {
      await admin.disconnect();
    }
  });
});
