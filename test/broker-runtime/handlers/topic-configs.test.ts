// Kafka 3.9's topic configs end to end: CreateTopics accepts what applications set, DescribeConfigs
// lists every config with Kafka's default and broker synonyms, and the ones that act on the produce
// path (compression.type, message.timestamp.*.max.ms) do so against a running cluster.
import { ConfigResourceTypes } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../broker-runtime/index.js';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { DescribeConfigs, type DescribeConfigsResponseResourceResult } from '../../../broker-runtime/protocol/generated/describe-configs.js';
import { Fetch } from '../../../broker-runtime/protocol/generated/fetch.js';
import { IncrementalAlterConfigs } from '../../../broker-runtime/protocol/generated/incremental-alter-configs.js';
import { Produce } from '../../../broker-runtime/protocol/generated/produce.js';
import { recordSetToBuffer } from '../../../broker-runtime/protocol/primitives/writer.js';
import { compressionOf, splitBatches } from '../../../broker-runtime/protocol/records/batch-header.js';
import { CompressionType } from '../../../broker-runtime/protocol/records/compression.js';
import { buildRecordBatch, readRecords } from '../../../broker-runtime/protocol/records/record-batch.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { useHandlerFixture } from './fixture.js';

const fixture = useHandlerFixture();

const TOPIC = 2;
const BROKER = 4;
const [DYNAMIC_TOPIC, DYNAMIC_DEFAULT, STATIC, DEFAULT] = [1, 3, 4, 5];
const LONG_MAX = '9223372036854775807';

async function topicConfigs(client: RawClient, topic: string): Promise<Map<string, DescribeConfigsResponseResourceResult>> {
  const { results } = await client.send(DescribeConfigs, 4, {
    resources: [{ resourceType: TOPIC, resourceName: topic, configurationKeys: null }], includeSynonyms: true, includeDocumentation: true,
  });
  expect(results[0].errorCode).toBe(ErrorCode.NONE);
  return new Map(results[0].configs.map((c) => [c.name, c]));
}

async function produce(client: RawClient, topic: string, batch: Buffer): Promise<{ errorCode: number; baseOffset: number }> {
  const response = await client.send(Produce, 9, {
    transactionalId: null, acks: 1, timeoutMs: 5_000, topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }],
  });
  return response.responses[0].partitionResponses[0];
}

async function fetchAll(client: RawClient, topic: string): Promise<Buffer> {
  const response = await client.send(Fetch, 12, {
    replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, rackId: '',
    topics: [{ topic, partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1, lastFetchedEpoch: -1, logStartOffset: -1 }] }],
    forgottenTopicsData: [],
  });
  const partition = response.responses[0].partitions[0];
  expect(partition.errorCode).toBe(ErrorCode.NONE);
  return partition.records === null ? Buffer.alloc(0) : recordSetToBuffer(partition.records);
}

async function createTopic(cluster: ClusterHandle, topic: string, configs: Record<string, string> = {}): Promise<void> {
  const admin = await fixture.admin(cluster);
  const configEntries = Object.entries(configs).map(([name, value]) => ({ name, value }));
  expect(await admin.createTopics({ topics: [{ topic, configEntries }] })).toBe(true);
}

