// What OffsetIndex and TimeIndex share (Kafka's AbstractIndex): a file of fixed-size entries,
// sorted, searched by binary search. Kafka memory-maps the file; Oxbow keeps the entries in a
// Buffer laid out exactly as on disk and writes the unwritten tail with one positioned write.
//
// Invariant: buf[0, entries * entrySize) is the whole index; the file holds its first
// `writtenEntries` entries. The tail reaches the file on flush, on close, and every
// WRITE_BEHIND_ENTRIES appends. A file shorter than the log is still a correct (sparser) index;
// one that is torn or points past the log fails sanityCheck and the segment is rebuilt.
import * as fs from 'node:fs';
import { KafkaError } from '../errors.js';

const WRITE_BEHIND_ENTRIES = 512;
const INITIAL_CAPACITY_ENTRIES = 64;

/** An index file that cannot be trusted: the segment's indexes must be rebuilt from its log. */
export class CorruptIndexError extends KafkaError {
  constructor(message: string) {
    super('KAFKA_STORAGE_ERROR', message);
    this.name = 'CorruptIndexError';
  }
}

export abstract class AbstractIndex {
  protected buf: Buffer;
  private entryCount: number;
  private writtenEntries: number;
  private fileBytes: number;
  private fd: number | null;
  readonly maxEntries: number;

  protected constructor(
    private filePath: string,
    readonly baseOffset: number,
    maxIndexSize: number,
    protected readonly entrySize: number,
  ) {
    this.maxEntries = Math.floor(maxIndexSize / entrySize);
    this.fd = fs.openSync(filePath, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
    this.fileBytes = fs.fstatSync(this.fd).size;
    this.entryCount = Math.floor(this.fileBytes / entrySize);
    this.writtenEntries = this.entryCount;
    this.buf = Buffer.alloc(Math.max(INITIAL_CAPACITY_ENTRIES, this.entryCount) * entrySize);
    if (this.entryCount > 0) readFully(this.fd, this.buf, this.entryCount * entrySize);
  }

  get file(): string {
    return this.filePath;
  }

  get entries(): number {
    return this.entryCount;
  }

  get sizeInBytes(): number {
    return this.entryCount * this.entrySize;
  }

  isFull(): boolean {
    return this.entryCount >= this.maxEntries;
  }

  /** Kafka's sanityCheck, plus the checks an in-memory index can afford: order and bounds. */
  sanityCheck(logSize: number, nextOffset: number): void {
    if (this.fileBytes % this.entrySize !== 0) {
      throw new CorruptIndexError(`index file ${this.filePath} is ${this.fileBytes} bytes, not a multiple of ${this.entrySize}`);
    }
    this.checkEntries(logSize, nextOffset);
  }

  protected abstract checkEntries(logSize: number, nextOffset: number): void;

  /** Room for one more entry at slot `entries`; the caller writes it, then calls entryAppended. */
  protected reserveSlot(): number {
    const needed = (this.entryCount + 1) * this.entrySize;
    if (needed > this.buf.length) {
      const grown = Buffer.alloc(Math.max(needed, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.entryCount * this.entrySize);
      this.buf = grown;
    }
    return this.entryCount * this.entrySize;
  }

  protected entryAppended(): void {
    this.entryCount++;
    if (this.entryCount - this.writtenEntries >= WRITE_BEHIND_ENTRIES) this.writePending();
  }

  /** The last slot whose key is <= target, or -1 (Kafka's largestLowerBoundSlotFor). */
  protected largestLowerBoundSlot(target: number, keyOf: (slot: number) => number): number {
    if (this.entryCount === 0 || keyOf(0) > target) return -1;
    let lo = 0;
    let hi = this.entryCount - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (keyOf(mid) <= target) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Keeps the first `entries` entries. */
  protected truncateToEntries(entries: number): void {
    this.entryCount = Math.min(this.entryCount, entries);
    if (this.writtenEntries > this.entryCount || this.fileBytes > this.entryCount * this.entrySize) {
      this.writtenEntries = Math.min(this.writtenEntries, this.entryCount);
      this.fileBytes = this.writtenEntries * this.entrySize;
      fs.ftruncateSync(this.requireFd(), this.fileBytes);
    }
  }

  reset(): void {
    this.truncateToEntries(0);
  }

  /** Writes the entries not yet in the file (no fsync). */
  writePending(): void {
    const fd = this.requireFd();
    if (this.fileBytes > this.writtenEntries * this.entrySize) {
      // A stale tail loaded from disk and since truncated in memory must not outlive us.
      this.fileBytes = this.writtenEntries * this.entrySize;
      fs.ftruncateSync(fd, this.fileBytes);
    }
    if (this.entryCount === this.writtenEntries) return;
    const from = this.writtenEntries * this.entrySize;
    const to = this.entryCount * this.entrySize;
    let done = from;
    while (done < to) done += fs.writeSync(fd, this.buf, done, to - done, done);
    this.writtenEntries = this.entryCount;
    this.fileBytes = to;
  }

  flush(): void {
    this.writePending();
    fs.fsyncSync(this.requireFd());
  }

  close(): void {
    if (this.fd === null) return;
    this.writePending();
    fs.closeSync(this.fd);
    this.fd = null;
  }

  /** Closes the file without writing anything: what a crash leaves behind. */
  closeHandler(): void {
    if (this.fd === null) return;
    fs.closeSync(this.fd);
    this.fd = null;
  }

  renameTo(newPath: string): void {
    fs.renameSync(this.filePath, newPath);
    this.filePath = newPath;
  }

  deleteIfExists(): void {
    this.closeHandler();
    fs.rmSync(this.filePath, { force: true });
  }

  private requireFd(): number {
    if (this.fd === null) throw new KafkaError('KAFKA_STORAGE_ERROR', `index ${this.filePath} is closed`);
    return this.fd;
  }
}

function readFully(fd: number, buf: Buffer, length: number): void {
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, done, length - done, done);
    if (n === 0) break;
    done += n;
  }
}
