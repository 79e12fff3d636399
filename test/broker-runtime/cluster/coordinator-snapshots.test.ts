// Metadata snapshots in a worker cluster, with a real client: a snapshot interval small enough that
// the coordinator's log is cut many times, then every kind of restart a subscriber can need a
// snapshot for: a broker worker that starts again (from offset 0, and with a topic deleted while
// it was down), the coordinator killed and restarted, and the whole cluster started again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClusterHandle, startCluster } from '../../../broker-runtime/index.js';
import { addressOf, metadataWhen, waitFor } from './supervisor-helpers.js';

const brokerConfig = { 'metadata.log.max.record.bytes.between.snapshots': '2000' };

let running: { cluster: ClusterHandle; admin: Admin }[] = [];
let dataDir: string | null = null;
afterEach(async () => {
  for (const { cluster, admin } of running.reverse()) {
    await admin.disconnect().catch(() => {});
    await cluster.close();
  }
  running = [];
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

async function start(dir: string): Promise<{ cluster: ClusterHandle; admin: Admin }> {
  const cluster = await startCluster({ brokers: 2, brokerConfig, dataDir: dir });
  const kafka = new Kafka({
    clientId: 'coordinator-snapshots-test', brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 50, maxRetryTime: 500, retries: 30 },
  });
  const admin = kafka.admin();
  await admin.connect();
  running.push({ cluster, admin });
  return { cluster, admin };
}

async function stop(): Promise<void> {
  const { cluster, admin } = running.pop()!;
  await admin.disconnect();
  await cluster.close();
}

function coordinatorFiles(cluster: ClusterHandle): string[] {
  return fs.readdirSync(path.join(cluster.dataDir, 'coordinator')).filter((f) => f.startsWith('metadata-')).sort();
}

const topicsOf = (cluster: ClusterHandle) => [...new Set(cluster.partitions().map((p) => p.topic))].sort();

describe('metadata snapshots in a worker cluster', () => {
  it('keeps the log small and brings brokers, the coordinator and the whole cluster back from snapshot + log', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-snapshots-'));
    const { cluster, admin } = await start(dataDir);
    const names = Array.from({ length: 12 }, (_, i) => `snap-${i}`);
    await admin.createTopics({ topics: names.map((topic) => ({ topic, numPartitions: 2, replicationFactor: 2 })), waitForLeaders: true });
    await admin.deleteTopics({ topics: names.slice(0, 4) });
    const files = coordinatorFiles(cluster);
    expect(files.filter((f) => f.endsWith('.snapshot')).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.endsWith('.snapshot')).length).toBeLessThanOrEqual(2);
    expect(files.filter((f) => f.endsWith('.log')).length).toBeLessThanOrEqual(2);
    const [deletedWhileDown, ...remaining] = names.slice(4);

    // A broker worker started again subscribes from 0: it gets a snapshot, and the logs of a topic
    // deleted while it was down go.
    const brokerDir = path.join(dataDir, 'broker-1');
    expect(fs.readdirSync(brokerDir).filter((d) => d.startsWith(`${deletedWhileDown}-`))).not.toEqual([]);
    await cluster.stopBroker(1);
    await admin.deleteTopics({ topics: [deletedWhileDown] });
    await cluster.startBroker(1);
    const sorted = [...remaining].sort();
    await metadataWhen(addressOf(cluster, 1), null, (m) => m.topics.map((t) => t.name).sort().join() === sorted.join(), 10_000, 'broker 1 to know the topics');
    await waitFor(() => !fs.readdirSync(brokerDir).some((d) => d.startsWith(`${deletedWhileDown}-`)), 10_000, 'the deleted topic\'s logs to go');

    await cluster.restartCoordinator({ kill: true });
    expect(topicsOf(cluster)).toEqual(sorted);
    await admin.createTopics({ topics: [{ topic: 'after-restart', numPartitions: 1, replicationFactor: 2 }], waitForLeaders: true });
    const placements = cluster.partitions().map((p) => [p.topic, p.partition, p.replicas]);
    await stop();

    const again = await start(dataDir);
    expect(topicsOf(again.cluster)).toEqual([...remaining, 'after-restart'].sort());
    expect(again.cluster.partitions().map((p) => [p.topic, p.partition, p.replicas])).toEqual(placements);
    expect((await again.admin.listTopics()).sort()).toEqual([...remaining, 'after-restart'].sort());
  }, 60_000);
});
