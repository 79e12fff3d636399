// Bytes as the UI receives them: base64 previews capped at MAX_PREVIEW_BYTES, so a page of large
// records stays small on both transports; getMessage asks for everything.
import type { EncodedBytes, MessageRecord } from '../../contract/index.js';
import { MAX_PREVIEW_BYTES } from '../../contract/messages.js';
import type { FetchedRecord } from './fetched-record.js';

export function encodeBytes(bytes: Buffer | null, full = false): EncodedBytes | null {
  if (bytes === null) return null;
  const truncated = !full && bytes.length > MAX_PREVIEW_BYTES;
  const shown = truncated ? bytes.subarray(0, MAX_PREVIEW_BYTES) : bytes;
  return { base64: shown.toString('base64'), length: bytes.length, truncated };
}

/** Key, value and headers in bytes: what the record weighs for the user, not on the wire. */
export function recordSize(record: FetchedRecord): number {
  let size = (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const [key, value] of record.headers) size += (key?.length ?? 0) + (value?.length ?? 0);
  return size;
}

export function messageRecord(record: FetchedRecord, full = false): MessageRecord {
  return {
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    timestampType: record.timestampType,
    key: encodeBytes(record.key, full),
    value: encodeBytes(record.value, full),
    // Header keys are strings in Kafka's clients; a null key (never sent by them) shows as empty.
    headers: record.headers.map(([key, value]) => ({ key: key?.toString('utf8') ?? '', value: encodeBytes(value, full) })),
    sizeBytes: recordSize(record),
  };
}
