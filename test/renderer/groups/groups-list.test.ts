// @vitest-environment jsdom
// The consumer groups list: status with its reason, lag in records and time, search, sort by lag,
// and refreshing when a lag sample is evaluated.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { formatTimeLag } from '../../../renderer/screens/groups/lag-format.js';
import { renderWith } from '../dom.js';
import { fakeApi } from '../fake-api.js';
import { GroupsScreen } from '../ui.js';
import { groups } from './group-fixtures.js';

const rowIds = () => screen.getAllByTestId(/^group-row-/).map((r) => r.getAttribute('data-testid'));

describe('the consumer groups list', () => {
  it('shows each group with its status, reason, members, protocol, topics and lag', async () => {
    renderWith(fakeApi({ listGroups: async () => groups }), h(GroupsScreen));
    const row = await screen.findByTestId('group-row-billing');
    expect(row.getAttribute('data-tone')).toBe('warning');
    const status = screen.getByTestId('group-status-billing');
    expect(status.getAttribute('data-status')).toBe('WARN');
    expect(status.getAttribute('title')).toContain('orders-1 WARN');
    expect(within(row).getByText('RoundRobinAssigner')).toBeTruthy();
    expect(screen.getByTestId('group-lag-billing').textContent).toBe('1,250');
    expect(screen.getByTestId('group-time-lag-billing').textContent).toBe('4 min');
    expect(screen.getByTestId('group-time-lag-reports').textContent).toBe('1.5 h');
    expect(screen.getByTestId('group-status-reports').getAttribute('data-status')).toBe('ERR');
    expect(screen.getByTestId('group-row-reports').getAttribute('data-tone')).toBe('danger');
    expect(screen.getByTestId('group-row-reports').textContent).toContain('orders, payments');
    expect(screen.getByTestId('group-link-audit').getAttribute('href')).toBe('#/groups/audit');
  });

  it('searches and sorts by lag', async () => {
    renderWith(fakeApi({ listGroups: async () => groups }), h(GroupsScreen));
    await screen.findByTestId('group-row-billing');
    expect(rowIds()).toEqual(['group-row-audit', 'group-row-billing', 'group-row-reports']);
    fireEvent.click(screen.getByTestId('group-table-sort-lag'));
    fireEvent.click(screen.getByTestId('group-table-sort-lag'));
    expect(rowIds()).toEqual(['group-row-reports', 'group-row-billing', 'group-row-audit']);
    fireEvent.change(screen.getByTestId('group-table-search'), { target: { value: 'payments' } });
    expect(rowIds()).toEqual(['group-row-reports']);
  });

  it('reads the list again when a group health is pushed', async () => {
    let answer = groups;
    const api = fakeApi({ listGroups: async () => answer });
    renderWith(api, h(GroupsScreen));
    await screen.findByTestId('group-row-billing');
    const calls = api.callsOf('listGroups').length;
    answer = groups.map((g) => (g.groupId === 'billing' ? { ...g, status: 'OK', totalLag: 3 } : g));
    api.push({ kind: 'groupHealth', groupId: 'billing', status: 'OK', totalLag: 3 });
    await waitFor(() => expect(screen.getByTestId('group-status-billing').getAttribute('data-status')).toBe('OK'));
    expect(api.callsOf('listGroups').length).toBeGreaterThan(calls);
    expect(screen.getByTestId('group-lag-billing').textContent).toBe('3');
  });

  it('says what it could not load', async () => {
    renderWith(fakeApi({ listGroups: () => Promise.reject({ code: 'UNAVAILABLE', message: 'The cluster cannot be reached.' }) }), h(GroupsScreen));
    expect((await screen.findByTestId('load-error')).textContent).toContain('The cluster cannot be reached.');
  });
});

describe('time lag as people say it', () => {
  it('uses one unit, with a decimal only while small', () => {
    expect([0, 850, 3_200, 45_000, 59_970, 90_000, 240_000, 5_400_000, 2 * 86_400_000].map(formatTimeLag))
      .toEqual(['0 s', '850 ms', '3.2 s', '45 s', '1 min', '1.5 min', '4 min', '1.5 h', '2 d']);
    expect(formatTimeLag(null)).toBe('—');
  });
});
