// The message methods on a real 3-broker cluster (worker threads), read and written through
// @platformatic/kafka, with records produced by kafkajs as an application would.
import { Kafka, type Producer, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterHandle, startCluster } from '../../../../broker-runtime/index.js';
import type { MessageRecord, PartitionPosition } from '../../../../main/contract/index.js';
import { MAX_PREVIEW_BYTES } from '../../../../main/contract/messages.js';
import { type MessagesHarness, headerText, messagesHarness, text } from './harness.js';

const TOPIC = 'orders';
const PARTITIONS = 3;
const RECORDS = 60;
const BIG_VALUE = 'x'.repeat(3 * MAX_PREVIEW_BYTES + 17);
/** Record i is at base + i seconds, in partition i % 3, with key customer-(i % 6). */
const BASE_TIME = Date.now() - 3_600_000;

let cluster: ClusterHandle;
let kafka: Kafka;
let producer: Producer;
let api: MessagesHarness;

function order(i: number) {
  return { id: i, customer: { name: `c${i % 6}` }, items: [{ sku: `SKU-${i % 5}`, qty: i % 3 }], paid: i % 4 === 0 };
}

beforeAll(async () => {
  cluster = await startCluster({ brokers: 3 });
  kafka = new Kafka({ brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 3 }], waitForLeaders: true });
  await admin.disconnect();
  producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    acks: -1,
    messages: Array.from({ length: RECORDS }, (_, i) => ({
      partition: i % PARTITIONS,
      key: `customer-${i % 6}`,
      value: JSON.stringify(order(i)),
      timestamp: String(BASE_TIME + i * 1_000),
      headers: { source: i % 2 === 0 ? 'mobile' : 'web', seq: String(i) },
    })),
  });
  // One large record last, in partition 0.
  await producer.send({ topic: TOPIC, acks: -1, messages: [{ partition: 0, key: 'big', value: BIG_VALUE, timestamp: String(BASE_TIME + RECORDS * 1_000) }] });
  api = messagesHarness(() => ({ connectionId: 'embedded', brokers: cluster.bootstrap.split(','), sasl: null, tls: null }));
});

afterAll(async () => {
  await api?.close();
  await producer?.disconnect();
  await cluster?.close();
});

const from = (offset: number): PartitionPosition[] => Array.from({ length: PARTITIONS }, (_, partition) => ({ partition, offset }));
const seqs = (records: MessageRecord[]) => records.map((r) => Number(headerText(r, 'seq') ?? -1));
const latest = [21, 20, 20];

describe('seeking', () => {
  it('resolves oldest, newest (count before the end), an offset (clamped) and a timestamp per partition', async () => {
    expect(await api.ok('seekMessages', { topic: TOPIC, start: { kind: 'oldest' } })).toEqual(from(0));
    expect(await api.ok('seekMessages', { topic: TOPIC, start: { kind: 'newest' }, count: 5 })).toEqual(latest.map((l, partition) => ({ partition, offset: l - 5 })));
    expect(await api.ok('seekMessages', { topic: TOPIC, start: { kind: 'newest' }, count: 50 })).toEqual(from(0));
    expect(await api.ok('seekMessages', { topic: TOPIC, partitions: [2], start: { kind: 'offset', offset: 7 } })).toEqual([{ partition: 2, offset: 7 }]);
    expect(await api.ok('seekMessages', { topic: TOPIC, start: { kind: 'offset', offset: 10_000 } })).toEqual(latest.map((offset, partition) => ({ partition, offset })));
    // Record 30 is the first at or after its time: partition 0 offset 10, then 31 and 32 in partitions 1 and 2.
    expect(await api.ok('seekMessages', { topic: TOPIC, start: { kind: 'timestamp', timestamp: BASE_TIME + 30_000 } })).toEqual(from(10));
    expect(await api.ok('seekMessages', { topic: TOPIC, start: { kind: 'timestamp', timestamp: Date.now() + 3_600_000 } }))
      .toEqual(latest.map((offset, partition) => ({ partition, offset })));
  });
});

