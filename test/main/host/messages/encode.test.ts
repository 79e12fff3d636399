import { describe, expect, it } from 'vitest';
import { MAX_PREVIEW_BYTES } from '../../../../main/contract/messages.js';
import { ApiError } from '../../../../main/host/api-error.js';
import { encodeBytes, messageRecord, recordSize } from '../../../../main/host/messages/encode.js';
import { fieldBytes } from '../../../../main/host/messages/produce.js';
import { record } from './records.js';

describe('encoded bytes', () => {
  it('is null for null and base64 of the bytes otherwise', () => {
    expect(encodeBytes(null)).toBeNull();
    expect(encodeBytes(Buffer.from([0, 255, 1]))).toEqual({ base64: 'AP8B', length: 3, truncated: false });
    expect(encodeBytes(Buffer.alloc(0))).toEqual({ base64: '', length: 0, truncated: false });
  });

  it('previews the first MAX_PREVIEW_BYTES of a larger value, with its full length', () => {
    const big = Buffer.alloc(MAX_PREVIEW_BYTES + 10, 7);
    const preview = encodeBytes(big)!;
    expect(preview.truncated).toBe(true);
    expect(preview.length).toBe(MAX_PREVIEW_BYTES + 10);
    expect(Buffer.from(preview.base64, 'base64')).toEqual(big.subarray(0, MAX_PREVIEW_BYTES));
    const exact = encodeBytes(Buffer.alloc(MAX_PREVIEW_BYTES, 1))!;
    expect(exact.truncated).toBe(false);
  });

  it('gives everything when asked for the full record', () => {
    const big = Buffer.alloc(MAX_PREVIEW_BYTES * 3, 9);
    const full = encodeBytes(big, true)!;
    expect(full.truncated).toBe(false);
    expect(Buffer.from(full.base64, 'base64')).toEqual(big);
  });

  it('makes a MessageRecord with headers as text keys and encoded values, sized by key, value and headers', () => {
    const r = record(2, 5, 1_700_000_000_000, 'value', 'key', [['h1', 'x'], ['h2', null]]);
    expect(recordSize(r)).toBe(3 + 5 + 2 + 1 + 2);
    expect(messageRecord(r)).toEqual({
      partition: 2, offset: 5, timestamp: 1_700_000_000_000, timestampType: 'create',
      key: { base64: Buffer.from('key').toString('base64'), length: 3, truncated: false },
      value: { base64: Buffer.from('value').toString('base64'), length: 5, truncated: false },
      headers: [{ key: 'h1', value: { base64: 'eA==', length: 1, truncated: false } }, { key: 'h2', value: null }],
      sizeBytes: 13,
    });
  });
});

describe('produce form fields', () => {
  it('are UTF-8 text or base64 of the bytes; null stays absent', () => {
    expect(fieldBytes('héllo', 'text', 'value')).toEqual(Buffer.from('héllo', 'utf8'));
    expect(fieldBytes('AP8B', 'base64', 'value')).toEqual(Buffer.from([0, 255, 1]));
    expect(fieldBytes('AP8\nB', 'base64', 'value')).toEqual(Buffer.from([0, 255, 1]));
    expect(fieldBytes('', 'base64', 'value')).toEqual(Buffer.alloc(0));
    expect(fieldBytes(null, 'base64', 'key')).toBeUndefined();
  });

  it('refuses text that is not base64 in base64 mode', () => {
    for (const bad of ['AP8', 'A*8B', 'héllo', 'AP8B=']) {
      expect(() => fieldBytes(bad, 'base64', 'key'), bad).toThrow(ApiError);
    }
  });
});
