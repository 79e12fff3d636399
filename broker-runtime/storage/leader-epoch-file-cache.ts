// A partition's leader epochs and the offset at which each began (Kafka's LeaderEpochFileCache,
// KIP-101 and KIP-279), kept in the partition directory as `leader-epoch-checkpoint`:
//
//   0          <- format version
//   2          <- number of entries
//   0 0        <- epoch startOffset
//   3 1200
//
// It answers OffsetForLeaderEpoch: where the leader's log stopped being written at an epoch, which
// is where a follower (or a consumer, KIP-320) that saw that epoch last must truncate to.
//
// Invariants:
// - epochs and start offsets both strictly increase from one entry to the next; an assignment that
//   would break that removes the entries after it first (Kafka's maybeTruncateNonMonotonicEntries);
// - every change is on disk before the call returns (the file is rewritten atomically), so after a
//   crash the file can be ahead of the log (the loader truncates it) but never behind what was
//   flushed (the loader rescans what was not).
import * as path from 'node:path';
import { InvariantViolation } from '../errors.js';
import { CheckpointFile, type CheckpointFormat } from './checkpoint-file.js';

export const LEADER_EPOCH_CHECKPOINT_FILE = 'leader-epoch-checkpoint';
/** No epoch: an empty cache, or a batch written without one. */
export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1;

export interface EpochEntry {
  readonly epoch: number;
  readonly startOffset: number;
}

/** The answer to "where does this epoch end": the epoch found (<= the one asked) and its end. */
export interface EpochEndOffset {
  epoch: number;
  endOffset: number;
}

const EPOCH_FORMAT: CheckpointFormat<EpochEntry> = {
  toLine: ({ epoch, startOffset }) => `${epoch} ${startOffset}`,
  fromLine(line) {
    const match = /^(\d+) (\d+)$/.exec(line);
    return match ? { epoch: Number(match[1]), startOffset: Number(match[2]) } : null;
  },
};

export function leaderEpochCheckpoint(dir: string): CheckpointFile<EpochEntry> {
  return new CheckpointFile(path.join(dir, LEADER_EPOCH_CHECKPOINT_FILE), EPOCH_FORMAT);
}

export class LeaderEpochFileCache {
  private epochs: EpochEntry[];
  private deferWrites = false;
  private dirty = false;

  /** `checkpoint` null keeps the cache in memory only. */
  constructor(
    private readonly checkpoint: CheckpointFile<EpochEntry> | null,
    entries: readonly EpochEntry[] = [],
  ) {
    this.epochs = [];
    for (const e of entries) this.put(e);
  }

  entries(): readonly EpochEntry[] {
    return this.epochs;
  }

  get isEmpty(): boolean {
    return this.epochs.length === 0;
  }

  latestEntry(): EpochEntry | undefined {
    return this.epochs[this.epochs.length - 1];
  }

  earliestEntry(): EpochEntry | undefined {
    return this.epochs[0];
  }

  /** The newest epoch, or UNDEFINED_EPOCH when there is none. */
  get latestEpoch(): number {
    return this.latestEntry()?.epoch ?? UNDEFINED_EPOCH;
  }

  /**
   * Records that `epoch` began at `startOffset`. A no-op when it is already the latest epoch with an
   * earlier or equal start. Returns whether the cache changed.
   */
  assign(epoch: number, startOffset: number): boolean {
    if (epoch < 0 || startOffset < 0) throw new InvariantViolation(`invalid leader epoch entry ${epoch} at ${startOffset}`);
    const latest = this.latestEntry();
    if (latest && latest.epoch === epoch && latest.startOffset <= startOffset) return false;
    this.put({ epoch, startOffset });
    this.changed();
    return true;
  }

  /**
   * Kafka's endOffsetFor: for the latest epoch, the log end; otherwise the start offset of the
   * first epoch above the one asked, paired with the largest known epoch <= it (KIP-279: a
   * follower that gets back a lower epoch than it asked for asks again with that one). An epoch
   * below every known one answers the first start offset; UNDEFINED when nothing is known.
   */
  endOffsetFor(requestedEpoch: number, logEndOffset: number): EpochEndOffset {
    const undefinedAnswer = { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    if (requestedEpoch === UNDEFINED_EPOCH) return undefinedAnswer;
    if (this.latestEpoch === requestedEpoch) return { epoch: requestedEpoch, endOffset: logEndOffset };
    const higher = this.epochs.findIndex((e) => e.epoch > requestedEpoch);
    if (higher < 0) return undefinedAnswer;
    const floor = this.epochs[higher - 1] as EpochEntry | undefined;
    return { epoch: floor?.epoch ?? requestedEpoch, endOffset: this.epochs[higher].startOffset };
  }

  /** The log was truncated to `endOffset`: epochs that began at or after it are gone. */
  truncateFromEnd(endOffset: number): void {
    const keep = this.epochs.findIndex((e) => e.startOffset >= endOffset);
    if (endOffset < 0 || keep < 0) return;
    this.epochs = this.epochs.slice(0, keep);
    this.changed();
  }

  /**
   * The log start moved up to `startOffset`: epochs that began at or before it are gone, except
   * the last of them, which now begins at `startOffset` (the records before it are deleted).
   */
  truncateFromStart(startOffset: number): void {
    let removed = 0;
    while (removed < this.epochs.length && this.epochs[removed].startOffset <= startOffset) removed++;
    if (removed === 0) return;
    const last = this.epochs[removed - 1];
    if (removed === 1 && last.startOffset === startOffset) return;
    this.epochs = [{ epoch: last.epoch, startOffset }, ...this.epochs.slice(removed)];
    this.changed();
  }

  /** The log was emptied (truncateFullyAndStartAt). */
  clear(): void {
    if (this.epochs.length === 0) return;
    this.epochs = [];
    this.changed();
  }

  /** Runs `changes` with one checkpoint write at the end instead of one per change (recovery). */
  batch(changes: () => void): void {
    this.deferWrites = true;
    try {
      changes();
    } finally {
      this.deferWrites = false;
      if (this.dirty) this.flush();
    }
  }

  /** Writes the checkpoint now (a missing file is written even when nothing changed). */
  flush(): void {
    this.dirty = false;
    this.checkpoint?.write(this.epochs);
  }

  private put(entry: EpochEntry): void {
    while (this.epochs.length > 0) {
      const last = this.epochs[this.epochs.length - 1];
      if (last.epoch < entry.epoch && last.startOffset < entry.startOffset) break;
      this.epochs.pop();
    }
    this.epochs.push(entry);
  }

  private changed(): void {
    this.dirty = true;
    if (!this.deferWrites) this.flush();
  }
}
