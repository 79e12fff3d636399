import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantViolation } from '../../../../broker-runtime/errors.js';
import { Reader } from '../../../../broker-runtime/protocol/primitives/reader.js';
import {
  Writer, ZERO_COPY_THRESHOLD, nonNull, recordSetToBuffer, varintSize,
} from '../../../../broker-runtime/protocol/primitives/writer.js';

const hexOf = (w: Writer): string => w.toBuffer().toString('hex');

describe('Writer fixed-width types', () => {
  it('writes big-endian integers, floats, bools and UUIDs', () => {
    const w = new Writer();
    w.int8(-1);
    w.int16(-32768);
    w.int32(-2);
    w.uint16(0xfffe);
    w.uint32(0x80000000);
    w.float64(1.5);
    w.bool(true);
    w.bool(false);
    w.uuid('_____________________w');
    expect(hexOf(w)).toBe(`ff8000fffffffefffe800000003ff80000000000000100${'ff'.repeat(16)}`);
    expect(w.length).toBe(1 + 2 + 4 + 2 + 4 + 8 + 2 + 16);
  });

  it('writes int64 from numbers, saturating at Long.MAX/MIN', () => {
    const w = new Writer();
    for (const v of [-1, 2 ** 32 + 2, Number.MAX_SAFE_INTEGER, 2 ** 63, Number.MAX_VALUE, Infinity, -(2 ** 63), -Infinity, 2 ** 62]) w.int64(v);
    const chunks = w.toBuffer().toString('hex').match(/.{16}/g);
    expect(chunks).toEqual([
      'ffffffffffffffff', '0000000100000002', '001fffffffffffff', '7fffffffffffffff', '7fffffffffffffff',
      '7fffffffffffffff', '8000000000000000', '8000000000000000', '4000000000000000',
    ]);
    expect(() => new Writer().int64(NaN)).toThrow(InvariantViolation);
  });

  it('round-trips any safe int64 and the Long sentinels', () => {
    fc.assert(fc.property(fc.oneof(fc.maxSafeInteger(), fc.constantFrom(2 ** 63, -(2 ** 63))), (v) => {
      const w = new Writer();
      w.int64(v);
      expect(new Reader(w.toBuffer()).int64()).toBe(v);
    }));
  });

  it('refuses a UUID string that is not Kafka\'s 22-character form', () => {
    expect(() => new Writer().uuid('00000000-0000-0000-0000-000000000000')).toThrow(InvariantViolation);
    expect(() => new Writer().uuid('AAAAAAAAAAAAAAAAAAAAAB')).toThrow(InvariantViolation); // spare bits set
  });
});

describe('Writer varints', () => {
  it.each([[0, '00'], [127, '7f'], [128, '8001'], [16384, '808001'], [0xffffffff, 'ffffffff0f']])(
    'unsigned varint %d is %s', (value, bytes) => {
      const w = new Writer();
      w.unsignedVarint(value);
      expect(hexOf(w)).toBe(bytes);
      expect(varintSize(value)).toBe(bytes.length / 2);
    });

  it('writes zigzag varints and varlongs', () => {
    const w = new Writer();
    w.varint(-1);
    w.varint(2147483647);
    w.varlong(-(2 ** 53));
    w.varlong(1);
    expect(hexOf(w)).toBe('01feffffff0fffffffffffffff1f02');
  });

  it('refuses unsigned varints out of range', () => {
    expect(() => new Writer().unsignedVarint(-1)).toThrow(InvariantViolation);
    expect(() => new Writer().unsignedVarint(2 ** 32)).toThrow(InvariantViolation);
  });
});

describe('Writer strings, bytes and arrays', () => {
  it('writes classic and compact strings, null included', () => {
    const w = new Writer();
    w.string('hi');
    w.nullableString(null);
    w.string('hi', true);
    w.nullableString(null, true);
    w.string('é', true);
    expect(hexOf(w)).toBe('00026869ffff03686900' + '03c3a9');
  });

  it('refuses strings Kafka cannot carry', () => {
    expect(() => new Writer().string('x'.repeat(0x8000))).toThrow(InvariantViolation);
    expect(() => new Writer().string('x'.repeat(0x7fff))).not.toThrow();
  });

  it('writes bytes and array counts in both encodings', () => {
    const w = new Writer();
    w.bytes(Buffer.from([1, 2]));
    w.nullableBytes(null);
    w.bytes(Buffer.from([1, 2]), true);
    w.nullableBytes(null, true);
    w.arrayLength(3);
    w.arrayLength(-1);
    w.arrayLength(3, true);
    w.arrayLength(-1, true);
    expect(hexOf(w)).toBe('000000020102ffffffff03010200' + '00000003ffffffff0400');
  });

  it('writes arrays with an element writer, and reads them back', () => {
    const w = new Writer();
    w.array([1, 2], (x, v) => x.int16(v));
    w.array(['a'], (x, v) => x.string(v, true), true);
    w.array(null, (x, v: number) => x.int8(v));
    expect(hexOf(w)).toBe('0000000200010002' + '020261' + 'ffffffff');
    const r = new Reader(w.toBuffer());
    expect(r.array((x) => x.int16())).toEqual([1, 2]);
    expect(r.array((x) => x.string(true), true)).toEqual(['a']);
    expect(r.nullableArray((x) => x.int8())).toBeNull();
    expect(() => new Reader(Buffer.from('ffffffff', 'hex')).array((x) => x.int8())).toThrow(/non-nullable array/);
  });

  it('writes a tagged field as tag, size, payload', () => {
    const w = new Writer();
    w.taggedField(3, (t) => t.int32(7));
    w.taggedField(200, (t) => t.string('ab', true));
    expect(hexOf(w)).toBe('0304' + '00000007' + 'c80103' + '036162');
  });
});

