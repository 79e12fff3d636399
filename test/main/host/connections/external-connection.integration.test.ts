// The host with an external connection selected: a real embedded cluster behind the host, and a
// second Oxbow cluster standing in for an external Kafka. Saved, tested, selected: topics then go
// to the second cluster, the engine-only calls answer UNSUPPORTED, and selecting the embedded
// cluster again brings everything back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster } from '../../../../broker-runtime/index.js';
import type { PushEvent } from '../../../../main/contract/index.js';
import { dispatch } from '../../../../main/host/api-dispatcher.js';
import { type ClusterHost, createClusterHost } from '../../../../main/host/cluster-host.js';
import type { EmbeddedCluster } from '../../../../main/host/embedded-cluster.js';
import type { Scheduler } from '../../../../main/host/throughput-sampler.js';
import { eventually } from '../http-helpers.js';

const noSchedule: Scheduler = () => ({ stop: () => {} });
let embedded: EmbeddedCluster;
let second: EmbeddedCluster;
let host: ClusterHost;
let stateDir: string;
let now = 1_700_000_000_000;
const pushed: PushEvent[] = [];

async function onCluster<T>(cluster: EmbeddedCluster, work: (kafka: Kafka) => Promise<T>): Promise<T> {
  return work(new Kafka({ brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING }));
}

async function topicsOf(cluster: EmbeddedCluster): Promise<string[]> {
  return onCluster(cluster, async (kafka) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return await admin.listTopics();
    } finally {
      await admin.disconnect();
    }
  });
}

async function produce(cluster: EmbeddedCluster, topic: string, count: number): Promise<void> {
  await onCluster(cluster, async (kafka) => {
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `v${i}` })) });
    } finally {
      await producer.disconnect();
    }
  });
}

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-external-'));
  [embedded, second] = await Promise.all([startCluster({ brokers: 1 }), startCluster({ brokers: 1 })]);
  host = createClusterHost(embedded, { stateDir, schedule: noSchedule, clock: () => now, log: () => {} });
  host.subscribe((e) => pushed.push(e));
  await host.createTopic({ name: 'embedded-only', partitions: 1, replicationFactor: 1 });
  await onCluster(second, async (kafka) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: 'external-orders', numPartitions: 2, replicationFactor: 1 }] });
    } finally {
      await admin.disconnect();
    }
  });
  await produce(second, 'external-orders', 12);
});

