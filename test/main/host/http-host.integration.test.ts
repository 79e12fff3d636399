// The headless API end to end: a real 3-broker cluster (worker threads), the cluster host and the
// HTTP host, called the way curl and the browser UI call it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster } from '../../../broker-runtime/index.js';
import type { BrokerView, ClusterMap, Overview, TopicDetail, TopicSummary } from '../../../main/contract/index.js';
import { type ClusterHost, createClusterHost } from '../../../main/host/cluster-host.js';
import type { EmbeddedCluster } from '../../../main/host/embedded-cluster.js';
import { type HttpHost, startHttpHost } from '../../../main/host/http-host.js';
import { callApi, eventually, openEvents } from './http-helpers.js';

let cluster: EmbeddedCluster;
let backend: ClusterHost;
let http: HttpHost;
let staticDir: string;
let events: Awaited<ReturnType<typeof openEvents>>;
const logged: [string, unknown][] = [];

beforeAll(async () => {
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-ui-'));
  // A short session timeout: a killed broker is fenced, and its leaderships moved, within seconds.
  cluster = await startCluster({ brokers: 3, sessionTimeoutMs: 2_000 });
  backend = createClusterHost(cluster, { log: (message, err) => logged.push([message, err]) });
  http = await startHttpHost({ backend, staticDir, port: 0 });
  events = await openEvents(http.port, { Host: `127.0.0.1:${http.port}` });
});

