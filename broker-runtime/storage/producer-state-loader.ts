// Persistence of a partition's idempotent-producer state (Kafka keeps `<offset>.snapshot` files
// beside the segments). Oxbow writes one snapshot, `producer-state.snapshot`, at every roll and at
// a clean close; on open it loads the snapshot and replays the batch headers written after it, so
// a crash costs a scan of the newest segment only, and deduplication survives any restart.
// Invariant: a snapshot whose offset is past the recovered log end (the log was cut by recovery)
// is discarded, and the state is rebuilt from the log start.
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.js';
import type { LogSegment } from './log-segment.js';
import { type ProducerSnapshot, ProducerStateManager } from './producer-state-manager.js';
import { scanBatchHeaders } from './segment-batch-scan.js';

export const PRODUCER_SNAPSHOT_FILE = 'producer-state.snapshot';

export function writeProducerSnapshot(dir: string, state: ProducerStateManager, offset: number): void {
  const file = path.join(dir, PRODUCER_SNAPSHOT_FILE);
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state.snapshot(offset)));
  fs.renameSync(tmp, file);
}

function readSnapshot(dir: string, logEndOffset: number, logger?: Logger): ProducerSnapshot | null {
  const file = path.join(dir, PRODUCER_SNAPSHOT_FILE);
  if (!fs.existsSync(file)) return null;
  try {
    const snapshot = JSON.parse(fs.readFileSync(file, 'utf8')) as ProducerSnapshot;
    ProducerStateManager.restore(snapshot);
    return snapshot.offset <= logEndOffset ? snapshot : null;
  } catch (err) {
    logger?.warn(`ignoring ${file}: ${(err as Error).message}`);
    return null;
  }
}

/** The producer state as of the log end: the snapshot, plus every batch after it. */
export function loadProducerState(dir: string, segments: readonly LogSegment[], logEndOffset: number, logger?: Logger): ProducerStateManager {
  const snapshot = readSnapshot(dir, logEndOffset, logger);
  const state = snapshot ? ProducerStateManager.restore(snapshot) : new ProducerStateManager();
  const from = snapshot?.offset ?? 0;
  scanBatchHeaders(segments, from, (header) => {
    const lastOffset = header.baseOffset + header.lastOffsetDelta;
    if (lastOffset >= from) state.update(header, header.baseOffset, lastOffset);
  });
  return state;
}
