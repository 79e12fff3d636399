// @vitest-environment jsdom
// Resetting offsets from the group page: only for a group without active members; a preview of
// exactly what would be committed, then the commit; a changed choice needs a new preview; Kafka's
// refusal shown as it is.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import type { ApiArgs, OffsetResetPreview } from '../../../main/contract/index.js';
import { resetSpec } from '../../../renderer/screens/groups/reset-form.js';
import { renderWith } from '../dom.js';
import { fakeApi } from '../fake-api.js';
import { GroupDetailScreen } from '../ui.js';
import { billingEmpty, history } from './group-fixtures.js';

const shifted = (args: ApiArgs<'previewOffsetReset'>): OffsetResetPreview[] => {
  const by = args.spec.kind === 'shift' ? args.spec.by : 0;
  return billingEmpty.partitions.map((p) => ({ topic: p.topic, partition: p.partition, currentOffset: p.committedOffset, targetOffset: Math.max(0, p.committedOffset + by) }));
};

function resetApi(overrides: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    describeGroup: async () => billingEmpty,
    lagHistory: async () => history,
    previewOffsetReset: async (args) => shifted(args),
    resetOffsets: async (args) => shifted(args),
    ...overrides,
  });
}

const confirmButton = () => screen.getByTestId('reset-confirm') as HTMLButtonElement;
const kind = (label: string) => fireEvent.click(within(screen.getByTestId('reset-kind')).getByLabelText(label));

async function openReset() {
  const open = await screen.findByTestId('group-reset-open');
  await waitFor(() => expect((open as HTMLButtonElement).disabled).toBe(false));
  fireEvent.click(open);
  return screen.findByTestId('reset-modal');
}

describe('resetting offsets', () => {
  it('previews a shift, then commits exactly that', async () => {
    const api = resetApi();
    renderWith(api, h(GroupDetailScreen, { groupId: 'billing' }));
    await openReset();
    expect(confirmButton().disabled).toBe(true);
    kind('Shift by');
    fireEvent.change(screen.getByTestId('reset-shift'), { target: { value: '-400' } });
    fireEvent.click(screen.getByTestId('reset-preview'));
    await waitFor(() => expect(api.callsOf('previewOffsetReset')).toEqual([{ groupId: 'billing', topics: ['orders'], spec: { kind: 'shift', by: -400 } }]));
    const row = await screen.findByTestId('reset-preview-row-orders-0');
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['orders', '0', '950', '550', '−400']);
    expect(screen.getByTestId('reset-preview-row-orders-1').textContent).toContain('−300');
    expect(api.callsOf('resetOffsets')).toEqual([]);

    fireEvent.click(confirmButton());
    await waitFor(() => expect(api.callsOf('resetOffsets')).toEqual([{ groupId: 'billing', topics: ['orders'], spec: { kind: 'shift', by: -400 } }]));
    await waitFor(() => expect(screen.queryByTestId('reset-modal')).toBeNull());
  });

  it('asks for a new preview when the choice changes', async () => {
    const api = resetApi();
    renderWith(api, h(GroupDetailScreen, { groupId: 'billing' }));
    await openReset();
    fireEvent.click(screen.getByTestId('reset-preview'));
    await screen.findByTestId('reset-preview-table');
    expect(api.callsOf('previewOffsetReset')[0]).toMatchObject({ spec: { kind: 'earliest' } });
    expect(confirmButton().disabled).toBe(false);
    kind('Offset');
    expect(screen.queryByTestId('reset-preview-table')).toBeNull();
    expect(confirmButton().disabled).toBe(true);
    fireEvent.change(screen.getByTestId('reset-offset'), { target: { value: 'ten' } });
    expect(screen.getByTestId('reset-problem').textContent).toContain('whole number');
    expect((screen.getByTestId('reset-preview') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('reset-offset'), { target: { value: '10' } });
    fireEvent.click(screen.getByTestId('reset-preview'));
    await waitFor(() => expect(api.callsOf('previewOffsetReset')[1]).toMatchObject({ spec: { kind: 'offset', offset: 10 } }));
    // No topic chosen: nothing to preview.
    await screen.findByTestId('reset-preview-table');
    fireEvent.click(within(screen.getByTestId('reset-modal')).getByLabelText('orders'));
    expect((screen.getByTestId('reset-preview') as HTMLButtonElement).disabled).toBe(true);
    expect(confirmButton().disabled).toBe(true);
  });

  it('shows why Kafka refused the reset', async () => {
    const api = resetApi({
      resetOffsets: () => Promise.reject({ code: 'KAFKA_ERROR', kafkaCode: 'NON_EMPTY_GROUP', message: 'Offsets can be reset only while the group has no active members; billing has 1 (Stable).' }),
    });
    renderWith(api, h(GroupDetailScreen, { groupId: 'billing' }));
    await openReset();
    fireEvent.click(screen.getByTestId('reset-preview'));
    await screen.findByTestId('reset-preview-table');
    fireEvent.click(confirmButton());
    const error = await screen.findByTestId('reset-error');
    expect(error.textContent).toContain('NON_EMPTY_GROUP');
    expect(error.textContent).toContain('no active members');
    expect(screen.getByTestId('reset-modal')).toBeTruthy();
  });

  it('turns the form into the contract\'s spec', () => {
    const form = { kind: 'earliest' as const, dateTime: '', offset: '', shift: '' };
    expect(resetSpec(form)).toEqual({ spec: { kind: 'earliest' } });
    expect(resetSpec({ ...form, kind: 'shift', shift: '+25' })).toEqual({ spec: { kind: 'shift', by: 25 } });
    expect(resetSpec({ ...form, kind: 'shift', shift: '2.5' })).toHaveProperty('problem');
    expect(resetSpec({ ...form, kind: 'offset', offset: '-1' })).toHaveProperty('problem');
    expect(resetSpec({ ...form, kind: 'timestamp', dateTime: '' })).toHaveProperty('problem');
    expect(resetSpec({ ...form, kind: 'timestamp', dateTime: '2026-03-10T12:00:00' })).toEqual({ spec: { kind: 'timestamp', timestamp: new Date('2026-03-10T12:00:00').getTime() } });
  });
});