afterAll(async () => {
  events?.close();
  await http?.close();
  await backend?.close();
  await cluster?.close();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

async function ok<T>(method: string, args: unknown = {}): Promise<T> {
  const { status, answer } = await callApi(http.url, method, args);
  if (status !== 200 || !answer.ok) throw new Error(`${method} answered ${status}: ${JSON.stringify(answer)}`);
  return answer.result as T;
}

describe('headless API on a real cluster', () => {
  it('lists the three brokers, running', async () => {
    const brokers = await ok<BrokerView[]>('listBrokers');
    expect(brokers.map((b) => [b.id, b.state, b.host])).toEqual([[0, 'running', '127.0.0.1'], [1, 'running', '127.0.0.1'], [2, 'running', '127.0.0.1']]);
    const connection = await ok<{ kind: string; bootstrap: string }>('getConnection');
    expect(connection).toMatchObject({ kind: 'embedded', bootstrap: cluster.bootstrap });
  });

  it('creates a topic that listTopics and describeTopic then show, with its partitions and configs', async () => {
    expect(await ok('createTopic', { name: 'orders', partitions: 3, replicationFactor: 3, configs: { 'retention.ms': '86400000' } })).toBeNull();
    const topics = await ok<TopicSummary[]>('listTopics');
    expect(topics.find((t) => t.name === 'orders')).toEqual({
      name: 'orders', internal: false, partitions: 3, replicationFactor: 3, messageCount: 0, sizeBytes: 0, underReplicated: false,
    });
    const detail = await ok<TopicDetail>('describeTopic', { name: 'orders' });
    expect(detail.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    for (const p of detail.partitions) {
      expect([...p.replicas].sort()).toEqual([0, 1, 2]);
      expect(p.replicas).toContain(p.leader);
      expect([p.earliestOffset, p.latestOffset]).toEqual([0, 0]);
    }
    const config = (name: string) => detail.configs.find((c) => c.name === name);
    expect(config('retention.ms')).toMatchObject({ value: '86400000', source: 'topic', sensitive: false });
    expect(config('segment.bytes')).toMatchObject({ source: 'default' });
  });

  it('counts messages and bytes, and samples throughput', async () => {
    // A first sample means the sampler has its baseline: the messages below fall in a later interval.
    await eventually(() => events.events.some((e) => matches(e, { kind: 'throughput' })), 10_000, 'a first throughput sample');
    const kafka = new Kafka({ brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic: 'orders', acks: -1, messages: Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: `order ${i}` })) });
    } finally {
      await producer.disconnect();
    }
    const orders = await eventually(async () => {
      const t = (await ok<TopicSummary[]>('listTopics')).find((x) => x.name === 'orders');
      return t && t.messageCount === 30 && (t.sizeBytes ?? 0) > 0 ? t : undefined;
    }, 10_000, 'orders with 30 messages and a size');
    expect(orders.sizeBytes).toBeGreaterThan(30 * 'order 0'.length);
    const partitions = (await ok<TopicDetail>('describeTopic', { name: 'orders' })).partitions;
    expect(partitions.reduce((sum, p) => sum + p.latestOffset - p.earliestOffset, 0)).toBe(30);
    const overview = await eventually(async () => {
      const o = await ok<Overview>('getOverview');
      return o.throughput.some((s) => s.messagesInPerSec > 0) ? o : undefined;
    }, 10_000, 'a throughput sample with messages in');
    expect(overview).toMatchObject({ coordinator: { state: 'up' }, offlinePartitions: 0 });
    expect(events.events).toContainEqual(expect.objectContaining({ kind: 'throughput' }));
  });

  it('answers bad calls and Kafka refusals with their codes', async () => {
    expect(await callApi(http.url, 'createTopic', { name: 'orders', partitions: 1, replicationFactor: 1 }))
      .toMatchObject({ status: 409, answer: { ok: false, error: { code: 'KAFKA_ERROR', kafkaCode: 'TOPIC_ALREADY_EXISTS' } } });
    expect(await callApi(http.url, 'createTopic', { name: 'wide', partitions: 1, replicationFactor: 5 }))
      .toMatchObject({ status: 422, answer: { ok: false, error: { code: 'KAFKA_ERROR', kafkaCode: 'INVALID_REPLICATION_FACTOR' } } });
    expect(await callApi(http.url, 'createTopic', { name: 'no spaces', partitions: 1, replicationFactor: 1 }))
      .toMatchObject({ status: 400, answer: { ok: false, error: { code: 'INVALID_ARGUMENT' } } });
    expect(await callApi(http.url, 'describeTopic', { name: 'missing' }))
      .toMatchObject({ status: 404, answer: { ok: false, error: { code: 'NOT_FOUND' } } });
    expect(await callApi(http.url, 'killBroker', { brokerId: 9 }))
      .toMatchObject({ status: 404, answer: { ok: false, error: { code: 'NOT_FOUND' } } });
    const topics = (await ok<TopicSummary[]>('listTopics')).map((t) => t.name);
    expect(topics).not.toContain('wide');
    expect(topics).not.toContain('no spaces');
  });

  it('sets and resets topic configs, and grows partitions', async () => {
    await ok('alterTopicConfigs', { name: 'orders', set: { 'segment.ms': '3600000' }, reset: ['retention.ms'] });
    let configs = (await ok<TopicDetail>('describeTopic', { name: 'orders' })).configs;
    expect(configs.find((c) => c.name === 'segment.ms')).toMatchObject({ value: '3600000', source: 'topic' });
    expect(configs.find((c) => c.name === 'retention.ms')?.source).not.toBe('topic');
    await ok('alterTopicConfigs', { name: 'orders', set: { 'cleanup.policy': 'compact' } });
    configs = (await ok<TopicDetail>('describeTopic', { name: 'orders' })).configs;
    // The earlier override is kept: AlterConfigs replaces the whole set, so the host writes it back.
    expect(configs.filter((c) => c.source === 'topic').map((c) => c.name).sort()).toEqual(['cleanup.policy', 'segment.ms']);
    expect(await callApi(http.url, 'alterTopicConfigs', { name: 'orders', set: { 'retention.ms': 'soon' } }))
      .toMatchObject({ status: 422, answer: { ok: false, error: { code: 'KAFKA_ERROR' } } });
    await ok('createPartitions', { name: 'orders', totalCount: 4 });
    expect((await ok<TopicDetail>('describeTopic', { name: 'orders' })).partitions).toHaveLength(4);
  });

  it('keeps working after another client deletes a topic it has read', async () => {
    await ok('createTopic', { name: 'doomed', partitions: 1, replicationFactor: 1 });
    expect((await ok<TopicSummary[]>('listTopics')).map((t) => t.name)).toContain('doomed');
    const admin = new Kafka({ brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await admin.deleteTopics({ topics: ['doomed'] });
    } finally {
      await admin.disconnect();
    }
    await ok('createTopic', { name: 'after-doomed', partitions: 1, replicationFactor: 1 });
    expect((await ok<TopicSummary[]>('listTopics')).map((t) => t.name)).toEqual(expect.arrayContaining(['after-doomed', 'orders']));
  });

  it('kills a broker: listed killed, leaders move off it, events pushed; topics still readable while a partition is offline', async () => {
    await ok('createTopic', { name: 'single', partitions: 3, replicationFactor: 1 });
    const single = await ok<TopicDetail>('describeTopic', { name: 'single' });
    const victim = single.partitions[0].leader;
    await ok('killBroker', { brokerId: victim });
    expect((await ok<BrokerView[]>('listBrokers')).find((b) => b.id === victim)?.state).toBe('killed');
    const map = await eventually(async () => {
      const m = await ok<ClusterMap>('getClusterMap');
      const orders = m.partitions.filter((p) => p.topic === 'orders');
      return orders.every((p) => p.leader >= 0 && p.leader !== victim) ? m : undefined;
    }, 20_000, `orders' leaders to move off broker ${victim}`);
    expect(map.partitions.find((p) => p.topic === 'single' && p.partition === 0)?.leader).toBe(-1);
    await eventually(() => events.events.some((e) => matches(e, { kind: 'cluster', event: { type: 'brokerDown', brokerId: victim, reason: 'killed' } })), 5_000, 'brokerDown');
    await eventually(() => events.events.some((e) => matches(e, { kind: 'cluster', event: { type: 'leaderElected', topic: 'orders' } })), 5_000, 'leaderElected');

    const topics = await ok<TopicSummary[]>('listTopics');
    expect(topics.find((t) => t.name === 'orders')).toMatchObject({ partitions: 4, messageCount: 30, underReplicated: true });
    expect(topics.find((t) => t.name === 'single')).toMatchObject({ partitions: 3 });
    expect((await ok<Overview>('getOverview')).offlinePartitions).toBeGreaterThanOrEqual(1);
    expect(await callApi(http.url, 'createTopic', { name: 'while-offline', partitions: 1, replicationFactor: 1 }))
      .toMatchObject({ status: 503, answer: { ok: false, error: { code: 'UNAVAILABLE' } } });

    await ok('startBroker', { brokerId: victim });
    await eventually(async () => {
      const b = (await ok<BrokerView[]>('listBrokers')).find((x) => x.id === victim);
      return b?.state === 'running' && !b.fenced;
    }, 20_000, `broker ${victim} running and unfenced`);
    await eventually(async () => (await ok<Overview>('getOverview')).offlinePartitions === 0, 20_000, 'no offline partitions');
    await ok('createTopic', { name: 'after-restart', partitions: 1, replicationFactor: 3 });
    const detail = await ok<TopicDetail>('describeTopic', { name: 'single' });
    expect(detail.partitions[0].leader).toBe(victim);
    expect(detail.configs.length).toBeGreaterThan(0);
  });

  it('deletes a topic', async () => {
    await ok('deleteTopic', { name: 'single' });
    expect((await ok<TopicSummary[]>('listTopics')).map((t) => t.name)).not.toContain('single');
    expect(await callApi(http.url, 'deleteTopic', { name: 'single' })).toMatchObject({ status: 404, answer: { ok: false, error: { code: 'NOT_FOUND' } } });
    expect(logged.filter(([message]) => String(message) === 'call failed')).toEqual([]);
  });
});

/** True when `value` has every field of `pattern` (nested objects compared the same way). */
function matches(value: unknown, pattern: unknown): boolean {
  if (typeof pattern !== 'object' || pattern === null) return value === pattern;
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(pattern).every(([k, v]) => matches((value as Record<string, unknown>)[k], v));
}
