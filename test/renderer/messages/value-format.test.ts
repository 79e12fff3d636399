import { describe, expect, it } from 'vitest';
import { decodeBytes, detectFormat, encodeBase64, hexDump, previewLine, utf8Text } from '../../../renderer/screens/messages/bytes.js';
import { encoded } from './records.js';

const format = (data: string | Uint8Array, previewBytes?: number) => detectFormat(encoded(data, previewBytes)!);

describe('value format detection', () => {
  it('is JSON when the text parses', () => {
    expect(format('{"id":1,"kind":"odd"}')).toBe('json');
    expect(format('[1,2,3]')).toBe('json');
    expect(format(' 42 ')).toBe('json');
    expect(format('"quoted"')).toBe('json');
  });

  it('is text when valid UTF-8 and printable, including tabs, newlines and non-ASCII', () => {
    expect(format('hello world')).toBe('text');
    expect(format('line 1\r\n\tline 2 — ünïcödé 🚀')).toBe('text');
    expect(format('{"broken": ')).toBe('text');
    expect(format('')).toBe('text');
  });

  it('is hex for invalid UTF-8 or control characters', () => {
    expect(format(new Uint8Array([0xff, 0xfe, 0x00, 0x01]))).toBe('hex');
    expect(format(new Uint8Array([0xc3]))).toBe('hex');
    expect(format('bell\u0007')).toBe('hex');
    expect(format(new Uint8Array([0x00, 0x00, 0x00, 0x2a]))).toBe('hex');
  });

  it('forgives a character cut by the 4 KiB preview, but not a broken one in the middle', () => {
    const text = `${'a'.repeat(4095)}é and more`; // é is two bytes: the preview ends inside it
    const cut = encoded(text)!;
    expect(cut.truncated).toBe(true);
    const decoded = decodeBytes(cut);
    expect(decoded.detected).toBe('text');
    expect(decoded.text).toBe('a'.repeat(4095));
    expect(utf8Text(new Uint8Array([0x61, 0xc3, 0x61]), true)).toBeNull();
  });

  it('never calls a truncated preview JSON (it cannot parse)', () => {
    const json = JSON.stringify({ items: Array.from({ length: 1000 }, (_, i) => i) });
    expect(format(json)).toBe('json');
    expect(format(json, 100)).toBe('text');
  });

  it('keeps a byte-order mark, so text round-trips to the same bytes', () => {
    expect(utf8Text(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('\ufeffa');
  });

  it('encodes base64 back to the same bytes, past the chunk size', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 31) & 0xff);
    expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});

describe('hex and previews', () => {
  it('dumps offset, hex and ASCII', () => {
    const dump = hexDump(new Uint8Array([...Buffer.from('Hello, Kafka!\n'), 0x00, 0xff, 0x10]));
    expect(dump.split('\n')).toEqual([
      '00000000  48 65 6c 6c 6f 2c 20 4b 61 66 6b 61 21 0a 00 ff  Hello, Kafka!...',
      '00000010  10                                               .',
    ]);
  });

  it('previews text on one line and binary as hex', () => {
    expect(previewLine(encoded('{\n  "a": 1\n}'))).toBe('{ "a": 1 }');
    expect(previewLine(encoded(new Uint8Array([1, 2, 255])))).toBe('01 02 ff');
    expect(previewLine(encoded('x'.repeat(5000)))).toMatch(/^x{240}…$/);
    expect(previewLine(null)).toBe('');
  });
});
