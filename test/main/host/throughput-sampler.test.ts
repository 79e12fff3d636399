// Throughput from cumulative per-broker counters: rates over the time between readings, restarts
// counted from zero, pauses not double-counted, five minutes of history; ticks driven by hand.
import cron from 'node-cron';
import { describe, expect, it, vi } from 'vitest';
import type { ThroughputSample } from '../../../main/contract/index.js';
import type { BrokerStats } from '../../../main/host/embedded-cluster.js';
import { RingBuffer } from '../../../main/host/ring-buffer.js';
import { ThroughputMeter } from '../../../main/host/throughput-meter.js';
import { type Scheduler, ThroughputSampler, cronScheduler } from '../../../main/host/throughput-sampler.js';

function broker(brokerId: number, messagesIn: number, bytesIn = messagesIn * 100, bytesOut = 0): BrokerStats {
  return { brokerId, messagesIn, bytesIn, bytesOut, replicationBytesOut: 0, logs: [] };
}

describe('ThroughputMeter', () => {
  it('gives no rate for the first reading, then the counters’ growth over the seconds between readings', () => {
    const meter = new ThroughputMeter();
    expect(meter.observe(1_000, [broker(0, 50), broker(1, 10)])).toBeNull();
    expect(meter.observe(3_000, [broker(0, 150, 15_000, 400), broker(1, 30, 3_000, 0)])).toEqual({
      at: 3_000, messagesInPerSec: (100 + 20) / 2, bytesInPerSec: (10_000 + 2_000) / 2, bytesOutPerSec: 400 / 2,
    });
  });

  it('counts a broker whose counters went down (its worker restarted) from zero', () => {
    const meter = new ThroughputMeter();
    meter.observe(0, [broker(0, 1_000), broker(1, 500)]);
    expect(meter.observe(1_000, [broker(0, 1_010), broker(1, 7)])?.messagesInPerSec).toBe(10 + 7);
  });

  it('counts a broker reported restarted from zero even when its new counters passed its old ones', () => {
    const meter = new ThroughputMeter();
    meter.observe(0, [broker(0, 100)]);
    meter.brokerStarted(0);
    expect(meter.observe(1_000, [broker(0, 130)])?.messagesInPerSec).toBe(130);
    // The flag is spent: the next reading is a plain difference again.
    expect(meter.observe(2_000, [broker(0, 140)])?.messagesInPerSec).toBe(10);
  });

  it('continues a paused broker’s counts when it reports again, and counts an added broker from zero', () => {
    const meter = new ThroughputMeter();
    meter.observe(0, [broker(0, 100), broker(1, 200)]);
    expect(meter.observe(1_000, [broker(0, 110)])?.messagesInPerSec).toBe(10); // broker 1 paused: not reporting
    expect(meter.observe(2_000, [broker(0, 110), broker(1, 205), broker(2, 3)])?.messagesInPerSec).toBe(5 + 3);
  });

  it('gives no rate when the clock did not move forward', () => {
    const meter = new ThroughputMeter();
    meter.observe(5_000, [broker(0, 1)]);
    expect(meter.observe(5_000, [broker(0, 2)])).toBeNull();
  });
});

describe('RingBuffer', () => {
  it('keeps the newest items, oldest first', () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.toArray()).toEqual([]);
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});

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
  const clock = { now: 0 };
  return { schedule, expressions, stopped, clock, tick: () => tick!() };
}

describe('ThroughputSampler', () => {
  it('samples on its schedule, pushes each sample, and keeps five minutes of history', async () => {
    const m = manual();
    let messages = 0;
    const pushed: ThroughputSample[] = [];
    const sampler = new ThroughputSampler({
      stats: async () => [broker(0, messages)],
      onSample: (s) => pushed.push(s),
      clock: () => m.clock.now,
      schedule: m.schedule,
      everySeconds: 2,
    });
    sampler.start();
    expect(m.expressions).toEqual(['*/2 * * * * *']);
    expect(cron.validate(m.expressions[0])).toBe(true);
    for (let i = 0; i <= 200; i++) {
      m.clock.now = i * 2_000;
      messages = i * 20;
      await m.tick();
    }
    expect(pushed).toHaveLength(200);
    expect(pushed.every((s) => s.messagesInPerSec === 10)).toBe(true);
    const history = sampler.history();
    expect(history.at(-1)?.at).toBe(400_000);
    expect(history[0].at).toBe(400_000 - 300_000);
    sampler.stop();
    expect(m.stopped).toHaveBeenCalledOnce();
  });

  it('skips a tick whose stats fail, logs it, and measures the next over the longer interval', async () => {
    const m = manual();
    const log = vi.fn();
    const stats = vi.fn<() => Promise<BrokerStats[]>>()
      .mockResolvedValueOnce([broker(0, 0)])
      .mockRejectedValueOnce(new Error('broker 0 did not answer'))
      .mockResolvedValueOnce([broker(0, 300)]);
    const sampler = new ThroughputSampler({ stats, onSample: () => {}, clock: () => m.clock.now, schedule: m.schedule, log });
    sampler.start();
    expect(m.expressions).toEqual(['* * * * * *']);
    await m.tick();
    m.clock.now = 1_000;
    await expect(sampler.sample()).resolves.toBeNull();
    expect(log).toHaveBeenCalledOnce();
    m.clock.now = 3_000;
    expect((await sampler.sample())?.messagesInPerSec).toBe(100);
  });

  it('runs on node-cron by default, once a second, until stopped', async () => {
    const ticks: number[] = [];
    const before = cron.getTasks().size;
    const task = cronScheduler('* * * * * *', async () => void ticks.push(Date.now()));
    try {
      const deadline = Date.now() + 5_000;
      while (ticks.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks[1] - ticks[0]).toBeGreaterThan(500);
    } finally {
      task.stop();
    }
    // Destroyed, not just paused: node-cron no longer holds it.
    expect(cron.getTasks().size).toBe(before);
  });
});
