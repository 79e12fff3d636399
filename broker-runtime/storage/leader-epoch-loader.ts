// Opening a partition's leader-epoch cache (what Kafka's LogLoader and LogSegment.recover do for
// it): the checkpoint is read, cut to the recovered log, and completed from the batch headers of
// the segments that may hold epochs it lacks.
//
// - A missing or unreadable checkpoint (a log written before Oxbow kept one, or a damaged file):
//   every segment is scanned.
// - After a crash: the segments from the recovery point on. Below it the checkpoint is complete,
//   since an epoch is checkpointed as its first batch is appended, before any flush covers it.
// - After a clean shutdown: nothing.
// A scanned batch counts only when its epoch is newer than the latest known one (as in Kafka), so
// rescanning what the checkpoint already covers changes nothing.
import type { Logger } from '../logger.js';
import { CURRENT_MAGIC } from '../protocol/records/batch-header.js';
import { type EpochEntry, LeaderEpochFileCache, leaderEpochCheckpoint } from './leader-epoch-file-cache.js';
import type { LogSegment } from './log-segment.js';
import { scanBatchHeaders } from './segment-batch-scan.js';

export interface LoadLeaderEpochOptions {
  logStartOffset: number;
  logEndOffset: number;
  /** Batches from this offset on are scanned for epochs the checkpoint may lack. */
  scanFrom: number;
  logger?: Logger;
}

function readEntries(dir: string, logger?: Logger): EpochEntry[] | null {
  try {
    return leaderEpochCheckpoint(dir).readIfExists();
  } catch (err) {
    logger?.warn(`rebuilding the leader epochs of ${dir} from its batches: ${(err as Error).message}`);
    return null;
  }
}

export function loadLeaderEpochCache(dir: string, segments: readonly LogSegment[], opts: LoadLeaderEpochOptions): LeaderEpochFileCache {
  const stored = readEntries(dir, opts.logger);
  const cache = new LeaderEpochFileCache(leaderEpochCheckpoint(dir), stored ?? []);
  const scanFrom = stored === null ? 0 : opts.scanFrom;
  cache.batch(() => {
    cache.truncateFromEnd(opts.logEndOffset);
    if (scanFrom < opts.logEndOffset) {
      scanBatchHeaders(segments, scanFrom, ({ magic, partitionLeaderEpoch: epoch, baseOffset }) => {
        if (magic === CURRENT_MAGIC && epoch >= 0 && epoch > cache.latestEpoch) cache.assign(epoch, baseOffset);
      });
    }
    cache.truncateFromStart(opts.logStartOffset);
  });
  if (stored === null) cache.flush();
  return cache;
}
