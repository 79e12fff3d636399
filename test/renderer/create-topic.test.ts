// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { TopicsScreen } from './ui.js';
import { renderWith } from './dom.js';
import { fakeApi } from './fake-api.js';

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

async function openForm() {
  fireEvent.click(await screen.findByTestId('create-topic-open'));
  return screen.findByTestId('create-topic-name');
}

describe('the create-topic form', () => {
  it('explains what is wrong with the name as it is typed', async () => {
    renderWith(fakeApi(), h(TopicsScreen));
    await openForm();
    type('create-topic-name', 'my orders!');
    expect(await screen.findByText(/not spaces, '!'/)).toBeTruthy();
    type('create-topic-name', 'my-orders');
    await waitFor(() => expect(screen.queryByText(/Only letters, digits/)).toBeNull());
  });

  it('sends createTopic with the name, sizes and the configs that were set', async () => {
    const api = fakeApi();
    renderWith(api, h(TopicsScreen));
    await openForm();
    // The replication factor starts at min(3, brokers): wait until the broker count arrived.
    await waitFor(() => expect((screen.getByTestId('create-topic-replication') as HTMLInputElement).value).toBe('3'));
    type('create-topic-name', 'invoices');
    type('create-topic-partitions', '6');
    type('create-topic-replication', '2');
    type('create-topic-cleanup-policy', 'compact');
    type('create-topic-compression', 'lz4');
    type('create-topic-min-isr', '2');
    fireEvent.click(screen.getByTestId('create-topic-submit'));

    await waitFor(() => expect(api.callsOf('createTopic')).toHaveLength(1));
    expect(api.callsOf('createTopic')[0]).toEqual({
      name: 'invoices',
      partitions: 6,
      replicationFactor: 2,
      configs: { 'cleanup.policy': 'compact', 'compression.type': 'lz4', 'min.insync.replicas': '2' },
    });
    await waitFor(() => expect(screen.queryByTestId('create-topic-name')).toBeNull());
  });

  it('does not send a name Kafka would refuse', async () => {
    const api = fakeApi();
    renderWith(api, h(TopicsScreen));
    await openForm();
    type('create-topic-name', '..');
    fireEvent.click(screen.getByTestId('create-topic-submit'));
    expect(await screen.findByText(/cannot be named ".."/)).toBeTruthy();
    expect(api.callsOf('createTopic')).toEqual([]);
  });

  it("shows the cluster's refusal with Kafka's error name and keeps the form open", async () => {
    const api = fakeApi({
      createTopic: () => Promise.reject({ code: 'KAFKA_ERROR', kafkaCode: 'TOPIC_ALREADY_EXISTS', message: "Topic 'orders' already exists." }),
    });
    renderWith(api, h(TopicsScreen));
    await openForm();
    type('create-topic-name', 'orders');
    fireEvent.click(screen.getByTestId('create-topic-submit'));

    const error = await screen.findByTestId('create-topic-error');
    expect(error.textContent).toContain('TOPIC_ALREADY_EXISTS');
    expect(error.textContent).toContain("Topic 'orders' already exists.");
    expect((screen.getByTestId('create-topic-name') as HTMLInputElement).value).toBe('orders');
  });
});
