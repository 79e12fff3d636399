// Consumer lag health as Burrow judges it (linkedin/Burrow: the "Consumer Lag Evaluation Rules"
// wiki page and the caching evaluator, core/internal/evaluator/caching.go). No thresholds: each
// partition's window of commits (burrow-window.ts) is checked against the rules below, and the
// group takes the worst partition.
//
// Two levels, as in Burrow (protocol/evaluator.go):
// - partition: OK, WARN, STOP, STALL, REWIND;
// - group: OK, WARN, ERR. Burrow orders statuses OK < WARN < ERR < STOP < STALL < REWIND and caps
//   the group at ERR, so any partition in STOP, STALL or REWIND makes the group ERR, and a WARN
//   partition (with none worse) makes it WARN. The group result names the partition that set it.
//
// Per partition, checked in Burrow's order; numbers are the rule numbers of caching.go's comments
// (the wiki states rules 1, 3, 4 and 5 in prose and predates REWIND):
//   a. No commit in the window, or fewer than `minimumComplete` x `intervals` commits (Burrow's
//      minimum-complete, default 0, so any non-empty window is judged): OK, nothing to judge.
//   b. Current lag (the latest reading) at or below `allowedLag` (Burrow's allowed-lag, default
//      0): OK. A partition caught up now is never in error.
//   3. STOP: now - last commit > last commit - first commit (strictly): silent for longer than the
//      window spans; unless the consumer was caught up recently, i.e. one of the last `intervals`
//      end offsets is at or below the last committed offset (Burrow PR #338, against false STOPs
//      on topics that get data rarely). Before rule 1: a zero lag in an old window must not hide
//      a consumer that has since died (Burrow #290).
//   2. REWIND: the committed offset dropped between two commits and has not since come back to
//      where it was before the drop (Burrow PR #716: a rewind counts until the consumer recovers).
//      Also before rule 1: a caught-up consumer that suddenly jumps back is an error.
//      NB: Burrow looks at the first drop in the window only; Oxbow checks every drop, so a second
//      rewind after a recovered first one is not missed. With one drop both agree.
//   1. Lag at or below `allowedLag` at any commit of the window: OK (a commit whose lag was
//      unknown is skipped, as Burrow skips a nil lag).
//   4. STALL: the same committed offset at every commit of the window, with lag (the checks
//      above established it): the consumer commits but does not progress. With a single commit
//      this holds trivially, as in Burrow.
//   5. WARN: the lag never went down from one commit to the next (fixed or growing): the consumer
//      moves but falls behind. Otherwise OK.
//
// Pure functions: window, now and config in; statuses and a reason a human reads out.
import type { BurrowWindowConfig, PartitionWindow, WindowCommit } from './burrow-window.js';
import { formatCount, formatDuration } from './lag-format.js';
import { partitionLabel } from './lag-types.js';

export type PartitionStatus = 'OK' | 'WARN' | 'STOP' | 'STALL' | 'REWIND';
export type GroupStatus = 'OK' | 'WARN' | 'ERR';

/** Burrow's StatusConstant order: a larger number is worse. */
const SEVERITY: Record<PartitionStatus | GroupStatus, number> = { OK: 1, WARN: 2, ERR: 3, STOP: 4, STALL: 5, REWIND: 6 };

/** Which check decided a partition's status: for tests and for a UI that explains itself. */
export type DecidingRule =
  | 'no-commits' | 'incomplete' | 'caught-up' | 'stopped' | 'rewind'
  | 'lag-zero-in-window' | 'stalled' | 'lag-not-decreasing' | 'lag-decreasing';

export interface PartitionEvaluation {
  topic: string;
  partition: number;
  status: PartitionStatus;
  rule: DecidingRule;
  reason: string;
  /** The latest reading's lag (0 when unknown, as Burrow counts it). */
  currentLag: number;
  /** Share of the window filled, 0..1 (Burrow's `complete`). */
  complete: number;
  /** The oldest and newest commits of the window (Burrow's start and end). */
  start: WindowCommit | null;
  end: WindowCommit | null;
}

