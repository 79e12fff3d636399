// The worker cluster with a real client: one coordinator worker and three broker workers, loaded
// from the TypeScript sources through worker-bootstrap. The tests share one cluster and run in
// order; each leaves every broker running, as it found them.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterHandle, startCluster } from '../../../broker-runtime/index.js';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { addressOf, brokerIdsOf, metadataWhen, eventAfter, leadersOf, metadataFrom, waitFor } from './supervisor-helpers.js';

const SESSION_MS = 1000;
const TOPIC = 'spread';

let cluster: ClusterHandle;
let kafka: Kafka;
let admin: Admin;

beforeAll(async () => {
  cluster = await startCluster({ brokers: 3, sessionTimeoutMs: SESSION_MS });
  kafka = new Kafka({
    clientId: 'supervisor-test',
    brokers: cluster.bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 50, maxRetryTime: 500, retries: 30 },
  });
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.disconnect();
  await cluster?.close();
});

/** Descriptors of this process open on files under `dir`; null where /proc/self/fd does not exist. */
function descriptorsUnder(dir: string): number | null {
  if (!fs.existsSync('/proc/self/fd')) return null;
  const root = fs.realpathSync(dir) + path.sep;
  return fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(root);
    } catch {
      return false;
    }
  }).length;
}

async function highWatermarkSum(topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, o) => sum + Number(o.high), 0);
}

