// Writes Kafka's wire types into a list of chunks.
//
// Small fields go into a scratch buffer; records (always) and large bytes fields are appended as
// chunks of their own without copying, so a fetch response is slices of segment files handed to
// the socket as they are.
// Invariant: a region of scratch that has become a chunk is never written again (a full scratch is
// replaced, not grown in place), so views handed out by toChunks() stay valid.
// NB: appended Buffers are referenced, not copied: the caller must not change them until the
// chunks are written out.
import { InvariantViolation } from '../../errors.js';
import { writeInt64 } from './int64.js';
import { UUID_SIZE, uuidToBytes } from './uuid.js';

/** A records field as encoders take it: one buffer, or chunks concatenated on the wire. */
export type RecordSet = Buffer | readonly Buffer[];

/** Bytes fields at least this long are appended by reference instead of copied. */
export const ZERO_COPY_THRESHOLD = 256;

const INITIAL_SCRATCH = 256;
const MAX_SCRATCH = 64 * 1024;

export class Writer {
  private readonly chunks: Buffer[] = [];
  private flushedBytes = 0;
  private scratch: Buffer;
  private start = 0;
  private pos = 0;

  constructor(initialCapacity = INITIAL_SCRATCH) {
    this.scratch = Buffer.allocUnsafe(Math.max(16, initialCapacity));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.flushedBytes + this.pos - this.start;
  }

  toChunks(): Buffer[] {
    this.flush();
    return this.chunks.slice();
  }