export interface GroupEvaluation {
  groupId: string;
  status: GroupStatus;
  reason: string;
  /** Share of partitions whose window is full (Burrow's group `complete`). */
  complete: number;
  totalLag: number;
  /** The partition that set the status (the worst; ties go to the larger lag); null when all OK. */
  worst: PartitionEvaluation | null;
  /** The partition with the largest current lag (Burrow's maxlag). */
  maxLag: PartitionEvaluation | null;
  partitions: PartitionEvaluation[];
}

// ---- the rules, one function each, so tests can check them one by one as Burrow's do ----

/** Rule 1: the lag was at or below `allowedLag` at some commit of the window. */
export function lagZeroInWindow(commits: WindowCommit[], allowedLag: number): boolean {
  return commits.some((c) => c.lag !== null && c.lag <= allowedLag);
}

/** Rule 2: the first drop in committed offset that the consumer has not recovered from. */
export function unrecoveredRewind(commits: WindowCommit[]): { from: number; to: number } | null {
  for (let i = 1; i < commits.length; i++) {
    const from = commits[i - 1].offset;
    if (commits[i].offset >= from) continue;
    const recovered = commits.slice(i).some((c) => c.offset >= from);
    if (!recovered) return { from, to: commits[i].offset };
  }
  return null;
}

/** Rule 3: silent for longer than the window spans. Strictly greater: equal is not stopped. */
export function stoppedCommitting(commits: WindowCommit[], now: number): boolean {
  const first = commits[0];
  const last = commits.at(-1);
  if (!first || !last) return false;
  return now - last.at > last.at - first.at;
}

/** Rule 3's exception: a recent end offset the last commit had reached (caught up recently). */
export function recentlyCaughtUp(commits: WindowCommit[], endOffsets: number[]): boolean {
  const last = commits.at(-1);
  return last !== undefined && endOffsets.some((end) => end <= last.offset);
}

/** Rule 4: the same offset at every commit of the window. */
export function offsetsStalled(commits: WindowCommit[]): boolean {
  return commits.every((c) => c.offset === commits[0].offset);
}

/** Rule 5: the lag never went down from one commit to the next (unknown lags skipped). */
export function lagNotDecreasing(commits: WindowCommit[]): boolean {
  let previous: number | null = null;
  for (const c of commits) {
    if (c.lag === null) continue;
    if (previous !== null && c.lag < previous) return false;
    previous = c.lag;
  }
  return true;
}

// ---- partition and group ----

