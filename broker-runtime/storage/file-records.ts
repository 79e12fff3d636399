// The .log file of one segment (Kafka's FileRecords): concatenated RecordBatch v2 bytes, appended
// and read with positioned writes and reads on one file descriptor.
//
// Threading contract: every call is synchronous. A Log is owned by one broker worker thread, so a
// synchronous append is atomic with respect to every other request on that thread: no reader can
// observe half a batch and no lock is needed. Reads copy bytes into memory of the caller's (a
// fresh Buffer unless it passes an allocator), so a segment may be truncated or deleted right
// after a read returns.
import * as fs from 'node:fs';
import { KafkaError } from '../errors.js';
import {
  BATCH_HEADER_SIZE,
  BATCH_LENGTH_OFFSET,
  LAST_OFFSET_DELTA_OFFSET,
  LOG_OVERHEAD,
  MAX_TIMESTAMP_OFFSET,
  readInt64,
} from '../protocol/records/batch-header.js';

/** Where one batch sits in the file, and the header fields a scan needs. */
export interface BatchPosition {
  position: number;
  sizeInBytes: number;
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
}

const HEADER_SCAN_CHUNK = 8 * 1024;
const BATCH_SCAN_CHUNK = 1024 * 1024;
// One scratch buffer for searchForOffset, the fetch path's header scan: allocating an unpooled
// 8 KiB Buffer per fetch cost 10-20% of read throughput in bench/log-bench.ts.
// Invariant: only plain synchronous functions use it, never a generator that could interleave.
const scratch = Buffer.allocUnsafe(HEADER_SCAN_CHUNK);

export class FileRecords {
  private fd: number | null;
  private bytes: number;

  private constructor(private filePath: string, fd: number) {
    this.fd = fd;
    this.bytes = fs.fstatSync(fd).size;
  }

