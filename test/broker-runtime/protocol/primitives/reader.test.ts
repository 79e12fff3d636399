import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedMessageError, Reader } from '../../../../broker-runtime/protocol/primitives/reader.js';
import { Writer } from '../../../../broker-runtime/protocol/primitives/writer.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('Reader fixed-width types', () => {
  it('reads big-endian integers, floats and bools', () => {
    const r = new Reader(hex('ff 8000 ffffffff fffe 80000000 3ff8000000000000 00 02'));
    expect(r.int8()).toBe(-1);
    expect(r.int16()).toBe(-32768);
    expect(r.int32()).toBe(-1);
    expect(r.uint16()).toBe(0xfffe);
    expect(r.uint32()).toBe(0x80000000);
    expect(r.float64()).toBe(1.5);
    expect(r.bool()).toBe(false);
    expect(r.bool()).toBe(true); // any non-zero byte, as in Kafka
    expect(r.remaining()).toBe(0);
  });

  it('reads int64 as a number, with Long.MAX/MIN as +-2^63', () => {
    const r = new Reader(hex('ffffffffffffffff 0000000100000002 7fffffffffffffff 8000000000000000 001fffffffffffff'));
    expect(r.int64()).toBe(-1);
    expect(r.int64()).toBe(2 ** 32 + 2);
    expect(r.int64()).toBe(2 ** 63);
    expect(r.int64()).toBe(-(2 ** 63));
    expect(r.int64()).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('reads a UUID as 22 base64url characters', () => {
    const r = new Reader(hex('00000000000000000000000000000000 ffffffffffffffffffffffffffffffff'));
    expect(r.uuid()).toBe('AAAAAAAAAAAAAAAAAAAAAA');
    expect(r.uuid()).toBe('_____________________w');
  });
});

describe('Reader varints', () => {
  it.each([
    ['00', 0], ['01', 1], ['7f', 127], ['8001', 128], ['ff7f', 16383], ['808001', 16384],
    ['ffffffff0f', 0xffffffff],
  ])('unsigned varint %s is %d', (bytes, value) => {
    const r = new Reader(hex(bytes));
    expect(r.unsignedVarint()).toBe(value);
    expect(r.remaining()).toBe(0);
  });

  it.each([['00', 0], ['01', -1], ['02', 1], ['03', -2], ['feffffff0f', 2147483647], ['ffffffff0f', -2147483648]])(
    'zigzag varint %s is %d', (bytes, value) => {
      expect(new Reader(hex(bytes)).varint()).toBe(value);
    });

  it.each([['00', 0], ['01', -1], ['02', 1], ['feffffffffffff1f', Number.MAX_SAFE_INTEGER], ['ffffffffffffff1f', -(2 ** 53)]])(
    'zigzag varlong %s is %d', (bytes, value) => {
      expect(new Reader(hex(bytes)).varlong()).toBe(value);
    });

  it('rejects varints that run past their width or the frame', () => {
    expect(() => new Reader(hex('ffffffff7f')).unsignedVarint()).toThrow(MalformedMessageError); // > 2^32 - 1
    expect(() => new Reader(hex('8080808080')).unsignedVarint()).toThrow(MalformedMessageError); // 6th byte wanted
    expect(() => new Reader(hex('80')).unsignedVarint()).toThrow(MalformedMessageError);
    expect(() => new Reader(hex('ffffffffffffffffff7f')).varlong()).not.toThrow();
    expect(() => new Reader(hex('ffffffffffffffffffff01')).varlong()).toThrow(MalformedMessageError);
  });

  it('reads back whatever the Writer wrote', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.maxSafeInteger(),
      (u, s, l) => {
        const w = new Writer();
        w.unsignedVarint(u);
        w.varint(s);
        w.varlong(l);
        const r = new Reader(w.toBuffer());
        expect([r.unsignedVarint(), r.varint(), r.varlong()]).toEqual([u, s, l]);
        expect(r.remaining()).toBe(0);
      }));
  });
});

