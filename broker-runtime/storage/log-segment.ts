// One segment of a partition log (Kafka's LogSegment): `<20-digit base offset>.log` holding raw
// batches, plus its sparse `.index` (offset -> position) and `.timeindex` (timestamp -> offset).
//
// Threading contract: synchronous, owned by one broker worker thread (see file-records.ts).
// Bytes stay bytes: append writes the batches exactly as given in one write, and read returns one
// positioned read of whole batches; records are decoded only to answer a timestamp lookup.
import { InvariantViolation } from '../errors.js';
import {
  type BatchHeader,
  LAST_OFFSET_DELTA_OFFSET,
  MAX_TIMESTAMP_OFFSET,
  batchSizeAt,
  readInt64,
  validateBatch,
} from '../protocol/records/batch-header.js';
import { iterateRecords } from '../protocol/records/record-batch.js';
import { CorruptIndexError } from './abstract-index.js';
import { type BatchPosition, FileRecords } from './file-records.js';
import { logFile, offsetIndexFile, timeIndexFile } from './log-file-utils.js';
import { OffsetIndex } from './offset-index.js';
import { NO_TIMESTAMP, TimeIndex, type TimestampOffset } from './time-index.js';

export interface LogSegmentOptions {
  indexIntervalBytes: number;
  /** segment.index.bytes: the size at which either index counts as full. */
  maxIndexSize: number;
  /** Clock reading at creation: segment.ms falls back to it for a segment without timestamps. */
  now: number;
  /** '' for a live segment; '.cleaned' or '.swap' while the cleaner builds one. */
  fileSuffix?: string;
}

export interface RollParams {
  maxSegmentBytes: number;
  /** segment.ms minus this segment's jitter. */
  maxSegmentMs: number;
  now: number;
  messagesSize: number;
  maxTimestampInMessages: number;
  maxOffsetInMessages: number;
}

export interface SegmentReadOptions {
  /** Exclusive: no batch whose last offset is at or above it is returned. */
  maxOffset?: number;
  /** Return the first batch whole even when it is larger than maxSize. */
  minOneMessage?: boolean;
  /** Where the bytes read go (a fetch response's pooled memory); a fresh Buffer by default. */
  allocate?: (size: number) => Buffer;
}

export class LogSegment {
  private bytesSinceLastIndexEntry = 0;
  /** Largest timestamp and the last offset of the batch holding it; loaded lazily (see maxTimestampAndOffset). */
  private maxTimestampAndOffsetSoFar: TimestampOffset | null = null;
  /** The first batch's max timestamp (segment.ms counts from it); undefined until loaded. */
  private rollingBasedTimestamp: number | null | undefined = undefined;

  private constructor(
    readonly baseOffset: number,
    readonly log: FileRecords,
    readonly offsetIndex: OffsetIndex,
    readonly timeIndex: TimeIndex,
    private readonly indexIntervalBytes: number,
    readonly created: number,
  ) {}

  /** Opens the segment's three files, creating any that is missing. */
  static open(dir: string, baseOffset: number, opts: LogSegmentOptions): LogSegment {
    const suffix = opts.fileSuffix ?? '';
    const log = FileRecords.open(logFile(dir, baseOffset, suffix));
    const offsetIndex = new OffsetIndex(offsetIndexFile(dir, baseOffset, suffix), baseOffset, opts.maxIndexSize);
    const timeIndex = new TimeIndex(timeIndexFile(dir, baseOffset, suffix), baseOffset, opts.maxIndexSize);
    return new LogSegment(baseOffset, log, offsetIndex, timeIndex, opts.indexIntervalBytes, opts.now);
  }

  get size(): number {
    return this.log.sizeInBytes;
  }

  shouldRoll(p: RollParams): boolean {
    const reachedRollMs = this.timeWaitedForRoll(p.now, p.maxTimestampInMessages) > p.maxSegmentMs;
    return (
      this.size > p.maxSegmentBytes - p.messagesSize ||
      (this.size > 0 && reachedRollMs) ||
      this.offsetIndex.isFull() ||
      this.timeIndex.isFull() ||
      p.maxOffsetInMessages - this.baseOffset > 0x7fffffff
    );
  }

