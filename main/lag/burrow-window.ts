// Burrow's sliding window for one partition of one group, built from periodic lag readings.
//
// Burrow (linkedin/Burrow) evaluates a window of the last `intervals` offset *commits* it read from
// __consumer_offsets, each stored with its commit timestamp and the lag at the moment Burrow
// received it (storage/inmemory.go), beside a ring of the last `intervals` broker end offsets.
// Oxbow polls instead of reading __consumer_offsets, so this file is the adapter: it turns readings
// into the commits Burrow would have stored. The rules themselves are in burrow-evaluator.ts.
//
// How a reading becomes a commit:
// - With `commitTimestamp` (the embedded cluster knows it): every distinct commit is one entry,
//   timestamped when it was committed, as Burrow stores it. A consumer re-committing an unchanged
//   offset adds entries with the same offset: that is how Burrow sees a STALL.
// - Without it (an external cluster via OffsetFetch): an entry whenever the committed offset
//   changes, timestamped when the reading first showed it. NB: an unchanged offset cannot be told
//   apart from no commit at all, so a consumer stuck on one offset reports STOP (once the window's
//   span has passed) rather than STALL; both make the group ERR.
// - Burrow's min-distance (storage, default 1 s): a commit closer than that to the previous entry
//   replaces it and keeps the previous entry's timestamp, so frequent committers still fill a
//   window that spans time.
// - A reading without a commit (committedOffset < 0) adds nothing: Burrow never sees one.
import type { PartitionLagReading } from './lag-types.js';

export interface BurrowWindowConfig {
  /** Commits kept per partition: Burrow's storage `intervals` (default 10). */
  intervals: number;
  /** Burrow's storage `min-distance`, in ms (default 1000). */
  minDistanceMs: number;
  /** Burrow's evaluator `allowed-lag`: lag at or below it counts as caught up (default 0). */
  allowedLag: number;
  /**
   * Burrow's evaluator `minimum-complete`: the share of `intervals` a window must hold before its
   * rules run; below it the partition is OK. Burrow's default is 0: any non-empty window is judged.
   */
  minimumComplete: number;
}

export const DEFAULT_WINDOW: BurrowWindowConfig = { intervals: 10, minDistanceMs: 1_000, allowedLag: 0, minimumComplete: 0 };

/** One entry of the window: what Burrow's storage keeps per commit. */
export interface WindowCommit {
  offset: number;
  /** ms: the commit's timestamp, or when a reading first showed it (see the file header). */
  at: number;
  /** Lag when the commit was seen; null when the end was unknown then (Burrow's nil lag). */
  lag: number | null;
  /** The commit timestamp that identifies this commit, when the source reports one. */
  committedAt?: number;
}

/** The state of one partition's window. Invariant: commits.length and endOffsets.length <= intervals. */
export interface PartitionWindow {
  commits: WindowCommit[];
  /** The log end offsets of the last `intervals` readings, oldest first (Burrow's broker ring). */
  endOffsets: number[];
  /** The latest reading's lag: Burrow's current lag (null when unknown). */
  currentLag: number | null;
}

export const EMPTY_WINDOW: PartitionWindow = { commits: [], endOffsets: [], currentLag: null };

export function windowConfig(overrides: Partial<BurrowWindowConfig> = {}): BurrowWindowConfig {
  const config = { ...DEFAULT_WINDOW, ...overrides };
  if (!Number.isInteger(config.intervals) || config.intervals < 1) throw new RangeError(`intervals must be a positive integer, not ${config.intervals}`);
  if (config.minimumComplete < 0 || config.minimumComplete > 1) throw new RangeError(`minimumComplete must be within 0..1, not ${config.minimumComplete}`);
  return config;
}

/** The window after one more reading taken at `at`. Pure: the input window is not changed. */
export function observe(window: PartitionWindow, reading: PartitionLagReading, at: number, config: BurrowWindowConfig): PartitionWindow {
  const endOffsets = reading.logEndOffset >= 0 ? keepLast([...window.endOffsets, reading.logEndOffset], config.intervals) : window.endOffsets;
  const next: PartitionWindow = { commits: window.commits, endOffsets, currentLag: reading.lag };
  if (reading.committedOffset < 0) return next;
  const last = window.commits.at(-1);
  const committedAt = reading.commitTimestamp;
  const isNewCommit = last === undefined
    || reading.committedOffset !== last.offset
    || (committedAt !== undefined && committedAt !== last.committedAt);
  if (!isNewCommit) return next;
  const commit: WindowCommit = { offset: reading.committedOffset, at: committedAt ?? at, lag: reading.lag };
  if (committedAt !== undefined) commit.committedAt = committedAt;
  if (last && commit.at - last.at < config.minDistanceMs) {
    // Burrow keeps the older timestamp, or a consumer committing faster than min-distance would
    // never open a new entry.
    next.commits = [...window.commits.slice(0, -1), { ...commit, at: last.at }];
  } else {
    next.commits = keepLast([...window.commits, commit], config.intervals);
  }
  return next;
}

/** The window a series of readings (oldest first) builds. */
export function windowOf(readings: Array<{ at: number; reading: PartitionLagReading }>, config: BurrowWindowConfig): PartitionWindow {
  return readings.reduce((window, r) => observe(window, r.reading, r.at, config), EMPTY_WINDOW);
}

function keepLast<T>(items: T[], n: number): T[] {
  return items.length > n ? items.slice(items.length - n) : items;
}
