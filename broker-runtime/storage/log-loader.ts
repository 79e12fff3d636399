// Opening a partition directory after a clean shutdown or a crash (Kafka's LogLoader).
//
// 1. Leftovers: `.deleted` files are removed; `.cleaned` files are an unfinished compaction and are
//    removed; a `.log.swap` is a finished compaction: it replaces the segments it covers (same base
//    offset, or a base offset inside its range) and loses its suffix. Index files without a .log go.
// 2. Every segment's indexes are sanity-checked; one that fails (or is missing) is rebuilt.
// 3. Without a clean shutdown, every segment from the one holding the recovery point on is
//    recovered: CRCs checked, torn or corrupt tails truncated, indexes rebuilt. Once a segment had
//    to be truncated, every later segment is deleted: offsets after a hole cannot be trusted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Logger, createLogger } from '../logger.js';
import { CorruptIndexError } from './abstract-index.js';
import type { LogConfig } from './log-config.js';
import {
  CLEANED_FILE_SUFFIX,
  DELETED_FILE_SUFFIX,
  INDEX_FILE_SUFFIX,
  LOG_FILE_SUFFIX,
  SWAP_FILE_SUFFIX,
  TIME_INDEX_FILE_SUFFIX,
  flushDir,
  logFile,
  offsetFromFileName,
  offsetIndexFile,
  timeIndexFile,
} from './log-file-utils.js';
import { LogSegment, type LogSegmentOptions } from './log-segment.js';
import { LogSegments } from './log-segments.js';

const defaultLogger = createLogger('log-loader');

export interface LoadLogOptions {
  now: number;
  /** From recovery-point-offset-checkpoint; everything below it was flushed. */
  recoveryPoint: number;
  /** From log-start-offset-checkpoint. */
  logStartOffset: number;
  hadCleanShutdown: boolean;
  logger?: Logger;
}

export interface LoadedLog {
  segments: LogSegments;
  logStartOffset: number;
  recoveryPoint: number;
  nextOffset: number;
}

export function segmentOptions(config: LogConfig, now: number, fileSuffix = ''): LogSegmentOptions {
  return { indexIntervalBytes: config.indexIntervalBytes, maxIndexSize: config.segmentIndexBytes, now, fileSuffix };
}

function removeSegmentFiles(dir: string, baseOffset: number): void {
  for (const file of [logFile(dir, baseOffset), offsetIndexFile(dir, baseOffset), timeIndexFile(dir, baseOffset)]) {
    fs.rmSync(file, { force: true });
  }
}

function logBaseOffsets(dir: string): number[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(LOG_FILE_SUFFIX) && offsetFromFileName(name) >= 0)
    .map(offsetFromFileName)
    .sort((a, b) => a - b);
}

/** Step 1: removes what a crash left half-done and completes finished swaps. */
function removeTempFilesAndCompleteSwaps(dir: string, config: LogConfig, now: number, logger: Logger): void {
  const swaps: number[] = [];
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (name.endsWith(DELETED_FILE_SUFFIX) || name.endsWith(CLEANED_FILE_SUFFIX)) {
      fs.rmSync(file, { force: true });
    } else if (name.endsWith(SWAP_FILE_SUFFIX)) {
      // Swap indexes may be torn; the swap log is rebuilt from below.
      if (name.endsWith(LOG_FILE_SUFFIX + SWAP_FILE_SUFFIX)) swaps.push(offsetFromFileName(name));
      else fs.rmSync(file, { force: true });
    }
  }
  for (const base of swaps.sort((a, b) => a - b)) {
    const swap = LogSegment.open(dir, base, segmentOptions(config, now, SWAP_FILE_SUFFIX));
    swap.recover();
    const nextOffset = swap.readNextOffset();
    for (const old of logBaseOffsets(dir)) {
      if (old === base || (old > base && old < nextOffset)) removeSegmentFiles(dir, old);
    }
    swap.changeFileSuffixes(SWAP_FILE_SUFFIX, '');
    swap.close();
    logger.info(`${dir}: completed the swap of compacted segment ${base}`);
  }
  const logs = new Set(logBaseOffsets(dir));
  for (const name of fs.readdirSync(dir)) {
    const isIndex = name.endsWith(INDEX_FILE_SUFFIX) || name.endsWith(TIME_INDEX_FILE_SUFFIX);
    if (isIndex && !logs.has(offsetFromFileName(name))) fs.rmSync(path.join(dir, name), { force: true });
  }
}