  toBuffer(): Buffer {
    this.flush();
    return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.flushedBytes);
  }

  /** Appends `chunk` by reference. */
  appendChunk(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.flush();
    this.chunks.push(chunk);
    this.flushedBytes += chunk.length;
  }

  /** Appends everything another writer holds, by reference. */
  appendWriter(other: Writer): void {
    for (const chunk of other.toChunks()) this.appendChunk(chunk);
  }

  private flush(): void {
    if (this.pos === this.start) return;
    this.chunks.push(this.scratch.subarray(this.start, this.pos));
    this.flushedBytes += this.pos - this.start;
    this.start = this.pos;
  }

  /** Makes room for `n` contiguous bytes and returns where they go. */
  private reserve(n: number): number {
    if (this.pos + n > this.scratch.length) {
      this.flush();
      this.scratch = Buffer.allocUnsafe(Math.max(n, Math.min(this.scratch.length * 2, MAX_SCRATCH)));
      this.start = this.pos = 0;
    }
    const at = this.pos;
    this.pos = at + n;
    return at;
  }

  private byte(b: number): void {
    const at = this.reserve(1);
    this.scratch[at] = b;
  }

  // NB: reserve() may replace this.scratch, so it must run before this.scratch is read.
  int8(v: number): void {
    const at = this.reserve(1);
    this.scratch.writeInt8(v, at);
  }

  int16(v: number): void {
    const at = this.reserve(2);
    this.scratch.writeInt16BE(v, at);
  }

  int32(v: number): void {
    const at = this.reserve(4);
    this.scratch.writeInt32BE(v, at);
  }

  uint16(v: number): void {
    const at = this.reserve(2);
    this.scratch.writeUInt16BE(v, at);
  }

  uint32(v: number): void {
    const at = this.reserve(4);
    this.scratch.writeUInt32BE(v, at);
  }

  /** Saturating at Long.MAX/MIN; see int64.ts. */
  int64(v: number): void {
    const at = this.reserve(8);
    writeInt64(this.scratch, v, at);
  }

  float64(v: number): void {
    const at = this.reserve(8);
    this.scratch.writeDoubleBE(v, at);
  }

  bool(v: boolean): void {
    const at = this.reserve(1);
    this.scratch[at] = v ? 1 : 0;
  }

  uuid(v: string): void {
    const bytes = uuidToBytes(v);
    const at = this.reserve(UUID_SIZE);
    bytes.copy(this.scratch, at);
  }

  unsignedVarint(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new InvariantViolation(`unsigned varint out of range: ${v}`);
    const at = this.reserve(varintSize(v));
    let i = at;
    while (v >= 0x80) {
      this.scratch[i++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.scratch[i] = v;
  }

  /** Zigzag signed 32-bit varint. */
  varint(v: number): void {
    this.unsignedVarint(((v << 1) ^ (v >> 31)) >>> 0);
  }

  /** Zigzag signed 64-bit varint; exact for safe integers. */
  varlong(v: number): void {
    if (!Number.isInteger(v)) throw new InvariantViolation(`varlong needs an integer, got ${v}`);
    if (Math.abs(v) > 2 ** 52) {
      // NB: zigzag doubles the magnitude, which would leave the exact range of a double.
      const big = BigInt(v);
      let z = big >= 0n ? big << 1n : (-big << 1n) - 1n;
      while (z >= 0x80n) {
        this.byte(Number(z & 0x7fn) | 0x80);
        z >>= 7n;
      }
      this.byte(Number(z));
      return;
    }
    let z = v >= 0 ? v * 2 : -v * 2 - 1;
    while (z >= 0x80) {
      this.byte((z % 128) | 0x80);
      z = Math.floor(z / 128);
    }
    this.byte(z);
  }

  private lengthPrefix(n: number, compact: boolean, int16: boolean): void {
    if (compact) this.unsignedVarint(n + 1);
    else if (int16) this.int16(n);
    else this.int32(n);
  }

  string(v: string, compact = false): void {
    const n = Buffer.byteLength(v, 'utf8');
    // NB: Kafka caps compact strings at 0x7fff bytes too.
    if (n > 0x7fff) throw new InvariantViolation(`string of ${n} bytes is longer than Kafka allows`);
    this.lengthPrefix(n, compact, true);
    const at = this.reserve(n);
    this.scratch.write(v, at, n, 'utf8');
  }

  nullableString(v: string | null, compact = false): void {
    if (v === null) this.lengthPrefix(-1, compact, true);
    else this.string(v, compact);
  }

  bytes(v: Uint8Array, compact = false): void {
    this.lengthPrefix(v.length, compact, false);
    if (v.length >= ZERO_COPY_THRESHOLD && Buffer.isBuffer(v)) this.appendChunk(v);
    else {
      const at = this.reserve(v.length);
      this.scratch.set(v, at);
    }
  }

  nullableBytes(v: Uint8Array | null, compact = false): void {
    if (v === null) this.lengthPrefix(-1, compact, false);
    else this.bytes(v, compact);
  }

  /** Records are always appended by reference; the length prefix is the total of the chunks. */
  records(v: RecordSet, compact = false): void {
    if (Buffer.isBuffer(v)) {
      this.lengthPrefix(v.length, compact, false);
      this.appendChunk(v);
      return;
    }
    let total = 0;
    for (const chunk of v) total += chunk.length;
    this.lengthPrefix(total, compact, false);
    for (const chunk of v) this.appendChunk(chunk);
  }

  nullableRecords(v: RecordSet | null, compact = false): void {
    if (v === null) this.lengthPrefix(-1, compact, false);
    else this.records(v, compact);
  }

  /** Element count of an array; -1 writes null. */
  arrayLength(n: number, compact = false): void {
    this.lengthPrefix(n, compact, false);
  }

  /** An array (null writes the null count), for hand-written codecs. */
  array<T>(items: readonly T[] | null, writeElement: (w: Writer, item: T) => void, compact = false): void {
    this.arrayLength(items === null ? -1 : items.length, compact);
    if (items !== null) for (const item of items) writeElement(this, item);
  }

  /** One entry of a tagged-field section: tag, size, then what `write` produces. */
  taggedField(tag: number, write: (w: Writer) => void): void {
    const field = new Writer(64);
    write(field);
    this.unsignedVarint(tag);
    this.unsignedVarint(field.length);
    this.appendWriter(field);
  }
}

export function varintSize(unsigned: number): number {
  let size = 1;
  while (unsigned >= 0x80) {
    unsigned = Math.floor(unsigned / 128);
    size++;
  }
  return size;
}

/** The whole of a RecordSet as one buffer (copies only when it is several chunks). */
export function recordSetToBuffer(v: RecordSet): Buffer {
  return Buffer.isBuffer(v) ? v : v.length === 1 ? v[0] : Buffer.concat(v);
}

/**
 * Guards a value whose type allows null in some versions but not in the one being written;
 * writing it would produce a frame the peer rejects, so it is a programmer bug.
 */
export function nonNull<T>(v: T | null, field: string, version: number): T {
  if (v === null) throw new InvariantViolation(`${field} cannot be null in version ${version}`);
  return v;
}
