// The groups area's lag sampler wiring, with a scheduler the test ticks and a clock it moves:
// readings of the selected connection's groups evaluated and pushed (groupHealth, and 'changed'
// when the list of groups changes), kept on disk for the charts, the status shown by listGroups
// and describeGroup; a new sampler when another connection is selected; the daily prune; and
// everything stopped by close().
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushEvent } from '../../../../main/contract/index.js';
import type { EmbeddedCluster } from '../../../../main/host/embedded-cluster.js';
import { createGroupMethods } from '../../../../main/host/groups/index.js';
import { DEFAULT_SAMPLE_SECONDS, sampleSeconds } from '../../../../main/host/groups/lag-settings.js';
import { PRUNE_EXPRESSION } from '../../../../main/host/groups/lag-monitor.js';
import type { HostContext } from '../../../../main/host/host-context.js';
import { PushHub } from '../../../../main/host/push-hub.js';
import { LagHistory, type Scheduler } from '../../../../main/lag/index.js';

type EngineGroup = Awaited<ReturnType<EmbeddedCluster['consumerGroups']>>[number];

/** Group "billing" on one partition: committed and end offsets as given, committed at `committedAt`. */
function billing(committed: number, end: number, committedAt: number): EngineGroup {
  return {
    groupId: 'billing', state: 'Stable', protocolType: 'consumer', protocol: 'range', generationId: 1,
    members: [{ memberId: 'm', groupInstanceId: null, clientId: 'app', clientHost: '/h', sessionTimeoutMs: 1, rebalanceTimeoutMs: 1, subscribedTopics: ['orders'], assignment: [{ topic: 'orders', partitions: [0] }] }],
    partitions: [{
      topic: 'orders', partition: 0, committedOffset: committed, logStartOffset: 0, logEndOffset: end, highWatermark: end,
      lag: end - committed, timeLagMs: 1_000, owner: { memberId: 'm', clientId: 'app', clientHost: '/h' }, commitTimestamp: committedAt,
    }],
    totalLag: end - committed, maxTimeLagMs: 1_000,
  };
}

function harness() {
  const tasks: { expression: string; tick: () => Promise<void>; stopped: boolean }[] = [];
  const schedule: Scheduler = (expression, tick) => {
    const task = { expression, tick, stopped: false };
    tasks.push(task);
    return { stop: () => void (task.stopped = true) };
  };
  const clock = { now: Date.UTC(2026, 2, 10, 12, 0, 0) };
  let groups: EngineGroup[] | Error = [];
  const cluster = {
    consumerGroups: async () => {
      if (groups instanceof Error) throw groups;
      return groups;
    },
  } as unknown as EmbeddedCluster;
  const hub = new PushHub();
  const pushed: PushEvent[] = [];
  hub.subscribe((e) => pushed.push(e));
  const logged: [string, unknown][] = [];
  let connectionId = 'embedded';
  const ctx: HostContext = {
    bootstrap: () => '127.0.0.1:1',
    kafka: () => ({ connectionId, brokers: ['127.0.0.1:1'], sasl: null, tls: null }),
    admin: () => { throw new Error('no admin in this test'); },
    embedded: () => cluster,
    hub,
    stateDir: dir,
    clock: () => clock.now,
    log: (message, err) => logged.push([message, err]),
  };
  const live = (expression: string) => tasks.filter((t) => t.expression === expression && !t.stopped);
  return {
    ctx, clock, pushed, logged, tasks, schedule,
    setGroups: (g: EngineGroup[] | Error) => void (groups = g),
    select: (id: string) => void (connectionId = id),
    live,
    /** Every live sampler's tick, as cron would fire it this second. */
    sample: () => Promise.all(live('* * * * * *').map((t) => t.tick())),
  };
}

