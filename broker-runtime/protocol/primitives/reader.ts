// Reads Kafka's wire types from one frame (README "Wire encodings").
//
// Invariant: every read is bounds-checked, and anything a peer can get wrong (short frame, negative
// or oversized length, null where the schema forbids it, overlong varint) throws
// MalformedMessageError and nothing else, so the network layer can close the connection cleanly.
// Invariant: bytes and records come back as views into the frame (subarray), never copies:
// a produce request's batches go to disk from the very buffer they arrived in.
import { readInt64 } from './int64.js';
import { UUID_SIZE } from './uuid.js';

export class MalformedMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedMessageError';
  }
}

export class Reader {
  private readonly end: number;

  constructor(
    readonly buf: Buffer,
    public offset = 0,
  ) {
    this.end = buf.length;
    if (offset < 0 || offset > this.end) throw new MalformedMessageError(`offset ${offset} outside a ${this.end}-byte buffer`);
  }

  remaining(): number {
    return this.end - this.offset;
  }

  /** Advances past `n` bytes, returning where they started. */
  private take(n: number): number {
    const at = this.offset;
    if (n > this.end - at) throw new MalformedMessageError(`needed ${n} bytes at offset ${at}, only ${this.end - at} left`);
    this.offset = at + n;
    return at;
  }

  skip(n: number): void {
    this.take(n);
  }

  /** A view of the next `n` bytes. */
  raw(n: number): Buffer {
    const at = this.take(n);
    return this.buf.subarray(at, at + n);
  }

  int8(): number { return this.buf.readInt8(this.take(1)); }
  int16(): number { return this.buf.readInt16BE(this.take(2)); }
  int32(): number { return this.buf.readInt32BE(this.take(4)); }
  uint16(): number { return this.buf.readUInt16BE(this.take(2)); }
  uint32(): number { return this.buf.readUInt32BE(this.take(4)); }
  int64(): number { return readInt64(this.buf, this.take(8)); }
  float64(): number { return this.buf.readDoubleBE(this.take(8)); }
  /** Like Kafka, any non-zero byte is true. */
  bool(): boolean { return this.buf[this.take(1)] !== 0; }

  /** A UUID in Kafka's base64url text form (see uuid.ts). */
  uuid(): string {
    const at = this.take(UUID_SIZE);
    return this.buf.toString('base64url', at, at + UUID_SIZE);
  }

  /** Unsigned 32-bit varint (LEB128), at most 5 bytes as in Kafka's ByteUtils. */
  unsignedVarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.buf[this.take(1)];
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (value > 0xffffffff) break;
        return value;
      }
    }
    throw new MalformedMessageError(`unsigned varint longer than 32 bits at offset ${this.offset}`);
  }

  /** Zigzag-encoded signed 32-bit varint. */
  varint(): number {
    const z = this.unsignedVarint();
    return (z >>> 1) ^ -(z & 1);
  }

  /** Zigzag-encoded signed 64-bit varint, at most 10 bytes; exact for safe integers (see int64.ts). */
  varlong(): number {
    const start = this.offset;
    let z = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      const b = this.buf[this.take(1)];
      z += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (z <= Number.MAX_SAFE_INTEGER) return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
        return this.bigVarlong(start);
      }
    }
    throw new MalformedMessageError(`varlong longer than 10 bytes at offset ${this.offset}`);
  }

  /** The rare varlong past 2^53 once zigzagged: exact arithmetic, then the nearest number. */
  private bigVarlong(start: number): number {
    let z = 0n;
    for (let i = start, shift = 0n; i < this.offset; i++, shift += 7n) z |= BigInt(this.buf[i] & 0x7f) << shift;
    return Number((z >> 1n) ^ -(z & 1n));
  }

  /** Length prefix of a string/bytes/records: -1 for null, else checked against what is left. */
  private length(compact: boolean, int16: boolean, what: string): number {
    const n = compact ? this.unsignedVarint() - 1 : int16 ? this.int16() : this.int32();
    if (n < -1) throw new MalformedMessageError(`negative ${what} length ${n} at offset ${this.offset}`);
    if (n > this.end - this.offset) {
      throw new MalformedMessageError(`${what} length ${n} exceeds the ${this.end - this.offset} bytes left`);
    }
    return n;
  }

  /** A non-nullable string: int16 length, or compact (unsigned varint N+1) when `compact`. */
  string(compact = false): string {
    const s = this.nullableString(compact);
    if (s === null) throw new MalformedMessageError(`null in a non-nullable string at offset ${this.offset}`);
    return s;
  }

  nullableString(compact = false): string | null {
    const n = this.length(compact, true, 'string');
    if (n < 0) return null;
    const at = this.take(n);
    return this.buf.toString('utf8', at, at + n);
  }

  /** A non-nullable bytes field: int32 length, or compact. The result is a view. */
  bytes(compact = false): Buffer {
    const b = this.nullableBytes(compact);
    if (b === null) throw new MalformedMessageError(`null in a non-nullable bytes field at offset ${this.offset}`);
    return b;
  }

  nullableBytes(compact = false): Buffer | null {
    const n = this.length(compact, false, 'bytes');
    return n < 0 ? null : this.raw(n);
  }

  /** A records field is encoded like bytes; the batches inside are not parsed here. */
  records(compact = false): Buffer {
    return this.bytes(compact);
  }

  nullableRecords(compact = false): Buffer | null {
    return this.nullableBytes(compact);
  }

  /**
   * Element count of an array, -1 for null. Invariant: a count larger than the bytes left is
   * rejected, so a forged count can neither allocate nor loop beyond the frame.
   */
  arrayLength(compact = false): number {
    return this.length(compact, false, 'array');
  }

  /** A non-nullable array, for hand-written codecs (generated code inlines its loops). */
  array<T>(readElement: (r: Reader) => T, compact = false): T[] {
    const items = this.nullableArray(readElement, compact);
    if (items === null) throw new MalformedMessageError(`null in a non-nullable array at offset ${this.offset}`);
    return items;
  }

  nullableArray<T>(readElement: (r: Reader) => T, compact = false): T[] | null {
    const n = this.arrayLength(compact);
    if (n < 0) return null;
    const items: T[] = [];
    for (let i = 0; i < n; i++) items.push(readElement(this));
    return items;
  }

  /** Start of a tagged field of `size` bytes: returns where it must end. */
  taggedFieldEnd(size: number): number {
    if (size > this.end - this.offset) throw new MalformedMessageError(`tagged field of ${size} bytes exceeds the frame`);
    return this.offset + size;
  }

  /** Checks that a known tagged field was exactly as long as its size said. */
  checkTaggedFieldEnd(end: number, tag: number): void {
    if (this.offset !== end) throw new MalformedMessageError(`tagged field ${tag} ended at ${this.offset}, expected ${end}`);
  }

  /** Skips a whole tagged-field section whose tags are all unknown to the reader. */
  skipTaggedFields(): void {
    const count = this.unsignedVarint();
    for (let i = 0; i < count; i++) {
      this.unsignedVarint();
      this.skip(this.unsignedVarint());
    }
  }
}
