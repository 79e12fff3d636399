// Variable-length integers as they appear inside RecordBatch v2 records (Kafka's ByteUtils).
//
// Two encodings share the 7-bits-per-byte layout and must not be mixed:
// - signed **zigzag** varint/varlong: every length, delta and count inside a record;
// - **unsigned** varint: the COMPACT_* lengths of flexible protocol versions.
//
// Invariant: varlongs are JS numbers. A decoded varlong whose magnitude exceeds 2^53 is rejected as
// corrupt rather than silently rounded; real timestamp deltas are far below that.
import { CorruptRecordError, InvariantViolation } from '../../errors.js';

export interface VarintResult {
  value: number;
  /** Position of the first byte after the varint. */
  pos: number;
}

const MAX_VARINT_BYTES = 5;
const MAX_VARLONG_BYTES = 10;
const TWO_POW_32 = 0x1_0000_0000;
/** A zigzag varlong of a safe integer is below 2^54, so its groups after the first are below 2^47. */
const MAX_HIGH_GROUPS = 2 ** 47;

/**
 * A read position over `buf[pos, end)`. Record decoding reads many small fields in a row; a
 * mutable cursor avoids one result object per field.
 */
export class ByteCursor {
  constructor(
    readonly buf: Buffer,
    public pos: number,
    readonly end: number = buf.length,
  ) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Unsigned 32-bit varint. */
  readUnsignedVarint(): number {
    const { buf, end } = this;
    let value = 0;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      if (this.pos >= end) throw new CorruptRecordError(`varint runs past the end of its buffer at byte ${this.pos}`);
      const b = buf[this.pos++];
      // NB: multiply, not shift: the fifth byte contributes bits 28..34, past a signed 32-bit shift.
      value += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) {
        if (value >= TWO_POW_32) throw new CorruptRecordError(`varint overflows 32 bits at byte ${this.pos - 1}`);
        return value;
      }
    }
    throw new CorruptRecordError(`varint longer than ${MAX_VARINT_BYTES} bytes at byte ${this.pos - 1}`);
  }

  /** Signed zigzag varint (int32). */
  readVarint(): number {
    const raw = this.readUnsignedVarint();
    return (raw >>> 1) ^ -(raw & 1);
  }

  /** Signed zigzag varlong, as a number (see the invariant at the top of the file). */
  readVarlong(): number {
    // NB: zigzag values up to 2^54 are not all exact doubles, so the low 7-bit group (which holds
    // the sign) is kept apart from the rest; each part, and the result, is then exact.
    const { buf, end } = this;
    if (this.pos >= end) throw new CorruptRecordError(`varlong runs past the end of its buffer at byte ${this.pos}`);
    const first = buf[this.pos++];
    const low = first & 0x7f;
    let high = 0;
    if (first & 0x80) {
      for (let i = 0; ; i++) {
        if (i === MAX_VARLONG_BYTES - 1) {
          throw new CorruptRecordError(`varlong longer than ${MAX_VARLONG_BYTES} bytes at byte ${this.pos - 1}`);
        }
        if (this.pos >= end) throw new CorruptRecordError(`varlong runs past the end of its buffer at byte ${this.pos}`);
        const b = buf[this.pos++];
        high += (b & 0x7f) * 2 ** (7 * i);
        if ((b & 0x80) === 0) break;
      }
    }
    // Zigzag: raw = high * 128 + low; even raw values are non-negative, odd ones negative.
    const magnitude = high * 64 + (low % 2 === 0 ? low / 2 : (low + 1) / 2);
    if (high > MAX_HIGH_GROUPS || !Number.isSafeInteger(magnitude)) {
      throw new CorruptRecordError(`varlong ending at byte ${this.pos - 1} is outside the safe integer range`);
    }
    return low % 2 === 0 ? magnitude : -magnitude;
  }

  readInt8(): number {
    if (this.pos >= this.end) throw new CorruptRecordError(`int8 runs past the end of its buffer at byte ${this.pos}`);
    return this.buf.readInt8(this.pos++);
  }

  /** A view (no copy) of the next `length` bytes. */
  readBytes(length: number): Buffer {
    if (length < 0 || length > this.end - this.pos) {
      throw new CorruptRecordError(`${length} bytes requested at byte ${this.pos}, ${this.end - this.pos} left`);
    }
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }
}

export function readUnsignedVarint(buf: Buffer, pos: number): VarintResult {
  const c = new ByteCursor(buf, pos);
  const value = c.readUnsignedVarint();
  return { value, pos: c.pos };
}

