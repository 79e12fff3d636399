// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { BrokersScreen } from './ui.js';
import { renderWith } from './dom.js';
import { brokers, fakeApi } from './fake-api.js';

const button = (id: string) => screen.getByTestId(id) as HTMLButtonElement;

describe('the brokers screen', () => {
  it('lists the brokers with their status, fencing and human-readable disk use', async () => {
    renderWith(fakeApi(), h(BrokersScreen));
    const row = await screen.findByTestId('broker-row-0');
    expect(screen.getByTestId('broker-status-0').textContent).toBe('running');
    expect(screen.getByTestId('broker-status-1').textContent).toBe('killed');
    expect(screen.getByTestId('broker-fenced-1')).toBeTruthy();
    expect(row.textContent).toContain('1.50 MiB');
    expect(row.textContent).toContain('127.0.0.1:19092');
  });

  it('enables only the controls that apply to each state', async () => {
    renderWith(fakeApi(), h(BrokersScreen));
    await screen.findByTestId('broker-kill-0');
    expect(button('broker-kill-0').disabled).toBe(false);
    expect(button('broker-pause-0').disabled).toBe(false);
    expect(button('broker-start-0').disabled).toBe(true);
    expect(button('broker-start-1').disabled).toBe(false);
    expect(button('broker-kill-1').disabled).toBe(true);
    expect(button('broker-restart-1').disabled).toBe(true);
  });

  it('asks before killing a broker, then kills it', async () => {
    const api = fakeApi();
    renderWith(api, h(BrokersScreen));
    fireEvent.click(await screen.findByTestId('broker-kill-0'));
    expect((await screen.findByTestId('confirm-modal')).textContent).toContain('no flush');
    expect(screen.getByText('Kill broker 0?')).toBeTruthy();
    expect(api.callsOf('killBroker')).toEqual([]);
    fireEvent.click(screen.getByTestId('confirm-button'));
    await waitFor(() => expect(api.callsOf('killBroker')).toEqual([{ brokerId: 0 }]));
  });

  it('pauses without asking, and a cancelled stop sends nothing', async () => {
    const api = fakeApi();
    renderWith(api, h(BrokersScreen));
    fireEvent.click(await screen.findByTestId('broker-pause-2'));
    await waitFor(() => expect(api.callsOf('pauseBroker')).toEqual([{ brokerId: 2 }]));
    fireEvent.click(screen.getByTestId('broker-stop-2'));
    fireEvent.click(await screen.findByTestId('confirm-cancel'));
    expect(api.callsOf('stopBroker')).toEqual([]);
  });

  it('shows a refused control as an error', async () => {
    const api = fakeApi({ startBroker: () => Promise.reject({ code: 'UNAVAILABLE', message: 'The coordinator is down.' }) });
    renderWith(api, h(BrokersScreen));
    fireEvent.click(await screen.findByTestId('broker-start-1'));
    const error = await screen.findByTestId('control-error');
    expect(error.textContent).toContain('Could not start broker 1');
    expect(error.textContent).toContain('The coordinator is down.');
  });

  it('draws each replica under its broker with its role', async () => {
    renderWith(fakeApi(), h(BrokersScreen));
    const leader = await screen.findByTestId('replica-orders-0-0');
    expect(leader.getAttribute('data-role')).toBe('leader');
    expect(screen.getByTestId('replica-orders-0-2').getAttribute('data-role')).toBe('follower');
    expect(screen.getByTestId('replica-orders-0-1').getAttribute('data-role')).toBe('out-of-sync');
    expect(within(screen.getByTestId('cluster-map-broker-2')).getByTestId('replica-orders-1-2').getAttribute('data-role')).toBe('leader');
    // Internal topics are behind a switch.
    expect(screen.queryByTestId('replica-__consumer_offsets-0-0')).toBeNull();
    fireEvent.click(screen.getByTestId('cluster-map-show-internal'));
    expect(screen.getByTestId('replica-__consumer_offsets-0-0')).toBeTruthy();
  });

  it('moves leadership on the map and adds the event to the timeline when the cluster says so', async () => {
    let leader = 0;
    const api = fakeApi({
      getClusterMap: async () => ({
        coordinator: { state: 'up' },
        brokers,
        partitions: [{ topic: 'orders', partition: 0, leader, replicas: [0, 2], isr: [leader] }],
      }),
    });
    renderWith(api, h(BrokersScreen));
    await screen.findByTestId('replica-orders-0-0');
    expect((await screen.findAllByTestId('timeline-event'))[0].textContent).toContain('orders-0: leader 1 → 0 (epoch 3)');

    leader = 2;
    api.push({ kind: 'cluster', event: { type: 'leaderElected', at: 9_000, topic: 'orders', partition: 0, leader: 2, previousLeader: 0, leaderEpoch: 4 } });
    await waitFor(() => expect(screen.getAllByTestId('timeline-event')[0].textContent).toContain('orders-0: leader 0 → 2 (epoch 4)'));
    await waitFor(() => expect(screen.getByTestId('replica-orders-0-2').getAttribute('data-role')).toBe('leader'));
    expect(screen.getByTestId('replica-orders-0-0').getAttribute('data-role')).toBe('out-of-sync');
  });
});