export function evaluatePartition(
  topic: string, partition: number, window: PartitionWindow, now: number, config: BurrowWindowConfig,
): PartitionEvaluation {
  const { commits } = window;
  const currentLag = window.currentLag ?? 0;
  const complete = Math.min(1, commits.length / config.intervals);
  const base = { topic, partition, currentLag, complete, start: commits[0] ?? null, end: commits.at(-1) ?? null };
  const result = (status: PartitionStatus, rule: DecidingRule, reason: string): PartitionEvaluation => ({ ...base, status, rule, reason });
  const lag = formatCount(currentLag);

  const first = commits[0];
  const last = commits.at(-1);
  if (!first || !last) return result('OK', 'no-commits', 'no offset committed yet');
  if (complete < config.minimumComplete) {
    const needed = Math.ceil(config.minimumComplete * config.intervals);
    return result('OK', 'incomplete', `${commits.length} of ${config.intervals} commits seen; status is judged from ${needed}`);
  }
  if (currentLag <= config.allowedLag) {
    return result('OK', 'caught-up', config.allowedLag === 0 ? 'caught up (lag 0)' : `lag ${lag} is within the allowed ${formatCount(config.allowedLag)}`);
  }
  if (stoppedCommitting(commits, now) && !recentlyCaughtUp(commits, window.endOffsets)) {
    const silent = formatDuration(now - last.at);
    return result('STOP', 'stopped', commits.length === 1
      ? `no commit for ${silent} since the only one seen (offset ${formatCount(last.offset)}); lag ${lag}`
      : `no commit for ${silent}, longer than the window's ${formatDuration(last.at - first.at)}; lag ${lag}`);
  }
  const rewind = unrecoveredRewind(commits);
  if (rewind) {
    return result('REWIND', 'rewind', `committed offset went back from ${formatCount(rewind.from)} to ${formatCount(rewind.to)} and has not returned; lag ${lag}`);
  }
  if (lagZeroInWindow(commits, config.allowedLag)) {
    return result('OK', 'lag-zero-in-window', `caught up within the last ${commits.length} commits; lag ${lag} now`);
  }
  if (offsetsStalled(commits)) {
    return result('STALL', 'stalled', commits.length === 1
      ? `one commit seen (offset ${formatCount(last.offset)}) and lag ${lag}: no progress yet`
      : `committed offset stuck at ${formatCount(last.offset)} for the last ${commits.length} commits; lag ${lag}`);
  }
  const lags = commits.flatMap((c) => (c.lag === null ? [] : [c.lag]));
  if (lagNotDecreasing(commits)) {
    const trend = lags.length > 0 ? ` (${formatCount(lags[0])} -> ${formatCount(lags.at(-1)!)})` : '';
    return result('WARN', 'lag-not-decreasing', `lag did not go down across the last ${commits.length} commits${trend} while offsets advanced`);
  }
  return result('OK', 'lag-decreasing', `lag went down within the last ${commits.length} commits; lag ${lag} now`);
}

export interface PartitionInput {
  topic: string;
  partition: number;
  window: PartitionWindow;
}

export function evaluateGroup(groupId: string, inputs: PartitionInput[], now: number, config: BurrowWindowConfig): GroupEvaluation {
  const partitions = [...inputs]
    .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1))
    .map((p) => evaluatePartition(p.topic, p.partition, p.window, now, config));
  let worst: PartitionEvaluation | null = null;
  let maxLag: PartitionEvaluation | null = null;
  for (const p of partitions) {
    const worse = worst === null || SEVERITY[p.status] > SEVERITY[worst.status]
      || (SEVERITY[p.status] === SEVERITY[worst.status] && p.currentLag > worst.currentLag);
    if (worse) worst = p;
    if (maxLag === null || p.currentLag > maxLag.currentLag) maxLag = p;
  }
  const status: GroupStatus = worst === null ? 'OK' : SEVERITY[worst.status] >= SEVERITY.ERR ? 'ERR' : worst.status === 'WARN' ? 'WARN' : 'OK';
  const totalLag = partitions.reduce((sum, p) => sum + p.currentLag, 0);
  const full = partitions.filter((p) => p.complete === 1).length;
  return {
    groupId,
    status,
    reason: groupReason(status, partitions, worst, totalLag),
    complete: partitions.length === 0 ? 0 : full / partitions.length,
    totalLag,
    worst: status === 'OK' ? null : worst,
    maxLag,
    partitions,
  };
}

function groupReason(status: GroupStatus, partitions: PartitionEvaluation[], worst: PartitionEvaluation | null, totalLag: number): string {
  const n = partitions.length;
  if (n === 0) return 'no committed offsets';
  const of = n === 1 ? 'the partition' : `all ${n} partitions`;
  if (status === 'OK' || worst === null) return `${of} OK; total lag ${formatCount(totalLag)}`;
  const bad = partitions.filter((p) => (status === 'ERR' ? SEVERITY[p.status] >= SEVERITY.ERR : p.status === 'WARN')).length;
  const what = status === 'ERR' ? 'in error' : 'falling behind';
  return `${bad} of ${n} partition${n === 1 ? '' : 's'} ${what}; ${partitionLabel(worst.topic, worst.partition)} ${worst.status}: ${worst.reason}`;
}

/** Burrow's severity order, for sorting a list of groups or partitions worst first. */
export function severity(status: PartitionStatus | GroupStatus): number {
  return SEVERITY[status];
}
