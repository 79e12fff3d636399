// The @platformatic/kafka clients of the groups area, one set per connection: an admin for
// committing reset offsets the way Kafka's AdminClient does (OffsetCommit with no member and
// generation -1, which the group coordinator accepts only while the group is Empty), and a
// consumer that never joins a group, for reading one record at an offset (time lag on clusters
// other than the embedded one). kafkajs offers neither: its setOffsets joins the group as a
// consumer and waits out a rebalance to commit.
//
// Invariant: clients belong to one connection's settings; when another connection is selected, or
// the selected one is edited, they are closed and the next call builds new ones (HostContext.kafka()).
import { Admin, Consumer } from '@platformatic/kafka';
import { type KafkaClientConfig, sameClientConfig } from '../host-context.js';

const MECHANISMS = { plain: 'PLAIN', 'scram-sha-256': 'SCRAM-SHA-256', 'scram-sha-512': 'SCRAM-SHA-512' } as const;

/** Connection options for @platformatic/kafka from the selected connection's config. */
export function clientOptions(config: KafkaClientConfig, clientId: string) {
  return {
    clientId,
    bootstrapBrokers: config.brokers,
    // Short, as the UI's other calls: a paused broker must not hold a screen.
    connectTimeout: 3_000,
    requestTimeout: 5_000,
    timeout: 5_000,
    retries: 1,
    ...(config.sasl ? { sasl: { mechanism: MECHANISMS[config.sasl.mechanism], username: config.sasl.username, password: config.sasl.password } } : {}),
    ...(config.tls ? { tls: { ...(config.tls.ca === null ? {} : { ca: config.tls.ca }), rejectUnauthorized: config.tls.rejectUnauthorized } } : {}),
  };
}

export class ConnectionClients {
  private adminClient: Admin | null = null;
  private consumerClient: Consumer | null = null;

  constructor(readonly config: KafkaClientConfig) {}

  get connectionId(): string {
    return this.config.connectionId;
  }

  admin(): Admin {
    this.adminClient ??= new Admin(clientOptions(this.config, 'oxbow-ui-groups'));
    return this.adminClient;
  }

  /** A consumer for single fetches; its group id is never joined. */
  reader(): Consumer {
    this.consumerClient ??= new Consumer({ ...clientOptions(this.config, 'oxbow-ui-lag'), groupId: 'oxbow-ui-lag-reader' });
    return this.consumerClient;
  }

  async close(): Promise<void> {
    const clients = [this.adminClient, this.consumerClient];
    this.adminClient = null;
    this.consumerClient = null;
    await Promise.all(clients.map((c) => c?.close().catch(() => {})));
  }
}

/** The clients of whichever connection is selected now. */
export class ClientsByConnection {
  private current: ConnectionClients | null = null;
  private readonly closing = new Set<Promise<void>>();

  constructor(private readonly config: () => KafkaClientConfig) {}

  get(): ConnectionClients {
    const config = this.config();
    if (!this.current || !sameClientConfig(this.current.config, config)) {
      if (this.current) this.retire(this.current);
      this.current = new ConnectionClients(config);
    }
    return this.current;
  }

  async close(): Promise<void> {
    if (this.current) this.retire(this.current);
    this.current = null;
    await Promise.all(this.closing);
  }

  private retire(clients: ConnectionClients): void {
    const done = clients.close().finally(() => this.closing.delete(done));
    this.closing.add(done);
  }
}
