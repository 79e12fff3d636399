// Compaction for cleanup.policy=compact and compact,delete (Kafka's LogCleaner and
// LogCleanerManager): which logs need cleaning, which part of them may be cleaned, and the swap of
// cleaned segments into the log. The rewriting itself is in cleaner.ts.
//
// The cleanable part of a log is [logStartOffset, firstUncleanableOffset): never the active
// segment, and never a segment holding a record younger than min.compaction.lag.ms. The dirty part
// starts at the first dirty offset: what the previous pass had not seen (cleaner-offset-checkpoint).
//
// Threading contract: synchronous, on the log's own thread, between requests. Crash safety comes
// from the file suffixes: output is written as .cleaned, renamed to .swap when complete, and only
// then replaces the old segments (see Log.replaceSegments and log-loader.ts).
import * as fs from 'node:fs';
import { type Clock, SYSTEM_CLOCK } from './clock.js';
import { type CleanStats, buildOffsetMap, cleanBatch, groupSegmentsBySize, newCleanStats } from './cleaner.js';
import { isCompacted } from './log-config.js';
import { CLEANED_FILE_SUFFIX, logFile, offsetIndexFile, timeIndexFile } from './log-file-utils.js';
import { segmentOptions } from './log-loader.js';
import { LogSegment } from './log-segment.js';
import type { Log } from './log.js';
import { type BatchHeader, readBatchHeader } from '../protocol/records/batch-header.js';

const WRITE_CHUNK_BYTES = 1024 * 1024;

interface CleanerState {
  firstDirtyOffset: number;
  /** Earliest delete horizon of a tombstone still in the log: a pass is due then. */
  nextDeleteHorizonMs: number;
}

export interface CleanResult extends CleanStats {
  /** The new first dirty offset (what cleaner-offset-checkpoint records). */
  firstDirtyOffset: number;
}

export class LogCleaner {
  private readonly states = new Map<Log, CleanerState>();

  constructor(private readonly clock: Clock = SYSTEM_CLOCK) {}

  /** For cleaner-offset-checkpoint. Undefined for a log never cleaned. */
  firstDirtyOffset(log: Log): number | undefined {
    return this.states.get(log)?.firstDirtyOffset;
  }

  /** Restores a checkpointed first dirty offset. After a restart the horizons are unknown: check at once. */
  setFirstDirtyOffset(log: Log, offset: number): void {
    this.states.set(log, { firstDirtyOffset: offset, nextDeleteHorizonMs: -Infinity });
  }

  forget(log: Log): void {
    this.states.delete(log);
  }

  /** [firstDirtyOffset, firstUncleanableOffset), Kafka's LogCleanerManager.cleanableOffsets. */
  cleanableOffsets(log: Log, now: number): { firstDirtyOffset: number; firstUncleanableOffset: number } {
    const checkpointed = this.states.get(log)?.firstDirtyOffset ?? log.logStartOffset;
    // A checkpoint outside the log (truncated, or records deleted) is reset to the log start.
    const firstDirtyOffset = checkpointed < log.logStartOffset || checkpointed > log.logEndOffset ? log.logStartOffset : checkpointed;
    let firstUncleanableOffset = log.activeSegment.baseOffset;
    const lag = log.config.minCompactionLagMs;
    if (lag > 0) {
      for (const segment of log.logSegments()) {
        if (segment === log.activeSegment || segment.baseOffset >= firstUncleanableOffset) break;
        if (segment.baseOffset >= firstDirtyOffset && segment.largestTimestamp() > now - lag) {
          firstUncleanableOffset = segment.baseOffset;
          break;
        }
      }
    }
    return { firstDirtyOffset, firstUncleanableOffset };
  }

  /** Whether a pass is due: dirty ratio, max.compaction.lag.ms, or a tombstone horizon passed. */
  needsCleaning(log: Log, now = this.clock.now()): boolean {
    if (!isCompacted(log.config)) return false;
    const { firstDirtyOffset, firstUncleanableOffset } = this.cleanableOffsets(log, now);
    const cleanable = log.logSegments().filter((s) => s.baseOffset < firstUncleanableOffset && s !== log.activeSegment);
    if (cleanable.length === 0) return false;
    let cleanBytes = 0;
    let dirtyBytes = 0;
    let firstDirtySegment: LogSegment | undefined;
    cleanable.forEach((segment, i) => {
      const end = cleanable[i + 1]?.baseOffset ?? firstUncleanableOffset;
      if (end <= firstDirtyOffset) cleanBytes += segment.size;
      else {
        dirtyBytes += segment.size;
        firstDirtySegment ??= segment;
      }
    });
    if (dirtyBytes > 0 && dirtyBytes / (cleanBytes + dirtyBytes) >= log.config.minCleanableDirtyRatio) return true;
    const firstDirtyTimestamp = firstDirtySegment?.firstBatchTimestamp() ?? null;
    if (dirtyBytes > 0 && firstDirtyTimestamp !== null && firstDirtyTimestamp >= 0 && now - firstDirtyTimestamp > log.config.maxCompactionLagMs) {
      return true;
    }
    return (this.states.get(log)?.nextDeleteHorizonMs ?? Infinity) <= now;
  }

