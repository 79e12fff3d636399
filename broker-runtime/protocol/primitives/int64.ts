// int64 on the wire, plain JS numbers in the engine.
//
// Invariant: offsets, timestamps and producer ids are int64 on the wire but numbers in the engine
// (bigint arithmetic on the hot path is slow, and Kafka never hands out values past 2^53). Values
// beyond 2^53 lose precision, but Kafka's sentinels survive a round trip: Long.MAX_VALUE reads as
// 2^63 and writes back as 0x7fffffffffffffff; Long.MIN_VALUE is -2^63 exactly.
import { InvariantViolation } from '../../errors.js';

const TWO_POW_32 = 0x1_0000_0000;
const TWO_POW_63 = 2 ** 63;

/** The number Long.MAX_VALUE (0x7fffffffffffffff) reads as: 2^63, the nearest double. */
export const INT64_MAX = TWO_POW_63;
/** Long.MIN_VALUE, exactly representable. */
export const INT64_MIN = -TWO_POW_63;

export function readInt64(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * TWO_POW_32 + buf.readUInt32BE(pos + 4);
}

/**
 * Writes `value` as a big-endian int64. Fractions are truncated; values at or above 2^63 saturate
 * to Long.MAX_VALUE and values below -2^63 to Long.MIN_VALUE, so `Number.MAX_VALUE`-style
 * "no limit" inputs mean what they say. NaN is a programmer bug.
 */
export function writeInt64(buf: Buffer, value: number, pos: number): void {
  if (Number.isNaN(value)) throw new InvariantViolation('int64 field given NaN');
  if (value >= TWO_POW_63) {
    buf.writeInt32BE(0x7fffffff, pos);
    buf.writeUInt32BE(0xffffffff, pos + 4);
    return;
  }
  const v = value < -TWO_POW_63 ? -TWO_POW_63 : Math.trunc(value);
  // NB: both halves are exact: any double >= 2^53 is already an integer multiple of 2^(e-52).
  const hi = Math.floor(v / TWO_POW_32);
  buf.writeInt32BE(hi, pos);
  buf.writeUInt32BE(v - hi * TWO_POW_32, pos + 4);
}