export function loadLog(dir: string, config: LogConfig, opts: LoadLogOptions): LoadedLog {
  const logger = opts.logger ?? defaultLogger;
  fs.mkdirSync(dir, { recursive: true });
  removeTempFilesAndCompleteSwaps(dir, config, opts.now, logger);

  const loaded: LogSegment[] = [];
  const recovered = new Set<LogSegment>();
  let truncatedAt = -1;
  for (const base of logBaseOffsets(dir)) {
    // Checked before open, which creates a missing index empty: an empty index passes sanityCheck.
    const indexMissing = !fs.existsSync(offsetIndexFile(dir, base)) || !fs.existsSync(timeIndexFile(dir, base));
    const segment = LogSegment.open(dir, base, segmentOptions(config, opts.now));
    loaded.push(segment);
    try {
      if (indexMissing) throw new CorruptIndexError(`segment ${base} has a missing index file`);
      segment.sanityCheck();
    } catch (err) {
      logger.warn(`${dir}: rebuilding the indexes of segment ${base}: ${(err as Error).message}`);
      recovered.add(segment);
      if (segment.recover() > 0 && truncatedAt < 0) truncatedAt = loaded.length - 1;
    }
  }

  if (!opts.hadCleanShutdown) {
    const first = loaded.findLastIndex((s) => s.baseOffset <= opts.recoveryPoint);
    const limit = truncatedAt >= 0 ? truncatedAt : loaded.length;
    for (let i = Math.max(0, first); i < limit; i++) {
      if (recovered.has(loaded[i])) continue;
      const truncated = loaded[i].recover();
      if (truncated > 0) {
        logger.warn(`${dir}: truncated ${truncated} invalid bytes from segment ${loaded[i].baseOffset}`);
        truncatedAt = i;
        break;
      }
    }
  }
  if (truncatedAt >= 0) {
    for (const later of loaded.splice(truncatedAt + 1)) {
      logger.warn(`${dir}: deleting segment ${later.baseOffset}, which follows a truncated one`);
      later.deleteIfExists();
    }
  }

  const segments = new LogSegments();
  for (const segment of loaded) segments.add(segment);
  let nextOffset = segments.isEmpty ? opts.logStartOffset : segments.activeSegment.readNextOffset();
  let logStartOffset = Math.max(opts.logStartOffset, segments.firstSegment?.baseOffset ?? 0);
  if (segments.isEmpty || logStartOffset > nextOffset) {
    // Nothing kept below the checkpointed log start: start afresh there (truncateFullyAndStartAt).
    for (const segment of segments.clear()) segment.deleteIfExists();
    nextOffset = logStartOffset;
    segments.add(LogSegment.open(dir, nextOffset, segmentOptions(config, opts.now)));
  }
  logStartOffset = Math.max(logStartOffset, segments.firstSegment?.baseOffset ?? 0);
  if (truncatedAt >= 0 || recovered.size > 0) flushDir(dir);
  // Only a flush advances the recovery point (Kafka's LogLoader.recoverLog): advancing it here could
  // skip recovery of data that is still only in the page cache if we crash again.
  const recoveryPoint = opts.hadCleanShutdown ? nextOffset : Math.min(opts.recoveryPoint, nextOffset);
  return { segments, logStartOffset, recoveryPoint, nextOffset };
}
