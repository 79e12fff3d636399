// The cluster host over a fake engine handle: broker views, controls checked before they reach the
// engine, the timeline, pushes, and the overview's counts. Topics need a real cluster
// (./http-host.integration.test.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PushEvent } from '../../../main/contract/index.js';
import { dispatch } from '../../../main/host/api-dispatcher.js';
import { type ClusterHost, createClusterHost } from '../../../main/host/cluster-host.js';
import type { BrokerStats, BrokerStatus, ClusterEvent, EmbeddedCluster, PartitionPlacement } from '../../../main/host/embedded-cluster.js';
import type { Scheduler } from '../../../main/host/throughput-sampler.js';

function fakeCluster() {
  const status: BrokerStatus[] = [0, 1, 2].map((id) => ({ id, host: '127.0.0.1', port: 9092 + id, state: 'running', fenced: false }));
  const placements: PartitionPlacement[] = [
    { topic: 'orders', partition: 0, leader: 0, leaderEpoch: 0, replicas: [0, 1, 2], isr: [0, 1, 2] },
    { topic: 'orders', partition: 1, leader: 1, leaderEpoch: 3, replicas: [1, 2, 0], isr: [1, 2] },
    { topic: 'single', partition: 0, leader: -1, leaderEpoch: 1, replicas: [2], isr: [2] },
    { topic: '__consumer_offsets', partition: 0, leader: 0, leaderEpoch: 0, replicas: [0], isr: [0] },
  ];
  const stats: BrokerStats[] = [
    { brokerId: 0, bytesIn: 0, bytesOut: 0, messagesIn: 0, replicationBytesOut: 0, logs: [{ topic: 'orders', partition: 0, sizeBytes: 1000, logStartOffset: 0, logEndOffset: 10 }, { topic: 'orders', partition: 1, sizeBytes: 500, logStartOffset: 0, logEndOffset: 5 }] },
    { brokerId: 1, bytesIn: 0, bytesOut: 0, messagesIn: 0, replicationBytesOut: 0, logs: [{ topic: 'orders', partition: 1, sizeBytes: 700, logStartOffset: 0, logEndOffset: 7 }] },
  ];
  const events: ClusterEvent[] = [
    { type: 'coordinatorUp', at: 10 },
    { type: 'brokerUp', at: 20, brokerId: 0, host: '127.0.0.1', port: 9092 },
    { type: 'brokerUp', at: 30, brokerId: 1, host: '127.0.0.1', port: 9093 },
  ];
  const listeners = new Set<(e: ClusterEvent) => void>();
  const controls: string[] = [];
  const control = (name: string) => vi.fn(async (id: number) => void controls.push(`${name} ${id}`));
  const cluster = {
    bootstrap: '127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094',
    brokers: status,
    dataDir: '/data',
    clusterId: 'abc',
    coordinator: true,
    consumerGroups: async () => [],
    brokerStatus: () => status.map((s) => ({ ...s })),
    coordinatorRunning: () => cluster.coordinator,
    partitions: () => placements,
    stats: vi.fn(async () => stats),
    stopBroker: control('stop'),
    killBroker: control('kill'),
    pauseBroker: control('pause'),
    resumeBroker: control('resume'),
    startBroker: control('start'),
    restartCoordinator: vi.fn(async () => {}),
    addBroker: vi.fn(async () => {
      status.push({ id: 3, host: '127.0.0.1', port: 9095, state: 'running', fenced: false });
      return { id: 3, host: '127.0.0.1', port: 9095 };
    }),
    on: (_type: 'event', fn: (e: ClusterEvent) => void) => {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    events: () => events,
    close: async () => {},
    emit: (e: ClusterEvent) => {
      events.push(e);
      for (const fn of listeners) fn(e);
    },
  };
  return { cluster, status, controls, listeners };
}

const noSchedule: Scheduler = () => ({ stop: () => {} });
let host: ClusterHost | null = null;

afterEach(async () => {
  await host?.close();
  host = null;
});

function start(cluster: ReturnType<typeof fakeCluster>['cluster']) {
  host = createClusterHost(cluster as unknown as EmbeddedCluster, { schedule: noSchedule, log: () => {} });
  return host;
}

describe('cluster host: brokers and the map', () => {
  it('lists brokers with their partitions, leaderships and disk (null for one not reporting)', async () => {
    const { cluster } = fakeCluster();
    expect(await start(cluster).listBrokers()).toEqual([
      { id: 0, host: '127.0.0.1', port: 9092, state: 'running', fenced: false, partitions: 3, leaders: 2, diskBytes: 1500 },
      { id: 1, host: '127.0.0.1', port: 9093, state: 'running', fenced: false, partitions: 2, leaders: 1, diskBytes: 700 },
      { id: 2, host: '127.0.0.1', port: 9094, state: 'running', fenced: false, partitions: 3, leaders: 0, diskBytes: null },
    ]);
  });

  it('gives the cluster map without leader epochs, and the overview with health counted over every partition', async () => {
    const { cluster } = fakeCluster();
    const h = start(cluster);
    const map = await h.getClusterMap();
    expect(map.coordinator).toEqual({ state: 'up' });
    expect(map.partitions[0]).toEqual({ topic: '__consumer_offsets', partition: 0, leader: 0, replicas: [0], isr: [0] });
    expect(map.partitions.map((p) => `${p.topic}-${p.partition}`)).toEqual(['__consumer_offsets-0', 'orders-0', 'orders-1', 'single-0']);
    cluster.coordinator = false;
    const overview = await h.getOverview();
    expect(overview).toMatchObject({
      connection: { kind: 'embedded', bootstrap: cluster.bootstrap, clusterId: 'abc', dataDir: '/data' },
      coordinator: { state: 'down' },
      topicCount: 3,
      partitionCount: 4,
      underReplicatedPartitions: 1,
      offlinePartitions: 1,
      throughput: [],
    });
    expect(overview.recentEvents.map((e) => e.type)).toEqual(['coordinatorUp', 'brokerUp', 'brokerUp']);
  });

  it('lists events since a time, newest `limit` of them, oldest first', async () => {
    const { cluster } = fakeCluster();
    const h = start(cluster);
    expect((await h.listEvents({ since: 20 })).map((e) => e.at)).toEqual([20, 30]);
    expect((await h.listEvents({ limit: 2 })).map((e) => e.at)).toEqual([20, 30]);
    expect((await h.listEvents({ since: 10, limit: 1 })).map((e) => e.at)).toEqual([30]);
  });
});

describe('cluster host: controls', () => {
  it('answers NOT_FOUND for a broker the cluster does not have, without asking the engine', async () => {
    const { cluster, controls } = fakeCluster();
    const h = start(cluster);
    for (const method of ['stopBroker', 'killBroker', 'pauseBroker', 'resumeBroker', 'startBroker', 'restartBroker']) {
      const answer = await dispatch(h, method, { brokerId: 7 }, () => {});
      expect(answer).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'There is no broker 7 in this cluster (its brokers: 0, 1, 2).' } });
    }
    expect(controls).toEqual([]);
  });

  it('refuses to pause a broker that is not running, and to start one while the coordinator is down', async () => {
    const { cluster, status, controls } = fakeCluster();
    const h = start(cluster);
    status[1].state = 'killed';
    expect(await dispatch(h, 'pauseBroker', { brokerId: 1 }, () => {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('killed') } });
    cluster.coordinator = false;
    expect(await dispatch(h, 'startBroker', { brokerId: 1 }, () => {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('coordinator') } });
    expect(await dispatch(h, 'addBroker', {}, () => {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(controls).toEqual([]);
  });

  it('runs controls on the engine (restart = stop, then start) and pushes that brokers changed', async () => {
    const { cluster, controls } = fakeCluster();
    const h = start(cluster);
    const pushed: PushEvent[] = [];
    h.subscribe((e) => pushed.push(e));
    await h.killBroker({ brokerId: 2 });
    await h.pauseBroker({ brokerId: 0 });
    await h.resumeBroker({ brokerId: 0 });
    await h.restartBroker({ brokerId: 1 });
    await h.restartCoordinator({ kill: true });
    expect(controls).toEqual(['kill 2', 'pause 0', 'resume 0', 'stop 1', 'start 1']);
    expect(cluster.restartCoordinator).toHaveBeenCalledWith({ kill: true });
    expect(pushed).toEqual(Array(5).fill({ kind: 'changed', what: 'brokers' }));
    expect(await h.addBroker()).toMatchObject({ id: 3, port: 9095, state: 'running' });
  });

  it('pushes the engine’s events as they happen, and stops listening when closed', async () => {
    const { cluster, listeners } = fakeCluster();
    const h = start(cluster);
    const pushed: PushEvent[] = [];
    h.subscribe((e) => pushed.push(e));
    cluster.emit({ type: 'brokerDown', at: 40, brokerId: 2, reason: 'killed' });
    expect(pushed).toEqual([{ kind: 'cluster', event: { type: 'brokerDown', at: 40, brokerId: 2, reason: 'killed' } }]);
    await h.close();
    expect(listeners.size).toBe(0);
  });
});

describe('cluster host: topics while a partition is offline', () => {
  // kafkajs cannot read metadata then (see main/host/admin-session.ts): reads come from the engine.
  it('lists topics from the engine: leader logs for counts and sizes, internal topics only when asked', async () => {
    const { cluster } = fakeCluster();
    const h = start(cluster);
    expect(await h.listTopics({})).toEqual([
      { name: 'orders', internal: false, partitions: 2, replicationFactor: 3, messageCount: 10 + 7, sizeBytes: 1000 + 700, underReplicated: true },
      { name: 'single', internal: false, partitions: 1, replicationFactor: 1, messageCount: 0, sizeBytes: 0, underReplicated: false },
    ]);
    expect((await h.listTopics({ includeInternal: true })).map((t) => [t.name, t.internal])).toEqual([
      ['__consumer_offsets', true], ['orders', false], ['single', false],
    ]);
  });

  it('describes a topic from the engine (offsets -1 where no running broker holds it), NOT_FOUND for no topic', async () => {
    const { cluster } = fakeCluster();
    const h = start(cluster);
    expect(await h.describeTopic({ name: 'single' })).toEqual({
      name: 'single', internal: false, configs: [],
      partitions: [{ partition: 0, leader: -1, replicas: [2], isr: [2], earliestOffset: -1, latestOffset: -1 }],
    });
    expect((await h.describeTopic({ name: 'orders' })).partitions[1]).toMatchObject({ leader: 1, earliestOffset: 0, latestOffset: 7 });
    expect(await dispatch(h, 'describeTopic', { name: 'nope' }, () => {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses topic changes with UNAVAILABLE, naming the offline partition', async () => {
    const { cluster } = fakeCluster();
    const h = start(cluster);
    const answer = await dispatch(h, 'createTopic', { name: 'new', partitions: 1, replicationFactor: 1 }, () => {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('single-0') } });
  });
});
