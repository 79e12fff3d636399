// A data record as read from a partition: what filters, the merge and the encoder work on.
export interface FetchedRecord {
  partition: number;
  /** Kafka offsets fit in a double for any log a human browses (2^53 records). */
  offset: number;
  /** ms since the epoch. */
  timestamp: number;
  timestampType: 'create' | 'logAppend';
  key: Buffer | null;
  value: Buffer | null;
  headers: [Buffer | null, Buffer | null][];
}
