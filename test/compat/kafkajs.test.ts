// kafkajs 2.2.4 producing to a real Oxbow cluster with every codec; kcat, confluent-kafka,
// kafka-python and kafkajs's own (group) consumer read the records back byte for byte.
import type { Message, Producer, ProducerConfig } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { largeRecord, smallRecords } from './helpers/datasets.js';
import { type CompatHarness, compatHarness, expectEveryConsumerReads, expectStored } from './helpers/harness.js';
import { KAFKAJS_COMPRESSION, kafkajsClient } from './helpers/kafkajs.js';
import { CODECS, type Codec, ONE_MIB, type ProducedRecord, compressibleText, expectSameRecords } from './helpers/records.js';
import { kcatConsume, kcatList } from './helpers/kcat.js';
import { pythonConsume } from './helpers/python.js';
import { readStoredBatches } from './helpers/segments.js';

const harness = compatHarness();

/** kafkajs headers are an object: repeated keys become arrays. */
export function toKafkajsMessage(record: ProducedRecord, partition = 0): Message {
  const headers: Record<string, Buffer[]> = {};
  let previous: string | undefined;
  for (const [key, value] of record.headers) {
    // Object keys keep insertion order only when none looks like an integer, and a repeated key
    // must repeat at once; the datasets keep to both.
    if (/^\d+$/.test(key) || (key in headers && key !== previous)) {
      throw new Error(`header order ${JSON.stringify(record.headers.map((h) => h[0]))} cannot be expressed in kafkajs`);
    }
    if (value === null) throw new Error('kafkajs 2.2.4 cannot send a null header value');
    (headers[key] ??= []).push(value);
    previous = key;
  }
  return {
    partition,
    key: record.key,
    value: record.value,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.length === 1 ? v[0] : v])) as Message['headers'],
  };
}

async function connectedProducer(h: CompatHarness, bootstrap: string, config?: ProducerConfig): Promise<Producer> {
  const producer = kafkajsClient(bootstrap).producer(config);
  await producer.connect();
  h.onTeardown(() => producer.disconnect());
  return producer;
}

describe('kafkajs produces', () => {
  it.each(CODECS)('%s: keys, null keys and values, headers and a large value, read back byte for byte', async (codec: Codec) => {
    const cluster = await harness.startCluster();
    const topic = `kafkajs-${codec}`;
    // kafkajs 2.2.4 throws on a null header value (its sizeOfHeaders calls Buffer.byteLength on it
    // before checking for null): FINDINGS.md, client limits.
    const options = { seed: 200, headers: 'varied', binary: true, nullHeaderValues: false } as const;
    const small = smallRecords(options);
    const large = largeRecord(codec, options);
    const producer = await connectedProducer(harness, cluster.bootstrap);
    const compression = KAFKAJS_COMPRESSION[codec];

    const first = await producer.send({ topic, compression, messages: small.map((r) => toKafkajsMessage(r)) });
    const second = await producer.send({ topic, compression, messages: [toKafkajsMessage(large)] });
    expect(first.map((m) => [m.partition, m.errorCode, m.baseOffset])).toEqual([[0, 0, '0']]);
    expect(second.map((m) => [m.partition, m.errorCode, m.baseOffset])).toEqual([[0, 0, String(small.length)]]);

    // kafkajs sends each send() as one batch.
    expect(expectStored(cluster, topic, codec, [...small, large])).toHaveLength(2);
    await expectEveryConsumerReads(cluster.bootstrap, topic, [...small, large]);
  });

  it('a 1 MiB uncompressed value exceeds the default max.message.bytes: MESSAGE_TOO_LARGE, nothing stored', async () => {
    const cluster = await harness.startCluster();
    const topic = 'kafkajs-too-large';
    const producer = await connectedProducer(harness, cluster.bootstrap, { retry: { retries: 0 } });
    const message = { partition: 0, key: 'k', value: compressibleText(ONE_MIB, 9) };
    const error = await producer.send({ topic, messages: [message] }).then(() => null, (err: unknown) => err);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toMatch(/larger than the max message size/);
    expect(readStoredBatches(cluster.dataDir, 0, topic)).toEqual([]);
  });

  // Needs CreateTopics (admin handlers in progress): a topic-level max.message.bytes above 1 MiB.
  it('a 1 MiB uncompressed value fits a topic created with max.message.bytes = 2 MiB', async () => {
    const cluster = await harness.startCluster();
    const topic = 'kafkajs-two-mib';
    const admin = kafkajsClient(cluster.bootstrap).admin();
    await admin.connect();
    harness.onTeardown(() => admin.disconnect());
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: String(2 * ONE_MIB) }] }] });
    const record: ProducedRecord = { key: Buffer.from('one-mib'), value: compressibleText(ONE_MIB, 11), headers: [] };
    const producer = await connectedProducer(harness, cluster.bootstrap);
    await producer.send({ topic, messages: [toKafkajsMessage(record)] });
    expectStored(cluster, topic, 'none', [record]);
    await expectEveryConsumerReads(cluster.bootstrap, topic, [record]);
  });

  it('across 2 brokers: each partition\'s records land on its leader and read back from there', async () => {
    const cluster = await harness.startCluster({ brokers: 2, brokerConfig: { 'num.partitions': '4' } });
    const topic = 'kafkajs-partitions';
    const records = smallRecords({ seed: 500, count: 40, headers: 'varied', binary: true, nullHeaderValues: false });
    const producer = await connectedProducer(harness, cluster.bootstrap);
    await producer.send({ topic, compression: KAFKAJS_COMPRESSION.gzip, messages: records.map((r, i) => toKafkajsMessage(r, i % 4)) });

    const leaders = new Map((await kcatList(cluster.bootstrap, topic)).topics[0].partitions.map((p) => [p.partition, p.leader]));
    expect(new Set(leaders.values())).toEqual(new Set([0, 1]));
    const expected = (partition: number) => records.filter((_, i) => i % 4 === partition);
    await Promise.all([0, 1, 2, 3].map(async (partition) => {
      const leader = leaders.get(partition)!;
      expect(readStoredBatches(cluster.dataDir, leader, topic, partition).map((b) => b.header.recordCount)).toEqual([10]);
      const [byKcat, byKafkaPython] = await Promise.all([
        kcatConsume({ bootstrap: cluster.bootstrap, topic, partition }),
        pythonConsume('kafka_python', { bootstrap: cluster.bootstrap, topics: [topic], partition }),
      ]);
      expectSameRecords(byKcat, expected(partition), `partition ${partition} read by kcat`);
      expectSameRecords(byKafkaPython, expected(partition), `partition ${partition} read by kafka-python`);
    }));
  });
});
