// Sparse map from timestamp to offset in one segment (Kafka's TimeIndex). On disk: 12-byte
// entries [int64 timestamp, int32 offset - baseOffset]. An entry (t, o) says: the largest
// timestamp in the segment up to offset o is t. Entries are appended only when the largest
// timestamp grows, so both columns are sorted and ListOffsets can binary-search by time.
import { AbstractIndex, CorruptIndexError } from './abstract-index.js';
import { InvariantViolation } from '../errors.js';
import { readInt64, writeInt64 } from '../protocol/records/batch-header.js';

export const TIME_INDEX_ENTRY_SIZE = 12;
/** RecordBatch.NO_TIMESTAMP. */
export const NO_TIMESTAMP = -1;

export interface TimestampOffset {
  timestamp: number;
  offset: number;
}

export class TimeIndex extends AbstractIndex {
  constructor(file: string, baseOffset: number, maxIndexSize: number) {
    super(file, baseOffset, maxIndexSize, TIME_INDEX_ENTRY_SIZE);
  }

  entry(slot: number): TimestampOffset {
    const at = slot * TIME_INDEX_ENTRY_SIZE;
    return { timestamp: readInt64(this.buf, at), offset: this.baseOffset + this.buf.readInt32BE(at + 8) };
  }

  private timestampAt(slot: number): number {
    return readInt64(this.buf, slot * TIME_INDEX_ENTRY_SIZE);
  }

  private relativeOffsetAt(slot: number): number {
    return this.buf.readInt32BE(slot * TIME_INDEX_ENTRY_SIZE + 8);
  }

  /** The last entry, or (NO_TIMESTAMP, baseOffset) when the index is empty. */
  get lastEntry(): TimestampOffset {
    return this.entries === 0 ? { timestamp: NO_TIMESTAMP, offset: this.baseOffset } : this.entry(this.entries - 1);
  }

  /** The largest entry with timestamp <= target, or (NO_TIMESTAMP, baseOffset) when there is none. */
  lookup(targetTimestamp: number): TimestampOffset {
    const slot = this.largestLowerBoundSlot(targetTimestamp, (s) => this.timestampAt(s));
    return slot < 0 ? { timestamp: NO_TIMESTAMP, offset: this.baseOffset } : this.entry(slot);
  }

  /**
   * Appends (timestamp, offset) when timestamp is larger than the last entry's. skipFullCheck is
   * for the final entry a segment writes when it stops being active (Kafka does the same), so the
   * index always ends with the segment's largest timestamp.
   */
  maybeAppend(timestamp: number, offset: number, skipFullCheck = false): void {
    const last = this.lastEntry;
    if (this.entries > 0 && offset < last.offset) {
      throw new InvariantViolation(`time index entry for offset ${offset} is before the last entry's offset ${last.offset}`);
    }
    if (timestamp <= last.timestamp) return;
    if (!skipFullCheck && this.isFull()) throw new InvariantViolation(`time index of segment ${this.baseOffset} is full`);
    const relative = offset - this.baseOffset;
    if (relative < 0 || relative > 0x7fffffff) throw new InvariantViolation(`offset ${offset} does not fit the time index of segment ${this.baseOffset}`);
    const at = this.reserveSlot();
    writeInt64(this.buf, timestamp, at);
    this.buf.writeInt32BE(relative, at + 8);
    this.entryAppended();
  }

  /** Drops every entry for an offset >= `offset`. */
  truncateTo(offset: number): void {
    let keep = this.entries;
    // Offsets are sorted; entries are few (one per index interval at most), so a scan back is fine.
    while (keep > 0 && this.baseOffset + this.relativeOffsetAt(keep - 1) >= offset) keep--;
    this.truncateToEntries(keep);
  }

  protected checkEntries(_logSize: number, nextOffset: number): void {
    let previous: TimestampOffset | null = null;
    for (let slot = 0; slot < this.entries; slot++) {
      const e = this.entry(slot);
      const problem =
        e.offset < this.baseOffset ? `offset ${e.offset} is below the base offset` :
        e.offset >= nextOffset ? `offset ${e.offset} is past the log end ${nextOffset}` :
        previous && (e.timestamp <= previous.timestamp || e.offset < previous.offset) ? 'entries are out of order' :
        null;
      if (problem) throw new CorruptIndexError(`time index ${this.file} entry ${slot}: ${problem}`);
      previous = e;
    }
  }
}