/** The sampler starts after replaying history: its task appears once that is done. */
async function started(h: ReturnType<typeof harness>, count = 1): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (h.live('* * * * * *').length < count) {
    if (Date.now() > deadline) throw new Error('the lag sampler did not start');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-lag-wiring-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('lag sampling in the groups area', () => {
  it('samples every second, pushes health, keeps history, and shows the status in listGroups', async () => {
    const h = harness();
    const methods = createGroupMethods(h.ctx, { schedule: h.schedule, sampleEverySeconds: 1 });
    try {
      await started(h);
      expect(h.live(PRUNE_EXPRESSION)).toHaveLength(1);
      // Not evaluated yet: OK with the reason saying so.
      h.setGroups([billing(0, 10, h.clock.now)]);
      expect((await methods.listGroups({}))[0]).toMatchObject({ groupId: 'billing', status: 'OK', statusReason: expect.stringMatching(/not evaluated/) });

      // Falling behind: commits advance, lag grows at every one.
      const statuses: string[] = [];
      for (let i = 1; i <= 6; i++) {
        h.clock.now += 1_000;
        h.setGroups([billing(i * 10, 100 + i * 50, h.clock.now - 100)]);
        await h.sample();
        const health = h.pushed.filter((e) => e.kind === 'groupHealth');
        expect(health).toHaveLength(i);
        statuses.push((health.at(-1) as Extract<PushEvent, { kind: 'groupHealth' }>).status);
      }
      // One commit with lag reads as STALL (Burrow's rule 4 holds for a single commit): ERR; then WARN.
      expect(statuses).toEqual(['ERR', 'WARN', 'WARN', 'WARN', 'WARN', 'WARN']);
      expect(h.pushed.at(-1)).toEqual({ kind: 'groupHealth', groupId: 'billing', status: 'WARN', totalLag: 340 });
      const [summary] = await methods.listGroups({});
      expect(summary).toMatchObject({ status: 'WARN', totalLag: 340 });
      expect(summary.statusReason).toMatch(/orders-0 WARN: lag did not go down across the last 6 commits/);
      expect((await methods.describeGroup({ groupId: 'billing' })).partitions[0].status).toBe('WARN');

      // Catching up: lag goes down, OK again.
      h.clock.now += 1_000;
      h.setGroups([billing(390, 400, h.clock.now - 100)]);
      await h.sample();
      expect(h.pushed.at(-1)).toMatchObject({ kind: 'groupHealth', status: 'OK', totalLag: 10 });

      const points = await methods.lagHistory({ groupId: 'billing', from: 0 });
      expect(points.map((p) => p.lag)).toEqual([140, 180, 220, 260, 300, 340, 10]);
      expect(points.every((p) => p.timeLagMs === 1_000)).toBe(true);
      const onDisk = await new LagHistory({ dir: path.join(dir, 'lag-history') }).groups('embedded');
      expect(onDisk).toEqual(['billing']);
    } finally {
      await methods.close();
    }
    expect(h.tasks.every((t) => t.stopped)).toBe(true);
    expect(h.logged).toEqual([]);
  });

  it('says the list of groups changed when a group appears or goes', async () => {
    const h = harness();
    const methods = createGroupMethods(h.ctx, { schedule: h.schedule, sampleEverySeconds: 1 });
    try {
      await started(h);
      await h.sample();
      h.setGroups([billing(1, 2, 1)]);
      await h.sample();
      await h.sample();
      h.setGroups([]);
      await h.sample();
      expect(h.pushed.filter((e) => e.kind === 'changed')).toEqual([{ kind: 'changed', what: 'groups' }, { kind: 'changed', what: 'groups' }]);
    } finally {
      await methods.close();
    }
  });

  it('starts a sampler for the newly selected connection and stops the old one', async () => {
    const h = harness();
    const methods = createGroupMethods(h.ctx, { schedule: h.schedule, sampleEverySeconds: 1 });
    try {
      await started(h);
      h.setGroups([billing(10, 20, 1)]);
      await h.sample();
      expect(h.pushed.filter((e) => e.kind === 'groupHealth')).toHaveLength(1);

      h.select('staging');
      // The old sampler's next tick notices, writes nothing, and hands over.
      h.clock.now += 1_000;
      await h.sample();
      await started(h);
      expect(h.tasks.filter((t) => t.expression === '* * * * * *').map((t) => t.stopped)).toEqual([true, false]);
      expect(h.pushed.filter((e) => e.kind === 'groupHealth')).toHaveLength(1);

      h.clock.now += 1_000;
      await h.sample();
      const history = new LagHistory({ dir: path.join(dir, 'lag-history') });
      expect(await history.groups('embedded')).toEqual(['billing']);
      expect(await history.groups('staging')).toEqual(['billing']);
      // Each connection's chart reads its own readings.
      expect(await methods.lagHistory({ groupId: 'billing', from: 0 })).toHaveLength(1);
    } finally {
      await methods.close();
    }
    expect(h.tasks.every((t) => t.stopped)).toBe(true);
  });

  it('logs a cluster that cannot be read once per run of failures, and keeps the windows through the gap', async () => {
    const h = harness();
    const methods = createGroupMethods(h.ctx, { schedule: h.schedule, sampleEverySeconds: 1 });
    try {
      await started(h);
      const tick = async (g: EngineGroup[] | Error) => {
        h.clock.now += 1_000;
        h.setGroups(g);
        await h.sample();
      };
      await tick([billing(10, 100, h.clock.now)]);
      await tick([billing(20, 150, h.clock.now)]);
      for (let i = 0; i < 3; i++) await tick(new Error('cluster unreachable'));
      expect(h.logged.map(([message]) => message)).toEqual([expect.stringMatching(/^lag samples of connection embedded failing/)]);
      // The window still holds the commits from before: falling behind, not a first commit (STALL).
      await tick([billing(30, 200, h.clock.now)]);
      expect(h.pushed.at(-1)).toMatchObject({ kind: 'groupHealth', status: 'WARN' });
      await tick(new Error('cluster unreachable'));
      expect(h.logged).toHaveLength(2);
      expect(h.pushed.filter((e) => e.kind === 'groupHealth')).toHaveLength(3);
    } finally {
      await methods.close();
    }
  });

  it('prunes history past the retention at start and daily', async () => {
    const h = harness();
    const old = new LagHistory({ dir: path.join(dir, 'lag-history') });
    await old.append('embedded', h.clock.now - 30 * 86_400_000, { groupId: 'ancient', state: 'Empty', partitions: [] });
    expect(await old.groups('embedded')).toEqual(['ancient']);
    const methods = createGroupMethods(h.ctx, { schedule: h.schedule, sampleEverySeconds: 1 });
    try {
      await started(h);
      await h.live(PRUNE_EXPRESSION)[0].tick();
      expect(await old.groups('embedded')).toEqual([]);
    } finally {
      await methods.close();
    }
  });
});

describe('the sample interval setting', () => {
  it('reads OXBOW_LAG_SAMPLE_SECONDS when it divides a minute, else keeps the default and says why', () => {
    const logged: string[] = [];
    const log = (message: string) => void logged.push(message);
    expect(sampleSeconds({}, log)).toBe(DEFAULT_SAMPLE_SECONDS);
    expect(sampleSeconds({ OXBOW_LAG_SAMPLE_SECONDS: '1' }, log)).toBe(1);
    expect(sampleSeconds({ OXBOW_LAG_SAMPLE_SECONDS: '15' }, log)).toBe(15);
    expect(logged).toEqual([]);
    for (const bad of ['7', '0', '1.5', 'fast', '120']) expect(sampleSeconds({ OXBOW_LAG_SAMPLE_SECONDS: bad }, log)).toBe(DEFAULT_SAMPLE_SECONDS);
    expect(logged).toHaveLength(5);
  });
});
