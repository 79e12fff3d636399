// @vitest-environment jsdom
import { fireEvent, screen, within } from '@testing-library/react';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { searchRows, sortRows, type ColumnModel } from '../../renderer/components/table-model.js';
import { TopicsScreen } from './ui.js';
import { renderWith } from './dom.js';
import { fakeApi } from './fake-api.js';

type Row = { name: string; size: number | null };
const columns: ColumnModel<Row>[] = [
  { key: 'name', sortValue: (r) => r.name },
  { key: 'size', sortValue: (r) => r.size },
];

describe('table sorting and search', () => {
  const rows: Row[] = [{ name: 'p10', size: 5 }, { name: 'p2', size: null }, { name: 'P1', size: 50 }];

  it('sorts names naturally and numbers numerically, empty values last both ways', () => {
    expect(sortRows(rows, columns, { key: 'name', direction: 'asc' }).map((r) => r.name)).toEqual(['P1', 'p2', 'p10']);
    expect(sortRows(rows, columns, { key: 'size', direction: 'asc' }).map((r) => r.size)).toEqual([5, 50, null]);
    expect(sortRows(rows, columns, { key: 'size', direction: 'desc' }).map((r) => r.size)).toEqual([50, 5, null]);
  });

  it('finds rows containing every word of the query, ignoring case', () => {
    expect(searchRows(rows, columns, 'P1').map((r) => r.name)).toEqual(['p10', 'P1']);
    expect(searchRows(rows, columns, 'p1 50').map((r) => r.name)).toEqual(['P1']);
    expect(searchRows(rows, columns, '  ')).toHaveLength(3);
  });
});

const rowNames = () => within(screen.getByTestId('topic-table')).getAllByTestId(/^topic-row-/).map((r) => r.getAttribute('data-testid')!.slice('topic-row-'.length));

describe('the topics table', () => {
  it('sorts by a clicked header, both ways', async () => {
    renderWith(fakeApi(), h(TopicsScreen));
    await screen.findByTestId('topic-row-orders');
    expect(rowNames()).toEqual(['audit-log', 'orders', 'payments']);
    fireEvent.click(screen.getByTestId('topic-table-sort-messages'));
    expect(rowNames()).toEqual(['audit-log', 'orders', 'payments']);
    fireEvent.click(screen.getByTestId('topic-table-sort-messages'));
    expect(rowNames()).toEqual(['payments', 'orders', 'audit-log']);
    fireEvent.click(screen.getByTestId('topic-table-sort-partitions'));
    expect(rowNames()).toEqual(['payments', 'orders', 'audit-log']);
  });

  it('searches, hides internal topics until asked, and flags under-replicated ones', async () => {
    renderWith(fakeApi(), h(TopicsScreen));
    await screen.findByTestId('topic-row-orders');
    expect(screen.queryByTestId('topic-row-__consumer_offsets')).toBeNull();
    expect(screen.getByTestId('topic-row-orders').getAttribute('data-tone')).toBe('warning');
    expect(screen.getByTestId('topic-under-replicated-orders')).toBeTruthy();

    fireEvent.change(screen.getByTestId('topic-table-search'), { target: { value: 'PAY' } });
    expect(rowNames()).toEqual(['payments']);
    fireEvent.change(screen.getByTestId('topic-table-search'), { target: { value: 'nothing-like-this' } });
    expect(screen.getByTestId('topic-table-empty').textContent).toContain('Nothing matches');

    fireEvent.change(screen.getByTestId('topic-table-search'), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('topics-show-internal'));
    expect(rowNames()).toContain('__consumer_offsets');
  });
});