describe('reading pages', () => {
  it('reads every record oldest first, merged by timestamp across partitions, with keys, values and headers', async () => {
    const page = await api.ok('readMessages', { topic: TOPIC, from: from(0), limit: 1000 });
    expect(seqs(page.records)).toEqual([...Array.from({ length: RECORDS }, (_, i) => i), -1]);
    const r7 = page.records[7];
    expect([r7.partition, r7.offset, r7.timestamp, r7.timestampType]).toEqual([1, 2, BASE_TIME + 7_000, 'create']);
    expect(text(r7.key)).toBe('customer-1');
    expect(JSON.parse(text(r7.value)!)).toEqual(order(7));
    expect(headerText(r7, 'source')).toBe('web');
    expect(page.next).toEqual(latest.map((offset, partition) => ({ partition, offset })));
    expect(page.ends).toEqual(page.next);
    expect(page.scanned).toBe(0);
  });

  it('pages through the same records, each once, until caught up', async () => {
    let positions = from(0);
    const seen: number[] = [];
    for (let round = 0; round < 20; round++) {
      const page = await api.ok('readMessages', { topic: TOPIC, from: positions, limit: 7 });
      expect(page.records.length).toBeLessThanOrEqual(7);
      seen.push(...seqs(page.records));
      positions = page.next;
      if (page.next.every((p, i) => p.offset >= page.ends[i].offset)) break;
    }
    expect(seen).toEqual([...Array.from({ length: RECORDS }, (_, i) => i), -1]);
  });

  it('reads the newest records from a newest seek', async () => {
    const start = await api.ok('seekMessages', { topic: TOPIC, start: { kind: 'newest' }, count: 2 });
    const page = await api.ok('readMessages', { topic: TOPIC, from: start, limit: 100 });
    expect(seqs(page.records)).toEqual([55, 56, 57, 58, 59, -1]);
  });

  it('previews a value larger than MAX_PREVIEW_BYTES, and getMessage gives it whole', async () => {
    const page = await api.ok('readMessages', { topic: TOPIC, from: [{ partition: 0, offset: 20 }], limit: 1 });
    const preview = page.records[0];
    expect(preview.value).toMatchObject({ length: BIG_VALUE.length, truncated: true });
    expect(text(preview.value)).toBe(BIG_VALUE.slice(0, MAX_PREVIEW_BYTES));
    const full = await api.ok('getMessage', { topic: TOPIC, partition: 0, offset: 20 });
    expect(full?.value).toMatchObject({ length: BIG_VALUE.length, truncated: false });
    expect(text(full!.value)).toBe(BIG_VALUE);
    expect(full?.sizeBytes).toBe(BIG_VALUE.length + 3);
    expect(await api.ok('getMessage', { topic: TOPIC, partition: 0, offset: 21 })).toBeNull();
  });

  it('moves positions past the end back to the end (a recreated topic, a stale bookmark)', async () => {
    const page = await api.ok('readMessages', { topic: TOPIC, from: from(10_000), limit: 10 });
    expect(page.records).toEqual([]);
    expect(page.next).toEqual(latest.map((offset, partition) => ({ partition, offset })));
    expect(page.ends).toEqual(page.next);
    expect(await api.ok('getMessage', { topic: TOPIC, partition: 1, offset: 10_000 })).toBeNull();
  });
});

describe('filters', () => {
  const expectSeqs = async (filter: object, expected: number[]) => {
    const page = await api.ok('readMessages', { topic: TOPIC, from: from(0), limit: 1000, filter });
    expect(seqs(page.records)).toEqual(expected);
    expect(page.scanned).toBe(RECORDS + 1 - expected.length);
    expect(page.next).toEqual(latest.map((offset, partition) => ({ partition, offset })));
  };
  const where = (test: (i: number) => boolean) => Array.from({ length: RECORDS }, (_, i) => i).filter(test);

  it('by key, case-insensitively', () => expectSeqs({ keyContains: 'CUSTOMER-1' }, where((i) => i % 6 === 1)));
  it('by value text', () => expectSeqs({ valueContains: '"sku":"sku-3"' }, where((i) => i % 5 === 3)));
  it('by header', () => expectSeqs({ headerContains: 'mobile' }, where((i) => i % 2 === 0)));
  it('by a JSON path that exists', () => expectSeqs({ jsonPath: 'items[0].qty' }, where(() => true)));
  it('by a JSON path and its value', () => expectSeqs({ jsonPath: 'items[0].sku', jsonEquals: 'SKU-3' }, where((i) => i % 5 === 3)));
  it('by several parts at once', () => expectSeqs({ jsonPath: 'paid', jsonEquals: 'true', headerContains: 'MOBILE' }, where((i) => i % 4 === 0)));

  it('refuses a JSON path that is not dotted names and indexes', async () => {
    expect(await api.error('readMessages', { topic: TOPIC, from: from(0), limit: 10, filter: { jsonPath: 'items[0](x)' } })).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
