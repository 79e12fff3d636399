import { describe, expect, it } from 'vitest';
import { browseQuery, DEFAULT_BROWSE } from '../../../renderer/screens/messages/browse-form.js';
import { EMPTY_FILTER, filterProblem, isJsonPath, toMessageFilter } from '../../../renderer/screens/messages/filter-model.js';
import { emptyProduceForm, formFromRecord, headerRow, produceArgs, produceProblem } from '../../../renderer/screens/messages/produce-form.js';
import { fromDateTimeInput, toDateTimeInput } from '../../../renderer/screens/messages/time.js';
import { caughtUp } from '../../../renderer/screens/messages/use-message-browser.js';
import { record } from './records.js';

describe('the filter form', () => {
  it('sends only what is filled in, text as typed', () => {
    expect(toMessageFilter(EMPTY_FILTER)).toBeUndefined();
    expect(toMessageFilter({ ...EMPTY_FILTER, key: ' k', header: 'trace' })).toEqual({ keyContains: ' k', headerContains: 'trace' });
    expect(toMessageFilter({ ...EMPTY_FILTER, jsonPath: ' kind ', jsonEquals: 'odd' })).toEqual({ jsonPath: 'kind', jsonEquals: 'odd' });
    expect(toMessageFilter({ ...EMPTY_FILTER, jsonPath: 'a.b' })).toEqual({ jsonPath: 'a.b' });
  });

  it('accepts dotted paths with [index] steps and nothing else', () => {
    for (const ok of ['kind', 'order.items[0].sku', 'a[0][1]', 'with-dash.x_y', '$id.0']) expect(isJsonPath(ok)).toBe(true);
    for (const bad of ['', 'a..b', '.a', 'a.', 'a[x]', 'a[0', 'a]', '[2].id', 'a b', 'a.[0]']) expect(isJsonPath(bad)).toBe(false);
    expect(filterProblem({ ...EMPTY_FILTER, jsonEquals: 'x' })).toMatch(/JSON path/);
    expect(filterProblem({ ...EMPTY_FILTER, jsonPath: 'a..b' })).toMatch(/dots/);
  });
});

describe('the browse form', () => {
  it('turns controls into a query', () => {
    expect(browseQuery('t', DEFAULT_BROWSE, undefined)).toEqual({ topic: 't', partition: null, start: { kind: 'newest' }, filter: undefined, pageSize: 500 });
    expect(browseQuery('t', { ...DEFAULT_BROWSE, partition: '3', start: 'offset', offset: '42' }, { keyContains: 'a' }))
      .toEqual({ topic: 't', partition: 3, start: { kind: 'offset', offset: 42 }, filter: { keyContains: 'a' }, pageSize: 500 });
    expect(browseQuery('t', { ...DEFAULT_BROWSE, start: 'offset', offset: '-1' }, undefined)).toHaveProperty('problem');
    expect(browseQuery('t', { ...DEFAULT_BROWSE, start: 'timestamp', timestamp: '' }, undefined)).toHaveProperty('problem');
  });

  it('reads a datetime-local value as local time, to the millisecond', () => {
    const ms = new Date(2026, 10, 24, 10, 11, 12, 345).getTime();
    expect(toDateTimeInput(ms)).toBe('2026-11-24T10:11:12.345');
    expect(fromDateTimeInput('2026-11-24T10:11:12.345')).toBe(ms);
    expect(fromDateTimeInput('2026-11-24T10:11')).toBe(new Date(2026, 10, 24, 10, 11).getTime());
    expect(fromDateTimeInput('yesterday')).toBeNull();
  });

  it('knows when every partition is caught up', () => {
    expect(caughtUp([{ partition: 0, offset: 10 }, { partition: 1, offset: 5 }], [{ partition: 0, offset: 10 }, { partition: 1, offset: 5 }])).toBe(true);
    expect(caughtUp([{ partition: 0, offset: 10 }, { partition: 1, offset: 4 }], [{ partition: 0, offset: 10 }, { partition: 1, offset: 5 }])).toBe(false);
  });
});

describe('the produce form', () => {
  it('sends the value exactly as typed, an empty key as null, headers in order', () => {
    const form = { ...emptyProduceForm('orders'), key: 'k', value: '{ "a" : 1 }', headers: [headerRow('h', 'v'), headerRow('h', 'w')], compression: 'zstd' as const };
    expect(produceArgs(form)).toEqual({ topic: 'orders', key: 'k', value: '{ "a" : 1 }', encoding: 'text', compression: 'zstd', headers: [{ key: 'h', value: 'v' }, { key: 'h', value: 'w' }] });
    expect(produceArgs({ ...form, key: '', partition: '2', tombstone: true, headers: [] })).toEqual({ topic: 'orders', key: null, value: null, encoding: 'text', compression: 'zstd', partition: 2 });
  });

  it('validates JSON only when the value is meant as JSON', () => {
    const form = { ...emptyProduceForm('t'), value: 'not json' };
    expect(produceProblem(form)).toMatch(/not valid JSON/);
    expect(produceProblem({ ...form, valueKind: 'text' })).toBeNull();
    expect(produceProblem({ ...form, tombstone: true })).toBeNull();
    expect(produceProblem({ ...form, valueKind: 'text', headers: [headerRow('', 'x')] })).toMatch(/header/);
    expect(produceProblem({ ...form, encoding: 'base64', value: 'AAH//g==' })).toBeNull();
    expect(produceProblem({ ...form, encoding: 'base64', value: 'not base64!' })).toMatch(/base64/);
  });

  it('prefills from a text record as text, and from a binary one as base64 for every field', () => {
    const text = formFromRecord('copy', record(1, 5, '{"id":5}', { key: 'k5', headers: [['h', 'v']] }));
    expect(text).toMatchObject({ topic: 'copy', partition: '1', encoding: 'text', valueKind: 'json', key: 'k5', value: '{"id":5}', tombstone: false });
    expect(text.headers.map((h) => [h.key, h.value])).toEqual([['h', 'v']]);
    const binary = formFromRecord('t', record(0, 1, new Uint8Array([0, 0xff]), { key: 'k', headers: [['h', 'v']] }));
    expect(binary).toMatchObject({ encoding: 'base64', key: 'aw==', value: 'AP8=' });
    expect(binary.headers.map((h) => h.value)).toEqual(['dg==']);
    expect(produceArgs(binary)).toMatchObject({ encoding: 'base64', key: 'aw==', value: 'AP8=', headers: [{ key: 'h', value: 'dg==' }] });
    expect(formFromRecord('t', record(0, 2, null)).tombstone).toBe(true);
  });
});