  /** Cleans every compacted log that needs it. Returns how many were cleaned. */
  cleanLogs(logs: Iterable<Log>, now = this.clock.now()): number {
    let cleaned = 0;
    for (const log of logs) {
      if (this.needsCleaning(log, now)) {
        this.clean(log, now);
        cleaned++;
      }
    }
    return cleaned;
  }

  /** One compaction pass over `log`, whatever the dirty ratio. */
  clean(log: Log, now = this.clock.now()): CleanResult {
    const { firstDirtyOffset, firstUncleanableOffset } = this.cleanableOffsets(log, now);
    const all = log.logSegments();
    const cleanable = all.filter((s) => s.baseOffset < firstUncleanableOffset && s !== log.activeSegment);
    const stats = newCleanStats();
    let nextDeleteHorizonMs = Infinity;
    if (cleanable.length > 0) {
      const nextBases = cleanable.map((s, i) => (cleanable[i + 1] ?? all[all.indexOf(s) + 1]).baseOffset);
      const map = buildOffsetMap(cleanable.filter((_, i) => nextBases[i] > firstDirtyOffset), firstDirtyOffset);
      for (const group of groupSegmentsBySize(cleanable, nextBases, log.config.segmentBytes, log.config.segmentIndexBytes)) {
        const horizon = this.cleanSegments(log, group, map, now, stats);
        nextDeleteHorizonMs = Math.min(nextDeleteHorizonMs, horizon);
      }
    }
    const newFirstDirty = Math.max(firstDirtyOffset, firstUncleanableOffset);
    this.states.set(log, { firstDirtyOffset: newFirstDirty, nextDeleteHorizonMs });
    return { ...stats, firstDirtyOffset: newFirstDirty };
  }

  /** Rewrites one group into a .cleaned segment and swaps it in. Returns the earliest horizon kept. */
  private cleanSegments(log: Log, group: readonly LogSegment[], map: Map<string, number>, now: number, stats: CleanStats): number {
    const base = group[0].baseOffset;
    for (const file of [logFile(log.dir, base, CLEANED_FILE_SUFFIX), offsetIndexFile(log.dir, base, CLEANED_FILE_SUFFIX), timeIndexFile(log.dir, base, CLEANED_FILE_SUFFIX)]) {
      fs.rmSync(file, { force: true });
    }
    const cleaned = LogSegment.open(log.dir, base, segmentOptions(log.config, now, CLEANED_FILE_SUFFIX));
    try {
      return this.cleanInto(log, cleaned, group, map, now, stats);
    } catch (err) {
      // The old segments are untouched until the swap; an unfinished .cleaned is simply discarded.
      cleaned.deleteIfExists();
      throw err;
    }
  }

  private cleanInto(log: Log, cleaned: LogSegment, group: readonly LogSegment[], map: Map<string, number>, now: number, stats: CleanStats): number {
    let changed = false;
    let horizon = Infinity;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const writePending = () => {
      if (pending.length === 0) return;
      const bytes = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
      const headers: BatchHeader[] = [];
      for (let at = 0; at < bytes.length; at += headers[headers.length - 1].sizeInBytes) headers.push(readBatchHeader(bytes, at));
      cleaned.append(bytes, headers);
      stats.bytesWritten += bytes.length;
      pending = [];
      pendingBytes = 0;
    };
    for (const segment of group) {
      stats.bytesRead += segment.size;
      for (const { batch } of segment.log.batches(0)) {
        stats.recordsRead += readBatchHeader(batch).recordCount;
        const result = cleanBatch(batch, map, now, log.config.deleteRetentionMs);
        changed ||= result.changed;
        stats.recordsRetained += result.retained;
        if (result.deleteHorizon !== null) horizon = Math.min(horizon, result.deleteHorizon);
        if (result.bytes) {
          pending.push(result.bytes);
          pendingBytes += result.bytes.length;
          if (pendingBytes >= WRITE_CHUNK_BYTES) writePending();
        }
      }
    }
    if (!changed && group.length === 1) {
      // Nothing to remove: leave the segment as it is rather than rewrite identical bytes.
      cleaned.deleteIfExists();
      return horizon;
    }
    writePending();
    cleaned.onBecomeInactiveSegment();
    log.replaceSegments(cleaned, group);
    stats.segmentsCleaned += group.length;
    return horizon;
  }
}
