// One partition's log (Kafka's UnifiedLog + LocalLog): appends assign offsets and go to the active
// segment, reads return whole raw batches, and segments roll, are retained, truncated and flushed
// under the topic's LogConfig.
//
// Threading contract: synchronous, owned by one broker worker thread (see file-records.ts); every
// method runs to completion before the next request is looked at, so there are no locks.
//
// In-memory state (everything else is read from the segment files when asked for):
//   segments        the sorted segments; the last is the active one
//   nextOffset      the log end offset, so logEndOffset never touches the disk
//   logStartOffset  the first readable offset (raised by retention and DeleteRecords)
//   recoveryPoint   offsets below it were fsynced; crash recovery starts at its segment
//   lastFlushedTime for flush.ms
//   rollJitterMs    segment.jitter.ms drawn for the current active segment
//
// Invariant: the leader-epoch cache follows the log: an appended batch's partitionLeaderEpoch is
// recorded when it is new, truncation cuts the cache from the end, a rising log start from the
// start (KIP-101).
import * as fs from 'node:fs';
import { InvariantViolation, OffsetOutOfRangeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { CLEANED_FILE_SUFFIX, SWAP_FILE_SUFFIX, flushDir, logFile } from './log-file-utils.js';
import { type Clock, SYSTEM_CLOCK } from './clock.js';
import { DEFAULT_LOG_CONFIG, type LogConfig, isDeleteEnabled } from './log-config.js';
import type { EpochEndOffset, LeaderEpochFileCache } from './leader-epoch-file-cache.js';
import { loadLeaderEpochCache } from './leader-epoch-loader.js';
import { loadLog, segmentOptions } from './log-loader.js';
import { LogSegment } from './log-segment.js';
import type { LogSegments } from './log-segments.js';
import { type AppendOptions, type LogAppendInfo, prepareAppend } from './log-append.js';
import { type TimestampAndOffset, offsetForTimestamp } from './log-timestamps.js';
import { loadProducerState, writeProducerSnapshot } from './producer-state-loader.js';
import type { ProducerStateManager } from './producer-state-manager.js';

export { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, MAX_TIMESTAMP, type TimestampAndOffset } from './log-timestamps.js';
export type { AppendOptions, LogAppendInfo } from './log-append.js';

export interface LogOpenOptions {
  clock?: Clock;
  /** From the recovery-point checkpoint; default 0: recover every segment unless shut down cleanly. */
  recoveryPoint?: number;
  /** From the log-start-offset checkpoint; default 0 (the first segment's base offset). */
  logStartOffset?: number;
  hadCleanShutdown?: boolean;
  /** For segment.jitter.ms. */
  random?: () => number;
  /** Where recovery reports what it repaired (default: the engine's logger). */
  logger?: Logger;
}

export interface ReadOptions {
  /** Exclusive upper bound (the high watermark): no batch reaching it is returned. Default: log end. */
  maxOffset?: number;
  /** Return at least one whole batch, even one larger than maxBytes. */
  minOneMessage?: boolean;
  /** Where the bytes read go (a fetch response's pooled memory); a fresh Buffer by default. */
  allocate?: (size: number) => Buffer;
}

export interface FetchDataInfo {
  /** Whole batches, raw, starting with the one that contains the fetch offset. */
  records: Buffer;
  logStartOffset: number;
  logEndOffset: number;
}

export class Log {
  private nextOffset: number;
  private startOffset: number;
  private recoveryOffset: number;
  private lastFlushed: number;
  private rollJitterMs = 0;
  private dirNeedsFlush = false;
  /** Idempotent producers' last sequences, for duplicate and gap detection on append. */
  readonly producerState: ProducerStateManager;
  /** Where each leader epoch began, for OffsetForLeaderEpoch and follower truncation. */
  readonly leaderEpochCache: LeaderEpochFileCache;

  private constructor(
    readonly dir: string,
    private currentConfig: LogConfig,
    private readonly clock: Clock,
    private readonly random: () => number,
    private readonly segments: LogSegments,
    loaded: { nextOffset: number; logStartOffset: number; recoveryPoint: number },
    logger?: Logger,
  ) {
    this.nextOffset = loaded.nextOffset;
    this.startOffset = loaded.logStartOffset;
    this.recoveryOffset = loaded.recoveryPoint;
    this.lastFlushed = clock.now();
    this.drawRollJitter();
    this.producerState = loadProducerState(dir, segments.values(), this.nextOffset, logger);
    // loadLog's recovery point is the log end after a clean shutdown, else where recovery began.
    this.leaderEpochCache = loadLeaderEpochCache(dir, segments.values(), {
      logStartOffset: this.startOffset, logEndOffset: this.nextOffset, scanFrom: loaded.recoveryPoint, logger,
    });
  }

  /** Opens (creating if needed) the log in `dir`, recovering what a crash left behind. */
  static open(dir: string, config: LogConfig = DEFAULT_LOG_CONFIG, opts: LogOpenOptions = {}): Log {
    const clock = opts.clock ?? SYSTEM_CLOCK;
    const loaded = loadLog(dir, config, {
      now: clock.now(),
      recoveryPoint: opts.recoveryPoint ?? 0,
      logStartOffset: opts.logStartOffset ?? 0,
      hadCleanShutdown: opts.hadCleanShutdown ?? false,
      logger: opts.logger,
    });
    return new Log(dir, config, clock, opts.random ?? Math.random, loaded.segments, loaded, opts.logger);
  }

  get config(): LogConfig {
    return this.currentConfig;
  }

  updateConfig(config: LogConfig): void {
    this.currentConfig = config;
    this.drawRollJitter();
  }

  get logStartOffset(): number {
    return this.startOffset;
  }

  get logEndOffset(): number {
    return this.nextOffset;
  }

  get recoveryPoint(): number {
    return this.recoveryOffset;
  }

  get lastFlushTime(): number {
    return this.lastFlushed;
  }

  /** Bytes on disk over all segments. */
  get size(): number {
    return this.segments.sizeInBytes();
  }

  get activeSegment(): LogSegment {
    return this.segments.activeSegment;
  }

  /** All segments, oldest first (the UI's segment view and the cleaner read these). */
  logSegments(): readonly LogSegment[] {
    return this.segments.values();
  }

  /**
   * Validates and appends a produce request's (or a follower fetch's) batches. With assignOffsets
   * (the default) offsets start at the log end; otherwise the batches keep theirs. Nothing is
   * written unless every batch is valid.
   */
  append(records: Buffer, opts: AppendOptions = {}): LogAppendInfo {
    const now = this.clock.now();
    const prepared = prepareAppend(records, this.currentConfig, this.nextOffset, now, opts, this.producerState);
    if (prepared.duplicate) {
      // An idempotent producer's retry of a batch already in the log: its original offsets, no error.
      const { firstOffset, lastOffset } = prepared.duplicate;
      return { firstOffset, lastOffset, logAppendTime: -1, logStartOffset: this.startOffset, recordCount: 0 };
    }
    if (prepared.batches.length === 0) {
      return { firstOffset: -1, lastOffset: -1, logAppendTime: -1, logStartOffset: this.startOffset, recordCount: 0 };
    }
    const segment = this.maybeRoll(prepared.records.length, prepared.firstOffset, prepared.lastOffset, prepared.maxTimestamp, now);
    segment.append(prepared.records, prepared.batches);
    this.nextOffset = prepared.lastOffset + 1;
    for (const h of prepared.batches) {
      this.producerState.update(h, h.baseOffset, h.baseOffset + h.lastOffsetDelta);
      // A leader's batches carry the epoch it stamped, a follower's the epoch its leader stamped.
      if (h.partitionLeaderEpoch >= 0) this.leaderEpochCache.assign(h.partitionLeaderEpoch, h.baseOffset);
    }
    if (this.currentConfig.fsyncOnAppend) {
      // Data only: the indexes are rebuilt by recovery from the recovery point's segment anyway.
      segment.log.flush();
      this.recoveryOffset = this.nextOffset;
      this.lastFlushed = now;
    } else if (this.nextOffset - this.recoveryOffset >= this.currentConfig.flushMessages) {
      this.flush();
    }
    return {
      firstOffset: prepared.firstOffset,
      lastOffset: prepared.lastOffset,
      logAppendTime: prepared.logAppendTime,
      logStartOffset: this.startOffset,
      recordCount: prepared.recordCount,
    };
  }

  /**
   * Reads from the segment holding fetchOffset (Kafka reads one segment per fetch). Throws
   * OffsetOutOfRangeError below the log start or past the log end.
   */
  read(fetchOffset: number, maxBytes: number, opts: ReadOptions = {}): FetchDataInfo {
    if (fetchOffset < this.startOffset || fetchOffset > this.nextOffset) {
      throw new OffsetOutOfRangeError(`Offset ${fetchOffset} is out of range: the log holds [${this.startOffset}, ${this.nextOffset}).`);
    }
    const maxOffset = Math.min(opts.maxOffset ?? this.nextOffset, this.nextOffset);
    const empty = { records: Buffer.alloc(0), logStartOffset: this.startOffset, logEndOffset: this.nextOffset };
    if (fetchOffset >= maxOffset) return empty;
    const candidates = this.segments.valuesBetween(fetchOffset, maxOffset);
    for (const segment of candidates) {
      const result = segment.read(fetchOffset, maxBytes, { maxOffset, minOneMessage: opts.minOneMessage, allocate: opts.allocate });
      if (result) return { ...empty, records: result.records };
    }
    return empty;
  }

  /**
   * A new leader records its epoch at the log end before it appends anything (Kafka's makeLeader):
   * a follower holding records of a later epoch than the leader has written must still learn
   * where this leader's log diverges from its own.
   */
  maybeAssignEpochStartOffset(epoch: number, startOffset = this.nextOffset): void {
    if (epoch >= 0) this.leaderEpochCache.assign(epoch, startOffset);
  }

  /** Kafka's endOffsetForEpoch (OffsetForLeaderEpoch), or null when no epoch <= `epoch` is known. */
  endOffsetForEpoch(epoch: number): EpochEndOffset | null {
    const found = this.leaderEpochCache.endOffsetFor(epoch, this.nextOffset);
    return found.endOffset < 0 ? null : found;
  }

  /** Kafka's fetchOffsetByTimestamp, for ListOffsets: a timestamp or one of the special values. */
  offsetForTimestamp(timestamp: number): TimestampAndOffset | null {
    return offsetForTimestamp(this.segments.values(), timestamp, this.startOffset, this.nextOffset);
  }

  private drawRollJitter(): void {
    const jitter = this.currentConfig.segmentJitterMs;
    this.rollJitterMs = jitter > 0 && Number.isFinite(jitter) ? Math.floor(this.random() * jitter) : 0;
  }

  private maybeRoll(messagesSize: number, firstOffset: number, lastOffset: number, maxTimestamp: number, now: number): LogSegment {
    const segment = this.segments.activeSegment;
    const roll = segment.shouldRoll({
      maxSegmentBytes: this.currentConfig.segmentBytes,
      maxSegmentMs: this.currentConfig.segmentMs - this.rollJitterMs,
      now,
      messagesSize,
      maxTimestampInMessages: maxTimestamp,
      maxOffsetInMessages: lastOffset,
    });
    return roll ? this.roll(firstOffset) : segment;
  }

  /**
   * Starts a new active segment at max(expectedNextOffset, log end). The old one is flushed later,
   * by maybeFlush (Kafka schedules that flush too, off the append path).
   */
  roll(expectedNextOffset = this.nextOffset): LogSegment {
    const newOffset = Math.max(expectedNextOffset, this.nextOffset);
    const active = this.segments.activeSegment;
    if (active.baseOffset === newOffset && active.size === 0) return active;
    if (active.baseOffset >= newOffset) throw new InvariantViolation(`cannot roll segment ${active.baseOffset} at offset ${newOffset}`);
    active.onBecomeInactiveSegment();
    writeProducerSnapshot(this.dir, this.producerState, this.nextOffset);
    const segment = this.createSegment(newOffset);
    this.dirNeedsFlush = true;
    this.drawRollJitter();
    return segment;
  }

  /** A new empty segment; files of that name (an earlier, truncated incarnation) are discarded. */
  private createSegment(baseOffset: number): LogSegment {
    fs.rmSync(logFile(this.dir, baseOffset), { force: true });
    const segment = LogSegment.open(this.dir, baseOffset, segmentOptions(this.currentConfig, this.clock.now()));
    segment.offsetIndex.reset();
    segment.timeIndex.reset();
    this.segments.add(segment);
    return segment;
  }

  /** fsyncs every segment holding offsets in [recoveryPoint, offset) and advances the recovery point. */
  flush(offset = this.nextOffset): void {
    const upTo = Math.min(offset, this.nextOffset);
    if (upTo <= this.recoveryOffset) return;
    for (const segment of this.segments.valuesBetween(this.recoveryOffset, upTo)) segment.flush();
    if (this.dirNeedsFlush) {
      flushDir(this.dir);
      this.dirNeedsFlush = false;
    }
    this.recoveryOffset = upTo;
    this.lastFlushed = this.clock.now();
  }

  /**
   * The periodic flush (LogManager.flushDirtyLogs): everything when flush.ms has passed, else the
   * segments rolled since the last flush. Returns whether anything was flushed.
   */
  maybeFlush(now = this.clock.now()): boolean {
    const before = this.recoveryOffset;
    if (now - this.lastFlushed >= this.currentConfig.flushMs) this.flush();
    else this.flush(this.segments.activeSegment.baseOffset);
    return this.recoveryOffset !== before;
  }

  /**
   * Retention (Kafka's deleteOldSegments): segments wholly below the log start offset, and with
   * cleanup.policy delete those past retention.ms or beyond retention.bytes. A segment goes only
   * when everything in it is below the high watermark. Returns how many segments were deleted.
   */
  deleteOldSegments(now = this.clock.now(), highWatermark = this.nextOffset): number {
    let deleted = this.deleteSegmentsWhile((s, next) => next !== undefined && next.baseOffset <= this.startOffset, highWatermark);
    if (!isDeleteEnabled(this.currentConfig)) return deleted;
    const { retentionMs, retentionBytes } = this.currentConfig;
    if (retentionMs >= 0) deleted += this.deleteSegmentsWhile((s) => now - s.largestTimestamp() > retentionMs, highWatermark);
    if (retentionBytes >= 0) {
      let excess = this.size - retentionBytes;
      deleted += this.deleteSegmentsWhile((s, next) => {
        // NB: never the active segment for size, as the brief asks (Kafka would roll and delete it).
        if (next === undefined || excess - s.size < 0) return false;
        excess -= s.size;
        return true;
      }, highWatermark);
    }
    return deleted;
  }

  private deleteSegmentsWhile(predicate: (s: LogSegment, next: LogSegment | undefined) => boolean, highWatermark: number): number {
    const all = this.segments.values();
    const deletable: LogSegment[] = [];
    for (let i = 0; i < all.length; i++) {
      const next = all[i + 1] as LogSegment | undefined;
      const upperBound = next ? next.baseOffset : this.nextOffset;
      if ((next === undefined && all[i].size === 0) || highWatermark < upperBound || !predicate(all[i], next)) break;
      deletable.push(all[i]);
    }
    if (deletable.length === 0) return 0;
    // Invariant: a log always keeps an active segment; roll one when every segment goes.
    if (deletable.length === all.length) this.roll();
    for (const segment of deletable) {
      this.segments.remove(segment);
      segment.deleteIfExists();
    }
    this.raiseLogStartOffset(this.segments.firstSegment?.baseOffset ?? this.nextOffset);
    return deletable.length;
  }

  private raiseLogStartOffset(offset: number): void {
    if (offset <= this.startOffset) return;
    this.startOffset = offset;
    // Data below the log start is gone for good: recovery never needs to look at it.
    if (this.recoveryOffset < offset) this.recoveryOffset = offset;
    this.leaderEpochCache.truncateFromStart(offset);
  }

  /** DeleteRecords: raises the log start offset and drops whole segments below it. */
  deleteRecordsBefore(offset: number, highWatermark = this.nextOffset): number {
    if (offset > highWatermark || offset < 0) {
      throw new OffsetOutOfRangeError(`Cannot delete records before ${offset}: the high watermark is ${highWatermark}.`);
    }
    this.raiseLogStartOffset(offset);
    this.deleteSegmentsWhile((s, next) => next !== undefined && next.baseOffset <= this.startOffset, highWatermark);
    return this.startOffset;
  }

  /** Removes everything from targetOffset on (a follower diverged). Returns whether anything changed. */
  truncateTo(targetOffset: number): boolean {
    if (targetOffset < 0) throw new InvariantViolation(`cannot truncate to negative offset ${targetOffset}`);
    if (targetOffset >= this.nextOffset) {
      // An epoch that began at the log end with nothing written in it (a leader that lost its role
      // before its first append) conflicts with the new leader's: it goes all the same, as in Kafka.
      this.leaderEpochCache.truncateFromEnd(this.nextOffset);
      return false;
    }
    if ((this.segments.firstSegment?.baseOffset ?? 0) > targetOffset) {
      this.truncateFullyAndStartAt(targetOffset);
      return true;
    }
    for (const segment of [...this.segments.values()]) {
      if (segment.baseOffset > targetOffset) {
        this.segments.remove(segment);
        segment.deleteIfExists();
      }
    }
    this.segments.activeSegment.truncateTo(targetOffset);
    this.nextOffset = targetOffset;
    this.producerState.truncateFrom(targetOffset);
    writeProducerSnapshot(this.dir, this.producerState, targetOffset);
    this.startOffset = Math.min(this.startOffset, targetOffset);
    this.recoveryOffset = Math.min(this.recoveryOffset, targetOffset);
    this.leaderEpochCache.truncateFromEnd(targetOffset);
    return true;
  }

  /** Deletes every segment and starts an empty log at newOffset. */
  truncateFullyAndStartAt(newOffset: number): void {
    for (const segment of this.segments.clear()) segment.deleteIfExists();
    this.createSegment(newOffset);
    this.nextOffset = newOffset;
    this.producerState.truncateFrom(0);
    writeProducerSnapshot(this.dir, this.producerState, newOffset);
    this.startOffset = newOffset;
    this.recoveryOffset = newOffset;
    this.leaderEpochCache.clear();
    flushDir(this.dir);
  }

  /**
   * Swaps the cleaner's output (a segment with suffix .cleaned) in for `oldSegments`, crash-safely:
   * .cleaned -> .swap, delete the old segments, .swap -> live. The loader finishes an interrupted
   * swap from any of those states.
   */
  replaceSegments(cleaned: LogSegment, oldSegments: readonly LogSegment[]): void {
    if (oldSegments.includes(this.segments.activeSegment)) throw new InvariantViolation('the cleaner never replaces the active segment');
    cleaned.flush();
    cleaned.changeFileSuffixes(CLEANED_FILE_SUFFIX, SWAP_FILE_SUFFIX);
    flushDir(this.dir);
    for (const segment of oldSegments) {
      this.segments.remove(segment);
      segment.deleteIfExists();
    }
    cleaned.changeFileSuffixes(SWAP_FILE_SUFFIX, '');
    this.segments.add(cleaned);
    flushDir(this.dir);
  }

  /** Flushes everything and closes the files (a clean shutdown). */
  close(): void {
    this.flush();
    writeProducerSnapshot(this.dir, this.producerState, this.nextOffset);
    for (const segment of this.segments.values()) segment.close();
  }

  /** Closes the files without flushing or writing indexes: what a crash (or `kill`) leaves. */
  closeHandlers(): void {
    for (const segment of this.segments.values()) segment.closeHandlers();
  }

  /** Closes the files and removes the whole directory. */
  delete(): void {
    this.closeHandlers();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
