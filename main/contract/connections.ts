// Contract types of connections: the embedded cluster and external Kafka clusters.
// Invariant: secrets go in (saveConnection) and never come back out; the renderer sees only
// whether one is set.

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface ConnectionSummary {
  id: string;
  name: string;
  kind: 'embedded' | 'external';
  bootstrap: string;
  sasl: { mechanism: SaslMechanism; username: string; hasPassword: boolean } | null;
  tls: { enabled: boolean; caFile: string | null; rejectUnauthorized: boolean } | null;
  selected: boolean;
}

export interface ConnectionInput {
  name: string;
  /** host:port[,host:port...] */
  bootstrap: string;
  sasl?: { mechanism: SaslMechanism; username: string; /** Omitted on edit: keep the stored one. */ password?: string } | null;
  tls?: { enabled: boolean; caFile?: string | null; rejectUnauthorized?: boolean } | null;
}

export interface ConnectionTestResult {
  ok: boolean;
  clusterId: string | null;
  brokers: number;
  /** ms the test took. */
  latencyMs: number;
  error: string | null;
}
