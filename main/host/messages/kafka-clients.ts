// The @platformatic/kafka clients of the message browser, for the selected connection: one
// consumer (used only for its low-level fetch and ListOffsets: it never joins a group) and one
// producer, built on first use and rebuilt when another connection is selected or the selected one
// is edited.
import { Consumer, Producer, type ConsumerOptions, type ProducerOptions } from '@platformatic/kafka';
import { type KafkaClientConfig, sameClientConfig } from '../host-context.js';
import { installZstdFallback } from './zstd-codec.js';

// Kept short: the UI asks again on its own, and a paused broker must not hold a screen for long.
const CLIENT_OPTIONS = {
  clientId: 'oxbow-ui-messages',
  connectTimeout: 3_000,
  timeout: 10_000,
  retries: 1,
  retryDelay: 150,
  autocreateTopics: false,
  // Leaders move while brokers are stopped and started from the UI: metadata is not kept long.
  metadataMaxAge: 2_000,
} as const;

/** Never used as a group: the consumer only fetches, and Consumer requires a group id. */
const GROUP_ID = 'oxbow-ui-message-browser';

const SASL_MECHANISMS = { plain: 'PLAIN', 'scram-sha-256': 'SCRAM-SHA-256', 'scram-sha-512': 'SCRAM-SHA-512' } as const;

export interface ClientSet {
  connectionId: string;
  config: KafkaClientConfig;
  consumer: Consumer;
  producer: Producer;
}

export class MessageClients {
  private current: ClientSet | null = null;
  private closed = false;

  constructor(private readonly config: () => KafkaClientConfig) {
    installZstdFallback();
  }

  /** The clients of the selected connection as it is now; those built for other settings are closed. */
  get(): ClientSet {
    if (this.closed) throw new Error('the message clients are closed');
    const config = this.config();
    if (!this.current || !sameClientConfig(this.current.config, config)) {
      const previous = this.current;
      this.current = build(config);
      // Calls still running on the old clients fail; the UI has moved to another cluster anyway.
      if (previous) void closeSet(previous);
    }
    return this.current;
  }

  async close(): Promise<void> {
    this.closed = true;
    const current = this.current;
    this.current = null;
    if (current) await closeSet(current);
  }
}

function build(config: KafkaClientConfig): ClientSet {
  const connection = connectionOptions(config);
  const consumer = new Consumer({ ...CLIENT_OPTIONS, ...connection, groupId: GROUP_ID } as ConsumerOptions<Buffer, Buffer, Buffer, Buffer>);
  const producer = new Producer({ ...CLIENT_OPTIONS, ...connection, acks: -1 } as ProducerOptions<Buffer, Buffer, Buffer, Buffer>);
  return { connectionId: config.connectionId, config, consumer, producer };
}

export function connectionOptions(config: KafkaClientConfig): Pick<ConsumerOptions<Buffer, Buffer, Buffer, Buffer>, 'bootstrapBrokers' | 'sasl' | 'tls'> {
  return {
    bootstrapBrokers: config.brokers,
    ...(config.sasl ? { sasl: { mechanism: SASL_MECHANISMS[config.sasl.mechanism], username: config.sasl.username, password: config.sasl.password } } : {}),
    ...(config.tls ? { tls: { rejectUnauthorized: config.tls.rejectUnauthorized, ...(config.tls.ca !== null ? { ca: config.tls.ca } : {}) } } : {}),
  };
}

async function closeSet(set: ClientSet): Promise<void> {
  await Promise.all([set.consumer.close().catch(() => {}), set.producer.close().catch(() => {})]);
}
