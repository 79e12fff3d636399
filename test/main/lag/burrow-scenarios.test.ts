// Lag readings in, statuses out: one scenario per status, for a partition and for a group, as the
// sampler would feed them (a reading every 5 s), plus the edges: zero lag anywhere in the window,
// too few commits, a partition that appears mid-window.
import { describe, expect, it } from 'vitest';
import { evaluateGroup, evaluatePartition } from '../../../main/lag/burrow-evaluator.js';
import { windowConfig, windowOf } from '../../../main/lag/burrow-window.js';
import type { PartitionLagReading } from '../../../main/lag/lag-types.js';

type Reading = { at: number; reading: PartitionLagReading };

/** One reading at `sec` seconds: committed and end offsets (lag is their difference). */
function r(sec: number, committed: number, end: number, commitSec?: number): Reading {
  const reading: PartitionLagReading = {
    topic: 'orders', partition: 0, committedOffset: committed, logEndOffset: end,
    lag: committed < 0 ? null : Math.max(0, end - committed), timeLagMs: 0,
  };
  if (commitSec !== undefined) reading.commitTimestamp = commitSec * 1000;
  return { at: sec * 1000, reading };
}

/** Readings every 5 s from t=0: [committed, end] pairs. */
function every5s(pairs: Array<[number, number]>, withCommitTimes = false): Reading[] {
  return pairs.map(([c, e], i) => r(i * 5, c, e, withCommitTimes ? i * 5 - 1 : undefined));
}

const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

interface Scenario {
  name: string;
  readings: Reading[];
  nowSec: number;
  minimumComplete?: number;
  status: string;
  reason?: string;
}

const scenarios: Scenario[] = [
  {
    name: 'OK: the consumer keeps up, reaching the end now and then',
    readings: every5s(range(12, (i) => [i * 100, i * 100 + (i % 3 === 0 ? 0 : 40)])),
    nowSec: 60, status: 'OK',
  },
  {
    name: 'WARN: offsets advance every reading, the lag only grows',
    readings: every5s(range(12, (i) => [i * 10, i * 50 + 100])),
    nowSec: 60, status: 'WARN',
    reason: 'lag did not go down across the last 10 commits (180 -> 540) while offsets advanced',
  },
  {
    name: 'STALL: the consumer commits the same offset again and again (commit times known)',
    readings: every5s(range(12, (i) => [500, 600 + i * 20]), true),
    nowSec: 60, status: 'STALL',
    reason: 'committed offset stuck at 500 for the last 10 commits; lag 320',
  },
  {
    name: 'STOP: the offset stops moving with lag for longer than the window spans (commit times unknown)',
    readings: [...every5s(range(10, (i) => [i * 10, i * 10 + 5])), ...range(10, (i) => r(50 + i * 5, 90, 100 + i * 10))],
    nowSec: 95, status: 'STOP',
    reason: "no commit for 50s, longer than the window's 45s; lag 100",
  },
  {
    name: 'STOP: the same, with commit times known: no new commit is seen at all',
    readings: [...every5s(range(10, (i) => [i * 10, i * 10 + 5]), true), ...range(10, (i) => r(50 + i * 5, 90, 100 + i * 10, 44))],
    nowSec: 95, status: 'STOP',
  },
  {
    name: 'REWIND: the committed offset goes back (a reset to earliest) and has not caught up',
    readings: every5s([[100, 150], [200, 250], [300, 350], [400, 450], [0, 500], [50, 550], [100, 600]]),
    nowSec: 32, status: 'REWIND',
    reason: 'committed offset went back from 400 to 0 and has not returned; lag 500',
  },
  {
    name: 'edge: a zero lag anywhere in the window is OK, even with lag growing since',
    readings: every5s([[100, 100], [110, 150], [120, 200], [130, 250], [140, 300], [150, 350]]),
    nowSec: 27, status: 'OK',
  },
  {
    name: 'edge: no commit yet is OK',
    readings: every5s([[-1, 100], [-1, 200]]),
    nowSec: 10, status: 'OK', reason: 'no offset committed yet',
  },
  {
    name: 'edge: one commit with lag, read just now, is judged as Burrow judges it (minimum-complete 0): STALL',
    readings: [r(0, 500, 800)],
    nowSec: 0, status: 'STALL',
  },
  {
    name: 'edge: the same single commit a moment later is STOP: silent longer than a zero-length window',
    readings: [r(0, 500, 800), r(5, 500, 800)],
    nowSec: 5, status: 'STOP',
  },
  {
    name: 'edge: with minimum-complete 0.5, a window of 3 commits out of 10 is not judged yet',
    readings: every5s([[100, 500], [110, 600], [120, 700]]),
    nowSec: 10, minimumComplete: 0.5, status: 'OK', reason: '3 of 10 commits seen; status is judged from 5',
  },
];

