import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { CreatePartitions, type CreatePartitionsRequestTopic } from '../../../broker-runtime/protocol/generated/create-partitions.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { useHandlerFixture } from './fixture.js';

const fixture = useHandlerFixture();

async function createPartitions(client: RawClient, topics: CreatePartitionsRequestTopic[], validateOnly = false) {
  return (await client.send(CreatePartitions, 3, { topics, timeoutMs: 5000, validateOnly })).results;
}

describe('CreatePartitions', () => {
  it('adds partitions for kafkajs, which clients can then produce to', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'growing' }] });
    await admin.createPartitions({ topicPartitions: [{ topic: 'growing', count: 3 }] });
    const metadata = await admin.fetchTopicMetadata({ topics: ['growing'] });
    expect(metadata.topics[0].partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
    const producer = await fixture.producer(cluster);
    const [sent] = await producer.send({ topic: 'growing', messages: [{ partition: 2, value: 'to the new partition' }] });
    expect(sent).toMatchObject({ partition: 2, errorCode: 0 });

    await expect(admin.createPartitions({ topicPartitions: [{ topic: 'growing', count: 3 }] }))
      .rejects.toMatchObject({ type: 'INVALID_PARTITIONS' });
  });

  it('answers counts that do not grow, unknown topics, names given twice, and validateOnly', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'two', numPartitions: 2 }, { topic: 'twice' }] });
    const client = await fixture.raw(cluster);
    const results = await createPartitions(client, [
      { name: 'two', count: 1, assignments: null },
      { name: 'missing', count: 2, assignments: null },
      { name: 'twice', count: 2, assignments: null },
      { name: 'twice', count: 3, assignments: null },
    ]);
    expect(results.map((r) => [r.name, r.errorCode])).toEqual([
      ['two', ErrorCode.INVALID_PARTITIONS],
      ['missing', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
      ['twice', ErrorCode.INVALID_REQUEST],
    ]);
    expect(results[0].errorMessage).toContain('2 partitions');

    const [checked] = await createPartitions(client, [{ name: 'two', count: 5, assignments: null }], true);
    expect(checked.errorCode).toBe(ErrorCode.NONE);
    const metadata = await admin.fetchTopicMetadata({ topics: ['two', 'twice'] });
    expect(Object.fromEntries(metadata.topics.map((t) => [t.name, t.partitions.length]))).toEqual({ two: 2, twice: 1 });
  });

  it('places new partitions as assignments say, and checks them as Kafka does', async () => {
    const cluster = await fixture.start({ brokers: 2 });
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'replicated', replicationFactor: 2 }] });
    const client = await fixture.raw(cluster);
    const assignments = (...lists: number[][]) => lists.map((brokerIds) => ({ brokerIds }));
    const bad = await createPartitions(client, [
      { name: 'replicated', count: 3, assignments: assignments([1, 0]) },
    ]);
    expect(bad[0].errorCode).toBe(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
    for (const wrong of [assignments([1]), assignments([0, 5]), assignments([1, 1])]) {
      const [result] = await createPartitions(client, [{ name: 'replicated', count: 2, assignments: wrong }]);
      expect(result.errorCode).toBe(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
    }
    const [placed] = await createPartitions(client, [{ name: 'replicated', count: 3, assignments: assignments([1, 0], [0, 1]) }]);
    expect(placed).toEqual({ name: 'replicated', errorCode: ErrorCode.NONE, errorMessage: null });
    const metadata = await admin.fetchTopicMetadata({ topics: ['replicated'] });
    const partitions = [...metadata.topics[0].partitions].sort((a, b) => a.partitionId - b.partitionId);
    expect(partitions.slice(1).map((p) => [p.partitionId, p.leader, p.replicas])).toEqual([[1, 1, [1, 0]], [2, 0, [0, 1]]]);
  });
});
