// The lag sampler with a scheduler the test ticks by hand and a clock it moves: health per group
// as a consumer falls behind and then stops, history appended and replayed on start, stop
// waiting for the reading in flight, failures logged and survived.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cron from 'node-cron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LagHistory } from '../../../main/lag/lag-history.js';
import { type LagHealth, LagSampler, type Scheduler, cronScheduler } from '../../../main/lag/lag-sampler.js';
import type { GroupLagSnapshot } from '../../../main/lag/lag-types.js';

/** A scheduler the test ticks by hand, and a clock it moves. */
function manual() {
  let tick: (() => Promise<void>) | null = null;
  const expressions: string[] = [];
  const stopped = vi.fn();
  const schedule: Scheduler = (expression, fn) => {
    expressions.push(expression);
    tick = fn;
    return { stop: stopped };
  };
  const clock = { now: Date.UTC(2026, 2, 10, 12, 0, 0) };
  return { schedule, expressions, stopped, clock, tick: () => tick!() };
}

/** Group "billing": two partitions; p0 keeps up, p1 is read with the committed and end offsets given. */
function billing(committed1: number, end1: number): GroupLagSnapshot {
  return {
    groupId: 'billing', state: 'Stable', partitions: [
      { topic: 'orders', partition: 0, committedOffset: 100, logEndOffset: 100, lag: 0, timeLagMs: 0 },
      { topic: 'orders', partition: 1, committedOffset: committed1, logEndOffset: end1, lag: end1 - committed1, timeLagMs: 1_000 },
    ],
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxbow-lag-sampler-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('LagSampler', () => {
  it('reads every 5 s, evaluates each group, tells the listener and appends to the history', async () => {
    const m = manual();
    const history = new LagHistory({ dir });
    const updates: LagHealth[] = [];
    let reading = billing(0, 0);
    const sampler = new LagSampler({
      connectionId: 'local', sample: async () => [reading], onHealth: (h) => updates.push(h),
      history, clock: () => m.clock.now, schedule: m.schedule,
    });
    await sampler.start();
    expect(m.expressions).toEqual(['*/5 * * * * *']);
    expect(cron.validate(m.expressions[0])).toBe(true);

    const statuses: string[] = [];
    // Twelve readings falling behind (offsets move, lag grows), then twelve with the consumer gone.
    for (let i = 1; i <= 24; i++) {
      m.clock.now += 5_000;
      reading = i <= 12 ? billing(i * 10, 50 + i * 60) : billing(120, 50 + i * 60);
      await m.tick();
      statuses.push(updates.at(-1)!.status);
    }
    // One commit with lag: Burrow calls it STALL; then falling behind: WARN; silent longer than the window spans: ERR.
    expect(statuses.slice(0, 2)).toEqual(['ERR', 'WARN']);
    expect(statuses.slice(2, 12).every((s) => s === 'WARN')).toBe(true);
    expect(statuses.at(-1)).toBe('ERR');
    const last = updates.at(-1)!;
    expect(last).toMatchObject({ connectionId: 'local', groupId: 'billing', state: 'Stable', at: m.clock.now });
    expect(last.partitions.map((p) => p.status)).toEqual(['OK', 'STOP']);
    expect(last.reason).toMatch(/^1 of 2 partitions in error; orders-1 STOP: no commit for 1m, longer than the window's 45s; lag 1,370$/);
    expect(sampler.health()).toEqual([last]);

    const stored = await history.readGroup({ connectionId: 'local', groupId: 'billing', from: 0, to: m.clock.now });
    expect(stored).toHaveLength(24);
    await sampler.stop();
    expect(m.stopped).toHaveBeenCalledOnce();
  });

  it('rebuilds its windows from the history on start, so a restart does not misjudge a young window', async () => {
    const m = manual();
    const history = new LagHistory({ dir });
    // Before the restart: a healthy consumer, well behind but catching up.
    for (let i = 0; i < 10; i++) await history.append('local', m.clock.now + i * 5_000, billing(1_000 + i * 100, 5_000));
    m.clock.now += 50_000;
    const health = async (withHistory: boolean) => {
      const updates: LagHealth[] = [];
      const sampler = new LagSampler({
        connectionId: 'local', sample: async () => [billing(2_000, 5_000)], onHealth: (h) => updates.push(h),
        history: withHistory ? history : undefined, clock: () => m.clock.now, schedule: manual().schedule,
      });
      await sampler.start();
      await sampler.tick();
      await sampler.stop();
      return updates[0].partitions[1];
    };
    // Without the history, one commit with lag is all there is (Burrow: STALL).
    expect((await health(false)).status).toBe('STALL');
    const replayed = await health(true);
    expect([replayed.status, replayed.complete]).toEqual(['OK', 1]);
  });

  it('stop() waits for the reading in flight, its append and its listener; a late tick after stop does nothing', async () => {
    const m = manual();
    let release!: (snapshots: GroupLagSnapshot[]) => void;
    const sample = vi.fn(() => new Promise<GroupLagSnapshot[]>((resolve) => { release = resolve; }));
    const append = vi.fn(async () => {});
    const onHealth = vi.fn();
    const sampler = new LagSampler({
      connectionId: 'local', sample, onHealth, clock: () => m.clock.now, schedule: m.schedule,
      history: { append, readGroup: async () => [], groups: async () => [] },
    });
    await sampler.start();
    const ticking = m.tick();
    // A second tick while the first waits joins it instead of reading again.
    const joined = sampler.tick();
    let stopped = false;
    const stopping = sampler.stop().then(() => { stopped = true; });
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    release([billing(10, 20)]);
    await stopping;
    expect(stopped).toBe(true);
    expect(append).toHaveBeenCalledOnce();
    expect(onHealth).toHaveBeenCalledOnce();
    await ticking;
    expect((await joined)[0].groupId).toBe('billing');
    expect(sample).toHaveBeenCalledOnce();
    await m.tick(); // cron may still fire once while being torn down
    expect(sample).toHaveBeenCalledOnce();
  });

  it('logs a failed reading, a failed append and a failing listener, and keeps going', async () => {
    const m = manual();
    const log = vi.fn();
    const sample = vi.fn<() => Promise<GroupLagSnapshot[]>>()
      .mockRejectedValueOnce(new Error('coordinator not available'))
      .mockResolvedValue([billing(10, 20)]);
    const sampler = new LagSampler({
      connectionId: 'local', sample, log, clock: () => m.clock.now, schedule: m.schedule,
      onHealth: () => { throw new Error('renderer gone'); },
      history: { append: async () => { throw new Error('disk full'); }, readGroup: async () => [], groups: async () => [] },
    });
    await expect(sampler.tick()).resolves.toEqual([]);
    const health = await sampler.tick();
    expect(health.map((h) => h.groupId)).toEqual(['billing']);
    expect(log.mock.calls.map((c) => c[0])).toEqual(['lag sample failed', 'lag history append failed', 'lag health listener failed']);
  });

  it('forgets a group that is gone from the cluster, and a partition no longer in its reading', async () => {
    const m = manual();
    let snapshots: GroupLagSnapshot[] = [billing(10, 20), { groupId: 'audit', state: 'Empty', partitions: [] }];
    const sampler = new LagSampler({ connectionId: 'local', sample: async () => snapshots, onHealth: () => {}, clock: () => m.clock.now, schedule: m.schedule });
    await sampler.tick();
    expect(sampler.health().map((h) => h.groupId)).toEqual(['billing', 'audit']);
    snapshots = [{ ...billing(10, 20), partitions: billing(10, 20).partitions.slice(0, 1) }];
    await sampler.tick();
    expect(sampler.health().map((h) => [h.groupId, h.partitions.length])).toEqual([['billing', 1]]);
  });

  it('accepts only intervals that divide a minute', () => {
    const base = { connectionId: 'x', sample: async () => [], onHealth: () => {} };
    expect(() => new LagSampler({ ...base, everySeconds: 7 })).toThrow(RangeError);
    const m = manual();
    void new LagSampler({ ...base, everySeconds: 60, schedule: m.schedule, seedMs: 0 }).start();
    return vi.waitFor(() => expect(m.expressions).toEqual(['0 * * * * *']));
  });

  it('runs on node-cron by default until stopped', async () => {
    const ticks: number[] = [];
    const before = cron.getTasks().size;
    const task = cronScheduler('* * * * * *', async () => void ticks.push(Date.now()));
    try {
      await vi.waitFor(() => expect(ticks.length).toBeGreaterThanOrEqual(2), { timeout: 5_000, interval: 50 });
    } finally {
      task.stop();
    }
    expect(cron.getTasks().size).toBe(before);
  });
});
