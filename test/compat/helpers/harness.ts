// Per-test lifecycle for compat tests: clusters, proxies and child processes started by a test are
// stopped in its afterEach, whatever happened.
import { afterEach, expect } from 'vitest';
import { type ClusterHandle, type ClusterOptions, startCluster } from '../../../broker-runtime/index.js';
import { readRecords } from '../../../broker-runtime/protocol/records/record-batch.js';
import { killStartedProcesses } from './child-process.js';
import { groupHeadersLikeKafkajs, kafkajsConsume } from './kafkajs.js';
import { kcatConsume } from './kcat.js';
import { pythonConsume } from './python.js';
import { type Codec, CODEC_ID, type ConsumedRecord, type ProducedRecord, expectSameRecords } from './records.js';
import { readStoredBatches } from './segments.js';

export interface CompatHarness {
  startCluster(options?: ClusterOptions): Promise<ClusterHandle>;
  /** Runs at teardown, in reverse order of registration. */
  onTeardown(close: () => Promise<void> | void): void;
}

/** Call once at the top of a test file (registers the afterEach). */
export function compatHarness(): CompatHarness {
  const closers: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    killStartedProcesses();
    for (const close of closers.splice(0).reverse()) await close();
  });
  return {
    async startCluster(options) {
      const cluster = await startCluster(options);
      closers.push(() => cluster.close());
      return cluster;
    },
    onTeardown(close) {
      closers.push(close);
    },
  };
}

export type Consumer = 'kcat' | 'confluent' | 'kafka_python' | 'kafkajs';
export const CONSUMERS: readonly Consumer[] = ['kcat', 'confluent', 'kafka_python', 'kafkajs'];

export function consume(consumer: Consumer, bootstrap: string, topic: string, stopAt: number | undefined, expected: number): Promise<ConsumedRecord[]> {
  if (consumer === 'kcat') return kcatConsume({ bootstrap, topic });
  if (consumer === 'kafkajs') return kafkajsConsume(bootstrap, topic, stopAt ?? expected);
  return pythonConsume(consumer, { bootstrap, topics: [topic], ...(stopAt === undefined ? {} : { stopAt: { [topic]: stopAt } }) });
}

/**
 * The core compat check: each consumer, in parallel, reads partition 0 of `topic` from the start
 * and must see exactly `produced` at offsets 0, 1, 2, ...
 * `stopAt` lets a consumer read only the first records, where a client limit keeps it from the
 * rest (each use says which limit, and FINDINGS.md lists it).
 */
export async function expectEveryConsumerReads(
  bootstrap: string,
  topic: string,
  produced: readonly ProducedRecord[],
  options: { consumers?: readonly Consumer[]; stopAt?: Partial<Record<Consumer, number>> } = {},
): Promise<void> {
  const consumers = options.consumers ?? CONSUMERS;
  const results = await Promise.all(consumers.map((c) => consume(c, bootstrap, topic, options.stopAt?.[c], produced.length)));
  consumers.forEach((c, i) => {
    let expected = produced.slice(0, options.stopAt?.[c]);
    if (c === 'kafkajs') expected = expected.map((r) => ({ ...r, headers: groupHeadersLikeKafkajs(r.headers) }));
    expectSameRecords(results[i], expected, `${topic} read by ${c}`);
  });
}

/**
 * Every batch stored for partition 0 of `topic` carries `codec` in its attributes, and Oxbow's own
 * reader (readRecords: the UI's topic browser, compaction) decodes the stored batches to exactly
 * `produced`. Returns the codec id of each stored batch.
 */
export function expectStored(cluster: ClusterHandle, topic: string, codec: Codec, produced: readonly ProducedRecord[], brokerId = 0): number[] {
  const batches = readStoredBatches(cluster.dataDir, brokerId, topic);
  const codecs = batches.map((b) => b.codec);
  expect(codecs.length, `${topic}: stored batches`).toBeGreaterThan(0);
  expect(codecs, `${topic}: codec of each stored batch`).toEqual(codecs.map(() => CODEC_ID[codec]));
  const decoded = batches.flatMap((b) => readRecords(b.bytes)).map((r): ConsumedRecord => ({
    topic, partition: 0, offset: r.offset, key: r.key, value: r.value, headers: r.headers.map((h) => [h.key, h.value]),
  }));
  expectSameRecords(decoded, produced, `${topic} decoded by readRecords`);
  return codecs;
}

/**
 * kafka-python 2.0.2 cannot decompress a zstd frame that declares no content size (librdkafka's
 * streaming encoder writes none) into more than 1 MiB (kafka/codec.py ZSTD_MAX_OUTPUT_SIZE), so it
 * reads librdkafka's zstd batches up to the large one only. FINDINGS.md, client limits.
 */
export function kafkaPythonStopsBeforeLargeZstd(codec: Codec, largeOffset: number): Partial<Record<Consumer, number>> | undefined {
  return codec === 'zstd' ? { kafka_python: largeOffset } : undefined;
}
