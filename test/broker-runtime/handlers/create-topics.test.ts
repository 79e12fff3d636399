import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { CreateTopics, type CreateTopicsRequestCreatableTopic } from '../../../broker-runtime/protocol/generated/create-topics.js';
import { Metadata } from '../../../broker-runtime/protocol/generated/metadata.js';
import { ZERO_UUID } from '../../../broker-runtime/protocol/primitives/uuid.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { useHandlerFixture } from './fixture.js';

const fixture = useHandlerFixture();

const topic = (name: string, more: Partial<CreateTopicsRequestCreatableTopic> = {}): CreateTopicsRequestCreatableTopic => ({
  name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [], ...more,
});

async function create(client: RawClient, version: number, topics: CreateTopicsRequestCreatableTopic[], validateOnly = false) {
  return (await client.send(CreateTopics, version, { topics, timeoutMs: 5000, validateOnly })).topics;
}

async function metadataOf(client: RawClient, name: string) {
  const response = await client.send(Metadata, 11, { topics: [{ name, topicId: ZERO_UUID }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
  return response.topics[0];
}

describe('CreateTopics', () => {
  it('creates topics for kafkajs, and reports an existing one as not created', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    const created = await admin.createTopics({
      topics: [{ topic: 'orders', numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '60000' }] }],
    });
    expect(created).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: ['orders'] });
    expect(metadata.topics[0].partitions).toHaveLength(3);
    expect(await admin.createTopics({ topics: [{ topic: 'orders' }] })).toBe(false);
    await expect(admin.createTopics({ topics: [{ topic: 'no spaces allowed' }] })).rejects.toMatchObject({
      errors: [{ type: 'INVALID_TOPIC_EXCEPTION', topic: 'no spaces allowed' }],
    });
  });

  it('answers v7 with the defaults applied, the configs with their sources, and the topic id', async () => {
    const cluster = await fixture.start({ brokerConfig: { 'num.partitions': '4', 'log.retention.hours': '24' } });
    const client = await fixture.raw(cluster);
    const [result] = await create(client, 7, [topic('events', {
      numPartitions: -1, replicationFactor: -1, configs: [{ name: 'cleanup.policy', value: 'compact' }],
    })]);
    expect(result).toMatchObject({ name: 'events', errorCode: ErrorCode.NONE, errorMessage: null, numPartitions: 4, replicationFactor: 1 });
    const configs = new Map(result.configs!.map((c) => [c.name, c]));
    expect(configs.get('cleanup.policy')).toMatchObject({ value: 'compact', configSource: 1, readOnly: false, isSensitive: false });
    // log.retention.hours given to the broker at start is the topic's default: a static broker config.
    expect(configs.get('retention.ms')).toMatchObject({ value: '86400000', configSource: 4 });
    expect(configs.get('segment.bytes')).toMatchObject({ value: '1073741824', configSource: 5 });
    const metadata = await metadataOf(client, 'events');
    expect(metadata.partitions).toHaveLength(4);
    expect(result.topicId).toBe(metadata.topicId);
    expect(result.topicId).not.toBe(ZERO_UUID);
  });

  it('validates without creating when validateOnly is set', async () => {
    const cluster = await fixture.start();
    const client = await fixture.raw(cluster);
    const [checked] = await create(client, 5, [topic('dry-run', { numPartitions: 2 })], true);
    expect(checked).toMatchObject({ errorCode: ErrorCode.NONE, numPartitions: 2, replicationFactor: 1 });
    expect((await metadataOf(client, 'dry-run')).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    const [invalid] = await create(client, 1, [topic('dry-run', { configs: [{ name: 'retention.ms', value: 'soon' }] })], true);
    expect(invalid.errorCode).toBe(ErrorCode.INVALID_CONFIG);
  });

  it('answers a name given twice once, INVALID_REQUEST, and creates the others', async () => {
    const cluster = await fixture.start();
    const client = await fixture.raw(cluster);
    const results = await create(client, 4, [topic('twice'), topic('once'), topic('twice')]);
    expect(results.map((r) => [r.name, r.errorCode])).toEqual([['twice', ErrorCode.INVALID_REQUEST], ['once', ErrorCode.NONE]]);
    expect((await metadataOf(client, 'twice')).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect((await metadataOf(client, 'once')).errorCode).toBe(ErrorCode.NONE);
  });

  it('answers Kafka error codes, with messages, for invalid topics', async () => {
    const cluster = await fixture.start();
    const client = await fixture.raw(cluster);
    await create(client, 3, [topic('exists')]);
    const cases: [CreateTopicsRequestCreatableTopic, number][] = [
      [topic('exists'), ErrorCode.TOPIC_ALREADY_EXISTS],
      [topic('a/b'), ErrorCode.INVALID_TOPIC_EXCEPTION],
      [topic('x'.repeat(250)), ErrorCode.INVALID_TOPIC_EXCEPTION],
      [topic('zero-partitions', { numPartitions: 0 }), ErrorCode.INVALID_PARTITIONS],
      [topic('too-many-replicas', { replicationFactor: 2 }), ErrorCode.INVALID_REPLICATION_FACTOR],
      [topic('unknown-config', { configs: [{ name: 'retention.weeks', value: '1' }] }), ErrorCode.INVALID_CONFIG],
      [topic('bad-config', { configs: [{ name: 'segment.bytes', value: 'big' }] }), ErrorCode.INVALID_CONFIG],
      [topic('null-config', { configs: [{ name: 'retention.ms', value: null }] }), ErrorCode.INVALID_CONFIG],
    ];
    const results = await create(client, 3, cases.map(([t]) => t));
    expect(results.map((r) => [r.name, r.errorCode])).toEqual(cases.map(([t, code]) => [t.name, code]));
    for (const r of results) expect(r.errorMessage).toMatch(/\w/);
    expect(results[1].errorMessage).toContain("'.', '_' and '-'");
  });

  it('places partitions as explicit assignments say, and checks them as Kafka does', async () => {
    const cluster = await fixture.start({ brokers: 2 });
    const client = await fixture.raw(cluster);
    const assign = (...lists: [number, number[]][]) => lists.map(([partitionIndex, brokerIds]) => ({ partitionIndex, brokerIds }));
    const manual = (name: string, assignments: ReturnType<typeof assign>, counts = { numPartitions: -1, replicationFactor: -1 }) =>
      topic(name, { ...counts, assignments });
    const results = await create(client, 5, [
      manual('placed', assign([1, [1, 0]], [0, [0, 1]])),
      manual('counts-set', assign([0, [0]]), { numPartitions: 1, replicationFactor: -1 }),
      manual('gap', assign([0, [0]], [2, [1]])),
      manual('repeated', assign([0, [0]], [0, [1]])),
      manual('unknown-broker', assign([0, [7]])),
      manual('same-broker-twice', assign([0, [1, 1]])),
      manual('uneven', assign([0, [0, 1]], [1, [1]])),
    ]);
    expect(results.map((r) => [r.name, r.errorCode])).toEqual([
      ['placed', ErrorCode.NONE],
      ['counts-set', ErrorCode.INVALID_REQUEST],
      ['gap', ErrorCode.INVALID_REPLICA_ASSIGNMENT],
      ['repeated', ErrorCode.INVALID_REPLICA_ASSIGNMENT],
      ['unknown-broker', ErrorCode.INVALID_REPLICA_ASSIGNMENT],
      ['same-broker-twice', ErrorCode.INVALID_REPLICA_ASSIGNMENT],
      ['uneven', ErrorCode.INVALID_REPLICA_ASSIGNMENT],
    ]);
    expect(results[0]).toMatchObject({ numPartitions: 2, replicationFactor: 2 });
    const placed = await metadataOf(client, 'placed');
    expect(placed.partitions.map((p) => [p.partitionIndex, p.leaderId, p.replicaNodes])).toEqual([[0, 0, [0, 1]], [1, 1, [1, 0]]]);
  });

  it('answers v0, which has no error messages', async () => {
    const cluster = await fixture.start();
    const client = await fixture.raw(cluster);
    const results = await create(client, 0, [topic('v0-topic'), topic('v0 topic')]);
    expect(results.map((r) => r.errorCode)).toEqual([ErrorCode.NONE, ErrorCode.INVALID_TOPIC_EXCEPTION]);
  });
});
