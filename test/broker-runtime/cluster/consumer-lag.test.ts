// The engine's lag API: committed offsets against the log, in records and in exact time.
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClusterHandle, startCluster } from '../../../broker-runtime/index.js';

let cluster: ClusterHandle | null = null;
afterEach(async () => {
  await cluster?.close();
  cluster = null;
});

describe('ClusterHandle.consumerGroups', () => {
  it('reports lag 600 and the 401st record as the time lag after 1,000 records and a commit of 400', async () => {
    cluster = await startCluster();
    const kafka = new Kafka({ brokers: [cluster.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'lagged', numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    const base = 1_700_000_000_000;
    // Ten batches of 100, so the 401st record sits inside a batch, not at its start.
    for (let b = 0; b < 10; b++) {
      await producer.send({
        topic: 'lagged',
        messages: Array.from({ length: 100 }, (_, i) => ({ value: `r${b * 100 + i}`, timestamp: String(base + (b * 100 + i) * 1000) })),
      });
    }
    await producer.disconnect();
    await admin.setOffsets({ groupId: 'watchers', topic: 'lagged', partitions: [{ partition: 0, offset: '400' }] });
    await admin.disconnect();

    const now = base + 2_000_000;
    const groups = await cluster.consumerGroups(now);
    const group = groups.find((g) => g.groupId === 'watchers');
    expect(group).toBeDefined();
    expect(group!.partitions).toEqual([
      expect.objectContaining({ topic: 'lagged', partition: 0, committedOffset: 400, logEndOffset: 1000, highWatermark: 1000, lag: 600, timeLagMs: now - (base + 400 * 1000) }),
    ]);
    expect(group!.totalLag).toBe(600);
  });
});
