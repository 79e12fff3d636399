// What the per-area method sets of the host (messages/, groups/, connections/) get from it: the
// Kafka client session of the selected connection, the push channel, the clock and the log.
import type { AdminSession } from './admin-session.js';
import type { ErrorLog } from './api-error.js';
import type { EmbeddedCluster } from './embedded-cluster.js';
import type { PushHub } from './push-hub.js';

export interface HostContext {
  /** The selected connection's bootstrap servers. */
  bootstrap(): string;
  /** The kafkajs admin of the selected connection. */
  admin(): AdminSession;
  /** The embedded cluster (engine-only features); null while an external connection is selected. */
  embedded(): EmbeddedCluster | null;
  hub: PushHub;
  clock: () => number;
  log: ErrorLog;
}

/** A method set's own resources (consumers, samplers), stopped when the host closes. */
export interface Closable {
  close(): Promise<void>;
}