  /** The first batch's max timestamp (Kafka's getFirstBatchTimestamp), or null for an empty segment. */
  firstBatchTimestamp(): number | null {
    if (this.rollingBasedTimestamp === undefined) {
      const first = this.log.batchPositions(0).next();
      this.rollingBasedTimestamp = first.done ? null : first.value.maxTimestamp;
    }
    return this.rollingBasedTimestamp;
  }

  /** segment.ms counts from the first batch's timestamp, or from creation when there is none. */
  private timeWaitedForRoll(now: number, messageTimestamp: number): number {
    const t = this.firstBatchTimestamp();
    return t !== null && t >= 0 ? messageTimestamp - t : now - this.created;
  }

  /**
   * Appends whole batches in one write. Invariant: `records` is exactly the concatenation of
   * `batches`, their offsets already assigned and increasing past everything in the segment.
   */
  append(records: Buffer, batches: readonly BatchHeader[]): void {
    if (records.length === 0) return;
    const max = this.maxTimestampAndOffset();
    const wasEmpty = this.size === 0;
    this.log.append(records);
    let position = this.size - records.length;
    for (const batch of batches) {
      const lastOffset = batch.baseOffset + batch.lastOffsetDelta;
      if (batch.maxTimestamp > max.timestamp) {
        max.timestamp = batch.maxTimestamp;
        max.offset = lastOffset;
      }
      // NB: a full index only makes lookups scan further; the log rolls before the next append.
      if (this.bytesSinceLastIndexEntry > this.indexIntervalBytes && !this.offsetIndex.isFull() && !this.timeIndex.isFull()) {
        this.offsetIndex.append(lastOffset, position);
        this.timeIndex.maybeAppend(max.timestamp, max.offset);
        this.bytesSinceLastIndexEntry = 0;
      }
      position += batch.sizeInBytes;
      this.bytesSinceLastIndexEntry += batch.sizeInBytes;
    }
    if (wasEmpty) this.rollingBasedTimestamp = batches[0].maxTimestamp;
  }

  /** The first batch whose last offset is >= `offset`, scanning from `startingPosition`. */
  translateOffset(offset: number, startingPosition = 0): BatchPosition | null {
    return this.log.searchForOffset(offset, startingPosition);
  }

  /**
   * Whole batches starting with the one that CONTAINS startOffset, up to maxSize bytes. Null when
   * the segment holds nothing at or after startOffset; empty records when the first batch does not
   * fit maxSize (and minOneMessage is off) or is at or past maxOffset.
   */
  read(startOffset: number, maxSize: number, opts: SegmentReadOptions = {}): { records: Buffer; firstOffset: number } | null {
    const maxOffset = opts.maxOffset ?? Infinity;
    const start = this.translateOffset(startOffset, this.offsetIndex.lookup(startOffset).position);
    if (!start) return null;
    if (start.lastOffset >= maxOffset) return { records: Buffer.alloc(0), firstOffset: start.baseOffset };
    const wanted = opts.minOneMessage ? Math.max(maxSize, start.sizeInBytes) : maxSize;
    const buf = this.log.read(start.position, wanted, opts.allocate);
    // Keep only whole batches below maxOffset: walk the headers inside what was read.
    let end = 0;
    while (end < buf.length) {
      const size = batchSizeAt(buf, end);
      if (size <= 0 || end + size > buf.length || end + LAST_OFFSET_DELTA_OFFSET + 4 > buf.length) break;
      const lastOffset = readInt64(buf, end) + buf.readInt32BE(end + LAST_OFFSET_DELTA_OFFSET);
      if (lastOffset >= maxOffset) break;
      end += size;
    }
    return { records: buf.subarray(0, end), firstOffset: start.baseOffset };
  }

