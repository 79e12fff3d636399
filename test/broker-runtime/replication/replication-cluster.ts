// An in-process cluster for replication tests: one Controller and N BrokerServers in this thread,
// like startCluster, but with the brokers and the controller in reach, so a test can stop a
// follower's fetchers, take a broker down (stopped, then fenced, as a missed session would), or
// restart one quickly enough that it stays in every ISR.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Controller } from '../../../broker-runtime/coordinator/metadata/controller.js';
import { LocalControllerChannel } from '../../../broker-runtime/coordinator/metadata/controller-channel.js';
import { MetadataLog } from '../../../broker-runtime/coordinator/metadata/metadata-log.js';
import { createLogger } from '../../../broker-runtime/logger.js';
import { uuidFromBytes } from '../../../broker-runtime/protocol/primitives/uuid.js';
import { BrokerServer } from '../../../broker-runtime/server/broker-server.js';
import { parseLogConfig } from '../../../broker-runtime/storage/log-config.js';

export interface ReplicationCluster {
  controller: Controller;
  brokers: BrokerServer[];
  dataDir: string;
  bootstrap(): string;
  /** Stops broker `id` (its socket and fetchers) and fences it, so leadership moves off it. */
  takeDown(id: number): Promise<void>;
  /** Starts a taken-down broker again on its data; registering lets it back in. */
  bringBack(id: number): Promise<BrokerServer>;
  /**
   * Stops broker `id` and starts it again on its data without fencing it (a restart within
   * replica.lag.time.max.ms); `whileDown` runs in between, on the stopped broker's files.
   */
  restart(id: number, whileDown?: () => void): Promise<BrokerServer>;
  close(): Promise<void>;
}

export async function startReplicationCluster(count: number, brokerConfig: Record<string, string> = {}): Promise<ReplicationCluster> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-replication-'));
  const metadataLog = MetadataLog.open(path.join(dataDir, 'coordinator', 'metadata.log'));
  const controller = new Controller({
    log: metadataLog,
    defaults: { numPartitions: 1, defaultReplicationFactor: 1 },
    validateTopicConfig: (name, value) => void parseLogConfig({ [name]: value }),
    random: { uuid: () => uuidFromBytes(crypto.randomBytes(16)), int: () => 0 },
  });
  const channel = new LocalControllerChannel(controller);
  const brokers: BrokerServer[] = [];
  const down = new Set<number>();
  const startBroker = async (id: number): Promise<BrokerServer> => {
    const broker = new BrokerServer({
      brokerId: id, host: '127.0.0.1', port: 0, dataDir, clusterId: 'replication-test', controller: channel,
      metadataSource: controller, config: brokerConfig, log: createLogger(`broker-${id}`),
    });
    await broker.start();
    return broker;
  };
  for (let id = 0; id < count; id++) brokers.push(await startBroker(id));
  return {
    controller,
    brokers,
    dataDir,
    bootstrap: () => brokers.filter((b) => !down.has(b.brokerId)).map((b) => `127.0.0.1:${b.port}`).join(','),
    async takeDown(id) {
      down.add(id);
      await brokers[id].stop();
      controller.fenceBroker(id);
    },
    async bringBack(id) {
      brokers[id] = await startBroker(id);
      down.delete(id);
      return brokers[id];
    },
    async restart(id, whileDown) {
      down.add(id);
      await brokers[id].stop();
      whileDown?.();
      brokers[id] = await startBroker(id);
      down.delete(id);
      return brokers[id];
    },
    async close() {
      for (const b of brokers) if (!down.has(b.brokerId)) await b.stop();
      metadataLog.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves once `condition` holds; rejects when `timeoutMs` passes first. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The directory of broker `brokerId`'s replica of topic-partition. */
export function partitionDir(c: ReplicationCluster, brokerId: number, topic: string, partition = 0): string {
  return path.join(c.dataDir, `broker-${brokerId}`, `${topic}-${partition}`);
}

/** The concatenated segment files of broker `brokerId`'s replica: what replicas must agree on byte for byte. */
export function segmentBytes(c: ReplicationCluster, brokerId: number, topic: string, partition = 0): Buffer {
  const dir = partitionDir(c, brokerId, topic, partition);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
  return Buffer.concat(files.map((f) => fs.readFileSync(path.join(dir, f))));
}
