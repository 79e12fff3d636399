import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../main/host/api-error.js';
import { compileFilter, parseJsonValue } from '../../../../main/host/messages/filter.js';
import { isMissing, jsonValueEquals, parseJsonPath, walkJson } from '../../../../main/host/messages/json-path.js';
import { record } from './records.js';

const order = record(0, 1, 1, JSON.stringify({ order: { id: 42, paid: true, note: null, items: [{ sku: 'AB-1', qty: 2 }, { sku: 'cd-2', qty: 1.5 }] } }),
  'Customer-17', [['Source', 'Web-Shop'], ['trace', null]]);
const plain = record(0, 2, 2, 'not json, mentions AB-1', 'k2');
const tombstone = record(0, 3, 3, null, 'gone');

function matches(filter: Parameters<typeof compileFilter>[0], r = order): boolean {
  const test = compileFilter(filter);
  if (!test) throw new Error('expected a filter');
  return test(r);
}

describe('JSON paths', () => {
  it('parses dotted names and [index] steps', () => {
    expect(parseJsonPath('order.items[0].sku')).toEqual([{ name: 'order' }, { name: 'items' }, { index: 0 }, { name: 'sku' }]);
    expect(parseJsonPath('a[1][2]')).toEqual([{ name: 'a' }, { index: 1 }, { index: 2 }]);
    expect(parseJsonPath('$meta.x-y_z')).toEqual([{ name: '$meta' }, { name: 'x-y_z' }]);
  });

  it('refuses anything else', () => {
    for (const bad of ['', '.a', 'a.', 'a..b', '[0]', 'a.[0]', 'a[x]', 'a[0]b', 'a b', 'a["b"]', 'constructor()', 'a;b']) {
      expect(parseJsonPath(bad), bad).toBeNull();
    }
  });

  it('walks own properties and array indexes only', () => {
    const json = JSON.parse('{"a":{"list":[10,{"b":"x"}]},"__proto__":{"evil":1}}') as unknown;
    expect(walkJson(json, parseJsonPath('a.list[1].b')!)).toBe('x');
    expect(isMissing(walkJson(json, parseJsonPath('a.list[2]')!))).toBe(true);
    expect(isMissing(walkJson(json, parseJsonPath('a.toString')!))).toBe(true);
    expect(isMissing(walkJson(json, parseJsonPath('a.list.length')!))).toBe(true);
    // JSON.parse makes "__proto__" a plain own key: reachable as data, never the prototype.
    expect(walkJson(json, parseJsonPath('__proto__.evil')!)).toBe(1);
    expect(isMissing(walkJson({}, parseJsonPath('__proto__')!))).toBe(true);
  });

  it('compares as text: strings with or without quotes, other values by their JSON, numbers by value too', () => {
    expect(jsonValueEquals('x', 'x')).toBe(true);
    expect(jsonValueEquals('x', '"x"')).toBe(true);
    expect(jsonValueEquals('x', 'X')).toBe(false);
    expect(jsonValueEquals(42, '42')).toBe(true);
    expect(jsonValueEquals(42, '42.0')).toBe(true);
    expect(jsonValueEquals(42, '')).toBe(false);
    expect(jsonValueEquals(true, 'true')).toBe(true);
    expect(jsonValueEquals(null, 'null')).toBe(true);
    expect(jsonValueEquals({ a: 1 }, '{"a":1}')).toBe(true);
    expect(jsonValueEquals('42', '42')).toBe(true);
    expect(jsonValueEquals(0, 'false')).toBe(false);
  });
});

describe('message filter', () => {
  it('is null without parts', () => {
    expect(compileFilter(undefined)).toBeNull();
    expect(compileFilter({})).toBeNull();
    expect(compileFilter({ keyContains: '', valueContains: '' })).toBeNull();
  });

  it('matches key, value and header text case-insensitively', () => {
    expect(matches({ keyContains: 'customer-1' })).toBe(true);
    expect(matches({ keyContains: 'customer-2' })).toBe(false);
    expect(matches({ valueContains: '"SKU":"ab-1"' })).toBe(true);
    expect(matches({ headerContains: 'source' })).toBe(true);
    expect(matches({ headerContains: 'web-shop' })).toBe(true);
    expect(matches({ headerContains: 'mobile' })).toBe(false);
    expect(matches({ valueContains: 'x' }, tombstone)).toBe(false);
    expect(matches({ keyContains: 'k' }, record(0, 9, 9, 'v', null))).toBe(false);
  });

  it('matches non-ASCII text by its characters', () => {
    const r = record(0, 1, 1, 'Grüße aus KÖLN');
    expect(matches({ valueContains: 'köln' }, r)).toBe(true);
    expect(matches({ valueContains: 'GRÜSSE' }, r)).toBe(false);
    expect(matches({ valueContains: 'grüße' }, r)).toBe(true);
  });

  it('requires every part to match', () => {
    expect(matches({ keyContains: 'customer', valueContains: 'AB-1' })).toBe(true);
    expect(matches({ keyContains: 'customer', valueContains: 'zz' })).toBe(false);
  });

  it('matches a JSON path that exists, or whose value equals', () => {
    expect(matches({ jsonPath: 'order.items[1].sku' })).toBe(true);
    expect(matches({ jsonPath: 'order.items[2].sku' })).toBe(false);
    expect(matches({ jsonPath: 'order.note' })).toBe(true);
    expect(matches({ jsonPath: 'order.items[0].sku', jsonEquals: 'AB-1' })).toBe(true);
    expect(matches({ jsonPath: 'order.items[0].sku', jsonEquals: '"AB-1"' })).toBe(true);
    expect(matches({ jsonPath: 'order.items[0].sku', jsonEquals: 'cd-2' })).toBe(false);
    expect(matches({ jsonPath: 'order.id', jsonEquals: '42' })).toBe(true);
    expect(matches({ jsonPath: 'order.items[1].qty', jsonEquals: '1.5' })).toBe(true);
    expect(matches({ jsonPath: 'order.paid', jsonEquals: 'true' })).toBe(true);
    expect(matches({ jsonPath: 'order.note', jsonEquals: 'null' })).toBe(true);
  });

  it('skips values that are not JSON objects or arrays', () => {
    expect(matches({ jsonPath: 'order' }, plain)).toBe(false);
    expect(matches({ jsonPath: 'order' }, tombstone)).toBe(false);
    expect(matches({ jsonPath: 'order' }, record(0, 1, 1, '{"order": '))).toBe(false);
    expect(parseJsonValue(Buffer.from('  \n[1,2]'))).toEqual([1, 2]);
    expect(parseJsonValue(Buffer.from('"text"'))).toBeUndefined();
    expect(parseJsonValue(Buffer.from('42'))).toBeUndefined();
  });

  it('refuses a malformed path, and jsonEquals without a path', () => {
    expect(() => compileFilter({ jsonPath: 'a..b' })).toThrow(ApiError);
    try {
      compileFilter({ jsonEquals: '1' });
      expect.unreachable();
    } catch (err) {
      expect((err as ApiError).body.code).toBe('INVALID_ARGUMENT');
    }
  });
});