  /** The offset after the last batch (Kafka's readNextOffset), or the base offset when empty. */
  readNextOffset(): number {
    let next = this.baseOffset;
    for (const batch of this.log.batchPositions(this.offsetIndex.lookup(this.offsetIndex.lastOffset).position)) {
      next = batch.lastOffset + 1;
    }
    return next;
  }

  /** Largest timestamp in the segment and the last offset of its batch (NO_TIMESTAMP when none). */
  maxTimestampAndOffset(): TimestampOffset {
    if (this.maxTimestampAndOffsetSoFar === null) {
      // Kafka's readLargestTimestamp: the time index's last entry, then a scan of what follows it.
      const max = { ...this.timeIndex.lastEntry };
      const position = this.offsetIndex.lookup(max.offset).position;
      for (const batch of this.log.batchPositions(position)) {
        if (batch.maxTimestamp > max.timestamp) {
          max.timestamp = batch.maxTimestamp;
          max.offset = batch.lastOffset;
        }
      }
      this.maxTimestampAndOffsetSoFar = max;
    }
    return this.maxTimestampAndOffsetSoFar;
  }

  /** What retention.ms compares with: the largest timestamp, else the file's modification time. */
  largestTimestamp(): number {
    const max = this.maxTimestampAndOffset().timestamp;
    return max >= 0 ? max : this.log.lastModified();
  }

  /** The first record at or after startingOffset with timestamp >= `timestamp`. */
  findOffsetByTimestamp(timestamp: number, startingOffset = this.baseOffset): TimestampOffset | null {
    const indexed = this.timeIndex.lookup(timestamp);
    const position = this.offsetIndex.lookup(Math.max(indexed.offset, startingOffset)).position;
    for (const batch of this.log.batches(position)) {
      const lastOffset = readInt64(batch.batch, 0) + batch.batch.readInt32BE(LAST_OFFSET_DELTA_OFFSET);
      if (lastOffset < startingOffset || readInt64(batch.batch, MAX_TIMESTAMP_OFFSET) < timestamp) continue;
      for (const record of iterateRecords(batch.batch)) {
        if (record.timestamp >= timestamp && record.offset >= startingOffset) return { timestamp: record.timestamp, offset: record.offset };
      }
    }
    return null;
  }

  /**
   * Rebuilds both indexes from the log, validating every batch (CRC included). Stops at the first
   * batch that is torn, corrupt, or whose offsets do not increase, and truncates the file there.
   * Returns the number of bytes truncated.
   */
  recover(): number {
    this.offsetIndex.reset();
    this.timeIndex.reset();
    this.bytesSinceLastIndexEntry = 0;
    const max: TimestampOffset = { timestamp: NO_TIMESTAMP, offset: this.baseOffset };
    let validBytes = 0;
    let lastIndexEntry = 0;
    let previousLastOffset = this.baseOffset - 1;
    for (const { position, batch } of this.log.batches(0)) {
      let header: BatchHeader;
      try {
        header = validateBatch(batch);
      } catch {
        break;
      }
      const lastOffset = header.baseOffset + header.lastOffsetDelta;
      if (header.baseOffset <= previousLastOffset || lastOffset - this.baseOffset > 0x7fffffff) break;
      if (header.maxTimestamp > max.timestamp) {
        max.timestamp = header.maxTimestamp;
        max.offset = lastOffset;
      }
      if (position - lastIndexEntry > this.indexIntervalBytes && !this.offsetIndex.isFull() && !this.timeIndex.isFull()) {
        this.offsetIndex.append(lastOffset, position);
        this.timeIndex.maybeAppend(max.timestamp, max.offset);
        lastIndexEntry = position;
      }
      if (validBytes === 0) this.rollingBasedTimestamp = header.maxTimestamp;
      previousLastOffset = lastOffset;
      validBytes = position + batch.length;
    }
    if (validBytes === 0) this.rollingBasedTimestamp = null;
    const truncated = this.log.truncateTo(validBytes);
    this.timeIndex.maybeAppend(max.timestamp, max.offset, true);
    this.offsetIndex.writePending();
    this.timeIndex.writePending();
    this.maxTimestampAndOffsetSoFar = max;
    this.bytesSinceLastIndexEntry = validBytes - lastIndexEntry;
    return truncated;
  }

