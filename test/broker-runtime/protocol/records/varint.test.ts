import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptRecordError, InvariantViolation } from '../../../../broker-runtime/errors.js';
import {
  ByteCursor,
  ByteWriter,
  readUnsignedVarint,
  readVarint,
  readVarlong,
  sizeOfUnsignedVarint,
  sizeOfVarint,
  sizeOfVarlong,
} from '../../../../broker-runtime/protocol/records/varint.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('zigzag varint', () => {
  // Known encodings (Protobuf's sint32 / Kafka's ByteUtils.writeVarint).
  const cases: [number, string][] = [
    [0, '00'],
    [-1, '01'],
    [1, '02'],
    [-2, '03'],
    [63, '7e'],
    [-64, '7f'],
    [64, '8001'],
    [300, 'd804'],
    [0x7fff_ffff, 'feffffff0f'],
    [-0x8000_0000, 'ffffffff0f'],
  ];
  it.each(cases)('%d <-> %s', (value, encoded) => {
    const bytes = new ByteWriter().writeVarint(value).finish();
    expect(bytes.toString('hex')).toBe(encoded);
    expect(sizeOfVarint(value)).toBe(bytes.length);
    expect(readVarint(hex(encoded), 0)).toEqual({ value, pos: bytes.length });
  });

  it('round-trips every int32 at any position', () => {
    fc.assert(
      fc.property(fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff }), fc.nat(5), (value, prefix) => {
        const w = new ByteWriter(1);
        for (let i = 0; i < prefix; i++) w.writeInt8(0x55);
        w.writeVarint(value);
        const out = w.finish();
        expect(readVarint(out, prefix)).toEqual({ value, pos: out.length });
      }),
    );
  });

  it('rejects a varint longer than 5 bytes, and one that runs off the end', () => {
    expect(() => readVarint(hex('ffffffffff01'), 0)).toThrow(CorruptRecordError);
    expect(() => readVarint(hex('8080'), 0)).toThrow(/past the end/);
    // Five bytes whose value needs more than 32 bits.
    expect(() => readVarint(hex('ffffffff7f'), 0)).toThrow(/overflows 32 bits/);
  });

  it('refuses to encode values that are not int32', () => {
    expect(() => new ByteWriter().writeVarint(2 ** 31)).toThrow(InvariantViolation);
    expect(() => new ByteWriter().writeVarint(1.5)).toThrow(InvariantViolation);
  });
});

describe('zigzag varlong', () => {
  // Expected bytes cross-checked against kafkajs's Encoder.writeVarLong.
  const cases: [number, string][] = [
    [0, '00'],
    [-1, '01'],
    [1, '02'],
    [2 ** 31, '8080808010'],
    [-(2 ** 31) - 1, '8180808010'],
    [-65, '8101'],
    [1_700_000_000_000, '80a0abfef962'],
    // Past 2^52 the zigzag value (2|v| - 1) is no longer an exact double.
    [-(2 ** 52) - 1, '8180808080808010'],
    [2 ** 52 + 1, '8280808080808010'],
    [-(2 ** 52), 'ffffffffffffff0f'],
    [Number.MAX_SAFE_INTEGER, 'feffffffffffff1f'],
    [Number.MIN_SAFE_INTEGER, 'fdffffffffffff1f'],
  ];
  it.each(cases)('%d <-> %s', (value, encoded) => {
    const bytes = new ByteWriter().writeVarlong(value).finish();
    expect(bytes.toString('hex')).toBe(encoded);
    expect(sizeOfVarlong(value)).toBe(bytes.length);
    expect(readVarlong(hex(encoded), 0)).toEqual({ value, pos: bytes.length });
  });

  it('round-trips every safe integer', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (value) => {
        const out = new ByteWriter().writeVarlong(value).finish();
        expect(readVarlong(out, 0)).toEqual({ value, pos: out.length });
      }),
    );
  });

  it('rejects values past 2^53 and encodings longer than 10 bytes', () => {
    // zigzag(2^60): well-formed as a Java long, but not representable as a JS number.
    expect(() => readVarlong(hex('80808080808080808002'), 0)).toThrow(/safe integer/);
    expect(() => readVarlong(hex('ffffffffffffffffffff01'), 0)).toThrow(/longer than 10/);
    expect(() => new ByteWriter().writeVarlong(2 ** 60)).toThrow(InvariantViolation);
  });
});

describe('unsigned varint', () => {
  it('encodes without zigzag', () => {
    expect(new ByteWriter().writeUnsignedVarint(1).finish().toString('hex')).toBe('01');
    expect(new ByteWriter().writeUnsignedVarint(300).finish().toString('hex')).toBe('ac02');
    expect(new ByteWriter().writeUnsignedVarint(0xffff_ffff).finish().toString('hex')).toBe('ffffffff0f');
    expect(readUnsignedVarint(hex('ac02'), 0)).toEqual({ value: 300, pos: 2 });
    expect(sizeOfUnsignedVarint(0xffff_ffff)).toBe(5);
  });
});

describe('ByteCursor', () => {
  it('never reads past its end, even when the buffer goes on', () => {
    const buf = hex('0102030405');
    const c = new ByteCursor(buf, 1, 3);
    expect(c.readBytes(2)).toEqual(hex('0203'));
    expect(() => c.readInt8()).toThrow(CorruptRecordError);
    expect(() => new ByteCursor(buf, 0, 2).readBytes(3)).toThrow(CorruptRecordError);
  });

  it('returns views, not copies', () => {
    const buf = hex('aabbcc');
    const view = new ByteCursor(buf, 0).readBytes(2);
    buf[0] = 0x11;
    expect(view[0]).toBe(0x11);
  });
});

describe('ByteWriter', () => {
  it('grows past its initial capacity without losing bytes', () => {
    const w = new ByteWriter(1);
    const big = Buffer.alloc(10_000, 7);
    w.writeInt8(1).writeBytes(big).writeVarint(-1);
    const out = w.finish();
    expect(out.length).toBe(10_002);
    expect(out[0]).toBe(1);
    expect(out.subarray(1, 10_001).equals(big)).toBe(true);
    expect(out[10_001]).toBe(1);
  });
});