afterAll(async () => {
  await host?.close();
  await Promise.all([embedded?.close(), second?.close()]);
  fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('an external connection', () => {
  let id: string;

  it('is saved, tested against the right cluster, and selected', async () => {
    ({ id } = await host.saveConnection({ connection: { name: 'Second Oxbow', bootstrap: second.bootstrap } }));
    expect(await host.testConnection({ id })).toMatchObject({ ok: true, clusterId: second.clusterId, brokers: 1, error: null });
    expect(second.clusterId).not.toBe(embedded.clusterId);
    expect(await host.selectConnection({ id })).toEqual({ kind: 'external', name: 'Second Oxbow', bootstrap: second.bootstrap, clusterId: second.clusterId, dataDir: null });
    expect(await host.getConnection()).toMatchObject({ kind: 'external', clusterId: second.clusterId });
    expect(pushed.filter((e) => e.kind === 'changed').map((e) => (e as { what: string }).what)).toEqual(expect.arrayContaining(['connections', 'topics', 'groups', 'brokers']));
  });

  it('lists and describes the second cluster’s topics, without sizes, and none of the embedded one’s', async () => {
    const topics = await host.listTopics({});
    expect(topics.map((t) => t.name)).toEqual(['external-orders']);
    expect(topics[0]).toEqual({ name: 'external-orders', internal: false, partitions: 2, replicationFactor: 1, messageCount: 12, sizeBytes: null, underReplicated: false });
    const detail = await host.describeTopic({ name: 'external-orders' });
    expect(detail.partitions.map((p) => p.partition)).toEqual([0, 1]);
    expect(detail.partitions.reduce((sum, p) => sum + p.latestOffset - p.earliestOffset, 0)).toBe(12);
    expect(detail.configs.length).toBeGreaterThan(0);
    expect(await dispatch(host, 'describeTopic', { name: 'embedded-only' }, () => {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('creates a topic on the second cluster, not the embedded one', async () => {
    await host.createTopic({ name: 'made-in-the-ui', partitions: 1, replicationFactor: 1 });
    expect(await topicsOf(second)).toContain('made-in-the-ui');
    expect(await topicsOf(embedded)).not.toContain('made-in-the-ui');
  });

  it('lists its brokers and an overview from the protocol, with messages in per second from offsets', async () => {
    const port = Number(second.bootstrap.split(':').pop());
    expect(await host.listBrokers()).toEqual([{ id: 0, host: '127.0.0.1', port, state: 'running', fenced: false, partitions: expect.any(Number), leaders: expect.any(Number), diskBytes: null }]);
    const first = await host.getOverview();
    expect(first).toMatchObject({
      connection: { kind: 'external', clusterId: second.clusterId },
      coordinator: { state: 'up' },
      offlinePartitions: 0,
      underReplicatedPartitions: 0,
      throughput: [],
      recentEvents: [],
    });
    expect(first.topicCount).toBeGreaterThanOrEqual(2);
    await produce(second, 'external-orders', 10);
    now += 2_000;
    const later = await host.getOverview();
    expect(later.throughput).toEqual([{ at: now, messagesInPerSec: 5, bytesInPerSec: 0, bytesOutPerSec: 0 }]);
  });

  it('answers UNSUPPORTED, naming the connection, for what only the engine can do', async () => {
    const calls: [string, unknown][] = [
      ['stopBroker', { brokerId: 0 }], ['killBroker', { brokerId: 0 }], ['pauseBroker', { brokerId: 0 }], ['resumeBroker', { brokerId: 0 }],
      ['startBroker', { brokerId: 0 }], ['restartBroker', { brokerId: 0 }], ['addBroker', {}], ['restartCoordinator', {}],
      ['getClusterMap', {}], ['listEvents', {}],
    ];
    for (const [method, args] of calls) {
      const answer = await dispatch(host, method, args, () => {});
      expect(answer, method).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED', message: expect.stringContaining('only on the embedded cluster: the selected connection, Second Oxbow, is an external Kafka cluster.') } });
    }
    expect(embedded.brokerStatus().map((b) => b.state)).toEqual(['running']);
  });

  it('does not push the embedded cluster’s timeline meanwhile, and comes back to it when selected again', async () => {
    const from = pushed.length;
    await onCluster(embedded, async (kafka) => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.createTopics({ topics: [{ topic: 'while-away', numPartitions: 1, replicationFactor: 1 }] });
      } finally {
        await admin.disconnect();
      }
    });
    // Emitted by the engine before the switch back, so it is one the host saw while away.
    await eventually(() => embedded.events().some((e) => e.type === 'topicCreated' && e.topic === 'while-away'), 10_000, 'topicCreated while-away');
    expect(await host.selectConnection({ id: 'embedded' })).toMatchObject({ kind: 'embedded', clusterId: embedded.clusterId });
    await host.createTopic({ name: 'back-home', partitions: 1, replicationFactor: 1 });
    const created = (e: PushEvent) => (e.kind === 'cluster' && e.event.type === 'topicCreated' ? e.event.topic : null);
    await eventually(() => pushed.slice(from).some((e) => created(e) === 'back-home'), 10_000, 'topicCreated back-home pushed');
    // Events arrive in order: while-away was created before back-home, and was not pushed.
    expect(pushed.slice(from).map(created).filter(Boolean)).toEqual(['back-home']);

    expect((await host.listTopics({})).map((t) => t.name)).toEqual(['back-home', 'embedded-only', 'while-away']);
    expect((await host.listBrokers())[0].diskBytes).not.toBeNull();
    expect((await host.getClusterMap()).brokers).toHaveLength(1);
    expect((await host.listConnections({})).map((c) => [c.id, c.selected])).toEqual([['embedded', true], [id, false]]);
  });
});
