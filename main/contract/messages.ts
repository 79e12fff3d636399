// Contract types of the message browser, the produce form and the partition time map.

/** Bytes as the UI receives them: base64 of at most the first `MAX_PREVIEW_BYTES` unless asked for all. */
export interface EncodedBytes {
  base64: string;
  /** The full length in bytes (more than base64 decodes to when truncated). */
  length: number;
  truncated: boolean;
}

export interface MessageHeader {
  key: string;
  value: EncodedBytes | null;
}

export interface MessageRecord {
  partition: number;
  offset: number;
  /** ms since the epoch. */
  timestamp: number;
  timestampType: 'create' | 'logAppend';
  key: EncodedBytes | null;
  value: EncodedBytes | null;
  headers: MessageHeader[];
  /** Key, value and headers, in bytes. */
  sizeBytes: number;
}

/** Where a read starts, per partition. */
export type MessageStart =
  | { kind: 'newest' }
  | { kind: 'oldest' }
  | { kind: 'offset'; offset: number }
  | { kind: 'timestamp'; timestamp: number };

/** Next offset to read per partition; what a page answers so the next page continues. */
export interface PartitionPosition {
  partition: number;
  offset: number;
}

/**
 * Declarative filters (never code): text matches are case-insensitive substring matches on the
 * UTF-8 text of the bytes; `jsonPath` is a dotted path with [index] steps (`order.items[0].sku`),
 * matched against values that parse as JSON.
 */
export interface MessageFilter {
  keyContains?: string;
  valueContains?: string;
  headerContains?: string;
  jsonPath?: string;
  /** With jsonPath: the field's value, compared as text (`42`, `true`, `"x"` as `x`). Omitted: the path exists. */
  jsonEquals?: string;
}

export interface MessagePage {
  records: MessageRecord[];
  /** Where the next page starts. */
  next: PartitionPosition[];
  /** Latest offset per partition when the page was read (live tail knows when it is caught up). */
  ends: PartitionPosition[];
  /** Records read but filtered out (the UI shows "scanned N"). */
  scanned: number;
}

export interface ProducedMessage {
  partition: number;
  offset: number;
}

export interface TimeBucket {
  /** ms since the epoch, inclusive. */
  from: number;
  /** ms since the epoch, exclusive. */
  to: number;
  /** First offset with a timestamp at or after `from`. */
  firstOffset: number;
  /** Records in [from, to), from offsets (the time index), not a scan. */
  count: number;
}

export interface PartitionTimeMap {
  partition: number;
  earliestOffset: number;
  latestOffset: number;
  buckets: TimeBucket[];
}

export const MAX_PREVIEW_BYTES = 4096;
export const MAX_PAGE_RECORDS = 5000;
