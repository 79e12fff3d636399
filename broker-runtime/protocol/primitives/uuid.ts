// UUIDs (topic ids, directory ids) are strings in the engine, in Kafka's own text form: the 16
// bytes as URL-safe base64 without padding (22 characters), which is what Kafka's `Uuid.toString()`
// prints and what `kafka-topics.sh --describe` shows as TopicId. Strings compare with === and
// key Maps directly, which a 16-byte Buffer would not.
//
// Invariant: the all-zero UUID (ZERO_UUID) means "no id" on the wire, as in Kafka.
import { InvariantViolation } from '../../errors.js';

export const UUID_SIZE = 16;

/** Kafka's Uuid.ZERO_UUID: "no topic id". */
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

// 22 base64url characters carry 132 bits; the last character must leave the 4 spare bits zero,
// otherwise two strings would map to the same 16 bytes.
const UUID_PATTERN = /^[A-Za-z0-9_-]{21}[AQgw]$/;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

export function uuidFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== UUID_SIZE) throw new InvariantViolation(`a UUID is 16 bytes, got ${bytes.length}`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, UUID_SIZE).toString('base64url');
}

export function uuidToBytes(uuid: string): Buffer {
  if (!UUID_PATTERN.test(uuid)) throw new InvariantViolation(`not a Kafka UUID string: ${JSON.stringify(uuid)}`);
  return Buffer.from(uuid, 'base64url');
}

/** The canonical 8-4-4-4-12 hex form, for people and logs that expect it. */
export function uuidToHex(uuid: string): string {
  const hex = uuidToBytes(uuid).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Parses the 8-4-4-4-12 hex form (dashes optional). */
export function uuidFromHex(hex: string): string {
  const digits = hex.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(digits)) throw new InvariantViolation(`not a hex UUID: ${JSON.stringify(hex)}`);
  return Buffer.from(digits, 'hex').toString('base64url');
}
