// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { TopicDetailScreen } from './ui.js';
import { renderWith } from './dom.js';
import { fakeApi } from './fake-api.js';

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('the topic page', () => {
  it('highlights under-replicated partitions and topic overrides', async () => {
    renderWith(fakeApi(), h(TopicDetailScreen, { name: 'orders' }));
    expect((await screen.findByTestId('partition-row-0')).getAttribute('data-tone')).toBe('warning');
    expect(screen.getByTestId('partition-row-1').getAttribute('data-tone')).toBeNull();
    expect(screen.getByTestId('partition-row-0').textContent).toContain('300');
    expect(screen.getByTestId('config-row-retention.ms').getAttribute('data-tone')).toBe('accent');
    expect(screen.getByTestId('config-source-retention.ms').textContent).toBe('topic override');
    expect(screen.queryByTestId('config-reset-cleanup.policy')).toBeNull();
  });

  it('sets and resets a config', async () => {
    const api = fakeApi();
    renderWith(api, h(TopicDetailScreen, { name: 'orders' }));
    fireEvent.click(await screen.findByTestId('config-edit-cleanup.policy'));
    type('config-value-input', 'compact');
    fireEvent.click(screen.getByTestId('config-save'));
    await waitFor(() => expect(api.callsOf('alterTopicConfigs')).toEqual([{ name: 'orders', set: { 'cleanup.policy': 'compact' } }]));

    fireEvent.click(screen.getByTestId('config-reset-retention.ms'));
    await waitFor(() => expect(api.callsOf('alterTopicConfigs')[1]).toEqual({ name: 'orders', reset: ['retention.ms'] }));
  });

  it('shows a refused config value in the dialog', async () => {
    const api = fakeApi({ alterTopicConfigs: () => Promise.reject({ code: 'KAFKA_ERROR', kafkaCode: 'INVALID_CONFIG', message: 'Invalid value banana for retention.ms' }) });
    renderWith(api, h(TopicDetailScreen, { name: 'orders' }));
    fireEvent.click(await screen.findByTestId('config-edit-retention.ms'));
    type('config-value-input', 'banana');
    fireEvent.click(screen.getByTestId('config-save'));
    expect((await screen.findByTestId('config-error')).textContent).toContain('INVALID_CONFIG');
  });

  it('adds partitions only upwards', async () => {
    const api = fakeApi();
    renderWith(api, h(TopicDetailScreen, { name: 'orders' }));
    fireEvent.click(await screen.findByTestId('add-partitions-open'));
    type('add-partitions-count', '2');
    expect((screen.getByTestId('add-partitions-submit') as HTMLButtonElement).disabled).toBe(true);
    type('add-partitions-count', '5');
    fireEvent.click(screen.getByTestId('add-partitions-submit'));
    await waitFor(() => expect(api.callsOf('createPartitions')).toEqual([{ name: 'orders', totalCount: 5 }]));
  });

  it('deletes only after the name is typed', async () => {
    const api = fakeApi();
    renderWith(api, h(TopicDetailScreen, { name: 'orders' }));
    fireEvent.click(await screen.findByTestId('topic-delete'));
    const confirm = () => screen.getByTestId('delete-topic-confirm') as HTMLButtonElement;
    expect(confirm().disabled).toBe(true);
    type('delete-topic-confirm-input', 'order');
    expect(confirm().disabled).toBe(true);
    type('delete-topic-confirm-input', 'orders');
    fireEvent.click(confirm());
    await waitFor(() => expect(api.callsOf('deleteTopic')).toEqual([{ name: 'orders' }]));
    await waitFor(() => expect(window.location.hash).toBe('#/topics'));
  });

  it('says so when the topic does not exist', async () => {
    renderWith(fakeApi({ describeTopic: () => Promise.reject({ code: 'NOT_FOUND', message: 'No topic named gone.' }) }), h(TopicDetailScreen, { name: 'gone' }));
    expect((await screen.findByTestId('topic-not-found')).textContent).toContain('There is no topic named gone');
  });
});
