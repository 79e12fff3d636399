// Burrow's rules one by one, on windows of commits written out as data (as Burrow's own
// evaluator tests do): each row gives what every rule says about the window and the status the
// rules give together, in Burrow's order. Times are in seconds in the tables, ms in the code.
import { describe, expect, it } from 'vitest';
import {
  evaluatePartition, lagNotDecreasing, lagZeroInWindow, offsetsStalled, recentlyCaughtUp, stoppedCommitting, unrecoveredRewind,
} from '../../../main/lag/burrow-evaluator.js';
import { type PartitionWindow, type WindowCommit, windowConfig } from '../../../main/lag/burrow-window.js';

/** [offset, commit time in seconds, lag at the commit (null: end unknown then)] */
type C = [number, number, number | null];

interface Row {
  name: string;
  commits: C[];
  endOffsets: number[];
  currentLag: number;
  nowSec: number;
  allowedLag?: number;
  rules: { lagZero: boolean; rewind: boolean; stopped: boolean; caughtUpRecently: boolean; stalled: boolean; notDecreasing: boolean };
  status: string;
  rule: string;
}

const rising: C[] = [[1000, 100, 0], [2000, 200, 50], [3000, 300, 100], [4000, 400, 150], [5000, 500, 200]];
const risingNonZero: C[] = [[1000, 100, 50], [2000, 200, 100], [3000, 300, 150], [4000, 400, 200], [5000, 500, 250]];