describe('startCluster', () => {
  it('starts three broker workers; every broker lists all three and leaders are spread evenly', async () => {
    const described = await admin.describeCluster();
    expect(described.brokers.map((b) => b.nodeId).sort()).toEqual([0, 1, 2]);
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 6, replicationFactor: 1 }], waitForLeaders: true });
    const kafkajsView = await admin.fetchTopicMetadata({ topics: [TOPIC] });
    const leaders = kafkajsView.topics[0].partitions.map((p) => p.leader);
    expect([0, 1, 2].map((b) => leaders.filter((l) => l === b).length)).toEqual([2, 2, 2]);
    for (const id of [0, 1, 2]) {
      const response = await metadataWhen(addressOf(cluster, id), [TOPIC], (m) => leadersOf(m, TOPIC).size === 6, 5000, `broker ${id} to know ${TOPIC}`);
      expect(brokerIdsOf(response)).toEqual([0, 1, 2]);
      expect([...leadersOf(response, TOPIC).values()].sort()).toEqual([...leaders].sort());
    }
    expect(cluster.brokerStatus().map((b) => [b.id, b.state, b.fenced])).toEqual([[0, 'running', false], [1, 'running', false], [2, 'running', false]]);
  });

  it('fences a killed broker after its session, takes its partitions offline, and brings them back with their data', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const values = Array.from({ length: 60 }, (_, i) => `before-kill-${i}`);
    await producer.send({ topic: TOPIC, messages: values.map((value, i) => ({ partition: i % 6, value })) });
    const ledBy1 = [...leadersOf(await metadataFrom(addressOf(cluster, 0), [TOPIC]), TOPIC)].filter(([, l]) => l === 1).map(([p]) => p);
    expect(ledBy1).toHaveLength(2);

    const logDir = path.join(cluster.dataDir, 'broker-1');
    expect(descriptorsUnder(logDir) ?? 1).toBeGreaterThan(0);
    const mark = cluster.events().length;
    const killedAt = Date.now();
    await cluster.killBroker(1);
    // As the OS does for a killed process, the dead worker's open files are closed (not flushed).
    expect(descriptorsUnder(logDir) ?? 0).toBe(0);
    const fenced = await eventAfter(cluster, mark, 'brokerFenced', (e) => e.brokerId === 1, SESSION_MS * 5);
    // Detected by missed heartbeats (nothing tells the coordinator of the kill): the session runs
    // out at most one heartbeat interval (a quarter session) after the kill, checked every quarter.
    expect(fenced.at - killedAt).toBeGreaterThanOrEqual(SESSION_MS / 4);
    expect(fenced.at - killedAt).toBeLessThan(SESSION_MS * 3);
    const offline = await metadataWhen(addressOf(cluster, 0), [TOPIC], (m) => brokerIdsOf(m).join() === '0,2', 5000, 'broker 0 to drop broker 1');
    expect(brokerIdsOf(offline)).toEqual([0, 2]);
    for (const p of offline.topics[0].partitions.filter((x) => ledBy1.includes(x.partitionIndex))) {
      expect(p).toMatchObject({ leaderId: -1, errorCode: ErrorCode.LEADER_NOT_AVAILABLE, isrNodes: [1] });
    }
    for (const partition of ledBy1) {
      await eventAfter(cluster, mark, 'partitionOffline', (e) => e.topic === TOPIC && e.partition === partition && e.previousLeader === 1, 1000);
    }
    expect(cluster.brokerStatus().find((b) => b.id === 1)).toMatchObject({ state: 'killed', fenced: true });

    await cluster.startBroker(1);
    await eventAfter(cluster, mark, 'brokerUnfenced', (e) => e.brokerId === 1, 5000);
    const back = await metadataWhen(addressOf(cluster, 0), [TOPIC], (m) => ledBy1.every((p) => leadersOf(m, TOPIC).get(p) === 1), 5000, 'broker 1 leading again');
    for (const partition of ledBy1) expect(leadersOf(back, TOPIC).get(partition)).toBe(1);
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: 'after-restart' });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    const seen = new Set<string>();
    await consumer.run({ eachMessage: async ({ message }) => void seen.add(String(message.value)) });
    try {
      await waitFor(() => values.every((v) => seen.has(v)), 20_000, 'every record produced before the kill');
      // The group lives on one broker, its partitions on all three: the lag is gathered across workers.
      await waitFor(async () => {
        const group = (await cluster.consumerGroups()).find((g) => g.groupId === 'after-restart');
        return group !== undefined && group.partitions.length === 6 && group.partitions.every((p) => p.committedOffset === p.highWatermark && p.lag === 0);
      }, 15_000, 'the group committed everything, as consumerGroups() reports it');
    } finally {
      await consumer.disconnect();
    }
  });

  it('fences a paused broker, which answers nothing, and unfences it on resume', async () => {
    const ledBy2 = [...leadersOf(await metadataFrom(addressOf(cluster, 0), [TOPIC]), TOPIC)].filter(([, l]) => l === 2).map(([p]) => p);
    const mark = cluster.events().length;
    await cluster.pauseBroker(2);
    const held = metadataFrom(addressOf(cluster, 2), [TOPIC]);
    const silent = await Promise.race([held.then(() => 'answered'), new Promise((r) => setTimeout(() => r('silent'), 300))]);
    expect(silent).toBe('silent');
    await eventAfter(cluster, mark, 'brokerFenced', (e) => e.brokerId === 2, SESSION_MS * 5);
    const during = await metadataWhen(addressOf(cluster, 0), [TOPIC], (m) => brokerIdsOf(m).join() === '0,1', 5000, 'broker 0 to drop broker 2');
    expect(brokerIdsOf(during)).toEqual([0, 1]);
    for (const partition of ledBy2) expect(leadersOf(during, TOPIC).get(partition)).toBe(-1);
    expect(cluster.brokerStatus().find((b) => b.id === 2)?.state).toBe('paused');

    await cluster.resumeBroker(2);
    await expect(held).resolves.toMatchObject({ topics: [expect.objectContaining({ name: TOPIC })] });
    await eventAfter(cluster, mark, 'brokerUnfenced', (e) => e.brokerId === 2, SESSION_MS * 5);
    await waitFor(async () => {
      const leaders = leadersOf(await metadataFrom(addressOf(cluster, 0), [TOPIC]), TOPIC);
      return ledBy2.every((p) => leaders.get(p) === 2);
    }, 5000, 'broker 2 leading its partitions again');
  });

  it('keeps the metadata and the clients going across coordinator restarts in the middle of producing', async () => {
    const before = await highWatermarkSum(TOPIC);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    let sent = 0;
    const failures: Error[] = [];
    let producing = true;
    const loop = (async () => {
      while (producing) {
        try {
          await producer.send({ topic: TOPIC, acks: -1, messages: [{ value: `during-restart-${sent}` }] });
          sent++;
        } catch (err) {
          failures.push(err as Error);
        }
      }
    })();
    const mark = cluster.events().length;
    try {
      await waitFor(() => sent >= 20, 10_000, 'records before the restart');
      await cluster.restartCoordinator();
      const afterGraceful = sent;
      await waitFor(() => sent >= afterGraceful + 20, 10_000, 'records after a graceful coordinator restart');
      await cluster.restartCoordinator({ kill: true });
      const afterKill = sent;
      await waitFor(() => sent >= afterKill + 20, 10_000, 'records after the coordinator was killed and restarted');
    } finally {
      producing = false;
      await loop;
      await producer.disconnect();
    }
    expect(failures).toEqual([]);
    expect(await highWatermarkSum(TOPIC)).toBe(before + sent);
    const downs = cluster.events().slice(mark).filter((e) => e.type === 'coordinatorDown');
    expect(downs.map((e) => e.type === 'coordinatorDown' && e.reason)).toEqual(['stopped', 'killed']);
    // No broker was fenced: the new coordinator gives every broker a full session.
    expect(cluster.events().slice(mark).filter((e) => e.type === 'brokerFenced')).toEqual([]);

    // The metadata survived, and the new coordinator serves changes and producer ids.
    expect(await admin.listTopics()).toContain(TOPIC);
    expect((await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics[0].partitions).toHaveLength(6);
    await admin.createTopics({ topics: [{ topic: 'created-after-restart', numPartitions: 3 }], waitForLeaders: true });
    const fresh = kafka.producer({ idempotent: true });
    await fresh.connect();
    await fresh.send({ topic: 'created-after-restart', messages: [{ value: 'x' }] });
    await fresh.disconnect();
    expect(await highWatermarkSum('created-after-restart')).toBe(1);
  });

  it('stops a broker gracefully: leadership leaves it before it goes; it comes back with its data', async () => {
    const before = await highWatermarkSum(TOPIC);
    const mark = cluster.events().length;
    await cluster.stopBroker(0);
    const after = cluster.events().slice(mark);
    const fencedAt = after.findIndex((e) => e.type === 'brokerFenced' && e.brokerId === 0);
    const downAt = after.findIndex((e) => e.type === 'brokerDown' && e.brokerId === 0 && e.reason === 'stopped');
    expect(fencedAt).toBeGreaterThanOrEqual(0);
    expect(downAt).toBeGreaterThan(fencedAt);
    const withoutZero = await metadataWhen(addressOf(cluster, 1), [TOPIC], (m) => brokerIdsOf(m).join() === '1,2', 5000, 'broker 1 to drop broker 0');
    expect(brokerIdsOf(withoutZero)).toEqual([1, 2]);
    expect(cluster.brokerStatus().find((b) => b.id === 0)).toMatchObject({ state: 'stopped', fenced: true });

    await cluster.startBroker(0);
    await eventAfter(cluster, mark, 'brokerUnfenced', (e) => e.brokerId === 0, 5000);
    expect(await highWatermarkSum(TOPIC)).toBe(before);
  });

  it('reports a broker that cannot start (its port is taken) and starts it once the port is free', async () => {
    await cluster.stopBroker(2);
    const { host, port } = cluster.brokers.find((b) => b.id === 2)!;
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, host, resolve));
    const failedAt = cluster.events().length;
    try {
      await expect(cluster.startBroker(2)).rejects.toThrow(/EADDRINUSE/);
      expect(cluster.brokerStatus().find((b) => b.id === 2)?.state).toBe('crashed');
      expect(cluster.events().slice(failedAt)).toContainEqual(expect.objectContaining({
        type: 'brokerDown', brokerId: 2, reason: 'crashed', detail: expect.stringContaining('EADDRINUSE'),
      }));
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    const mark = cluster.events().length;
    await cluster.startBroker(2);
    await eventAfter(cluster, mark, 'brokerUnfenced', (e) => e.brokerId === 2, 5000);
    expect(cluster.brokerStatus().find((b) => b.id === 2)).toMatchObject({ state: 'running', port, fenced: false });
  });

  it('adds a broker that every broker then lists and new topics use', async () => {
    const added = await cluster.addBroker();
    expect(added.id).toBe(3);
    const response = await metadataWhen(addressOf(cluster, 0), null, (m) => brokerIdsOf(m).join() === '0,1,2,3', 5000, 'broker 0 to list broker 3');
    expect(brokerIdsOf(response)).toEqual([0, 1, 2, 3]);
    await admin.createTopics({ topics: [{ topic: 'four-ways', numPartitions: 4 }], waitForLeaders: true });
    const fourWays = await metadataWhen(addressOf(cluster, 3), ['four-ways'], (m) => leadersOf(m, 'four-ways').size === 4, 5000, 'broker 3 to know four-ways');
    const leaders = leadersOf(fourWays, 'four-ways');
    expect([...leaders.values()].sort()).toEqual([0, 1, 2, 3]);
  });
});