describe('partition scenarios: readings in, status out', () => {
  it.each(scenarios)('$name', (s) => {
    const config = windowConfig({ minimumComplete: s.minimumComplete ?? 0 });
    const result = evaluatePartition('orders', 0, windowOf(s.readings, config), s.nowSec * 1000, config);
    expect(result.status).toBe(s.status);
    if (s.reason !== undefined) expect(result.reason).toBe(s.reason);
  });
});

describe('group status: the worst partition, capped at ERR (Burrow)', () => {
  const config = windowConfig();
  const ok = every5s(range(10, (i) => [i * 100, i * 100]));
  const warn = every5s(range(10, (i) => [i * 10, i * 50 + 100]));
  const stall = every5s(range(10, (i) => [500, 600 + i * 20]), true);
  const stop = [...every5s(range(10, (i) => [i * 10, i * 10 + 5])), ...range(10, (i) => r(50 + i * 5, 90, 100 + i * 10))];
  const rewind = every5s([[100, 150], [200, 250], [300, 350], [400, 450], [0, 500], [50, 550], [100, 600]]);

  const cases: Array<{ name: string; partitions: Reading[][]; nowSec: number; status: string; worst: string | null }> = [
    { name: 'every partition OK: OK', partitions: [ok, ok], nowSec: 45, status: 'OK', worst: null },
    { name: 'one WARN, the rest OK: WARN', partitions: [ok, warn], nowSec: 45, status: 'WARN', worst: 'WARN' },
    { name: 'a STALL partition: ERR', partitions: [ok, warn, stall], nowSec: 45, status: 'ERR', worst: 'STALL' },
    { name: 'a STOP partition: ERR', partitions: [ok, stop], nowSec: 95, status: 'ERR', worst: 'STOP' },
    { name: 'a REWIND partition: ERR, and REWIND (worse than STALL) is the one named', partitions: [stall, rewind, warn], nowSec: 45, status: 'ERR', worst: 'REWIND' },
  ];

  it.each(cases)('$name', (c) => {
    const inputs = c.partitions.map((readings, partition) => ({ topic: 'orders', partition, window: windowOf(readings, config) }));
    const group = evaluateGroup('billing', inputs, c.nowSec * 1000, config);
    expect(group.status).toBe(c.status);
    expect(group.worst?.status ?? null).toBe(c.worst);
    expect(group.partitions.map((p) => p.partition)).toEqual(c.partitions.map((_, i) => i));
  });

  it('says which partition set the status, and why', () => {
    const inputs = [ok, stop].map((readings, partition) => ({ topic: 'orders', partition, window: windowOf(readings, config) }));
    const group = evaluateGroup('billing', inputs, 95_000, config);
    expect(group.reason).toBe("1 of 2 partitions in error; orders-1 STOP: no commit for 50s, longer than the window's 45s; lag 100");
    expect(group.maxLag?.partition).toBe(1);
    expect(group.totalLag).toBe(100);
  });

  it('a group without committed offsets is OK and not complete', () => {
    const group = evaluateGroup('new', [], 0, config);
    expect([group.status, group.reason, group.complete, group.worst]).toEqual(['OK', 'no committed offsets', 0, null]);
  });

  it('judges a partition that appears mid-window on the commits it has, and counts its window incomplete', () => {
    const early = every5s(range(10, (i) => [i * 100, i * 100 + (i === 4 ? 0 : 30)]));
    // Partition 1 (a partition added to the topic) is first committed at the 7th reading, already falling behind.
    const late = range(4, (i) => r(30 + i * 5, i * 10, 100 + i * 40));
    const group = evaluateGroup('billing', [
      { topic: 'orders', partition: 0, window: windowOf(early, config) },
      { topic: 'orders', partition: 1, window: windowOf(late, config) },
    ], 45_000, config);
    expect(group.partitions.map((p) => [p.status, p.complete])).toEqual([['OK', 1], ['WARN', 0.4]]);
    expect(group.status).toBe('WARN');
    expect(group.complete).toBe(0.5);
  });
});
