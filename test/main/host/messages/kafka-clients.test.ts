import { afterEach, describe, expect, it } from 'vitest';
import type { KafkaClientConfig } from '../../../../main/host/host-context.js';
import { MessageClients, connectionOptions } from '../../../../main/host/messages/kafka-clients.js';

// Nothing listens here: the clients connect lazily, and these tests never call the cluster.
const config = (connectionId: string): KafkaClientConfig => ({ connectionId, brokers: ['127.0.0.1:1'], sasl: null, tls: null });

let clients: MessageClients | undefined;
afterEach(async () => {
  await clients?.close();
});

describe('message clients', () => {
  it('keeps one consumer and producer per selected connection, and rebuilds them when another is selected', async () => {
    let selected = config('embedded');
    clients = new MessageClients(() => selected);
    const first = clients.get();
    expect(clients.get()).toBe(first);
    selected = config('prod-eu');
    const second = clients.get();
    expect(second.connectionId).toBe('prod-eu');
    expect(second.consumer).not.toBe(first.consumer);
    await expect.poll(() => first.consumer.closed && first.producer.closed).toBe(true);
    expect(second.consumer.closed).toBe(false);
  });

  it('rebuilds them when the selected connection is edited, and not for an equal copy of its settings', async () => {
    let selected = config('prod-eu');
    clients = new MessageClients(() => selected);
    const first = clients.get();
    selected = config('prod-eu'); // the same settings, a new object: what every kafka() call returns
    expect(clients.get()).toBe(first);
    selected = { ...config('prod-eu'), brokers: ['127.0.0.1:2'] };
    const edited = clients.get();
    expect(edited).not.toBe(first);
    expect(edited.config.brokers).toEqual(['127.0.0.1:2']);
    await expect.poll(() => first.consumer.closed && first.producer.closed).toBe(true);
    selected = { ...selected, sasl: { mechanism: 'plain', username: 'u', password: 'new' } };
    expect(clients.get()).not.toBe(edited);
  });

  it('closes its clients, and builds none after', async () => {
    clients = new MessageClients(() => config('embedded'));
    const set = clients.get();
    await clients.close();
    expect(set.consumer.closed && set.producer.closed).toBe(true);
    expect(() => clients!.get()).toThrow(/closed/);
  });

  it('passes SASL and TLS settings on in the client library\'s terms', () => {
    expect(connectionOptions({ connectionId: 'x', brokers: ['a:9092', 'b:9092'], sasl: null, tls: null })).toEqual({ bootstrapBrokers: ['a:9092', 'b:9092'] });
    expect(connectionOptions({
      connectionId: 'x', brokers: ['a:9093'],
      sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' },
      tls: { ca: '-----BEGIN CERTIFICATE-----', rejectUnauthorized: false },
    })).toEqual({
      bootstrapBrokers: ['a:9093'],
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'u', password: 'p' },
      tls: { ca: '-----BEGIN CERTIFICATE-----', rejectUnauthorized: false },
    });
    expect(connectionOptions({ connectionId: 'x', brokers: ['a:9093'], sasl: { mechanism: 'plain', username: 'u', password: '' }, tls: { ca: null, rejectUnauthorized: true } }))
      .toEqual({ bootstrapBrokers: ['a:9093'], sasl: { mechanism: 'PLAIN', username: 'u', password: '' }, tls: { rejectUnauthorized: true } });
  });
});
