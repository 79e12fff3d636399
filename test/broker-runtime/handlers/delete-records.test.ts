import { describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../broker-runtime/index.js';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { CreateTopics } from '../../../broker-runtime/protocol/generated/create-topics.js';
import { DeleteRecords, type DeleteRecordsRequestTopic } from '../../../broker-runtime/protocol/generated/delete-records.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { useHandlerFixture } from './fixture.js';

const fixture = useHandlerFixture();

async function produce(cluster: ClusterHandle, topic: string, partition: number, count: number) {
  const producer = await fixture.producer(cluster);
  for (let i = 0; i < count; i++) await producer.send({ topic, messages: [{ partition, value: `record ${i}` }] });
}

async function deleteRecords(client: RawClient, topics: DeleteRecordsRequestTopic[], version = 2) {
  return (await client.send(DeleteRecords, version, { topics, timeoutMs: 5000 })).topics;
}

describe('DeleteRecords', () => {
  it('raises the low watermark for kafkajs; -1 deletes up to the high watermark', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'trimmed', numPartitions: 2 }] });
    await produce(cluster, 'trimmed', 0, 10);
    await produce(cluster, 'trimmed', 1, 3);
    // kafkajs finds partition leaders only among the topics its admin has looked at.
    await admin.fetchTopicOffsets('trimmed');
    await admin.deleteTopicRecords({ topic: 'trimmed', partitions: [{ partition: 0, offset: '4' }, { partition: 1, offset: '-1' }] });
    const offsets = (await admin.fetchTopicOffsets('trimmed')).sort((a, b) => a.partition - b.partition);
    expect(offsets.map(({ partition, low, high }) => ({ partition, low, high }))).toEqual([
      { partition: 0, low: '4', high: '10' },
      { partition: 1, low: '3', high: '3' },
    ]);

    await expect(admin.deleteTopicRecords({ topic: 'trimmed', partitions: [{ partition: 0, offset: '11' }] }))
      .rejects.toMatchObject({ cause: { partitions: [{ partition: 0, error: { type: 'OFFSET_OUT_OF_RANGE' } }] } });
  });

  it('answers the low watermark, which never goes down, and Kafka errors per partition', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'records' }, { topic: 'compacted', configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
    await produce(cluster, 'records', 0, 5);
    const client = await fixture.raw(cluster);
    expect(await deleteRecords(client, [{ name: 'records', partitions: [{ partitionIndex: 0, offset: 3 }] }], 0)).toEqual([
      { name: 'records', partitions: [{ partitionIndex: 0, lowWatermark: 3, errorCode: ErrorCode.NONE }] },
    ]);
    const results = await deleteRecords(client, [
      { name: 'records', partitions: [{ partitionIndex: 0, offset: 1 }, { partitionIndex: 1, offset: 0 }] },
      { name: 'missing', partitions: [{ partitionIndex: 0, offset: 0 }] },
      { name: 'compacted', partitions: [{ partitionIndex: 0, offset: 0 }] },
    ]);
    expect(results).toEqual([
      {
        name: 'records',
        partitions: [
          { partitionIndex: 0, lowWatermark: 3, errorCode: ErrorCode.NONE },
          { partitionIndex: 1, lowWatermark: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
        ],
      },
      { name: 'missing', partitions: [{ partitionIndex: 0, lowWatermark: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }] },
      { name: 'compacted', partitions: [{ partitionIndex: 0, lowWatermark: -1, errorCode: ErrorCode.POLICY_VIOLATION }] },
    ]);
    for (const offset of [6, -2]) {
      const [beyond] = await deleteRecords(client, [{ name: 'records', partitions: [{ partitionIndex: 0, offset }] }], 1);
      expect(beyond.partitions[0]).toEqual({ partitionIndex: 0, lowWatermark: -1, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE });
    }
  });

  it('refuses internal topics, and answers NOT_LEADER_OR_FOLLOWER away from the leader', async () => {
    const cluster = await fixture.start({ brokers: 2 });
    const client = await fixture.raw(cluster);
    const { topics: created } = await client.send(CreateTopics, 4, {
      topics: [
        { name: '__consumer_offsets', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] },
        { name: 'led-by-1', numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [1] }], configs: [] },
      ],
      timeoutMs: 5000,
      validateOnly: false,
    });
    expect(created.map((t) => t.errorCode)).toEqual([ErrorCode.NONE, ErrorCode.NONE]);
    const [internal, elsewhere] = await deleteRecords(client, [
      { name: '__consumer_offsets', partitions: [{ partitionIndex: 0, offset: 0 }] },
      { name: 'led-by-1', partitions: [{ partitionIndex: 0, offset: 0 }] },
    ]);
    expect(internal.partitions[0].errorCode).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    expect(elsewhere.partitions[0].errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    const leader = await fixture.raw(cluster, 1);
    const [onLeader] = await deleteRecords(leader, [{ name: 'led-by-1', partitions: [{ partitionIndex: 0, offset: 0 }] }]);
    expect(onLeader.partitions[0]).toEqual({ partitionIndex: 0, lowWatermark: 0, errorCode: ErrorCode.NONE });
  });

  it('keeps the low watermark across a graceful restart', async () => {
    const dataDir = fixture.tempDir();
    const first = await fixture.start({ dataDir });
    const admin = await fixture.admin(first);
    await admin.createTopics({ topics: [{ topic: 'durable' }] });
    await produce(first, 'durable', 0, 10);
    await admin.fetchTopicOffsets('durable');
    await admin.deleteTopicRecords({ topic: 'durable', partitions: [{ partition: 0, offset: '6' }] });
    await admin.disconnect();
    await first.close();

    const second = await fixture.start({ dataDir });
    const again = await fixture.admin(second);
    const [offsets] = await again.fetchTopicOffsets('durable');
    expect(offsets).toMatchObject({ partition: 0, low: '6', high: '10' });
  });
});
