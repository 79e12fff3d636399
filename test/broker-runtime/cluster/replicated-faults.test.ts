// The cluster issue's check 2 on a replicated topic (RF=3, min.insync.replicas=2) in the worker
// cluster: acks=all refuses writes while two of three brokers are down and accepts them once one
// is back; a paused follower is fenced within its session and, resumed, catches up and rejoins the
// ISR with every record.
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClusterHandle, startCluster } from '../../../broker-runtime/index.js';
import { eventAfter, waitFor } from './supervisor-helpers.js';

const SESSION_MS = 1500;
const TOPIC = 'replicated';

let cluster: ClusterHandle | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

async function replicatedCluster(): Promise<{ cluster: ClusterHandle; kafka: Kafka }> {
  cluster = await startCluster({
    brokers: 3,
    sessionTimeoutMs: SESSION_MS,
    brokerConfig: { 'replica.lag.time.max.ms': '1500' },
  });
  const kafka = new Kafka({ brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { initialRetryTime: 50, maxRetryTime: 300, retries: 40 } });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
    waitForLeaders: true,
  });
  await admin.disconnect();
  return { cluster, kafka };
}

function placement(handle: ClusterHandle) {
  return handle.partitions().find((p) => p.topic === TOPIC && p.partition === 0)!;
}

/** One acks=all send with no client retries: the broker's answer as it is. */
async function sendOnce(kafka: Kafka, value: string): Promise<string> {
  const producer = kafka.producer({ retry: { retries: 0 } });
  await producer.connect();
  try {
    await producer.send({ topic: TOPIC, acks: -1, messages: [{ value }] });
    return 'ok';
  } catch (err) {
    // kafkajs wraps the broker's answer once its (zero) retries are spent.
    const error = err as { type?: string; cause?: { type?: string } };
    return error.cause?.type ?? error.type ?? String(err);
  } finally {
    await producer.disconnect();
  }
}

describe('replicated topic under broker faults (RF=3, min.insync.replicas=2)', () => {
  it('refuses acks=all with NOT_ENOUGH_REPLICAS while two of three brokers are down, and accepts it once one returns', async () => {
    const { cluster, kafka } = await replicatedCluster();
    expect(await sendOnce(kafka, 'all-up')).toBe('ok');
    const followers = placement(cluster).replicas.filter((b) => b !== placement(cluster).leader);
    for (const id of followers) await cluster.killBroker(id);
    await waitFor(() => placement(cluster).isr.length === 1, 20_000, 'the ISR to shrink to the leader');

    const answers: string[] = [];
    await waitFor(async () => {
      answers.push(await sendOnce(kafka, 'two-down'));
      return answers.at(-1) === 'NOT_ENOUGH_REPLICAS';
    }, 20_000, 'NOT_ENOUGH_REPLICAS').catch((err: Error) => {
      throw new Error(`${err.message}; answers: ${[...new Set(answers)].join(', ')}`);
    });

    await cluster.startBroker(followers[0]);
    await waitFor(() => placement(cluster).isr.length === 2, 20_000, 'the restarted broker to rejoin the ISR');
    await waitFor(async () => (await sendOnce(kafka, 'one-back')) === 'ok', 20_000, 'acks=all to be accepted again');

    const consumer = kafka.consumer({ groupId: 'check-2' });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    const values: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void values.push(String(message.value)) });
    try {
      await waitFor(() => values.includes('one-back'), 20_000, 'the consumer to read the last record');
      // Refused writes are not stored; accepted ones are, once each.
      expect(values.filter((v) => v === 'all-up')).toHaveLength(1);
      expect(values.filter((v) => v === 'one-back')).toHaveLength(1);
      expect(values).not.toContain('two-down');
    } finally {
      await consumer.disconnect();
    }
  });

  it('fences a paused follower within its session; resumed, it catches up and rejoins the ISR', async () => {
    const { cluster } = await replicatedCluster();
    const { leader } = placement(cluster);
    const paused = placement(cluster).replicas.find((b) => b !== leader)!;
    const mark = cluster.events().length;
    const pausedAt = Date.now();
    await cluster.pauseBroker(paused);
    const fenced = await eventAfter(cluster, mark, 'brokerFenced', (e) => e.brokerId === paused, SESSION_MS * 10);
    expect(fenced.at - pausedAt).toBeLessThan(SESSION_MS * 3);
    await waitFor(() => !placement(cluster).isr.includes(paused), 20_000, 'the paused broker out of the ISR');

    // The two others still make min.insync.replicas: writes go on while it is paused.
    // A paused broker accepts connections and never answers: leave it out of the bootstrap list.
    const live = new Kafka({
      brokers: cluster.brokers.filter((b) => b.id !== paused).map((b) => `${b.host}:${b.port}`),
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 50, maxRetryTime: 300, retries: 40 },
    });
    const producer = live.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 20; i++) await producer.send({ topic: TOPIC, acks: -1, messages: [{ value: `while-paused-${i}` }] });
    await producer.disconnect();

    await cluster.resumeBroker(paused);
    await eventAfter(cluster, mark, 'isrChanged', (e) => e.change === 'expanded' && e.isr.includes(paused), 20_000);
    expect(placement(cluster).isr).toContain(paused);
    await waitFor(async () => {
      const logs = (await cluster.stats()).map((s) => s.logs.find((l) => l.topic === TOPIC)?.logEndOffset);
      return logs.length === 3 && logs.every((end) => end === 20);
    }, 20_000, 'every replica to hold the 20 records');
  });
});