  /**
   * Throws CorruptIndexError when either index cannot be trusted for this log: entries are out of
   * order or out of bounds, or the walk from the last offset index entry does not land on the batch
   * it names and end exactly at the end of the file. NB: open() creates a missing index file empty,
   * which passes; the loader checks for missing files before opening.
   */
  sanityCheck(): void {
    this.offsetIndex.sanityCheck(this.size, Infinity);
    const last = this.offsetIndex.entries > 0 ? this.offsetIndex.entry(this.offsetIndex.entries - 1) : null;
    let position = last ? last.position : 0;
    let nextOffset = this.baseOffset;
    for (const batch of this.log.batchPositions(position)) {
      const misplaced = position === last?.position ? batch.lastOffset !== last.offset : batch.baseOffset < nextOffset;
      if (misplaced) throw new CorruptIndexError(`segment ${this.baseOffset}: the offset index does not match the batches at byte ${batch.position}`);
      nextOffset = batch.lastOffset + 1;
      position = batch.position + batch.sizeInBytes;
    }
    if (position !== this.size) {
      throw new CorruptIndexError(`segment ${this.baseOffset}: batches after the last index entry end at byte ${position}, the file at ${this.size}`);
    }
    this.offsetIndex.sanityCheck(this.size, nextOffset);
    this.timeIndex.sanityCheck(this.size, nextOffset);
  }

  /** Removes every batch from the one containing `offset` on. Returns the bytes removed. */
  truncateTo(offset: number): number {
    const mapping = this.translateOffset(offset, this.offsetIndex.lookup(offset).position);
    this.offsetIndex.truncateTo(offset);
    this.timeIndex.truncateTo(offset);
    if (!mapping) return 0;
    const truncated = this.log.truncateTo(mapping.position);
    this.bytesSinceLastIndexEntry = 0;
    this.maxTimestampAndOffsetSoFar = null;
    if (this.size === 0) this.rollingBasedTimestamp = null;
    return truncated;
  }

  /** Called when the log rolls past this segment: the time index gets its final entry. */
  onBecomeInactiveSegment(): void {
    const max = this.maxTimestampAndOffset();
    this.timeIndex.maybeAppend(max.timestamp, max.offset, true);
    this.offsetIndex.writePending();
    this.timeIndex.writePending();
  }

  flush(): void {
    this.log.flush();
    this.offsetIndex.flush();
    this.timeIndex.flush();
  }

  close(): void {
    const max = this.maxTimestampAndOffset();
    this.timeIndex.maybeAppend(max.timestamp, max.offset, true);
    this.offsetIndex.close();
    this.timeIndex.close();
    this.log.close();
  }

  /** Closes the files without writing anything (a crash, or a failed log directory). */
  closeHandlers(): void {
    this.offsetIndex.closeHandler();
    this.timeIndex.closeHandler();
    this.log.close();
  }

  deleteIfExists(): void {
    this.log.deleteIfExists();
    this.offsetIndex.deleteIfExists();
    this.timeIndex.deleteIfExists();
  }

  /** Renames all three files from one suffix to another; the log file goes first. */
  changeFileSuffixes(oldSuffix: string, newSuffix: string): void {
    const rename = (file: string) => {
      if (!file.endsWith(oldSuffix)) throw new InvariantViolation(`${file} does not end with "${oldSuffix}"`);
      return file.slice(0, file.length - oldSuffix.length) + newSuffix;
    };
    this.log.renameTo(rename(this.log.file));
    this.offsetIndex.renameTo(rename(this.offsetIndex.file));
    this.timeIndex.renameTo(rename(this.timeIndex.file));
  }
}
