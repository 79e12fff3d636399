// Sparse map from offset to file position in one segment (Kafka's OffsetIndex). On disk: 8-byte
// entries [int32 offset - baseOffset, int32 position], sorted by offset. The segment adds an entry
// for a batch's last offset at the batch's position once index.interval.bytes of log have passed
// since the previous entry; a lookup returns the entry to start a forward scan from.
import { AbstractIndex, CorruptIndexError } from './abstract-index.js';
import { InvariantViolation } from '../errors.js';

export const OFFSET_INDEX_ENTRY_SIZE = 8;

export interface OffsetPosition {
  offset: number;
  position: number;
}

export class OffsetIndex extends AbstractIndex {
  constructor(file: string, baseOffset: number, maxIndexSize: number) {
    super(file, baseOffset, maxIndexSize, OFFSET_INDEX_ENTRY_SIZE);
  }

  entry(slot: number): OffsetPosition {
    const at = slot * OFFSET_INDEX_ENTRY_SIZE;
    return { offset: this.baseOffset + this.buf.readInt32BE(at), position: this.buf.readInt32BE(at + 4) };
  }

  private relativeOffset(slot: number): number {
    return this.buf.readInt32BE(slot * OFFSET_INDEX_ENTRY_SIZE);
  }

  /** The last offset indexed, or the base offset when the index is empty. */
  get lastOffset(): number {
    return this.entries === 0 ? this.baseOffset : this.entry(this.entries - 1).offset;
  }

  /** The largest entry with offset <= targetOffset, or (baseOffset, 0) when there is none. */
  lookup(targetOffset: number): OffsetPosition {
    const slot = this.largestLowerBoundSlot(targetOffset - this.baseOffset, (s) => this.relativeOffset(s));
    return slot < 0 ? { offset: this.baseOffset, position: 0 } : this.entry(slot);
  }

  append(offset: number, position: number): void {
    const relative = offset - this.baseOffset;
    // Invariant: the segment rolls before an offset stops fitting an int32 relative offset.
    if (relative < 0 || relative > 0x7fffffff) throw new InvariantViolation(`offset ${offset} does not fit the index of segment ${this.baseOffset}`);
    if (this.entries > 0 && offset <= this.lastOffset) {
      throw new InvariantViolation(`index entry for offset ${offset} is not after the last entry ${this.lastOffset}`);
    }
    if (this.isFull()) throw new InvariantViolation(`offset index of segment ${this.baseOffset} is full`);
    const at = this.reserveSlot();
    this.buf.writeInt32BE(relative, at);
    this.buf.writeInt32BE(position, at + 4);
    this.entryAppended();
  }

  /** Drops every entry for an offset >= `offset`. */
  truncateTo(offset: number): void {
    const slot = this.largestLowerBoundSlot(offset - this.baseOffset, (s) => this.relativeOffset(s));
    if (slot < 0) this.truncateToEntries(0);
    else this.truncateToEntries(this.relativeOffset(slot) === offset - this.baseOffset ? slot : slot + 1);
  }

  protected checkEntries(logSize: number, nextOffset: number): void {
    let previous: OffsetPosition | null = null;
    for (let slot = 0; slot < this.entries; slot++) {
      const e = this.entry(slot);
      const problem =
        e.offset < this.baseOffset ? `offset ${e.offset} is below the base offset` :
        e.offset >= nextOffset ? `offset ${e.offset} is past the log end ${nextOffset}` :
        e.position < 0 || e.position >= logSize ? `position ${e.position} is outside the log (${logSize} bytes)` :
        previous && (e.offset <= previous.offset || e.position <= previous.position) ? 'entries are out of order' :
        null;
      if (problem) throw new CorruptIndexError(`offset index ${this.file} entry ${slot}: ${problem}`);
      previous = e;
    }
  }
}
