import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../../main/contract/index.js';
import { csvField, csvHeader, csvRow, jsonLine } from '../../../renderer/screens/messages/export-format.js';
import { buildExport, isTruncated } from '../../../renderer/screens/messages/export-run.js';
import { record } from './records.js';

const noPause = async () => {};

describe('JSON Lines', () => {
  it('writes one object per line with the fields in order, values as the produced strings', () => {
    const value = '{"id":7, "kind":"odd","nested":{"a":[1,2]}}';
    const line = jsonLine('orders', record(2, 7, value, { key: 'k7', timestamp: 1234, headers: [['source', 'test'], ['source', 'again']] }));
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(line).toBe(`{"topic":"orders","partition":2,"offset":7,"timestamp":1234,"key":"k7","value":${JSON.stringify(value)},"headers":[{"key":"source","value":"test"},{"key":"source","value":"again"}]}\n`);
    expect(JSON.parse(line).value).toBe(value);
  });

  it('writes base64 objects for bytes that are not UTF-8, and keeps nulls', () => {
    const binary = new Uint8Array([0, 1, 0xff, 0xfe]);
    const parsed = JSON.parse(jsonLine('t', record(0, 1, binary, { key: null, headers: [['h', null], ['b', binary]] })));
    expect(parsed.key).toBeNull();
    expect(parsed.value).toEqual({ base64: 'AAH//g==' });
    expect(parsed.headers).toEqual([{ key: 'h', value: null }, { key: 'b', value: { base64: 'AAH//g==' } }]);
  });

  it('keeps text with newlines, quotes, non-ASCII and a tombstone intact', () => {
    const text = 'line "one"\nline\ttwo — ✓';
    expect(JSON.parse(jsonLine('t', record(0, 0, text))).value).toBe(text);
    expect(JSON.parse(jsonLine('t', record(0, 0, null))).value).toBeNull();
  });

  it('refuses a truncated preview', () => {
    expect(() => jsonLine('t', record(0, 0, 'x'.repeat(5000)))).toThrow(/truncated/);
  });
});

describe('CSV', () => {
  it('quotes fields with commas, quotes, CR or LF, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField('')).toBe('');
  });

  it('writes a header row and one CRLF-terminated row per record', () => {
    expect(csvHeader()).toBe('topic,partition,offset,timestamp,timestamp_iso,key,key_encoding,value,value_encoding,headers\r\n');
    const row = csvRow('orders', record(1, 5, '{"a":"x,y"}', { key: 'k', timestamp: 0, headers: [['h', 'v']] }));
    expect(row).toBe('orders,1,5,0,1970-01-01T00:00:00.000Z,k,utf8,"{""a"":""x,y""}",utf8,"[{""key"":""h"",""value"":""v""}]"\r\n');
  });

  it('marks binary as base64 and null as null', () => {
    const row = csvRow('t', record(0, 0, new Uint8Array([0xff]), { key: null, timestamp: 0 }));
    expect(row).toBe('t,0,0,0,1970-01-01T00:00:00.000Z,,null,/w==,base64,[]\r\n');
  });
});

describe('building an export', () => {
  const rows = Array.from({ length: 1234 }, (_, i) => record(i % 3, i, JSON.stringify({ id: i })));

  it('goes in chunks, reporting progress, and joins to one line per record', async () => {
    const progress: [number, number][] = [];
    let pauses = 0;
    const parts = await buildExport(rows, {
      topic: 't', format: 'jsonl', chunkSize: 500, fetchFull: async () => null,
      onProgress: (done, total) => progress.push([done, total]), yieldToEventLoop: async () => void pauses++,
    });
    expect(parts).toHaveLength(3);
    expect(progress).toEqual([[0, 1234], [500, 1234], [1000, 1234], [1234, 1234]]);
    expect(pauses).toBe(3);
    const lines = parts.join('').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l).value)).toEqual(rows.map((_, i) => JSON.stringify({ id: i })));
  });

  it('fetches truncated rows in full and writes the full value', async () => {
    const big = JSON.stringify({ blob: 'z'.repeat(10_000) });
    const truncated = record(0, 1, big);
    expect(isTruncated(truncated)).toBe(true);
    const fetched: [number, number][] = [];
    const parts = await buildExport([record(0, 0, 'small'), truncated], {
      topic: 't', format: 'jsonl', yieldToEventLoop: noPause,
      fetchFull: async (partition, offset) => {
        fetched.push([partition, offset]);
        return record(partition, offset, big, { previewBytes: Number.MAX_SAFE_INTEGER });
      },
    });
    expect(fetched).toEqual([[0, 1]]);
    expect(parts.join('').split('\n').slice(0, 2).map((l) => JSON.parse(l).value)).toEqual(['small', big]);
  });

  it('fails when a truncated record is gone, rather than export a cut value', async () => {
    await expect(buildExport([record(0, 9, 'x'.repeat(9000))], { topic: 't', format: 'csv', fetchFull: async () => null, yieldToEventLoop: noPause }))
      .rejects.toThrow(/offset 9 is no longer/);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const run = buildExport(rows, {
      topic: 't', format: 'csv', chunkSize: 100, fetchFull: async () => null, signal: controller.signal,
      onProgress: (done) => done >= 200 && controller.abort(), yieldToEventLoop: noPause,
    });
    await expect(run).rejects.toThrow();
  });

  it('starts a CSV with its header row', async () => {
    const parts = await buildExport([] as MessageRecord[], { topic: 't', format: 'csv', fetchFull: async () => null, yieldToEventLoop: noPause });
    expect(parts).toEqual([csvHeader()]);
  });
});