  static open(file: string): FileRecords {
    return new FileRecords(file, fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644));
  }

  get file(): string {
    return this.filePath;
  }

  get sizeInBytes(): number {
    return this.bytes;
  }

  /** One positioned write of all of `records` at the end of the file. */
  append(records: Buffer): void {
    const fd = this.requireFd();
    const start = this.bytes;
    try {
      let done = 0;
      while (done < records.length) done += fs.writeSync(fd, records, done, records.length - done, start + done);
    } catch (err) {
      // Leave no partial batch behind for the next append to follow.
      try {
        fs.ftruncateSync(fd, start);
      } catch {
        // the write error below is the one to report
      }
      throw new KafkaError('KAFKA_STORAGE_ERROR', `append to ${this.filePath} failed: ${(err as Error).message}`);
    }
    this.bytes = start + records.length;
  }

  /**
   * Reads [position, position + length) (shorter at the end of the file) into memory from
   * `allocate`, a fresh Buffer by default.
   */
  read(position: number, length: number, allocate: (size: number) => Buffer = Buffer.allocUnsafe): Buffer {
    const fd = this.requireFd();
    const wanted = Math.max(0, Math.min(length, this.bytes - position));
    const buf = allocate(wanted);
    let done = 0;
    while (done < wanted) {
      const n = fs.readSync(fd, buf, done, wanted - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done === wanted ? buf : buf.subarray(0, done);
  }

  /**
   * The first batch at or after `startPosition` (a batch boundary) whose last offset is >=
   * targetOffset (Kafka's searchForOffsetWithSize), or null when there is none.
   */
  searchForOffset(targetOffset: number, startPosition: number): BatchPosition | null {
    const fd = this.requireFd();
    let chunkStart = startPosition;
    let chunkLength = 0;
    let position = startPosition;
    while (position + BATCH_HEADER_SIZE <= this.bytes) {
      if (position + BATCH_HEADER_SIZE > chunkStart + chunkLength) {
        chunkStart = position;
        chunkLength = fs.readSync(fd, scratch, 0, Math.min(HEADER_SCAN_CHUNK, this.bytes - position), position);
        if (chunkLength < BATCH_HEADER_SIZE) return null;
      }
      const at = position - chunkStart;
      const sizeInBytes = scratch.readInt32BE(at + BATCH_LENGTH_OFFSET) + LOG_OVERHEAD;
      if (sizeInBytes < BATCH_HEADER_SIZE || position + sizeInBytes > this.bytes) return null;
      const baseOffset = readInt64(scratch, at);
      const lastOffset = baseOffset + scratch.readInt32BE(at + LAST_OFFSET_DELTA_OFFSET);
      if (lastOffset >= targetOffset) {
        return { position, sizeInBytes, baseOffset, lastOffset, maxTimestamp: readInt64(scratch, at + MAX_TIMESTAMP_OFFSET) };
      }
      position += sizeInBytes;
    }
    return null;
  }

  /**
   * Walks batch headers from `startPosition` (which must be a batch boundary) without reading the
   * records. Stops at the end of the file or at a header that is torn or has an impossible length.
   */
  *batchPositions(startPosition: number): Generator<BatchPosition> {
    let chunk: Buffer = Buffer.alloc(0);
    let chunkStart = startPosition;
    let position = startPosition;
    while (position + LOG_OVERHEAD <= this.bytes) {
      if (position + BATCH_HEADER_SIZE > chunkStart + chunk.length) {
        chunk = this.read(position, HEADER_SCAN_CHUNK);
        chunkStart = position;
        if (chunk.length < BATCH_HEADER_SIZE) return;
      }
      const at = position - chunkStart;
      const sizeInBytes = chunk.readInt32BE(at + BATCH_LENGTH_OFFSET) + LOG_OVERHEAD;
      if (sizeInBytes < BATCH_HEADER_SIZE || position + sizeInBytes > this.bytes) return;
      const baseOffset = readInt64(chunk, at);
      yield {
        position,
        sizeInBytes,
        baseOffset,
        lastOffset: baseOffset + chunk.readInt32BE(at + LAST_OFFSET_DELTA_OFFSET),
        maxTimestamp: readInt64(chunk, at + MAX_TIMESTAMP_OFFSET),
      };
      position += sizeInBytes;
    }
  }

  /**
   * Whole batches from `startPosition`, as views into large reads (the cleaner and recovery read a
   * segment front to back). Stops before a batch whose length runs past the end of the file; the
   * caller validates CRCs.
   */
  *batches(startPosition: number): Generator<{ position: number; batch: Buffer }> {
    let chunk: Buffer = Buffer.alloc(0);
    let chunkStart = startPosition;
    let position = startPosition;
    while (position + LOG_OVERHEAD <= this.bytes) {
      let at = position - chunkStart;
      if (at + LOG_OVERHEAD > chunk.length) {
        chunk = this.read(position, BATCH_SCAN_CHUNK);
        chunkStart = position;
        at = 0;
      }
      const sizeInBytes = chunk.readInt32BE(at + BATCH_LENGTH_OFFSET) + LOG_OVERHEAD;
      if (sizeInBytes < BATCH_HEADER_SIZE || position + sizeInBytes > this.bytes) return;
      if (at + sizeInBytes > chunk.length) {
        chunk = this.read(position, Math.max(sizeInBytes, BATCH_SCAN_CHUNK));
        chunkStart = position;
        at = 0;
      }
      yield { position, batch: chunk.subarray(at, at + sizeInBytes) };
      position += sizeInBytes;
    }
  }

  truncateTo(size: number): number {
    if (size >= this.bytes) return 0;
    const truncated = this.bytes - size;
    fs.ftruncateSync(this.requireFd(), size);
    this.bytes = size;
    return truncated;
  }

  /** fdatasync: the data and the file size, which is all a reader needs after a crash. */
  flush(): void {
    fs.fdatasyncSync(this.requireFd());
  }

  lastModified(): number {
    return fs.fstatSync(this.requireFd()).mtimeMs;
  }

  close(): void {
    if (this.fd === null) return;
    fs.closeSync(this.fd);
    this.fd = null;
  }

  renameTo(newPath: string): void {
    fs.renameSync(this.filePath, newPath);
    this.filePath = newPath;
  }

  deleteIfExists(): void {
    this.close();
    fs.rmSync(this.filePath, { force: true });
  }

  private requireFd(): number {
    if (this.fd === null) throw new KafkaError('KAFKA_STORAGE_ERROR', `log file ${this.filePath} is closed`);
    return this.fd;
  }
}