describe('Reader strings, bytes, records and arrays', () => {
  it('reads classic and compact strings, null included', () => {
    const r = new Reader(hex('0002 6869  ffff  0368 69  00  01'));
    expect(r.string()).toBe('hi');
    expect(r.nullableString()).toBeNull();
    expect(r.string(true)).toBe('hi');
    expect(r.nullableString(true)).toBeNull();
    expect(r.string(true)).toBe('');
  });

  it('refuses null where the schema does not allow it', () => {
    expect(() => new Reader(hex('ffff')).string()).toThrow(MalformedMessageError);
    expect(() => new Reader(hex('00')).string(true)).toThrow(MalformedMessageError);
    expect(() => new Reader(hex('ffffffff')).bytes()).toThrow(MalformedMessageError);
  });

  it('refuses negative and oversized lengths', () => {
    expect(() => new Reader(hex('fffe')).nullableString()).toThrow(MalformedMessageError);
    expect(() => new Reader(hex('0003 6869')).string()).toThrow(MalformedMessageError);
    expect(() => new Reader(hex('fffffffe')).nullableBytes()).toThrow(MalformedMessageError);
    expect(() => new Reader(hex('7fffffff')).bytes()).toThrow(MalformedMessageError);
    expect(() => new Reader(hex('ffffffff0f')).nullableBytes(true)).toThrow(MalformedMessageError);
    expect(() => new Reader(hex('00000005 00')).arrayLength()).toThrow(MalformedMessageError);
    expect(() => new Reader(hex('fffffff0')).arrayLength()).toThrow(MalformedMessageError);
  });

  it('returns bytes and records as views into the frame, not copies', () => {
    const frame = hex('00000003 aabbcc 04 010203 00');
    const r = new Reader(frame);
    const bytes = r.bytes();
    const records = r.nullableRecords(true);
    expect(bytes).toEqual(hex('aabbcc'));
    expect(records).toEqual(hex('010203'));
    expect(r.nullableRecords(true)).toBeNull();
    expect(bytes.buffer).toBe(frame.buffer);
    expect(records?.buffer).toBe(frame.buffer);
    frame[4] = 0x11; // a view sees changes to the frame
    expect(bytes[0]).toBe(0x11);
  });

  it('reads array counts: -1 or compact 0 is null', () => {
    const r = new Reader(hex('ffffffff 00000001 00 02 00'));
    expect(r.arrayLength()).toBe(-1);
    expect(r.arrayLength()).toBe(1);
    expect(r.arrayLength(true)).toBe(-1);
    expect(r.arrayLength(true)).toBe(1);
  });
});

describe('Reader tagged fields', () => {
  it('skips a whole section of unknown tags', () => {
    const r = new Reader(hex('02 00 02 aaaa 05 01 bb 7f'));
    r.skipTaggedFields();
    expect(r.int8()).toBe(0x7f);
  });

  it('bounds a known tagged field by its size', () => {
    const r = new Reader(hex('00000001 ff'));
    const end = r.taggedFieldEnd(4);
    r.int32();
    expect(() => r.checkTaggedFieldEnd(end, 0)).not.toThrow();
    const short = new Reader(hex('0000 ff'));
    const shortEnd = short.taggedFieldEnd(1);
    short.int16();
    expect(() => short.checkTaggedFieldEnd(shortEnd, 3)).toThrow(MalformedMessageError);
    expect(() => new Reader(hex('00')).taggedFieldEnd(2)).toThrow(MalformedMessageError);
  });
});

describe('Reader bounds', () => {
  it('throws MalformedMessageError, never RangeError, past the end of the frame', () => {
    const reads: ((r: Reader) => unknown)[] = [
      (r) => r.int8(), (r) => r.int16(), (r) => r.int32(), (r) => r.int64(), (r) => r.uint16(), (r) => r.uint32(),
      (r) => r.float64(), (r) => r.bool(), (r) => r.uuid(), (r) => r.unsignedVarint(), (r) => r.varint(),
      (r) => r.varlong(), (r) => r.string(), (r) => r.string(true), (r) => r.bytes(), (r) => r.records(true),
      (r) => r.arrayLength(), (r) => r.skipTaggedFields(), (r) => r.raw(1), (r) => r.skip(1),
    ];
    for (const read of reads) {
      const r = new Reader(Buffer.alloc(4, 0xff), 4);
      expect(() => read(r)).toThrow(MalformedMessageError);
    }
  });

  it('starts at the given offset', () => {
    const r = new Reader(hex('0102 0304'), 2);
    expect(r.int16()).toBe(0x0304);
    expect(() => new Reader(hex('00'), 2)).toThrow(MalformedMessageError);
  });
});
