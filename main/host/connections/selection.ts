// Which connection the host answers for. The host's context (../host-context.ts) reads through
// this on every call, so switching is one assignment: calls that started before the switch finish
// on the session they started with, and every call after it goes to the new connection.
import type { ConnectionInfo } from '../../contract/index.js';
import type { AdminSession } from '../admin-session.js';
import type { EmbeddedCluster } from '../embedded-cluster.js';
import type { HostContext, KafkaClientConfig } from '../host-context.js';
import type { KafkaTopics } from '../kafka-topics.js';
import type { ExternalCluster } from './external-cluster.js';

export interface ActiveConnection {
  /** 'embedded', or the saved connection's id. */
  id: string;
  info(): ConnectionInfo;
  kafka(): KafkaClientConfig;
  session: AdminSession;
  topics: KafkaTopics;
  /** What an external cluster shows instead of the engine's views; null for the embedded cluster. */
  external: ExternalCluster | null;
}

/** Longer than a call can take on a session (its request timeout times kafkajs's retries). */
const RETIRE_AFTER_MS = 30_000;

export class ConnectionSelection {
  private active: ActiveConnection;
  /** Sessions of connections switched away from, closed once calls still on them are done. */
  private readonly retiring = new Set<AdminSession>();

  constructor(readonly embedded: ActiveConnection) {
    this.active = embedded;
  }

  current(): ActiveConnection {
    return this.active;
  }

  isEmbedded(): boolean {
    return this.active === this.embedded;
  }

  /** Makes `next` the selected connection; an external one switched away from is closed after a grace period. */
  switchTo(next: ActiveConnection): void {
    const previous = this.active;
    this.active = next;
    if (previous !== this.embedded && previous.session !== next.session) this.retire(previous.session);
  }

  /** Closes every external session; the embedded one is its owner's (the host's) to close. */
  async close(): Promise<void> {
    const sessions = [...this.retiring];
    if (!this.isEmbedded()) sessions.push(this.active.session);
    this.retiring.clear();
    this.active = this.embedded;
    await Promise.all(sessions.map((s) => s.close()));
  }

  private retire(session: AdminSession): void {
    this.retiring.add(session);
    setTimeout(() => {
      if (this.retiring.delete(session)) void session.close();
    }, RETIRE_AFTER_MS).unref();
  }
}

/** The part of the host's context that follows the selection (what messages/ and groups/ build their clients from). */
export function selectedContext(selection: ConnectionSelection, cluster: EmbeddedCluster): Pick<HostContext, 'bootstrap' | 'kafka' | 'admin' | 'embedded'> {
  return {
    bootstrap: () => selection.current().kafka().brokers.join(','),
    kafka: () => selection.current().kafka(),
    admin: () => selection.current().session,
    embedded: () => (selection.isEmbedded() ? cluster : null),
  };
}