export function readVarint(buf: Buffer, pos: number): VarintResult {
  const c = new ByteCursor(buf, pos);
  const value = c.readVarint();
  return { value, pos: c.pos };
}

export function readVarlong(buf: Buffer, pos: number): VarintResult {
  const c = new ByteCursor(buf, pos);
  const value = c.readVarlong();
  return { value, pos: c.pos };
}

function zigzag32(value: number): number {
  return ((value << 1) ^ (value >> 31)) >>> 0;
}

/**
 * Zigzag of a safe integer as `high * 128 + low`, with low the first 7-bit group. Both parts are
 * exact, where the zigzag value itself (up to 2^54) may not be a representable double.
 */
function zigzag64Split(value: number): { high: number; low: number } {
  const magnitude = Math.abs(value);
  const rest = magnitude % 64;
  const high = Math.floor(magnitude / 64);
  if (value >= 0) return { high, low: rest * 2 };
  // 2m - 1 = 128 * high + 2 * rest - 1, borrowing from high when rest is 0.
  return rest === 0 ? { high: high - 1, low: 127 } : { high, low: rest * 2 - 1 };
}

function checkInt32(value: number): void {
  if (!Number.isInteger(value) || value < -0x8000_0000 || value > 0x7fff_ffff) {
    throw new InvariantViolation(`varint value ${value} is not an int32`);
  }
}

function checkSafeInteger(value: number): void {
  if (!Number.isSafeInteger(value)) throw new InvariantViolation(`varlong value ${value} is not a safe integer`);
}

/** Bytes needed for an unsigned value below 2^53 in 7-bit groups. */
function sizeOfUnsigned(raw: number): number {
  let size = 1;
  while (raw >= 0x80) {
    raw = Math.floor(raw / 0x80);
    size++;
  }
  return size;
}

export function sizeOfUnsignedVarint(value: number): number {
  return sizeOfUnsigned(value >>> 0);
}

export function sizeOfVarint(value: number): number {
  return sizeOfUnsigned(zigzag32(value));
}

export function sizeOfVarlong(value: number): number {
  const { high } = zigzag64Split(value);
  return high === 0 ? 1 : 1 + sizeOfUnsigned(high);
}

/**
 * An append-only byte buffer that doubles when full. Encoders write into one of these and take
 * `finish()` at the end; the returned Buffer is a view, so no final copy is made.
 */
export class ByteWriter {
  private buf: Buffer;
  pos = 0;

  constructor(initialCapacity = 256) {
    this.buf = Buffer.allocUnsafe(Math.max(16, initialCapacity));
  }

  private ensure(extra: number): void {
    const needed = this.pos + extra;
    if (needed <= this.buf.length) return;
    let capacity = this.buf.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = Buffer.allocUnsafe(capacity);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  writeUnsignedVarint(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value >= TWO_POW_32) {
      throw new InvariantViolation(`unsigned varint value ${value} is not a uint32`);
    }
    return this.writeRaw(value);
  }

  writeVarint(value: number): this {
    checkInt32(value);
    return this.writeRaw(zigzag32(value));
  }

  writeVarlong(value: number): this {
    checkSafeInteger(value);
    const { high, low } = zigzag64Split(value);
    if (high === 0) return this.writeInt8(low);
    this.ensure(1);
    this.buf[this.pos++] = low | 0x80;
    return this.writeRaw(high);
  }

  /** 7-bit groups of an unsigned value below 2^53, low group first. */
  private writeRaw(raw: number): this {
    this.ensure(MAX_VARLONG_BYTES);
    const { buf } = this;
    while (raw >= 0x80) {
      buf[this.pos++] = (raw % 0x80) | 0x80;
      raw = Math.floor(raw / 0x80);
    }
    buf[this.pos++] = raw;
    return this;
  }

  writeInt8(value: number): this {
    this.ensure(1);
    this.buf.writeInt8(value, this.pos);
    this.pos += 1;
    return this;
  }

  writeBytes(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  /** Writes `value` as UTF-8; the caller has already written its length. */
  writeUtf8(value: string, byteLength: number): this {
    this.ensure(byteLength);
    this.pos += this.buf.write(value, this.pos, byteLength, 'utf8');
    return this;
  }

  /** Reserves `length` bytes at the current position and returns their offset, for patching later. */
  skip(length: number): number {
    this.ensure(length);
    const at = this.pos;
    this.pos += length;
    return at;
  }

  /** The underlying buffer; valid until the next write that grows it. */
  get buffer(): Buffer {
    return this.buf;
  }

  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}
