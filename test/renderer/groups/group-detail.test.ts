// @vitest-environment jsdom
// One group's page: members and their assignments, lag per partition with its status, the lag
// chart (what it plots, its window and scope, refreshed by pushed health), and deleting the group.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import type { ApiArgs, LagPoint } from '../../../main/contract/index.js';
import { onGroupChange, onGroupsChange } from '../../../renderer/screens/groups/use-groups.js';
import { renderWith } from '../dom.js';
import { fakeApi } from '../fake-api.js';
import { GroupDetailScreen } from '../ui.js';
import { billing, history } from './group-fixtures.js';

const chartPoints = () => JSON.parse(screen.getByTestId('lag-chart').getAttribute('data-points') ?? 'null') as [number, number][];

function groupApi(overrides: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({ describeGroup: async () => billing, lagHistory: async () => history, deleteGroup: async () => null, ...overrides });
}

describe('the group page', () => {
  it('shows the members with their assignments and each partition with its lag and status', async () => {
    renderWith(groupApi(), h(GroupDetailScreen, { groupId: 'billing' }));
    const member = await screen.findByTestId('member-row-billing-b-2');
    expect(within(member).getByText('billing-b')).toBeTruthy();
    expect(within(member).getByText('/10.0.0.7')).toBeTruthy();
    expect(screen.getByTestId('member-assignment-billing-b-2').textContent).toBe('orders: 1');

    const p1 = screen.getByTestId('partition-row-orders-1');
    expect(p1.getAttribute('data-tone')).toBe('warning');
    const cells = [...p1.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells.slice(0, 8)).toEqual(['orders', '1', '300', '1,500', '1,200', '4 min', 'WARN', 'billing-b']);
    expect(screen.getByTestId('partition-status-orders-0').getAttribute('data-status')).toBe('OK');

    expect(screen.getByTestId('group-status-billing').getAttribute('data-status')).toBe('WARN');
    expect(screen.getByTestId('group-status-reason').textContent).toContain('orders-1 WARN');
    expect(screen.getByTestId('group-total-lag').textContent).toBe('1,250');
    expect(screen.getByTestId('group-time-lag').textContent).toBe('4 min');
    // Consumers are running: a reset would be committed over.
    expect((screen.getByTestId('group-reset-open') as HTMLButtonElement).disabled).toBe(true);
  });

  it('charts the group lag over the chosen window, in records or in time', async () => {
    const api = groupApi();
    renderWith(api, h(GroupDetailScreen, { groupId: 'billing' }));
    await waitFor(() => expect(chartPoints()).toEqual([[1_000, 10], [2_000, 400], [3_000, 1_250]]));
    const first = api.callsOf('lagHistory')[0];
    expect(first).toMatchObject({ groupId: 'billing' });
    expect(first.to! - first.from).toBe(5 * 60_000);
    expect(first.topic).toBeUndefined();

    fireEvent.click(within(screen.getByTestId('lag-window')).getByLabelText('1h'));
    await waitFor(() => expect(screen.getByTestId('lag-chart').getAttribute('data-window')).toBe('1h'));
    await waitFor(() => {
      const last = api.callsOf('lagHistory').at(-1)!;
      expect(last.to! - last.from).toBe(3_600_000);
    });

    fireEvent.click(within(screen.getByTestId('lag-metric')).getByLabelText('Time'));
    await waitFor(() => expect(chartPoints()).toEqual([[1_000, 500], [2_000, 90_000], [3_000, 240_000]]));
  });

  it('charts one partition when asked', async () => {
    const api = groupApi({
      lagHistory: async (args: ApiArgs<'lagHistory'>): Promise<LagPoint[]> => (args.topic ? [{ at: 5, lag: 7, timeLagMs: null }, { at: 6, lag: 8, timeLagMs: null }] : history),
    });
    renderWith(api, h(GroupDetailScreen, { groupId: 'billing' }));
    fireEvent.click(await screen.findByTestId('partition-chart-orders-1'));
    await waitFor(() => expect(chartPoints()).toEqual([[5, 7], [6, 8]]));
    expect(screen.getByTestId('lag-chart').getAttribute('data-scope')).toBe('orders-1');
    expect(api.callsOf('lagHistory').at(-1)).toMatchObject({ groupId: 'billing', topic: 'orders', partition: 1 });
    fireEvent.change(screen.getByTestId('lag-chart-scope'), { target: { value: '' } });
    await waitFor(() => expect(screen.getByTestId('lag-chart').getAttribute('data-scope')).toBe('group'));
    await waitFor(() => expect(chartPoints()).toHaveLength(3));
  });

  it('refreshes the group and its chart when its health is pushed', async () => {
    let points = history;
    let group = billing;
    const api = groupApi({ lagHistory: async () => points, describeGroup: async () => group });
    renderWith(api, h(GroupDetailScreen, { groupId: 'billing' }));
    await waitFor(() => expect(chartPoints()).toHaveLength(3));
    points = [...history, { at: 4_000, lag: 900, timeLagMs: 100_000 }];
    group = { ...billing, status: 'OK', totalLag: 900 };
    api.push({ kind: 'groupHealth', groupId: 'billing', status: 'OK', totalLag: 900 });
    await waitFor(() => expect(chartPoints().at(-1)).toEqual([4_000, 900]));
    await waitFor(() => expect(screen.getByTestId('group-total-lag').textContent).toBe('900'));
    expect(screen.getByTestId('group-status-billing').getAttribute('data-status')).toBe('OK');
  });

  it('takes only its own group\'s health as a reason to refresh', () => {
    const mine = onGroupChange('billing');
    expect(mine({ kind: 'groupHealth', groupId: 'billing', status: 'OK', totalLag: 1 })).toBe(true);
    expect(mine({ kind: 'groupHealth', groupId: 'audit', status: 'OK', totalLag: 1 })).toBe(false);
    expect(mine({ kind: 'changed', what: 'groups' })).toBe(true);
    expect(mine({ kind: 'changed', what: 'topics' })).toBe(false);
    expect(onGroupsChange({ kind: 'groupHealth', groupId: 'audit', status: 'WARN', totalLag: 1 })).toBe(true);
  });

  it('deletes the group after confirmation and goes back to the list', async () => {
    const api = groupApi();
    renderWith(api, h(GroupDetailScreen, { groupId: 'billing' }));
    fireEvent.click(await screen.findByTestId('group-delete'));
    fireEvent.click(screen.getByTestId('delete-group-confirm'));
    await waitFor(() => expect(api.callsOf('deleteGroup')).toEqual([{ groupId: 'billing' }]));
    await waitFor(() => expect(window.location.hash).toBe('#/groups'));
  });

  it('shows Kafka refusing to delete a group with members', async () => {
    const api = groupApi({
      deleteGroup: () => Promise.reject({ code: 'KAFKA_ERROR', kafkaCode: 'NON_EMPTY_GROUP', message: 'A group can be deleted only while the group has no active members; billing has 2 (Stable).' }),
    });
    renderWith(api, h(GroupDetailScreen, { groupId: 'billing' }));
    fireEvent.click(await screen.findByTestId('group-delete'));
    fireEvent.click(screen.getByTestId('delete-group-confirm'));
    const error = await screen.findByTestId('delete-group-error');
    expect(error.textContent).toContain('NON_EMPTY_GROUP');
    expect(error.textContent).toContain('no active members');
    expect(window.location.hash).toBe('');
  });

  it('says when there is no such group, and still shows its history', async () => {
    renderWith(groupApi({ describeGroup: () => Promise.reject({ code: 'NOT_FOUND', message: 'No consumer group named gone.' }) }), h(GroupDetailScreen, { groupId: 'gone' }));
    expect((await screen.findByTestId('group-not-found')).textContent).toContain('There is no consumer group named gone');
    await waitFor(() => expect(chartPoints()).toHaveLength(3));
    expect(screen.queryByTestId('group-delete')).toBeNull();
  });
});