const rows: Row[] = [
  {
    name: 'rule 1: lag zero somewhere in the window is OK, even while it grows after',
    commits: rising, endOffsets: [5200], currentLag: 200, nowSec: 600,
    rules: { lagZero: true, rewind: false, stopped: false, caughtUpRecently: false, stalled: false, notDecreasing: true },
    status: 'OK', rule: 'lag-zero-in-window',
  },
  {
    name: 'rule 3 is strict: silent for exactly the window span (400 s) is not stopped',
    commits: rising, endOffsets: [5200], currentLag: 200, nowSec: 900,
    rules: { lagZero: true, rewind: false, stopped: false, caughtUpRecently: false, stalled: false, notDecreasing: true },
    status: 'OK', rule: 'lag-zero-in-window',
  },
  {
    name: 'rule 3 before rule 1: silent longer than the span is STOP even with an old zero lag',
    commits: rising, endOffsets: [5200], currentLag: 200, nowSec: 901,
    rules: { lagZero: true, rewind: false, stopped: true, caughtUpRecently: false, stalled: false, notDecreasing: true },
    status: 'STOP', rule: 'stopped',
  },
  {
    name: 'rule 3: STOP with lag at every commit',
    commits: risingNonZero, endOffsets: [5250], currentLag: 250, nowSec: 1000,
    rules: { lagZero: false, rewind: false, stopped: true, caughtUpRecently: false, stalled: false, notDecreasing: true },
    status: 'STOP', rule: 'stopped',
  },
  {
    name: 'rule 3 exception: a recent end offset the last commit reached is not STOP (caught up, then one new record)',
    commits: [[7000, 100, 0], [7001, 101, 0], [7002, 102, 0], [7003, 103, 0]], endOffsets: [7003, 7003, 7004], currentLag: 1, nowSec: 200,
    rules: { lagZero: true, rewind: false, stopped: true, caughtUpRecently: true, stalled: false, notDecreasing: true },
    status: 'OK', rule: 'lag-zero-in-window',
  },
  {
    name: 'current lag zero is OK, however stopped the timestamps look',
    commits: risingNonZero, endOffsets: [5000], currentLag: 0, nowSec: 5000,
    rules: { lagZero: false, rewind: false, stopped: true, caughtUpRecently: true, stalled: false, notDecreasing: true },
    status: 'OK', rule: 'caught-up',
  },
  {
    name: 'rule 1 before rule 4: an unmoving offset with a zero lag in the window is OK',
    commits: [[1000, 100, 0], [1000, 200, 50], [1000, 300, 100], [1000, 400, 150], [1000, 500, 200]], endOffsets: [1200], currentLag: 200, nowSec: 600,
    rules: { lagZero: true, rewind: false, stopped: false, caughtUpRecently: false, stalled: true, notDecreasing: true },
    status: 'OK', rule: 'lag-zero-in-window',
  },
  {
    name: 'rule 4: STALL, the same offset committed again and again while lag grows',
    commits: [[1000, 100, 100], [1000, 200, 150], [1000, 300, 200], [1000, 400, 250], [1000, 500, 300]], endOffsets: [1300], currentLag: 300, nowSec: 600,
    rules: { lagZero: false, rewind: false, stopped: false, caughtUpRecently: false, stalled: true, notDecreasing: true },
    status: 'STALL', rule: 'stalled',
  },
  {
    name: 'rule 4: STALL with a fixed lag too',
    commits: [[1000, 100, 100], [1000, 200, 100], [1000, 300, 100], [1000, 400, 100], [1000, 500, 100]], endOffsets: [1100], currentLag: 100, nowSec: 600,
    rules: { lagZero: false, rewind: false, stopped: false, caughtUpRecently: false, stalled: true, notDecreasing: true },
    status: 'STALL', rule: 'stalled',
  },
  {
    name: 'rule 2: REWIND when the offset goes back and stays below, though the lag then falls',
    commits: [[1000, 100, 100], [2000, 200, 150], [3000, 300, 200], [2000, 400, 1250], [2500, 500, 800]], endOffsets: [3300], currentLag: 800, nowSec: 600,
    rules: { lagZero: false, rewind: true, stopped: false, caughtUpRecently: false, stalled: false, notDecreasing: false },
    status: 'REWIND', rule: 'rewind',
  },
  {
    name: 'rule 2 before rule 1 (Burrow PR #716): a caught-up consumer that jumps back is REWIND',
    commits: [[10, 100, 0], [20, 200, 0], [30, 300, 0], [20, 400, 20]], endOffsets: [40], currentLag: 20, nowSec: 450,
    rules: { lagZero: true, rewind: true, stopped: false, caughtUpRecently: false, stalled: false, notDecreasing: true },
    status: 'REWIND', rule: 'rewind',
  },
  {
    name: 'rule 2: a rewind the consumer has recovered from (back to 30) no longer counts',
    commits: [[20, 200, 0], [30, 300, 0], [20, 400, 20], [30, 500, 15]], endOffsets: [45], currentLag: 15, nowSec: 550,
    rules: { lagZero: true, rewind: false, stopped: false, caughtUpRecently: false, stalled: false, notDecreasing: false },
    status: 'OK', rule: 'lag-zero-in-window',
  },
  {
    name: 'NB Oxbow checks every drop: a second, unrecovered rewind after a recovered one is REWIND',
    commits: [[1000, 100, 50], [3000, 200, 50], [2000, 300, 1100], [3500, 400, 60], [2500, 500, 1100]], endOffsets: [3600], currentLag: 1100, nowSec: 550,
    rules: { lagZero: false, rewind: true, stopped: false, caughtUpRecently: false, stalled: false, notDecreasing: false },
    status: 'REWIND', rule: 'rewind',
  },
  {
    name: 'rule 5: WARN, offsets advance but the lag never goes down (equal steps count as not down)',
    commits: [[1000, 100, 100], [1100, 200, 200], [1200, 300, 200], [1300, 400, 350], [1400, 500, 400]], endOffsets: [1800], currentLag: 400, nowSec: 550,
    rules: { lagZero: false, rewind: false, stopped: false, caughtUpRecently: false, stalled: false, notDecreasing: true },
    status: 'WARN', rule: 'lag-not-decreasing',
  },
  {
    name: 'rule 5: a single step down anywhere in the window is OK',
    commits: [[1000, 100, 100], [1100, 200, 200], [1200, 300, 150], [1300, 400, 350], [1400, 500, 400]], endOffsets: [1800], currentLag: 400, nowSec: 550,
    rules: { lagZero: false, rewind: false, stopped: false, caughtUpRecently: false, stalled: false, notDecreasing: false },
    status: 'OK', rule: 'lag-decreasing',
  },
  {
    name: 'commits without a known lag are skipped by rules 1 and 5, as Burrow skips a nil lag',
    commits: [[1000, 100, 100], [1050, 150, null], [1100, 200, 200], [1150, 250, null], [1200, 300, 300]], endOffsets: [1500], currentLag: 300, nowSec: 350,
    rules: { lagZero: false, rewind: false, stopped: false, caughtUpRecently: false, stalled: false, notDecreasing: true },
    status: 'WARN', rule: 'lag-not-decreasing',
  },
  {
    name: 'allowed-lag: a constant lag of 1 (a transaction marker) within the allowance is OK',
    commits: [[1000, 100, 1], [1000, 200, 1], [1000, 300, 1]], endOffsets: [1001], currentLag: 1, nowSec: 1000, allowedLag: 1,
    rules: { lagZero: true, rewind: false, stopped: true, caughtUpRecently: false, stalled: true, notDecreasing: true },
    status: 'OK', rule: 'caught-up',
  },
];

describe('Burrow rules, one by one', () => {
  it.each(rows)('$name', (row) => {
    const commits: WindowCommit[] = row.commits.map(([offset, sec, lag]) => ({ offset, at: sec * 1000, lag }));
    const window: PartitionWindow = { commits, endOffsets: row.endOffsets, currentLag: row.currentLag };
    const now = row.nowSec * 1000;
    expect({
      lagZero: lagZeroInWindow(commits, row.allowedLag ?? 0),
      rewind: unrecoveredRewind(commits) !== null,
      stopped: stoppedCommitting(commits, now),
      caughtUpRecently: recentlyCaughtUp(commits, row.endOffsets),
      stalled: offsetsStalled(commits),
      notDecreasing: lagNotDecreasing(commits),
    }).toEqual(row.rules);
    const result = evaluatePartition('orders', 0, window, now, windowConfig({ allowedLag: row.allowedLag ?? 0 }));
    expect([result.status, result.rule]).toEqual([row.status, row.rule]);
  });
});
