// The brokers' stats as last read, shared by the sampler (which reads every second) and the calls
// that show disk sizes, so a screen refresh does not ask every broker worker again.
import type { BrokerStats } from './embedded-cluster.js';

export class StatsCache {
  private latest: { at: number; stats: BrokerStats[] } | null = null;
  private reading: Promise<BrokerStats[]> | null = null;

  constructor(
    private readonly read: () => Promise<BrokerStats[]>,
    private readonly clock: () => number,
    private readonly maxAgeMs = 1_500,
  ) {}

  put(stats: BrokerStats[], at: number): void {
    if (!this.latest || at >= this.latest.at) this.latest = { at, stats };
  }

  /** Stats no older than maxAgeMs; concurrent callers share one read. */
  async get(): Promise<BrokerStats[]> {
    if (this.latest && this.clock() - this.latest.at <= this.maxAgeMs) return this.latest.stats;
    this.reading ??= this.read()
      .then((stats) => {
        this.put(stats, this.clock());
        return stats;
      })
      .finally(() => (this.reading = null));
    return this.reading;
  }

  /** Forgets the last reading: a control just changed what the brokers hold. */
  invalidate(): void {
    this.latest = null;
  }
}