describe('Writer chunks', () => {
  it('appends records by reference and prefixes the total length', () => {
    const a = Buffer.from('aaaa');
    const b = Buffer.from('bbbbbb');
    const w = new Writer();
    w.int8(1);
    w.records([a, b]);
    w.int8(2);
    const chunks = w.toChunks();
    expect(chunks.some((c) => c === a)).toBe(true);
    expect(chunks.some((c) => c === b)).toBe(true);
    expect(w.toBuffer()).toEqual(Buffer.concat([Buffer.from([1, 0, 0, 0, 10]), a, b, Buffer.from([2])]));
    expect(w.length).toBe(16);
  });

  it('copies small bytes fields and references large ones', () => {
    const small = Buffer.alloc(ZERO_COPY_THRESHOLD - 1, 1);
    const large = Buffer.alloc(ZERO_COPY_THRESHOLD, 2);
    const w = new Writer();
    w.bytes(small);
    w.bytes(large, true);
    const chunks = w.toChunks();
    expect(chunks.includes(small)).toBe(false);
    expect(chunks.includes(large)).toBe(true);
  });

  it('keeps earlier chunks intact while the scratch buffer is replaced', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 600 })), { maxLength: 60 }), (ops) => {
      const w = new Writer(16);
      const expected: number[] = [];
      for (const op of ops) {
        if (typeof op === 'number') {
          w.int8(op > 127 ? op - 256 : op);
          expected.push(op);
        } else {
          w.records(Buffer.from(op));
          expected.push(0, 0, (op.length >> 8) & 0xff, op.length & 0xff, ...op);
        }
        expect(w.length).toBe(expected.length);
      }
      const firstChunks = w.toChunks();
      w.int8(9); // writing on must not disturb chunks already handed out
      expect(Buffer.concat(firstChunks)).toEqual(Buffer.from(expected));
      expect(w.toBuffer()).toEqual(Buffer.from([...expected, 9]));
    }));
  });

  it('reads back every kind of field written across many scratch replacements', () => {
    type Op = [kind: string, value: unknown];
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.integer({ min: -128, max: 127 }).map((v): Op => ['int8', v]),
      fc.integer({ min: -32768, max: 32767 }).map((v): Op => ['int16', v]),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((v): Op => ['int32', v]),
      fc.integer({ min: 0, max: 0xffff }).map((v): Op => ['uint16', v]),
      fc.integer({ min: 0, max: 0xffffffff }).map((v): Op => ['uint32', v]),
      fc.maxSafeInteger().map((v): Op => ['int64', v]),
      fc.double().map((v): Op => ['float64', v]),
      fc.boolean().map((v): Op => ['bool', v]),
      fc.uint8Array({ minLength: 16, maxLength: 16 }).map((v): Op => ['uuid', Buffer.from(v).toString('base64url')]),
      fc.integer({ min: 0, max: 0xffffffff }).map((v): Op => ['unsignedVarint', v]),
      fc.maxSafeInteger().map((v): Op => ['varlong', v]),
      fc.string({ maxLength: 40 }).map((v): Op => ['string', v]),
      fc.uint8Array({ maxLength: 300 }).map((v): Op => ['bytes', Buffer.from(v)]),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 80 }), fc.boolean(), (ops, compact) => {
      const w = new Writer(16);
      for (const [kind, value] of ops) {
        if (kind === 'string' || kind === 'bytes') (w[kind] as (v: unknown, c: boolean) => void)(value, compact);
        else (w[kind as 'int8'] as (v: unknown) => void)(value);
      }
      const r = new Reader(w.toBuffer());
      for (const [kind, value] of ops) {
        const read = kind === 'string' || kind === 'bytes' ? r[kind](compact) : r[kind as 'int8']();
        expect(read).toEqual(value);
      }
      expect(r.remaining()).toBe(0);
    }));
  });

  it('joins chunks of a RecordSet only when there are several', () => {
    const one = Buffer.from('x');
    expect(recordSetToBuffer(one)).toBe(one);
    expect(recordSetToBuffer([one])).toBe(one);
    expect(recordSetToBuffer([one, Buffer.from('y')])).toEqual(Buffer.from('xy'));
  });

  it('nonNull passes values and refuses null as a programmer bug', () => {
    expect(nonNull('a', 'X.y', 0)).toBe('a');
    expect(() => nonNull(null, 'X.y', 0)).toThrow(/X.y cannot be null in version 0/);
  });
});
