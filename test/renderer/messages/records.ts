// Records as the contract delivers them (base64 previews), for the message browser's tests.
import type { EncodedBytes, MessagePage, MessageRecord, PartitionPosition } from '../../../main/contract/index.js';

export const PREVIEW = 4096;

export function encoded(data: string | Uint8Array | null, previewBytes = PREVIEW): EncodedBytes | null {
  if (data === null) return null;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  const shown = bytes.subarray(0, previewBytes);
  return { base64: shown.toString('base64'), length: bytes.length, truncated: shown.length < bytes.length };
}

export function record(partition: number, offset: number, value: string | Uint8Array | null, options: {
  key?: string | Uint8Array | null;
  headers?: [string, string | Uint8Array | null][];
  timestamp?: number;
  previewBytes?: number;
} = {}): MessageRecord {
  const key = options.key === undefined ? `k-${offset}` : options.key;
  const headers = (options.headers ?? []).map(([k, v]) => ({ key: k, value: encoded(v, options.previewBytes) }));
  const size = (x: string | Uint8Array | null) => (x === null ? 0 : typeof x === 'string' ? Buffer.byteLength(x) : x.length);
  return {
    partition,
    offset,
    timestamp: options.timestamp ?? 1_700_000_000_000 + offset,
    timestampType: 'create',
    key: encoded(key, options.previewBytes),
    value: encoded(value, options.previewBytes),
    headers,
    sizeBytes: size(key) + size(value) + (options.headers ?? []).reduce((n, [k, v]) => n + Buffer.byteLength(k) + size(v), 0),
  };
}

export function page(records: MessageRecord[], next: PartitionPosition[], ends: PartitionPosition[], scanned = 0): MessagePage {
  return { records, next, ends, scanned };
}
