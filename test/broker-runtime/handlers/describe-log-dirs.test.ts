// DescribeLogDirs over raw requests: each broker describes its one log dir, every replica it
// hosts (leader or follower) with its size on disk, and from v4 its volume's total and usable bytes.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { DescribeLogDirs, type DescribeLogDirsResponseTopic } from '../../../broker-runtime/protocol/generated/describe-log-dirs.js';
import { useHandlerFixture } from './fixture.js';

const fixture = useHandlerFixture();

/** topic -> partition -> size, from one log dir's answer. */
function sizes(topics: DescribeLogDirsResponseTopic[]): Record<string, Record<number, number>> {
  return Object.fromEntries(topics.map((t) => [t.name, Object.fromEntries(t.partitions.map((p) => [p.partitionIndex, p.partitionSize]))]));
}

describe('DescribeLogDirs', () => {
  it('every broker lists the replicas it hosts with their sizes, as its own stats count them', async () => {
    const cluster = await fixture.start({ brokers: 3 });
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'sized', numPartitions: 3, replicationFactor: 2 }, { topic: 'idle', numPartitions: 1 }], waitForLeaders: true });
    const producer = await fixture.producer(cluster);
    // acks=all: every replica in the ISR has the records before the answer.
    await producer.send({ topic: 'sized', acks: -1, messages: [0, 1, 2].flatMap((partition) => Array.from({ length: 5 + partition }, (_, i) => ({ partition, value: `record ${i}` }))) });
    const stats = await cluster.stats();

    for (const broker of cluster.brokers) {
      const client = await fixture.raw(cluster, broker.id);
      const response = await client.send(DescribeLogDirs, 4, { topics: null });
      expect(response).toMatchObject({ throttleTimeMs: 0, errorCode: ErrorCode.NONE });
      expect(response.results).toHaveLength(1);
      const [dir] = response.results;
      expect(dir.errorCode).toBe(ErrorCode.NONE);
      expect(dir.logDir).toBe(path.resolve(cluster.dataDir, `broker-${broker.id}`));
      expect(dir.totalBytes).toBeGreaterThan(0);
      expect(dir.usableBytes).toBeGreaterThan(0);
      expect(dir.usableBytes).toBeLessThanOrEqual(dir.totalBytes!);

      const hosted = cluster.partitions().filter((p) => p.replicas.includes(broker.id) && !p.topic.startsWith('__'));
      const described = sizes(dir.topics);
      expect(Object.keys(described).sort()).toEqual([...new Set(hosted.map((p) => p.topic))].sort());
      const logs = stats.find((s) => s.brokerId === broker.id)!.logs;
      for (const p of hosted) {
        const size = described[p.topic][p.partition];
        expect(size, `${p.topic}-${p.partition} on broker ${broker.id}`).toBe(logs.find((l) => l.topic === p.topic && l.partition === p.partition)!.sizeBytes);
        if (p.topic === 'sized') expect(size).toBeGreaterThan(0);
      }
      for (const t of dir.topics) for (const p of t.partitions) expect([p.offsetLag, p.isFutureKey]).toEqual([0, false]);
    }
  });

  it('lists only the partitions asked for that the broker hosts; v0-3 without volume sizes, v3+ with the top-level error', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'a', numPartitions: 2 }, { topic: 'b', numPartitions: 1 }], waitForLeaders: true });
    const client = await fixture.raw(cluster);
    const topics = [{ topic: 'a', partitions: [1, 7] }, { topic: 'missing', partitions: [0] }];

    const v0 = await client.send(DescribeLogDirs, 0, { topics });
    expect(v0).toEqual({
      throttleTimeMs: 0,
      results: [{
        errorCode: ErrorCode.NONE, logDir: path.resolve(cluster.dataDir, 'broker-0'),
        topics: [{ name: 'a', partitions: [{ partitionIndex: 1, partitionSize: 0, offsetLag: 0, isFutureKey: false }] }],
      }],
    });
    const v3 = await client.send(DescribeLogDirs, 3, { topics: [] });
    expect(v3).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NONE, results: [{ errorCode: ErrorCode.NONE, logDir: v0.results[0].logDir, topics: [] }] });
    const all = await client.send(DescribeLogDirs, 2, { topics: null });
    expect(all.results[0].topics.map((t) => [t.name, t.partitions.map((p) => p.partitionIndex)])).toEqual([['a', [0, 1]], ['b', [0]]]);
  });
});