describe('Kafka 3.9 topic configs', () => {
  it('creates a topic with the configs applications set routinely, through kafkajs', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    const configs = {
      'min.insync.replicas': '2', 'compression.type': 'zstd', 'unclean.leader.election.enable': 'true', 'preallocate': 'true',
      'message.timestamp.after.max.ms': '3600000', 'message.downconversion.enable': 'false', 'follower.replication.throttled.replicas': '*',
      'leader.replication.throttled.replicas': '0:0', 'local.retention.ms': '86400000', 'compression.zstd.level': '10',
    };
    await createTopic(cluster, 'routine', configs);
    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'routine' }] });
    const described = new Map(resources[0].configEntries.map((e) => [e.configName, e]));
    for (const [name, value] of Object.entries(configs)) expect(described.get(name)).toMatchObject({ configValue: value, configSource: DYNAMIC_TOPIC });

    await expect(admin.createTopics({ topics: [{ topic: 'tiered', configEntries: [{ name: 'remote.storage.enable', value: 'true' }] }] }))
      .rejects.toMatchObject({ errors: [expect.objectContaining({ type: 'INVALID_CONFIG' })] });
    await expect(admin.createTopics({ topics: [{ topic: 'no-isr', configEntries: [{ name: 'min.insync.replicas', value: '0' }] }] }))
      .rejects.toMatchObject({ errors: [expect.objectContaining({ type: 'INVALID_CONFIG' })] });
  });

  it("describes each new config with Kafka's default, type and broker synonyms", async () => {
    const cluster = await fixture.start();
    await createTopic(cluster, 'defaults');
    const configs = await topicConfigs(await fixture.raw(cluster), 'defaults');
    expect(configs.size).toBe(37);
    const expected: [string, string, number, string[]][] = [
      ['min.insync.replicas', '1', 3, ['min.insync.replicas']],
      ['compression.type', 'producer', 2, ['compression.type']],
      ['compression.gzip.level', '-1', 3, ['compression.gzip.level']],
      ['compression.lz4.level', '9', 3, ['compression.lz4.level']],
      ['compression.zstd.level', '3', 3, ['compression.zstd.level']],
      ['unclean.leader.election.enable', 'false', 1, ['unclean.leader.election.enable']],
      ['preallocate', 'false', 1, ['log.preallocate']],
      ['message.format.version', '3.0-IV1', 2, ['log.message.format.version']],
      ['message.timestamp.before.max.ms', LONG_MAX, 5, ['log.message.timestamp.before.max.ms']],
      ['message.timestamp.after.max.ms', LONG_MAX, 5, ['log.message.timestamp.after.max.ms']],
      ['message.timestamp.difference.max.ms', LONG_MAX, 5, ['log.message.timestamp.difference.max.ms']],
      ['message.downconversion.enable', 'true', 1, ['log.message.downconversion.enable']],
      ['local.retention.ms', '-2', 5, ['log.local.retention.ms']],
      ['local.retention.bytes', '-2', 5, ['log.local.retention.bytes']],
      ['follower.replication.throttled.replicas', '', 7, []],
      ['leader.replication.throttled.replicas', '', 7, []],
      ['remote.storage.enable', 'false', 1, []],
      ['remote.log.copy.disable', 'false', 1, []],
      ['remote.log.delete.on.disable', 'false', 1, []],
    ];
    for (const [name, value, configType, synonyms] of expected) {
      const config = configs.get(name);
      expect(config, name).toMatchObject({ value, configType, configSource: DEFAULT, readOnly: false });
      expect(config?.synonyms, name).toEqual(synonyms.map((synonym) => ({ name: synonym, value, source: DEFAULT })));
      expect(config?.documentation, name).toMatch(/\w{4}/);
    }
  });

  it('takes broker-level values as topic defaults, static and dynamic', async () => {
    const cluster = await fixture.start({ brokerConfig: { 'compression.type': 'lz4', 'log.preallocate': 'true' } });
    await createTopic(cluster, 'inherits');
    const client = await fixture.raw(cluster);
    const { responses } = await client.send(IncrementalAlterConfigs, 1, {
      resources: [{ resourceType: BROKER, resourceName: '', configs: [{ name: 'log.message.timestamp.before.max.ms', configOperation: 0, value: '60000' }] }],
      validateOnly: false,
    });
    expect(responses[0]).toMatchObject({ errorCode: ErrorCode.NONE });
    const configs = await topicConfigs(client, 'inherits');
    expect(configs.get('compression.type')).toMatchObject({ value: 'lz4', configSource: STATIC });
    expect(configs.get('preallocate')).toMatchObject({ value: 'true', configSource: STATIC });
    expect(configs.get('message.timestamp.before.max.ms')).toMatchObject({ value: '60000', configSource: DYNAMIC_DEFAULT });

    // Both act on the partition's log: an old record is refused, a fresh one stored as lz4.
    const stale = buildRecordBatch({ records: [{ value: 'old', timestamp: Date.now() - 3_600_000 }] });
    expect(await produce(client, 'inherits', stale)).toMatchObject({ errorCode: ErrorCode.INVALID_TIMESTAMP, baseOffset: -1 });
    expect(await produce(client, 'inherits', buildRecordBatch({ records: [{ value: 'fresh', timestamp: Date.now() }] }))).toMatchObject({ errorCode: ErrorCode.NONE });
    const [stored] = splitBatches(await fetchAll(client, 'inherits'));
    expect(compressionOf(stored.header.attributes)).toBe(CompressionType.Lz4);

    const invalid = await client.send(IncrementalAlterConfigs, 1, {
      resources: [{ resourceType: BROKER, resourceName: '', configs: [{ name: 'log.message.timestamp.after.max.ms', configOperation: 0, value: '-1' }] }],
      validateOnly: false,
    });
    expect(invalid.responses[0]).toMatchObject({ errorCode: ErrorCode.INVALID_CONFIG });
  });
});

describe('compression.type and timestamps on a running cluster', () => {
  const records = [
    { key: 'k0', value: 'v0', timestamp: 1_700_000_000_000, headers: [{ key: 'trace', value: 'abc' }] },
    { key: null, value: 'x'.repeat(500), timestamp: 1_700_000_000_005 },
  ];
  const contentOf = (batch: Buffer) => readRecords(batch).map(({ offset, timestamp, key, value, headers }) => ({ offset, timestamp, key, value, headers }));

  it('stores an uncompressed batch gzip-compressed on a gzip topic, records intact; as sent with producer', async () => {
    const cluster = await fixture.start();
    await createTopic(cluster, 'gzipped', { 'compression.type': 'gzip' });
    await createTopic(cluster, 'as-sent');
    const client = await fixture.raw(cluster);
    const sent = buildRecordBatch({ records, producerId: -1 });
    for (const topic of ['gzipped', 'as-sent']) expect(await produce(client, topic, Buffer.from(sent))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0 });

    const [gzipped] = splitBatches(await fetchAll(client, 'gzipped'));
    expect(compressionOf(gzipped.header.attributes)).toBe(CompressionType.Gzip);
    expect(contentOf(gzipped.batch)).toEqual(contentOf(sent));
    const asSent = await fetchAll(client, 'as-sent');
    expect(asSent.subarray(16)).toEqual(sent.subarray(16)); // all but baseOffset, length and leader epoch
  });

  it('stores what kafkajs produced uncompressed to a zstd topic as zstd', async () => {
    const cluster = await fixture.start();
    await createTopic(cluster, 'zstd-topic', { 'compression.type': 'zstd', 'min.insync.replicas': '1' });
    const producer = await fixture.producer(cluster);
    await producer.send({ topic: 'zstd-topic', messages: [{ key: 'a', value: 'one' }, { key: 'b', value: 'two', headers: { h: 'x' } }] });
    const client = await fixture.raw(cluster);
    const [stored] = splitBatches(await fetchAll(client, 'zstd-topic'));
    expect(compressionOf(stored.header.attributes)).toBe(CompressionType.Zstd);
    expect(readRecords(stored.batch).map((r) => [r.key?.toString(), r.value?.toString(), r.headers.map((h) => h.key)])).toEqual([
      ['a', 'one', []], ['b', 'two', ['h']],
    ]);
  });
});
