import { afterEach, describe, expect, it } from 'vitest';
import { ClientsByConnection } from '../../../../main/host/groups/kafka-clients.js';
import type { KafkaClientConfig } from '../../../../main/host/host-context.js';

// Nothing listens here: the clients connect lazily, and these tests never call the cluster.
const config = (connectionId: string, brokers = ['127.0.0.1:1']): KafkaClientConfig => ({ connectionId, brokers, sasl: null, tls: null });

let clients: ClientsByConnection | undefined;
afterEach(async () => {
  await clients?.close();
});

describe('groups clients by connection', () => {
  it('keeps one set while the settings are equal, and rebuilds it (closing the old) when the selected connection is edited or another is selected', async () => {
    let selected = config('prod-eu');
    clients = new ClientsByConnection(() => selected);
    const first = clients.get();
    const admin = first.admin();
    selected = config('prod-eu');
    expect(clients.get()).toBe(first);
    selected = config('prod-eu', ['127.0.0.1:2']);
    const edited = clients.get();
    expect(edited).not.toBe(first);
    expect(edited.config.brokers).toEqual(['127.0.0.1:2']);
    await expect.poll(() => admin.closed).toBe(true);
    selected = config('staging', ['127.0.0.1:2']);
    expect(clients.get().connectionId).toBe('staging');
  });
});
