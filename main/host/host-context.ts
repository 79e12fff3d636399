// What the per-area method sets of the host (messages/, groups/, connections/) get from it: the
// Kafka client session of the selected connection, the push channel, the clock and the log.
import { isDeepStrictEqual } from 'node:util';
import type { AdminSession } from './admin-session.js';
import type { ErrorLog } from './api-error.js';
import type { EmbeddedCluster } from './embedded-cluster.js';
import type { PushHub } from './push-hub.js';

/** How to reach the selected connection with any Kafka client library (kafkajs, @platformatic/kafka). */
export interface KafkaClientConfig {
  /** Changes when another connection is selected. */
  connectionId: string;
  brokers: string[];
  sasl: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string } | null;
  /** null: plaintext. `ca` is the PEM text of the CA file, read when the connection was selected. */
  tls: { ca: string | null; rejectUnauthorized: boolean } | null;
}

/**
 * Whether clients built for `a` still fit `b`. Invariant: clients are rebuilt when this is false,
 * which is when another connection is selected and also when the selected one is edited (new
 * brokers, credentials or TLS settings under the same id).
 */
export function sameClientConfig(a: KafkaClientConfig, b: KafkaClientConfig): boolean {
  return isDeepStrictEqual(a, b);
}

export interface HostContext {
  /** The selected connection's bootstrap servers. */
  bootstrap(): string;
  /** The selected connection, for building clients. */
  kafka(): KafkaClientConfig;
  /** The kafkajs admin of the selected connection. */
  admin(): AdminSession;
  /** The embedded cluster (engine-only features); null while an external connection is selected. */
  embedded(): EmbeddedCluster | null;
  hub: PushHub;
  /** Where the host keeps its own state (lag history, connections): under the app's data directory. */
  stateDir: string;
  clock: () => number;
  log: ErrorLog;
}

/** A method set's own resources (consumers, samplers), stopped when the host closes. */
export interface Closable {
  close(): Promise<void>;
}
