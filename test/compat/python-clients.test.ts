// The Python clients as producers: confluent-kafka 1.7.0 (librdkafka 2.0.2 again, through another
// API) and kafka-python 2.0.2 (an independent, pure-Python implementation of the protocol and of
// RecordBatch v2), with every codec; kcat, confluent-kafka and kafka-python read the records back.
import { describe, expect, it } from 'vitest';
import { largeRecord, smallRecords } from './helpers/datasets.js';
import { compatHarness, expectEveryConsumerReads, expectStored, kafkaPythonStopsBeforeLargeZstd } from './helpers/harness.js';
import { pythonProduce } from './helpers/python.js';
import { CODECS, type Codec } from './helpers/records.js';
import { readStoredBatches } from './helpers/segments.js';

const harness = compatHarness();

describe('confluent-kafka produces', () => {
  it.each(CODECS)('%s: keys, null keys and values, headers and a large value, read back byte for byte', async (codec: Codec) => {
    const cluster = await harness.startCluster();
    const topic = `confluent-${codec}`;
    const options = { seed: 300, headers: 'varied', binary: true } as const;
    const records = [...smallRecords(options), largeRecord(codec, options)];
    const result = await pythonProduce('confluent', { bootstrap: cluster.bootstrap, topic, codec, records });
    expect(result).toEqual({ delivered: records.length, errors: [] });

    expectStored(cluster, topic, codec, records);
    await expectEveryConsumerReads(cluster.bootstrap, topic, records, { stopAt: kafkaPythonStopsBeforeLargeZstd(codec, records.length - 1) });
  });
});

describe('confluent-kafka idempotent producer', () => {
  it('gets a producer id (librdkafka\'s idempotence feature gate passes) and stores contiguous sequences', async () => {
    const cluster = await harness.startCluster();
    const topic = 'confluent-idempotent';
    const records = smallRecords({ seed: 310, count: 50, headers: 'varied', binary: true });
    // A small batch.num.messages makes several batches, so sequences must run on across them.
    const config = { 'enable.idempotence': true, 'batch.num.messages': 16 };
    const result = await pythonProduce('confluent', { bootstrap: cluster.bootstrap, topic, codec: 'lz4', records, config });
    expect(result).toEqual({ delivered: records.length, errors: [] });

    const batches = readStoredBatches(cluster.dataDir, 0, topic);
    expect(batches.length).toBeGreaterThan(1);
    expect(new Set(batches.map((b) => `${b.header.producerId}/${b.header.producerEpoch}`)).size).toBe(1);
    expect(batches[0].header.producerId).toBeGreaterThanOrEqual(0);
    expect(batches.map((b) => b.header.baseSequence)).toEqual(batches.map((b) => b.header.baseOffset));
    await expectEveryConsumerReads(cluster.bootstrap, topic, records, { consumers: ['kcat'] });
  });
});

describe('kafka-python produces', () => {
  it.each(CODECS)('%s: keys, null keys and values, headers and a large value, read back byte for byte', async (codec: Codec) => {
    const cluster = await harness.startCluster();
    const topic = `kafka-python-${codec}`;
    // kafka-python 2.0.2 asserts that every header value is bytes: no null header values.
    const options = { seed: 400, headers: 'varied', binary: true, nullHeaderValues: false } as const;
    const records = [...smallRecords(options), largeRecord(codec, options)];
    const result = await pythonProduce('kafka_python', { bootstrap: cluster.bootstrap, topic, codec, records });
    expect(result.errors).toEqual([]);
    expect(result.delivered).toBe(records.length);
    // kafka-python guesses the broker's version from ApiVersions (CLIENTS.md 2.1); below 2.1 it
    // refuses zstd, and below 0.11 it would write magic 1 message sets.
    const [major, minor] = result.api_version!;
    expect(major * 100 + minor).toBeGreaterThanOrEqual(201);

    expectStored(cluster, topic, codec, records);
    await expectEveryConsumerReads(cluster.bootstrap, topic, records);
  });
});
