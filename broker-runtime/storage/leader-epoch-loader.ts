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
import { BATCH_HEADER_SIZE, CURRENT_MAGIC, readBatchHeader } from '../protocol/records/batch-header.js';
import { type EpochEntry, LeaderEpochFileCache, leaderEpochCheckpoint } from './leader-epoch-file-cache.js';
import type { LogSegment } from './log-segment.js';

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

/** Calls `visit` with each batch's (epoch, base offset) in the segments that may hold `from` and after. */
function scanEpochs(segments: readonly LogSegment[], from: number, visit: (epoch: number, baseOffset: number) => void): void {
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const next = segments[i + 1];
    if (next !== undefined && next.baseOffset <= from) continue;
    let position = 0;
    while (position + BATCH_HEADER_SIZE <= segment.size) {
      const header = readBatchHeader(segment.log.read(position, BATCH_HEADER_SIZE));
      // Segments below the recovery point are not re-validated on open: never trust a length that
      // would not move forward or would leave the file.
      if (header.sizeInBytes < BATCH_HEADER_SIZE || position + header.sizeInBytes > segment.size) break;
      if (header.magic === CURRENT_MAGIC) visit(header.partitionLeaderEpoch, header.baseOffset);
      position += header.sizeInBytes;
    }
  }
}

export function loadLeaderEpochCache(dir: string, segments: readonly LogSegment[], opts: LoadLeaderEpochOptions): LeaderEpochFileCache {
  const stored = readEntries(dir, opts.logger);
  const cache = new LeaderEpochFileCache(leaderEpochCheckpoint(dir), stored ?? []);
  const scanFrom = stored === null ? 0 : opts.scanFrom;
  cache.batch(() => {
    cache.truncateFromEnd(opts.logEndOffset);
    if (scanFrom < opts.logEndOffset) {
      scanEpochs(segments, scanFrom, (epoch, baseOffset) => {
        if (epoch >= 0 && epoch > cache.latestEpoch) cache.assign(epoch, baseOffset);
      });
    }
    cache.truncateFromStart(opts.logStartOffset);
  });
  if (stored === null) cache.flush();
  return cache;
}
