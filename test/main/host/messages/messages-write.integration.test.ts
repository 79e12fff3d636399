// The produce form, the partition time map, transaction markers and unknown topics, on a real
// 3-broker cluster (worker threads).
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterHandle, startCluster } from '../../../../broker-runtime/index.js';
import { Produce } from '../../../../broker-runtime/protocol/generated/produce.js';
import { buildRecordBatch } from '../../../../broker-runtime/protocol/records/record-batch.js';
import { rawRequest } from '../../../helpers/raw-client.js';
import { type MessagesHarness, bytes, headerText, messagesHarness, text } from './harness.js';

const TOPIC = 'produced';
const PARTITIONS = 3;

let cluster: ClusterHandle;
let kafka: Kafka;
let api: MessagesHarness;

beforeAll(async () => {
  cluster = await startCluster({ brokers: 3 });
  kafka = new Kafka({ brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 3 }, { topic: 'timeline', numPartitions: 1, replicationFactor: 1 }, { topic: 'txn', numPartitions: 1, replicationFactor: 1 },
      { topic: 'empty', numPartitions: 1, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  await admin.disconnect();
  api = messagesHarness(() => ({ connectionId: 'embedded', brokers: cluster.bootstrap.split(','), sasl: null, tls: null }));
});

afterAll(async () => {
  await api?.close();
  await cluster?.close();
});

describe('producing', () => {
  it.each(['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const)('writes a record with %s compression to the partition asked, read back whole', async (compression) => {
    const value = JSON.stringify({ compression, filler: 'abc'.repeat(200) });
    const produced = await api.ok('produceMessage', {
      topic: TOPIC, partition: 1, key: `key-${compression}`, value, compression, headers: [{ key: 'codec', value: compression }, { key: 'empty', value: null }],
    });
    expect(produced.partition).toBe(1);
    const record = await api.ok('getMessage', { topic: TOPIC, partition: 1, offset: produced.offset });
    expect(text(record!.key)).toBe(`key-${compression}`);
    expect(text(record!.value)).toBe(value);
    expect(headerText(record!, 'codec')).toBe(compression);
    expect(headerText(record!, 'empty')).toBeNull();
  });

  it('puts a keyed record where Kafka\'s default partitioner (kafkajs, Java) would', async () => {
    const partitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({ partitionId, leader: 0 }));
    const chosen = new Set<number>();
    for (const key of ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta']) {
      const expected = partitioner({ topic: TOPIC, partitionMetadata: partitionMetadata as never, message: { key, value: null } });
      const produced = await api.ok('produceMessage', { topic: TOPIC, key, value: 'v' });
      expect(produced.partition, key).toBe(expected);
      chosen.add(produced.partition);
    }
    // The keys are spread: the partitioner is not a constant.
    expect(chosen.size).toBeGreaterThan(1);
  });

  it('spreads records without a key over the partitions', async () => {
    const partitions = new Set<number>();
    for (let i = 0; i < PARTITIONS; i++) partitions.add((await api.ok('produceMessage', { topic: TOPIC, key: null, value: `no key ${i}` })).partition);
    expect(partitions.size).toBe(PARTITIONS);
  });

  it('takes base64 for binary keys, values and header values, and a null value (tombstone)', async () => {
    const key = Buffer.from([0, 1, 2, 255]);
    const value = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]);
    const produced = await api.ok('produceMessage', {
      topic: TOPIC, partition: 2, encoding: 'base64', key: key.toString('base64'), value: value.toString('base64'), headers: [{ key: 'bin', value: 'AAE=' }],
    });
    const record = await api.ok('getMessage', { topic: TOPIC, partition: 2, offset: produced.offset });
    expect(bytes(record!.key)).toEqual(key);
    expect(bytes(record!.value)).toEqual(value);
    expect(bytes(record!.headers[0].value)).toEqual(Buffer.from([0, 1]));
    const tombstone = await api.ok('produceMessage', { topic: TOPIC, partition: 2, key: 'gone', value: null });
    expect((await api.ok('getMessage', { topic: TOPIC, partition: 2, offset: tombstone.offset }))!.value).toBeNull();
    expect(await api.error('produceMessage', { topic: TOPIC, key: null, value: 'not base64!', encoding: 'base64' })).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses a partition the topic does not have', async () => {
    expect(await api.error('produceMessage', { topic: TOPIC, partition: PARTITIONS, key: null, value: 'x' })).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('partition time map', () => {
  it('counts records per time bucket from the time index, summing to the partition\'s records', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const base = Date.now() - 100_000;
    // 10 records per 10 s for the first 50 s, then 30 records in the last 10 s: sent in several batches.
    const times = [...Array.from({ length: 50 }, (_, i) => base + i * 1_000), ...Array.from({ length: 30 }, (_, i) => base + 90_000 + i * 300)];
    for (let i = 0; i < times.length; i += 16) {
      await producer.send({ topic: 'timeline', acks: -1, messages: times.slice(i, i + 16).map((t) => ({ value: String(t), timestamp: String(t) })) });
    }
    await producer.disconnect();
    const map = await api.ok('partitionTimeMap', { topic: 'timeline', partition: 0, buckets: 10 });
    expect([map.earliestOffset, map.latestOffset]).toEqual([0, times.length]);
    expect(map.buckets[0].from).toBe(base);
    expect(map.buckets.at(-1)!.to).toBe(times.at(-1)! + 1);
    expect(map.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(times.length);
    // Each bucket's count is the records whose timestamps fall in it.
    for (const bucket of map.buckets) {
      expect(bucket.count, `${bucket.from}`).toBe(times.filter((t) => t >= bucket.from && t < bucket.to).length);
    }
    const window = await api.ok('partitionTimeMap', { topic: 'timeline', partition: 0, buckets: 2, from: base + 10_000, to: base + 30_000 });
    expect(window.buckets).toEqual([
      { from: base + 10_000, to: base + 20_000, firstOffset: 10, count: 10 },
      { from: base + 20_000, to: base + 30_000, firstOffset: 20, count: 10 },
    ]);
  });

  it('has no buckets for an empty partition', async () => {
    expect(await api.ok('partitionTimeMap', { topic: 'empty', partition: 0 })).toEqual({ partition: 0, earliestOffset: 0, latestOffset: 0, buckets: [] });
  });
});

describe('transaction markers', () => {
  it('never shows a control record, and pages move past it', async () => {
    // Oxbow has no transaction coordinator: the committed transaction is written as its batches would be.
    // NB: Kafka's markers carry no sequence (-1); Oxbow checks sequences on them too, so this one continues the producer's.
    const [placement] = cluster.partitions().filter((p) => p.topic === 'txn');
    const leader = cluster.brokers.find((b) => b.id === placement.leader)!;
    const now = Date.now();
    const batches = [
      buildRecordBatch({ records: [{ value: 'before', timestamp: now }] }),
      buildRecordBatch({ records: [{ value: 'in-txn-1', timestamp: now }, { value: 'in-txn-2', timestamp: now }], producerId: 4242, producerEpoch: 0, baseSequence: 0, isTransactional: true }),
      buildRecordBatch({ records: [{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0, 0, 0, 0, 0, 0]), timestamp: now }], producerId: 4242, producerEpoch: 0, baseSequence: 2, isTransactional: true, isControl: true }),
      buildRecordBatch({ records: [{ value: 'after', timestamp: now }] }),
    ];
    for (const batch of batches) {
      const response = await rawRequest(`${leader.host}:${leader.port}`, Produce, 9, {
        transactionalId: null, acks: 1, timeoutMs: 5_000, topicData: [{ name: 'txn', partitionData: [{ index: 0, records: batch }] }],
      });
      expect(response.responses[0].partitionResponses[0].errorCode).toBe(0);
    }
    const page = await api.ok('readMessages', { topic: 'txn', from: [{ partition: 0, offset: 0 }], limit: 100 });
    expect(page.records.map((r) => [r.offset, text(r.value)])).toEqual([[0, 'before'], [1, 'in-txn-1'], [2, 'in-txn-2'], [4, 'after']]);
    expect(page.next).toEqual([{ partition: 0, offset: 5 }]);
    expect(page.ends).toEqual([{ partition: 0, offset: 5 }]);
    expect(await api.ok('getMessage', { topic: 'txn', partition: 0, offset: 3 })).toBeNull();
    // A page starting at the marker moves past it with nothing to show.
    const atMarker = await api.ok('readMessages', { topic: 'txn', from: [{ partition: 0, offset: 3 }], limit: 1 });
    expect(atMarker.records.map((r) => r.offset)).toEqual([4]);
  });
});

describe('unknown topics and partitions', () => {
  it('answer NOT_FOUND', async () => {
    const missing = 'no-such-topic';
    for (const [method, args] of [
      ['seekMessages', { topic: missing, start: { kind: 'oldest' } }],
      ['readMessages', { topic: missing, from: [{ partition: 0, offset: 0 }], limit: 10 }],
      ['getMessage', { topic: missing, partition: 0, offset: 0 }],
      ['produceMessage', { topic: missing, key: null, value: 'x' }],
      ['partitionTimeMap', { topic: missing, partition: 0 }],
      ['seekMessages', { topic: TOPIC, partitions: [7], start: { kind: 'newest' } }],
      ['readMessages', { topic: TOPIC, from: [{ partition: 7, offset: 0 }], limit: 10 }],
    ] as const) {
      expect(await api.error(method, args), `${method} ${JSON.stringify(args)}`).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(api.logged).toEqual([]);
  });
});

describe('when a leader stops', () => {
  it('reads the partition from its new leader', async () => {
    for (let i = 0; i < 3; i++) await api.ok('produceMessage', { topic: TOPIC, partition: 1, key: null, value: `before the stop ${i}` });
    const before = await api.ok('readMessages', { topic: TOPIC, from: [{ partition: 1, offset: 0 }], limit: 1000 });
    expect(before.records.length).toBeGreaterThan(0);
    const leaderOf = () => cluster.partitions().find((p) => p.topic === TOPIC && p.partition === 1)!.leader;
    const stopped = leaderOf();
    await cluster.stopBroker(stopped);
    try {
      const deadline = Date.now() + 20_000;
      while (leaderOf() === stopped || leaderOf() < 0) {
        if (Date.now() > deadline) throw new Error('partition 1 got no new leader');
        await new Promise((r) => setTimeout(r, 50));
      }
      // A new leader's high watermark may trail its log until the remaining follower fetches from it.
      const offsets = before.records.map((r) => r.offset);
      let read: number[] = [];
      while (read.length < offsets.length && Date.now() < deadline) {
        const start = await api.ok('seekMessages', { topic: TOPIC, partitions: [1], start: { kind: 'oldest' } });
        read = (await api.ok('readMessages', { topic: TOPIC, from: start, limit: 1000 })).records.map((r) => r.offset);
        if (read.length < offsets.length) await new Promise((r) => setTimeout(r, 50));
      }
      expect(read).toEqual(offsets);
    } finally {
      await cluster.startBroker(stopped);
    }
  });
});
