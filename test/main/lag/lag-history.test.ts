// Lag history on disk: append and read back by range, per group and per partition; downsampling;
// retention; a torn last line after a crash; and a new instance reading what an old one wrote.
import { appendFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { downsampler } from '../../../main/lag/lag-downsample.js';
import { decodeReading, encodeReading, peekAt } from '../../../main/lag/lag-history-codec.js';
import { LagHistory, slug } from '../../../main/lag/lag-history.js';
import type { GroupLagSnapshot } from '../../../main/lag/lag-types.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 10, 12, 0, 0);

function snapshot(groupId: string, lag0: number, lag1 = 0, state = 'Stable'): GroupLagSnapshot {
  return {
    groupId, state, partitions: [
      { topic: 'orders', partition: 0, committedOffset: 1_000, logEndOffset: 1_000 + lag0, lag: lag0, timeLagMs: lag0 * 10, commitTimestamp: T0 },
      { topic: 'orders', partition: 1, committedOffset: 500, logEndOffset: 500 + lag1, lag: lag1, timeLagMs: null },
    ],
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxbow-lag-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function groupFiles(connectionId: string, groupId: string): Promise<string[]> {
  return (await readdir(join(dir, slug(connectionId), slug(groupId)))).sort();
}

describe('LagHistory', () => {
  it('appends readings and reads a time range back, per group and per partition', async () => {
    const history = new LagHistory({ dir });
    for (let i = 0; i < 10; i++) await history.append('local', T0 + i * 5_000, snapshot('billing', i * 10, 1));
    await history.append('local', T0, snapshot('other', 99));

    const points = await history.readGroup({ connectionId: 'local', groupId: 'billing', from: T0 + 10_000, to: T0 + 20_000 });
    expect(points.map((p) => [p.at - T0, p.totalLag, p.maxTimeLagMs])).toEqual([[10_000, 21, 200], [15_000, 31, 300], [20_000, 41, 400]]);
    expect(points[0].partitions[0]).toEqual(snapshot('billing', 20, 1).partitions[0]);
    expect(points[0].state).toBe('Stable');

    const one = await history.readPartition({ connectionId: 'local', groupId: 'billing', topic: 'orders', partition: 0, from: T0, to: T0 + 5_000 });
    expect(one).toEqual([
      { at: T0, committedOffset: 1_000, logEndOffset: 1_000, lag: 0, timeLagMs: 0 },
      { at: T0 + 5_000, committedOffset: 1_000, logEndOffset: 1_010, lag: 10, timeLagMs: 100 },
    ]);
    expect(await history.groups('local')).toEqual(['billing', 'other']);
    expect(await history.groups('elsewhere')).toEqual([]);
  });

  it('keeps one reading per group and time', async () => {
    const history = new LagHistory({ dir });
    await history.append('local', T0, snapshot('billing', 5));
    await history.append('local', T0, snapshot('billing', 7));
    expect((await history.readGroup({ connectionId: 'local', groupId: 'billing', from: 0, to: T0 })).map((p) => p.totalLag)).toEqual([5]);
  });

  it('downsamples a long range to at most maxPoints, keeping spikes and dips', async () => {
    const history = new LagHistory({ dir });
    // An hour every 5 s: a steady 100, one spike to 5,000 and one dip to 0.
    for (let i = 0; i < 720; i++) {
      const lag = i === 300 ? 5_000 : i === 500 ? 0 : 100;
      await history.append('local', T0 + i * 5_000, snapshot('billing', lag));
    }
    const points = await history.readGroup({ connectionId: 'local', groupId: 'billing', from: T0, to: T0 + 3_600_000 - 1, maxPoints: 60 });
    expect(points.length).toBeLessThanOrEqual(60);
    expect(points.length).toBeGreaterThan(30);
    expect(points.map((p) => p.totalLag)).toContain(5_000);
    expect(points.map((p) => p.totalLag)).toContain(0);
    expect(points.map((p) => p.at)).toEqual([...points.map((p) => p.at)].sort((a, b) => a - b));
    const short = await history.readGroup({ connectionId: 'local', groupId: 'billing', from: T0, to: T0 + 20_000, maxPoints: 60 });
    expect(short).toHaveLength(5);
  });

  it('writes one file per day, reads across days, and drops whole days past retention', async () => {
    const history = new LagHistory({ dir, retentionMs: 7 * DAY });
    for (let d = 0; d < 10; d++) await history.append('local', T0 + d * DAY, snapshot('billing', d));
    await history.append('local', T0, snapshot('old-only', 1));
    expect(await groupFiles('local', 'billing')).toHaveLength(11); // ten days and group.json

    const all = await history.readGroup({ connectionId: 'local', groupId: 'billing', from: T0, to: T0 + 9 * DAY });
    expect(all.map((p) => p.totalLag)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

    const now = T0 + 9 * DAY;
    // Kept: every day that ends after now - 7 days (the 12th ends on the 13th, after the cutoff at noon on the 12th).
    expect(await history.prune(now)).toBe(2 + 1);
    const left = await history.readGroup({ connectionId: 'local', groupId: 'billing', from: 0, to: now });
    expect(left.map((p) => p.totalLag)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    // A group with nothing left loses its folder, and with it its place in groups().
    expect(await history.groups('local')).toEqual(['billing']);
    // And the store keeps working after pruning removed folders under it.
    await history.append('local', now + 1, snapshot('old-only', 2));
    expect(await history.groups('local')).toEqual(['billing', 'old-only']);
  });

  it('skips a torn last line after a crash, and the next append starts on a fresh line', async () => {
    const log = vi.fn();
    const before = new LagHistory({ dir, log });
    await before.append('local', T0, snapshot('billing', 1));
    await before.append('local', T0 + 5_000, snapshot('billing', 2));
    const [file] = (await groupFiles('local', 'billing')).filter((f) => f.endsWith('.jsonl'));
    const path = join(dir, slug('local'), slug('billing'), file);
    // The process died halfway through writing a line.
    await appendFile(path, encodeReading(T0 + 10_000, snapshot('billing', 3)).slice(0, 40));

    const after = new LagHistory({ dir, log });
    const range = { connectionId: 'local', groupId: 'billing', from: T0, to: T0 + DAY };
    expect((await after.readGroup(range)).map((p) => p.totalLag)).toEqual([1, 2]);
    await after.append('local', T0 + 15_000, snapshot('billing', 4));
    expect((await after.readGroup(range)).map((p) => p.totalLag)).toEqual([1, 2, 4]);
    expect((await readFile(path, 'utf8')).split('\n')).toHaveLength(5); // 2 good, torn, 1 good, final newline
    expect(log).not.toHaveBeenCalled();
  });

  it('survives re-opening: a new instance reads what the old one wrote', async () => {
    const first = new LagHistory({ dir });
    await first.append('cluster "A"/prod', T0, snapshot('Orders', 11));
    await first.append('cluster "A"/prod', T0, snapshot('orders', 22));
    const second = new LagHistory({ dir });
    expect(await second.groups('cluster "A"/prod')).toEqual(['Orders', 'orders']);
    const read = (groupId: string) => second.readGroup({ connectionId: 'cluster "A"/prod', groupId, from: T0, to: T0 });
    // Group ids that differ only in case keep apart, even on a case-insensitive disk.
    expect((await read('Orders')).map((p) => p.totalLag)).toEqual([11]);
    expect((await read('orders')).map((p) => p.totalLag)).toEqual([22]);
    expect(await read('missing')).toEqual([]);
  });
});

describe('lag history line format', () => {
  it('round-trips a reading, carries its version, and finds its time without parsing', () => {
    const line = encodeReading(T0, snapshot('billing', 3));
    expect(line.startsWith('{"v":1,"at":')).toBe(true);
    expect(peekAt(line)).toBe(T0);
    expect(decodeReading(line)).toEqual({ at: T0, ...snapshot('billing', 3) });
  });

  it.each([
    ['torn', encodeReading(T0, snapshot('billing', 3)).slice(0, -5)],
    ['a newer version', encodeReading(T0, snapshot('billing', 3)).replace('"v":1', '"v":2')],
    ['a bad partition', '{"v":1,"at":5,"group":"g","state":"Stable","p":[["t","0",1,2,1,0]]}'],
    ['not an object', '[1,2,3]'],
    ['empty', ''],
  ])('decodes %s to null instead of throwing', (_name, line) => {
    expect(decodeReading(line)).toBeNull();
  });
});

describe('downsampler', () => {
  it('keeps the low and the high of each bucket, within maxPoints, and one point when asked for one', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ at: i, v: i === 37 ? 1_000 : i % 10 }));
    const d = downsampler<{ at: number; v: number }>(0, 99, 10, (x) => x.v);
    items.forEach((x) => d.add(x));
    const out = d.result();
    expect(out.length).toBeLessThanOrEqual(10);
    expect(out.map((x) => x.v)).toContain(1_000);
    const single = downsampler<{ at: number; v: number }>(0, 99, 1, (x) => x.v);
    items.forEach((x) => single.add(x));
    expect(single.result()).toEqual([{ at: 37, v: 1_000 }]);
    expect(() => downsampler(0, 1, 0, () => 0)).toThrow(RangeError);
  });
});
