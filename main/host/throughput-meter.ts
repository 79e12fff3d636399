// Throughput from cumulative counters: each running broker reports bytes and messages counted since
// its worker started; a rate is the difference between two readings over the time between them.
// Pure: the sampler (./throughput-sampler.ts) feeds it readings and their times.
import type { ThroughputSample } from '../contract/index.js';
import type { BrokerStats } from './embedded-cluster.js';

type Counters = Pick<BrokerStats, 'bytesIn' | 'bytesOut' | 'messagesIn'>;

const ZERO: Counters = { bytesIn: 0, bytesOut: 0, messagesIn: 0 };

export class ThroughputMeter {
  private lastAt: number | null = null;
  /**
   * Each broker's counters when it last reported. Kept while it does not report (paused, down): a
   * broker back from a pause continues its counts, one back from a restart starts again at zero.
   */
  private readonly lastSeen = new Map<number, Counters>();
  /** Brokers whose worker (re)started since they last reported. */
  private readonly restarted = new Set<number>();

  /** From the cluster's brokerUp event. A restart between readings shows only through this, or a counter going down. */
  brokerStarted(brokerId: number): void {
    this.restarted.add(brokerId);
  }

  /** Takes a reading; returns the rates since the previous one (null for the first reading). */
  observe(at: number, stats: readonly BrokerStats[]): ThroughputSample | null {
    const previousAt = this.lastAt;
    this.lastAt = at;
    let bytesIn = 0;
    let bytesOut = 0;
    let messagesIn = 0;
    for (const s of stats) {
      const before = this.restarted.has(s.brokerId) ? ZERO : (this.lastSeen.get(s.brokerId) ?? ZERO);
      bytesIn += delta(s.bytesIn, before.bytesIn);
      bytesOut += delta(s.bytesOut, before.bytesOut);
      messagesIn += delta(s.messagesIn, before.messagesIn);
      this.lastSeen.set(s.brokerId, { bytesIn: s.bytesIn, bytesOut: s.bytesOut, messagesIn: s.messagesIn });
      this.restarted.delete(s.brokerId);
    }
    // Invariant: the first reading, or a clock that did not move forward, gives no rate, only a baseline.
    if (previousAt === null || at <= previousAt) return null;
    const seconds = (at - previousAt) / 1000;
    return { at, messagesInPerSec: messagesIn / seconds, bytesInPerSec: bytesIn / seconds, bytesOutPerSec: bytesOut / seconds };
  }
}

/** A counter that went down belongs to a worker that restarted: everything it counted is new. */
function delta(now: number, before: number): number {
  return now >= before ? now - before : now;
}
