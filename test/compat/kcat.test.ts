// kcat 1.7.1 (librdkafka 2.0.2) against a real Oxbow cluster over real sockets: metadata listing,
// and records produced with every codec, read back byte for byte by kcat, confluent-kafka and
// kafka-python.
import { describe, expect, it } from 'vitest';
import { largeRecord, smallRecords } from './helpers/datasets.js';
import { compatHarness, expectEveryConsumerReads, expectStored, kafkaPythonStopsBeforeLargeZstd } from './helpers/harness.js';
import { kcatList, kcatOffsetForTime, kcatProduce, kcatProduceChecked } from './helpers/kcat.js';
import { CODECS, ONE_MIB, compressibleText } from './helpers/records.js';
import { readStoredBatches } from './helpers/segments.js';
import { waitFor } from './helpers/wait.js';

const harness = compatHarness();

describe('kcat -L', () => {
  it('lists every broker and every topic with its partitions, leaders, replicas and ISR', async () => {
    const cluster = await harness.startCluster({ brokers: 2, brokerConfig: { 'num.partitions': '4' } });
    const records = smallRecords({ seed: 1, count: 3, headers: 'fixed', binary: false });
    for (const topic of ['orders', 'payments']) await kcatProduceChecked({ bootstrap: cluster.bootstrap, topic, codec: 'none', records });

    const metadata = await kcatList(cluster.bootstrap);
    expect(metadata.brokers.sort((a, b) => a.id - b.id)).toEqual(cluster.brokers.map((b) => ({ id: b.id, name: `${b.host}:${b.port}` })));
    expect(cluster.brokers.map((b) => b.id)).toContain(metadata.controllerid);
    const topics = metadata.topics.filter((t) => !t.topic.startsWith('__')).sort((a, b) => a.topic.localeCompare(b.topic));
    expect(topics.map((t) => t.topic)).toEqual(['orders', 'payments']);
    for (const topic of topics) {
      expect(topic.error, topic.topic).toBeUndefined();
      expect(topic.partitions.map((p) => p.partition).sort()).toEqual([0, 1, 2, 3]);
      for (const p of topic.partitions) {
        expect([0, 1], `${topic.topic}-${p.partition} leader`).toContain(p.leader);
        expect(p.replicas.map((r) => r.id)).toContain(p.leader);
        expect(p.isrs.map((r) => r.id)).toContain(p.leader);
      }
    }
    // Leadership is spread: both brokers lead some partition.
    expect(new Set(topics.flatMap((t) => t.partitions.map((p) => p.leader)))).toEqual(new Set([0, 1]));

    const one = await kcatList(cluster.bootstrap, 'orders');
    expect(one.topics.map((t) => t.topic)).toEqual(['orders']);
  });
});

describe('kcat -Q (ListOffsets)', () => {
  it('finds the first offset at or after a timestamp, the earliest and the latest offsets', async () => {
    const cluster = await harness.startCluster();
    const topic = 'kcat-offsets';
    const [before, after] = [smallRecords({ seed: 2, count: 3, headers: 'fixed', binary: false }), smallRecords({ seed: 3, count: 4, headers: 'fixed', binary: false })];
    await kcatProduceChecked({ bootstrap: cluster.bootstrap, topic, codec: 'none', records: before });
    // Every later record is stamped after `boundary` (kcat and this test share the clock).
    const boundary = Date.now() + 1;
    await waitFor(() => Date.now() > boundary, 1_000);
    await kcatProduceChecked({ bootstrap: cluster.bootstrap, topic, codec: 'none', records: after });

    const offsetFor = (timestamp: number) => kcatOffsetForTime(cluster.bootstrap, topic, 0, timestamp);
    expect(await offsetFor(0)).toBe(0);
    expect(await offsetFor(boundary)).toBe(before.length);
    expect(await offsetFor(-2)).toBe(0);
    expect(await offsetFor(-1)).toBe(before.length + after.length);
    expect(await offsetFor(Date.now() + 3_600_000)).toBe(-1);
  });
});

describe('kcat produces', () => {
  it.each(CODECS)('%s: keys, null keys and values, headers and a large value, read back byte for byte', async (codec) => {
    const cluster = await harness.startCluster();
    const topic = `kcat-${codec}`;
    const options = { seed: 100, headers: 'fixed', binary: false } as const;
    const small = smallRecords(options);
    const large = largeRecord(codec, options);
    // Two runs: the large value in its own batch, as any producer would send it.
    await kcatProduceChecked({ bootstrap: cluster.bootstrap, topic, codec, records: small });
    await kcatProduceChecked({ bootstrap: cluster.bootstrap, topic, codec, records: [large] });

    expectStored(cluster, topic, codec, [...small, large]);
    await expectEveryConsumerReads(cluster.bootstrap, topic, [...small, large], { stopAt: kafkaPythonStopsBeforeLargeZstd(codec, small.length) });
  });

  it('a 1 MiB uncompressed value exceeds the default max.message.bytes: MESSAGE_TOO_LARGE, nothing stored', async () => {
    const cluster = await harness.startCluster();
    const topic = 'kcat-too-large';
    const records = [{ key: null, value: compressibleText(ONE_MIB, 7), headers: [] }];
    const result = await kcatProduce({ bootstrap: cluster.bootstrap, topic, codec: 'none', records });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Message size too large');
    expect(readStoredBatches(cluster.dataDir, 0, topic)).toEqual([]);
  });

  it('a 1 MiB uncompressed value fits when the broker\'s message.max.bytes is 2 MiB (the topic default)', async () => {
    const cluster = await harness.startCluster({ brokerConfig: { 'message.max.bytes': String(2 * ONE_MIB) } });
    const topic = 'kcat-one-mib';
    const records = [{ key: Buffer.from('one-mib'), value: compressibleText(ONE_MIB, 8), headers: [] }];
    await kcatProduceChecked({ bootstrap: cluster.bootstrap, topic, codec: 'none', records });
    expectStored(cluster, topic, 'none', records);
    await expectEveryConsumerReads(cluster.bootstrap, topic, records);
  });
});
