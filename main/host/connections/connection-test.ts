// "Test" on the connections screen: connect with the connection's SASL and TLS settings, ask
// DescribeCluster, disconnect. A failure is a sentence the user can act on (which host, and
// whether it is the address, TLS or the credentials), not kafkajs's stack of wrapped errors.
import { Kafka, logLevel } from 'kafkajs';
import type { ConnectionTestResult } from '../../contract/index.js';
import type { KafkaClientConfig } from '../host-context.js';
import { kafkajsSecurity } from './client-config.js';

export interface ProbeOptions {
  /** The whole test, connecting included. */
  timeoutMs?: number;
  clock?: () => number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export async function probeConnection(config: KafkaClientConfig, { timeoutMs = DEFAULT_TIMEOUT_MS, clock = Date.now }: ProbeOptions = {}): Promise<ConnectionTestResult> {
  const started = clock();
  const kafka = new Kafka({
    clientId: 'oxbow-connection-test',
    brokers: config.brokers,
    ...kafkajsSecurity(config),
    connectionTimeout: Math.min(3_000, timeoutMs),
    authenticationTimeout: Math.min(3_000, timeoutMs),
    requestTimeout: Math.min(5_000, timeoutMs),
    logLevel: logLevel.NOTHING,
    // One try per seed broker: the user is waiting, and a second try answers the same.
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(timeoutMs)), timeoutMs);
  });
  try {
    const cluster = await Promise.race([admin.connect().then(() => admin.describeCluster()), deadline]);
    return { ok: true, clusterId: cluster.clusterId, brokers: cluster.brokers.length, latencyMs: clock() - started, error: null };
  } catch (err) {
    return { ok: false, clusterId: null, brokers: 0, latencyMs: clock() - started, error: describeConnectionError(err, config) };
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => {});
  }
}

class ProbeTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs / 1000} s`);
    this.name = 'ProbeTimeout';
  }
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  type?: string;
  broker?: string;
  apiName?: string;
  cause?: unknown;
  errors?: unknown[];
}

const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
]);
const SASL_KAFKA_ERRORS = new Set(['SASL_AUTHENTICATION_FAILED', 'UNSUPPORTED_SASL_MECHANISM', 'ILLEGAL_SASL_STATE']);

/** One sentence about why a connection failed, for the user; exported for tests. */
export function describeConnectionError(err: unknown, config: Pick<KafkaClientConfig, 'brokers' | 'sasl' | 'tls'>): string {
  const chain = causes(err);
  const where = chain.find((e) => e.broker)?.broker ?? config.brokers.join(', ');
  const mechanism = config.sasl?.mechanism.toUpperCase() ?? 'none';
  const innermost = chain[chain.length - 1] ?? {};
  const message = (innermost.message ?? String(err)).replace(/^Connection error: /, '');

  if (chain.some((e) => /^Sasl/.test(e.apiName ?? ''))) {
    return `${where} does not offer SASL authentication: turn SASL off for this connection (or check the port).`;
  }
  if (chain.some((e) => e.name === 'KafkaJSSASLAuthenticationError' || SASL_KAFKA_ERRORS.has(e.type ?? ''))) {
    const sasl = chain.find((e) => e.name === 'KafkaJSSASLAuthenticationError' || SASL_KAFKA_ERRORS.has(e.type ?? ''));
    return `Authentication failed (SASL ${mechanism}) at ${where}: ${sasl?.message ?? message}. Check the user name, the password and the mechanism.`;
  }
  const code = chain.find((e) => e.code)?.code ?? '';
  if (CERTIFICATE_CODES.has(code) || /certificate/i.test(message)) {
    return `TLS: the server's certificate is not trusted at ${where} (${message}). Give the CA file that signed it, or turn off "reject unauthorized" for a test cluster.`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `TLS: the server's certificate is not for this host (${message}).`;
  if (code === 'EPROTO' || /wrong version number|packet length too long|ssl/i.test(message)) {
    return `TLS handshake failed at ${where} (${message}): is TLS enabled on this listener?`;
  }
  if (code === 'ECONNREFUSED') return `Cannot reach ${where}: connection refused. Is the cluster running, and is this its address?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Cannot reach ${where}: unknown host.`;
  if (config.tls && (code === 'ECONNRESET' || /disconnected before secure TLS|closed by the server/i.test(message))) {
    return `TLS handshake failed at ${where}: the connection closed. Does this listener speak TLS?`;
  }
  if (innermost.name === 'ProbeTimeout' || innermost.name === 'KafkaJSRequestTimeoutError' || code === 'ETIMEDOUT' || /timeout/i.test(message)) {
    const hint = config.tls ? 'Is the cluster up, and does this listener speak TLS?' : 'Is the cluster up? A listener that expects TLS or SASL may also stay silent.';
    return `No answer from ${where} in time. ${hint}`;
  }
  if (/closed by the server/i.test(message)) {
    return `${where} closed the connection: the listener may expect TLS or SASL.`;
  }
  return `Cannot connect to ${where}: ${message}`;
}

/** The error and what it wraps (kafkajs: `cause` after retries, `errors` of an aggregate), outermost first. */
function causes(err: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = err;
  while (current && typeof current === 'object' && chain.length < 8) {
    const e = current as ErrorLike;
    chain.push(e);
    current = e.cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined);
  }
  return chain;
}
