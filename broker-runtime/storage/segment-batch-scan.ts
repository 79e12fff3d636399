// Reading a log's batch headers on open, for the state kept beside the log (producer state, leader
// epochs) that has to catch up with batches its snapshot or checkpoint does not cover.
import { BATCH_HEADER_SIZE, type BatchHeader, readBatchHeader } from '../protocol/records/batch-header.js';
import type { LogSegment } from './log-segment.js';

/** Calls `visit` with each batch header of the segments that may hold `from` and after, in order. */
export function scanBatchHeaders(segments: readonly LogSegment[], from: number, visit: (header: BatchHeader) => void): void {
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
      visit(header);
      position += header.sizeInBytes;
    }
  }
}
