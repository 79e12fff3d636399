// What the UI reads off the handle besides Kafka: where partitions live, whether the coordinator
// runs, and each broker's traffic and logs. The counters must tell client traffic from replication.
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClusterHandle, startCluster } from '../../../broker-runtime/index.js';
import { waitFor } from './supervisor-helpers.js';

let cluster: ClusterHandle | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

describe('ClusterHandle stats, placement, group rebalances and coordinator state', () => {
  it('counts produced records and bytes on the leader, consumer bytes out apart from replication, and every replica log', async () => {
    cluster = await startCluster({ brokers: 3 });
    const kafka = new Kafka({ brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'stats', numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();

    await waitFor(() => cluster!.partitions().some((p) => p.topic === 'stats'), 10_000, 'the topic in the placement');
    const placement = cluster.partitions().find((p) => p.topic === 'stats')!;
    expect(placement.replicas.sort()).toEqual([0, 1, 2]);
    expect(placement.replicas).toContain(placement.leader);

    const producer = kafka.producer();
    await producer.connect();
    const value = 'x'.repeat(100);
    await producer.send({ topic: 'stats', acks: -1, messages: Array.from({ length: 50 }, () => ({ value })) });
    await producer.send({ topic: 'stats', acks: -1, messages: Array.from({ length: 50 }, () => ({ value })) });
    await producer.disconnect();

    const stats = await cluster.stats();
    expect(stats.map((s) => s.brokerId).sort()).toEqual([0, 1, 2]);
    const leader = stats.find((s) => s.brokerId === placement.leader)!;
    expect(leader.messagesIn).toBe(100);
    expect(leader.bytesIn).toBeGreaterThan(100 * 100);
    for (const s of stats.filter((x) => x.brokerId !== placement.leader)) expect(s.messagesIn).toBe(0);
    // acks=all answered: every ISR member has the records.
    for (const s of stats) {
      const log = s.logs.find((l) => l.topic === 'stats' && l.partition === 0)!;
      expect(log.logEndOffset).toBe(100);
      expect(log.sizeBytes).toBeGreaterThan(100 * 100);
    }
    expect(leader.replicationBytesOut).toBeGreaterThan(0);
    expect(leader.bytesOut).toBe(0);

    const consumer = kafka.consumer({ groupId: 'stats-reader' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'stats', fromBeginning: true });
    let seen = 0;
    await consumer.run({ eachMessage: async () => void seen++ });
    await waitFor(() => seen === 100, 20_000, 'the consumer to read 100 records');
    // The group's coordinator (some broker worker) reports its rebalance to the timeline.
    const rebalanced = cluster.events().find((e) => e.type === 'groupRebalanced' && e.groupId === 'stats-reader');
    expect(rebalanced).toMatchObject({ generationId: 1, members: 1, protocol: 'RoundRobinAssigner' });
    await consumer.disconnect();
    await waitFor(() => cluster!.events().some((e) => e.type === 'groupRebalanced' && e.groupId === 'stats-reader' && e.members === 0), 10_000, 'the group emptied');
    const after = (await cluster.stats()).find((s) => s.brokerId === placement.leader)!;
    expect(after.bytesOut).toBeGreaterThanOrEqual(leader.bytesIn);
  });

  it('reports the coordinator down while it restarts and leaves a killed broker out of stats', async () => {
    cluster = await startCluster({ brokers: 2 });
    expect(cluster.coordinatorRunning()).toBe(true);
    const seen: string[] = [];
    cluster.on('event', (event) => {
      if (event.type === 'coordinatorDown' || event.type === 'coordinatorUp') seen.push(`${event.type}:${cluster!.coordinatorRunning()}`);
    });
    await cluster.restartCoordinator({ kill: true });
    expect(seen).toEqual(['coordinatorDown:false', 'coordinatorUp:true']);
    expect(cluster.coordinatorRunning()).toBe(true);
    await cluster.killBroker(1);
    expect((await cluster.stats()).map((s) => s.brokerId)).toEqual([0]);
  });
});
