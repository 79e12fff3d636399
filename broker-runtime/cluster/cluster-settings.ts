// What a worker cluster is started with: the options a caller gives, resolved once into the
// settings the supervisor and its broker workers share.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_BROKER_HEARTBEAT_INTERVAL_MS, DEFAULT_BROKER_SESSION_TIMEOUT_MS } from '../coordinator/metadata/broker-heartbeat-manager.js';
import { type Logger, createLogger } from '../logger.js';
import { type Clock, SYSTEM_CLOCK } from '../storage/clock.js';
import type { ClusterOptions } from './cluster-handle.js';

export interface Settings {
  host: string;
  basePort: number;
  dataDir: string;
  temporary: boolean;
  brokerConfig: Record<string, string>;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  clock: Clock;
  log: Logger;
}

export async function resolveSettings(options: ClusterOptions): Promise<Settings> {
  const brokerConfig = { ...(options.brokerConfig ?? {}) };
  const sessionTimeoutMs = options.sessionTimeoutMs
    ?? Number(brokerConfig['broker.session.timeout.ms'] ?? DEFAULT_BROKER_SESSION_TIMEOUT_MS);
  const heartbeatIntervalMs = options.heartbeatIntervalMs
    ?? Number(brokerConfig['broker.heartbeat.interval.ms']
      ?? Math.min(DEFAULT_BROKER_HEARTBEAT_INTERVAL_MS, Math.max(10, Math.floor(sessionTimeoutMs / 4))));
  if (!(heartbeatIntervalMs > 0 && heartbeatIntervalMs < sessionTimeoutMs)) {
    throw new Error(`broker.heartbeat.interval.ms (${heartbeatIntervalMs}) must be positive and below broker.session.timeout.ms (${sessionTimeoutMs})`);
  }
  const temporary = options.dataDir === undefined;
  return {
    host: options.host ?? '127.0.0.1',
    basePort: options.port ?? 0,
    dataDir: options.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'oxbow-'))),
    temporary,
    brokerConfig,
    sessionTimeoutMs,
    heartbeatIntervalMs,
    clock: options.clock ?? SYSTEM_CLOCK,
    log: createLogger('oxbow:supervisor'),
  };
}
