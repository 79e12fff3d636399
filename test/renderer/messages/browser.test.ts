// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createElement as h } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiArgs, MessageRecord, PartitionPosition } from '../../../main/contract/index.js';
import { renderWith } from '../dom.js';
import { fakeApi } from '../fake-api.js';
import { MessagesScreen, TopicDetailScreen } from './ui.js';
import { page, record } from './records.js';

// jsdom lays nothing out: give elements a size, so the virtualizer shows rows (640 px: 20 rows),
// and a `document.fonts` for the textarea autosize of the produce form.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 640 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1200 });
  if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { configurable: true, value: new EventTarget() });
});
afterAll(() => {
  // The own properties shadow Element.prototype's; deleting them restores jsdom's.
  delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight;
  delete (HTMLElement.prototype as { clientWidth?: number }).clientWidth;
});

const value = (p: number, o: number) => JSON.stringify({ id: o, partition: p, kind: o % 2 ? 'odd' : 'even' });

/** A fake topic `orders` (partitions 0 and 1, `perPartition` records each) that answers seeks and reads. */
function log(perPartition: number, make: (p: number, o: number) => MessageRecord = (p, o) => record(p, o, value(p, o))) {
  const end = (): PartitionPosition[] => [0, 1].map((partition) => ({ partition, offset: perPartition }));
  return {
    seekMessages: async ({ partitions, start, count }: ApiArgs<'seekMessages'>) => (partitions ?? [0, 1]).map((partition) => ({
      partition,
      offset: start.kind === 'oldest' ? 0
        : start.kind === 'newest' ? Math.max(0, perPartition - (count ?? 0))
          : start.kind === 'offset' ? start.offset
            : Math.max(0, start.timestamp - 1_700_000_000_000),
    })),
    readMessages: async ({ from, limit }: ApiArgs<'readMessages'>) => {
      const records: MessageRecord[] = [];
      const share = Math.ceil(limit / from.length);
      const next = from.map(({ partition, offset }) => {
        const to = Math.min(perPartition, offset + share);
        for (let o = offset; o < to; o++) records.push(make(partition, o));
        return { partition, offset: to };
      });
      // Merged as the server merges by timestamp: here offset by offset, partition 0 first.
      records.sort((a, b) => a.offset - b.offset || a.partition - b.partition);
      return page(records, next, end().filter((e) => from.some((f) => f.partition === e.partition)));
    },
  };
}

const row = (p: number, o: number) => screen.findByTestId(`message-row-${p}-${o}`);
const startMode = (label: string) => fireEvent.click(within(screen.getByTestId('messages-start')).getByLabelText(label));
const type = (testId: string, text: string) => fireEvent.change(screen.getByTestId(testId), { target: { value: text } });

