// What the handler tests share: a cluster per test, kafkajs clients and raw connections to it, all
// closed after the test (clients first, then the cluster).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, type Admin, type Producer, logLevel } from 'kafkajs';
import { afterEach } from 'vitest';
import { type ClusterHandle, type ClusterOptions, startCluster } from '../../../broker-runtime/index.js';
import { RawClient } from '../../helpers/raw-client.js';

export interface HandlerFixture {
  start(options?: ClusterOptions): Promise<ClusterHandle>;
  admin(cluster: ClusterHandle): Promise<Admin>;
  producer(cluster: ClusterHandle): Promise<Producer>;
  /** A raw connection to broker `index` of the cluster. */
  raw(cluster: ClusterHandle, index?: number): Promise<RawClient>;
  /** A new directory, removed after the clusters close (for a dataDir that outlives one cluster). */
  tempDir(): string;
}

export function useHandlerFixture(): HandlerFixture {
  const clusters: (() => Promise<void>)[] = [];
  const clients: (() => Promise<void> | void)[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const close of clients.splice(0).reverse()) await close();
    for (const close of clusters.splice(0).reverse()) await close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  const kafka = (cluster: ClusterHandle) => new Kafka({ clientId: 'oxbow-handler-tests', brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 2 } });
  return {
    async start(options) {
      const cluster = await startCluster({ port: 0, ...options });
      clusters.push(() => cluster.close());
      return cluster;
    },
    async admin(cluster) {
      const admin = kafka(cluster).admin();
      await admin.connect();
      clients.push(() => admin.disconnect());
      return admin;
    },
    async producer(cluster) {
      const producer = kafka(cluster).producer();
      await producer.connect();
      clients.push(() => producer.disconnect());
      return producer;
    },
    async raw(cluster, index = 0) {
      const { host, port } = cluster.brokers[index];
      const client = await RawClient.connect(`${host}:${port}`);
      clients.push(() => client.close());
      return client;
    },
    tempDir() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-handlers-'));
      dirs.push(dir);
      return dir;
    },
  };
}
