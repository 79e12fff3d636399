// startCluster: the library face of Oxbow. A controller and N brokers on 127.0.0.1, data in one
// directory, ready when the promise resolves.
// NB: today the controller and the brokers share the caller's thread; the cluster issue moves them
// into worker_threads under a ClusterSupervisor, behind this same handle.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Controller } from '../coordinator/metadata/controller.js';
import { LocalControllerChannel } from '../coordinator/metadata/controller-channel.js';
import { MetadataLog } from '../coordinator/metadata/metadata-log.js';
import { createLogger } from '../logger.js';
import { uuidFromBytes } from '../protocol/primitives/uuid.js';
import { BrokerServer } from '../server/broker-server.js';
import { parseLogConfig } from '../storage/log-config.js';
import { readOrCreateClusterId } from './cluster-id.js';
import { type ConsumerGroupLag, consumerGroupLag } from './consumer-lag.js';

export interface ClusterOptions {
  /** Number of brokers (default 1). */
  brokers?: number;
  /** Broker i listens on port + i; 0 (the default) picks free ports. */
  port?: number;
  /** Listener address; loopback unless you mean otherwise. */
  host?: string;
  /** Where logs and metadata live. Default: a new temporary directory, removed by close(). */
  dataDir?: string;
  /** Broker configs with Kafka's names, e.g. { 'auto.create.topics.enable': 'false' }. */
  brokerConfig?: Record<string, string>;
}

export interface BrokerInfo {
  id: number;
  host: string;
  port: number;
}

export interface ClusterHandle {
  /** `host:port,host:port` for a client's bootstrap.servers. */
  readonly bootstrap: string;
  readonly brokers: readonly BrokerInfo[];
  readonly dataDir: string;
  readonly clusterId: string;
  /** Every consumer group with its members and, per partition, lag in records and in time. */
  consumerGroups(now?: number): Promise<ConsumerGroupLag[]>;
  /** Graceful shutdown: sockets closed, logs flushed and checkpointed. */
  close(): Promise<void>;
}

export async function startCluster(options: ClusterOptions = {}): Promise<ClusterHandle> {
  const count = options.brokers ?? 1;
  const host = options.host ?? '127.0.0.1';
  const basePort = options.port ?? 0;
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-'));
  const log = createLogger('oxbow');
  const clusterId = readOrCreateClusterId(path.join(dataDir, 'coordinator'));
  const metadataLog = MetadataLog.open(path.join(dataDir, 'coordinator', 'metadata.log'));
  const controller = new Controller({
    log: metadataLog,
    defaults: {
      numPartitions: Number(options.brokerConfig?.['num.partitions'] ?? 1),
      defaultReplicationFactor: Number(options.brokerConfig?.['default.replication.factor'] ?? 1),
    },
    validateTopicConfig: (name, value) => void parseLogConfig({ [name]: value }),
    random: { uuid: () => uuidFromBytes(crypto.randomBytes(16)), int: (bound) => crypto.randomInt(bound) },
  });
  const channel = new LocalControllerChannel(controller);
  const brokers: BrokerServer[] = [];
  try {
    for (let id = 0; id < count; id++) {
      const broker = new BrokerServer({
        brokerId: id,
        host,
        port: basePort === 0 ? 0 : basePort + id,
        dataDir,
        clusterId,
        controller: channel,
        metadataSource: controller,
        config: options.brokerConfig,
        log: log.child(`broker-${id}`),
      });
      await broker.start();
      brokers.push(broker);
    }
  } catch (err) {
    for (const b of brokers) await b.stop();
    metadataLog.close();
    throw err;
  }
  const infos = brokers.map((b) => ({ id: b.brokerId, host, port: b.port }));
  let closed = false;
  return {
    bootstrap: infos.map((b) => `${b.host}:${b.port}`).join(','),
    brokers: infos,
    dataDir,
    clusterId,
    async consumerGroups(now = Date.now()) {
      const locate = (topic: string, partition: number) => {
        for (const b of brokers) {
          const replica = b.leaderPartition(topic, partition);
          if (replica) return replica;
        }
        return undefined;
      };
      return brokers
        .flatMap((b) => b.groupViews())
        .sort((a, b) => (a.groupId < b.groupId ? -1 : 1))
        .map((view) => consumerGroupLag(view, locate, now));
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const b of brokers) await b.stop();
      metadataLog.close();
      if (temporary) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