describe('the message browser', () => {
  it('opens on the newest records of the topic and shows one in the drawer', async () => {
    const api = fakeApi(log(1000));
    renderWith(api, h(MessagesScreen, { topic: 'orders' }));
    await row(0, 750);
    // The newest 500 of the topic: 250 of each partition.
    expect(api.callsOf('seekMessages')).toEqual([{ topic: 'orders', start: { kind: 'newest' }, count: 500 }, { topic: 'orders', start: { kind: 'newest' }, count: 250 }]);
    expect(api.callsOf('readMessages')[0]).toEqual({ topic: 'orders', from: [{ partition: 0, offset: 750 }, { partition: 1, offset: 750 }], limit: 500 });
    expect(screen.getByTestId('messages-count').getAttribute('data-count')).toBe('500');
    const shown = await row(1, 750);
    expect(shown.textContent).toContain('k-750');
    expect(within(shown).getByTestId('message-cell-value').textContent).toBe(value(1, 750));

    fireEvent.click(shown);
    const drawer = await screen.findByTestId('message-drawer');
    expect(within(drawer).getByTestId('message-offset').textContent).toBe('750');
    expect(within(drawer).getByTestId('message-value').getAttribute('data-format')).toBe('json');
    expect(within(drawer).getByTestId('message-value').textContent).toContain('"kind": "even"');
    expect(within(drawer).getByTestId('message-key').textContent).toBe('k-750');
    expect(api.callsOf('getMessage')).toEqual([]);
  });

  it('fetches a truncated record in full for the drawer', async () => {
    const big = JSON.stringify({ blob: 'z'.repeat(6000), end: 'here' });
    const api = fakeApi({
      ...log(1, (p, o) => record(p, o, big)),
      getMessage: async ({ partition, offset }) => record(partition, offset, big, { previewBytes: 1e9 }),
    });
    renderWith(api, h(MessagesScreen, { topic: 'orders' }));
    fireEvent.click(await row(0, 0));
    await waitFor(() => expect(screen.getByTestId('message-value').getAttribute('data-format')).toBe('json'));
    expect(api.callsOf('getMessage')).toEqual([{ topic: 'orders', partition: 0, offset: 0 }]);
    expect(screen.getByTestId('message-value').textContent).toContain('"end": "here"');
  });

  it('sends the filters as a MessageFilter and shows how many records were scanned', async () => {
    const api = fakeApi({ ...log(10), readMessages: async ({ from }) => page([record(0, 3, value(0, 3))], from.map((f) => ({ ...f, offset: 10 })), from.map((f) => ({ ...f, offset: 10 })), 19) });
    renderWith(api, h(MessagesScreen, { topic: 'orders' }));
    await row(0, 3);
    expect(screen.queryByTestId('messages-scanned')).toBeNull();
    type('filter-key', 'k-');
    type('filter-value', 'odd');
    type('filter-header', 'trace');
    type('filter-json-path', 'kind');
    type('filter-json-equals', 'odd');
    fireEvent.click(screen.getByTestId('filter-apply'));
    await waitFor(() => expect(api.callsOf('readMessages')).toHaveLength(2));
    expect(api.callsOf('readMessages')[1].filter).toEqual({ keyContains: 'k-', valueContains: 'odd', headerContains: 'trace', jsonPath: 'kind', jsonEquals: 'odd' });
    expect((await screen.findByTestId('messages-scanned')).textContent).toBe('scanned 20');

    type('filter-json-path', 'a..b');
    expect(screen.getByTestId('filter-problem').textContent).toMatch(/dots/);
    expect((screen.getByTestId('filter-apply') as HTMLButtonElement).disabled).toBe(true);
  });

  it('keeps reading while a filtered page comes back empty, up to the end', async () => {
    let reads = 0;
    const api = fakeApi({
      ...log(10),
      readMessages: async ({ from }) => {
        reads++;
        const at = from[0].offset;
        return page(reads === 3 ? [record(0, at, 'match')] : [], [{ partition: 0, offset: at + 1 }], [{ partition: 0, offset: 100 }], 1);
      },
    });
    renderWith(api, h(MessagesScreen, { topic: 'orders' }));
    await row(0, 2);
    expect(api.callsOf('readMessages').slice(0, 3).map((r) => r.from[0].offset)).toEqual([0, 1, 2]);
  });

  it('starts at an offset of one partition, at a time, or at the oldest', async () => {
    const api = fakeApi(log(100));
    renderWith(api, h(MessagesScreen, { topic: 'orders' }));
    await row(0, 0);
    fireEvent.change(await screen.findByTestId('messages-partition'), { target: { value: '1' } });
    startMode('Offset');
    type('messages-offset', '42');
    fireEvent.click(screen.getByTestId('messages-go'));
    await row(1, 42);
    expect(api.callsOf('seekMessages').at(-1)).toEqual({ topic: 'orders', partitions: [1], start: { kind: 'offset', offset: 42 } });

    startMode('Time');
    type('messages-timestamp', '2026-11-24T10:11:12.345');
    fireEvent.click(screen.getByTestId('messages-go'));
    await waitFor(() => expect(api.callsOf('seekMessages')).toHaveLength(4));
    expect(api.callsOf('seekMessages')[3].start).toEqual({ kind: 'timestamp', timestamp: new Date(2026, 10, 24, 10, 11, 12, 345).getTime() });

    fireEvent.change(screen.getByTestId('messages-partition'), { target: { value: 'all' } });
    startMode('Oldest');
    fireEvent.click(screen.getByTestId('messages-go'));
    await waitFor(() => expect(api.callsOf('seekMessages')).toHaveLength(5));
    expect(api.callsOf('seekMessages')[4]).toEqual({ topic: 'orders', start: { kind: 'oldest' } });
  });

  it('loads more from where the last page ended', async () => {
    const api = fakeApi(log(2000));
    renderWith(api, h(MessagesScreen, { topic: 'orders' }));
    await row(0, 1750);
    await row(1, 1750);
    startMode('Oldest');
    fireEvent.click(screen.getByTestId('messages-go'));
    await row(0, 0);
    fireEvent.click(screen.getByTestId('messages-load-more'));
    await waitFor(() => expect(screen.getByTestId('messages-count').getAttribute('data-count')).toBe('1000'));
    expect(api.callsOf('readMessages').at(-1)!.from).toEqual([{ partition: 0, offset: 250 }, { partition: 1, offset: 250 }]);
  });

  it('keeps 100,000 loaded records to a few rows in the DOM', async () => {
    const many = Array.from({ length: 100_000 }, (_, i) => record(0, i, `v${i}`));
    const api = fakeApi({ ...log(100_000), readMessages: async () => page(many, [{ partition: 0, offset: 100_000 }], [{ partition: 0, offset: 100_000 }]) });
    renderWith(api, h(MessagesScreen, { topic: 'orders' }));
    await row(0, 0);
    expect(screen.getByTestId('messages-count').textContent).toBe('100,000 loaded');
    const rendered = screen.getByTestId('message-list').querySelectorAll('[data-testid^="message-row-"]');
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(60);
  });

  it('tails live: polls from where it is and appends', async () => {
    let end = 60;
    const api = fakeApi({
      ...log(60),
      readMessages: async ({ from }) => {
        const at = from[0].offset;
        const records = Array.from({ length: Math.max(0, end - at) }, (_, i) => record(0, at + i, `v${at + i}`));
        return page(records, [{ partition: 0, offset: end }], [{ partition: 0, offset: end }]);
      },
    });
    renderWith(api, h(MessagesScreen, { topic: 'orders' }));
    await row(0, 10);
    startMode('Live tail');
    fireEvent.click(screen.getByTestId('messages-go'));
    await screen.findByTestId('messages-live');
    expect(api.callsOf('seekMessages').slice(2)).toEqual([{ topic: 'orders', start: { kind: 'newest' }, count: 50 }, { topic: 'orders', start: { kind: 'newest' }, count: 25 }]);
    await waitFor(() => expect(api.callsOf('readMessages').length).toBeGreaterThan(2), { timeout: 5000 });
    // This fake's reads answer for partition 0 alone: its newest 25 (35 to 59), then what comes.
    expect(screen.getByTestId('messages-count').getAttribute('data-count')).toBe('25');
    end = 65;
    await waitFor(() => expect(screen.getByTestId('messages-count').getAttribute('data-count')).toBe('30'), { timeout: 5000 });
    expect(api.callsOf('readMessages').at(-1)!.from).toEqual([{ partition: 0, offset: 60 }]);
    fireEvent.click(screen.getByTestId('messages-stop-tail'));
    expect(screen.queryByTestId('messages-live')).toBeNull();
  });

  it('jumps to the first offset of a time bucket of the selected partition', async () => {
    const api = fakeApi({
      ...log(100),
      partitionTimeMap: async ({ partition }) => ({
        partition, earliestOffset: 0, latestOffset: 100,
        buckets: [{ from: 0, to: 10, firstOffset: 0, count: 40 }, { from: 10, to: 20, firstOffset: 40, count: 0 }, { from: 20, to: 30, firstOffset: 40, count: 60 }],
      }),
    });
    renderWith(api, h(MessagesScreen, { topic: 'orders' }));
    await row(0, 0);
    expect(screen.queryByTestId('timemap-panel')).toBeNull();
    fireEvent.change(screen.getByTestId('messages-partition'), { target: { value: '1' } });
    fireEvent.click(await screen.findByTestId('timemap-bucket-2'));
    await row(1, 40);
    expect(api.callsOf('partitionTimeMap')[0]).toEqual({ topic: 'orders', partition: 1, buckets: 60 });
    expect(api.callsOf('seekMessages').at(-1)).toEqual({ topic: 'orders', partitions: [1], start: { kind: 'offset', offset: 40 } });
    expect((screen.getByTestId('messages-offset') as HTMLInputElement).value).toBe('40');
  });

  it('produces a record from the form', async () => {
    const api = fakeApi({ ...log(1), produceMessage: async () => ({ partition: 1, offset: 77 }) });
    renderWith(api, h(MessagesScreen, { topic: 'orders' }));
    fireEvent.click(await screen.findByTestId('produce-open'));
    type('produce-key', 'user-1');
    type('produce-value', '{"hello":');
    expect((screen.getByTestId('produce-submit') as HTMLButtonElement).disabled).toBe(true);
    type('produce-value', '{"hello": "world"}');
    fireEvent.click(screen.getByTestId('produce-header-add'));
    type('produce-header-key-0', 'trace');
    type('produce-header-value-0', 'abc');
    fireEvent.click(screen.getByTestId('produce-header-add'));
    fireEvent.click(screen.getByTestId('produce-header-remove-1'));
    fireEvent.change(screen.getByTestId('produce-compression'), { target: { value: 'gzip' } });
    fireEvent.click(screen.getByTestId('produce-submit'));
    expect((await screen.findByTestId('produce-result')).textContent).toContain('partition 1 at offset 77');
    expect(api.callsOf('produceMessage')).toEqual([{
      topic: 'orders', key: 'user-1', value: '{"hello": "world"}', encoding: 'text', compression: 'gzip', headers: [{ key: 'trace', value: 'abc' }],
    }]);
  });

  it('re-produces a record from the drawer, prefilled', async () => {
    const api = fakeApi({
      ...log(1, (p, o) => record(p, o, '{"id": 1}', { key: 'k', headers: [['h', 'v']] })),
      produceMessage: async () => ({ partition: 0, offset: 1 }),
    });
    renderWith(api, h(MessagesScreen, { topic: 'orders' }));
    fireEvent.click(await row(0, 0));
    fireEvent.click(await screen.findByTestId('message-reproduce'));
    expect((screen.getByTestId('produce-value') as HTMLTextAreaElement).value).toBe('{"id": 1}');
    fireEvent.click(screen.getByTestId('produce-submit'));
    await screen.findByTestId('produce-result');
    expect(api.callsOf('produceMessage')).toEqual([{
      topic: 'orders', partition: 0, key: 'k', value: '{"id": 1}', encoding: 'text', compression: 'none', headers: [{ key: 'h', value: 'v' }],
    }]);
  });

  it('exports what is loaded as JSON Lines, fetching truncated records in full', async () => {
    const big = JSON.stringify({ blob: 'y'.repeat(5000) });
    const api = fakeApi({
      ...log(3, (p, o) => record(p, o, o === 1 ? big : value(p, o))),
      getMessage: async ({ partition, offset }) => record(partition, offset, big, { previewBytes: 1e9 }),
    });
    const saved: { blob: Blob; name: string }[] = [];
    const created = new Map<string, Blob>();
    const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL, click: HTMLAnchorElement.prototype.click };
    URL.createObjectURL = (blob: Blob) => {
      const url = `blob:test/${created.size}`;
      created.set(url, blob);
      return url;
    };
    URL.revokeObjectURL = () => {};
    HTMLAnchorElement.prototype.click = function click(this: HTMLAnchorElement) {
      saved.push({ blob: created.get(this.href)!, name: this.download });
    };
    try {
      renderWith(api, h(MessagesScreen, { topic: 'orders' }));
      await row(1, 2);
      fireEvent.click(screen.getByTestId('export-jsonl'));
      await waitFor(() => expect(saved).toHaveLength(1));
      expect(saved[0].name).toMatch(/^orders-.*\.jsonl$/);
      const lines = (await saved[0].blob.text()).trim().split('\n').map((l) => JSON.parse(l) as { partition: number; offset: number; value: string });
      expect(lines.map((l) => [l.partition, l.offset])).toEqual([[0, 0], [1, 0], [0, 1], [1, 1], [0, 2], [1, 2]]);
      expect(lines[2].value).toBe(big);
      expect(api.callsOf('getMessage')).toEqual([{ topic: 'orders', partition: 0, offset: 1 }, { topic: 'orders', partition: 1, offset: 1 }]);
      expect(screen.queryByTestId('export-progress')).toBeNull();
    } finally {
      URL.createObjectURL = original.create;
      URL.revokeObjectURL = original.revoke;
      HTMLAnchorElement.prototype.click = original.click;
    }
  });

  it('says why an export failed', async () => {
    const api = fakeApi({ ...log(1, (p, o) => record(p, o, 'z'.repeat(5000))), getMessage: async () => null });
    renderWith(api, h(MessagesScreen, { topic: 'orders' }));
    await row(0, 0);
    fireEvent.click(screen.getByTestId('export-csv'));
    expect((await screen.findByTestId('export-error')).textContent).toContain('no longer on the cluster');
  });

  it('shows why a read failed', async () => {
    renderWith(fakeApi(), h(MessagesScreen, { topic: 'orders' }));
    expect((await screen.findByTestId('messages-error')).getAttribute('data-error-code')).toBe('UNSUPPORTED');
  });
});

describe('the topic page', () => {
  it('links to the topic in the message browser', async () => {
    renderWith(fakeApi(), h(TopicDetailScreen, { name: 'orders' }));
    expect((await screen.findByTestId('browse-messages')).getAttribute('href')).toBe('#/messages/orders');
  });
});
