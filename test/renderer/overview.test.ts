// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { OverviewScreen } from './ui.js';
import { mergeSamples } from '../../renderer/screens/overview/throughput.js';
import { renderWith } from './dom.js';
import { fakeApi, overview } from './fake-api.js';

describe('the overview', () => {
  it('counts brokers up and highlights what needs attention', async () => {
    renderWith(fakeApi(), h(OverviewScreen));
    expect((await screen.findByTestId('overview-brokers-value')).textContent).toBe('2 / 3');
    expect(screen.getByTestId('overview-brokers').textContent).toContain('Broker 1 killed');
    expect(screen.getByTestId('overview-under-replicated').getAttribute('data-alert')).toBe('true');
    expect(screen.getByTestId('overview-offline').getAttribute('data-alert')).toBe('false');
    expect(screen.getByTestId('overview-partitions-value').textContent).toBe('9');
  });

  it('shows recent events newest first and appends pushed throughput samples', async () => {
    const api = fakeApi();
    renderWith(api, h(OverviewScreen));
    const events = await screen.findAllByTestId('timeline-event');
    expect(events.map((e) => e.getAttribute('data-event-type'))).toEqual(['leaderElected', 'brokerDown']);
    expect(screen.getByTestId('throughput-messages-in').getAttribute('data-samples')).toBe('2');
    expect(screen.getByTestId('throughput-messages-in-value').textContent).toBe('20/s');

    api.push({ kind: 'throughput', sample: { at: 3_000, messagesInPerSec: 12_345, bytesInPerSec: 2_097_152, bytesOutPerSec: 0 } });
    await waitFor(() => expect(screen.getByTestId('throughput-messages-in').getAttribute('data-samples')).toBe('3'));
    expect(screen.getByTestId('throughput-messages-in-value').textContent).toBe('12.3K/s');
    expect(screen.getByTestId('throughput-bytes-in-value').textContent).toBe('2.00 MiB/s');
  });

  it('shows why it could not load', async () => {
    renderWith(fakeApi({ getOverview: () => Promise.reject({ code: 'UNAVAILABLE', message: 'The cluster is starting.' }) }), h(OverviewScreen));
    expect((await screen.findByTestId('load-error')).textContent).toContain('The cluster is starting.');
  });

  it('merges fetched and pushed samples by time', () => {
    const pushed = [overview.throughput[1], { ...overview.throughput[1], at: 4_000 }];
    expect(mergeSamples(overview.throughput, pushed).map((s) => s.at)).toEqual([1_000, 2_000, 4_000]);
    expect(mergeSamples(overview.throughput, pushed, 2).map((s) => s.at)).toEqual([2_000, 4_000]);
  });
});
