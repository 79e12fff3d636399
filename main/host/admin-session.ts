// One kafkajs admin client per connection, connected on first use and reused by every call (a
// client per call would pay a connection and a metadata round trip each time).
//
// NB (kafkajs 2.2.4): the admin remembers every topic it ever fetched offsets for and refreshes
// metadata for all of them before each later call; Metadata answers a partition error for a topic
// that was since deleted (by anyone) or a partition without a leader, and kafkajs then fails every
// call, for good, even ones about other topics (kafkajs issue #639 is the same parse). So a call
// failing with such an error is retried once on a fresh admin, whose memory is empty. While a
// partition is offline, even a fresh admin fails (it refreshes metadata of all topics): the
// cluster host then answers reads from the engine (./engine-topics.ts).
import type { ConnectionOptions } from 'node:tls';
import { type Admin, Kafka, type SASLOptions, logLevel } from 'kafkajs';
import { kafkaErrorType } from './api-error.js';

export interface AdminSessionOptions {
  bootstrap: string;
  clientId?: string;
  /** An external connection's TLS and SASL settings (kafkajs's own options). */
  ssl?: ConnectionOptions | boolean;
  sasl?: SASLOptions;
  /** Kept short: the UI asks again on its own, and a paused broker must not hold a screen for 30 s. */
  requestTimeoutMs?: number;
}

/** Errors after which kafkajs's remembered metadata may be what fails, not the call itself. */
const STALE_METADATA_ERRORS = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);
/** Longer than any call can take (request timeout times kafkajs's retries). */
const RETIRE_AFTER_MS = 30_000;

export class AdminSession {
  private readonly kafka: Kafka;
  private admin: Admin;
  private connecting: Promise<void> | null = null;
  /** Admins replaced by renew(), kept until the calls still running on them are done. */
  private readonly retired = new Set<Admin>();
  private closed = false;

  constructor(options: AdminSessionOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'oxbow-ui',
      brokers: options.bootstrap.split(','),
      ...(options.ssl === undefined ? {} : { ssl: options.ssl }),
      ...(options.sasl === undefined ? {} : { sasl: options.sasl }),
      connectionTimeout: 3_000,
      requestTimeout: options.requestTimeoutMs ?? 5_000,
      // A killed broker is an expected sight here: failures reach the user as API errors, not logs.
      logLevel: logLevel.NOTHING,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
    });
    this.admin = this.kafka.admin();
  }

  /** Runs `work` with the connected admin (twice at most: see the note on stale metadata). */
  async use<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = await this.connected();
    try {
      return await work(admin);
    } catch (err) {
      if (!STALE_METADATA_ERRORS.has(kafkaErrorType(err) ?? '')) throw err;
      // Calls failing together renew once: only the first finds its admin still current.
      if (this.admin === admin) this.renew();
      return work(await this.connected());
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const connecting = this.connecting;
    this.connecting = null;
    if (connecting) await connecting.catch(() => {});
    await Promise.all([this.admin, ...this.retired].map((admin) => admin.disconnect().catch(() => {})));
    this.retired.clear();
  }

  private async connected(): Promise<Admin> {
    if (this.closed) throw new Error('the admin session is closed');
    const admin = this.admin;
    this.connecting ??= admin.connect().catch((err: unknown) => {
      // Forgotten, so the next call tries again: the cluster may be starting or restarting.
      if (this.admin === admin) this.connecting = null;
      throw err;
    });
    await this.connecting;
    return admin;
  }

  /** A fresh admin for the calls to come; the old one is disconnected once calls still on it are done. */
  private renew(): void {
    const old = this.admin;
    this.admin = this.kafka.admin();
    this.connecting = null;
    this.retired.add(old);
    setTimeout(() => void this.retire(old), RETIRE_AFTER_MS).unref();
  }

  private async retire(admin: Admin): Promise<void> {
    if (!this.retired.delete(admin)) return;
    await admin.disconnect().catch(() => {});
  }
}
