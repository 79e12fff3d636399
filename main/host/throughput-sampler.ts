// Samples the brokers' traffic counters on a node-cron schedule (DESIGN: node-cron drives the main
// process's periodic work), turns them into rates (./throughput-meter.ts), keeps the last few
// minutes for the overview and hands each sample on to be pushed to the UI.
//
// The scheduler and the clock are injected: tests drive ticks by hand and check the maths without
// waiting for wall-clock seconds.
import { type Scheduler, namedCronScheduler } from '../cron-scheduler.js';
import type { ThroughputSample } from '../contract/index.js';
import type { ErrorLog } from './api-error.js';
import type { BrokerStats } from './embedded-cluster.js';
import { RingBuffer } from './ring-buffer.js';
import { ThroughputMeter } from './throughput-meter.js';

export type { Scheduler };

export const cronScheduler: Scheduler = namedCronScheduler('oxbow-throughput');

export interface ThroughputSamplerOptions {
  stats: () => Promise<BrokerStats[]>;
  onSample: (sample: ThroughputSample) => void;
  /** Every reading as taken, for whoever wants fresh stats without asking the brokers again. */
  onStats?: (stats: BrokerStats[], at: number) => void;
  clock?: () => number;
  schedule?: Scheduler;
  everySeconds?: 1 | 2;
  /** How much history the overview gets (default five minutes). */
  historyMs?: number;
  log?: ErrorLog;
}

export class ThroughputSampler {
  private readonly meter = new ThroughputMeter();
  private readonly samples: RingBuffer<ThroughputSample>;
  private readonly clock: () => number;
  private readonly historyMs: number;
  private task: { stop(): void } | null = null;

  constructor(private readonly options: ThroughputSamplerOptions) {
    this.clock = options.clock ?? Date.now;
    this.historyMs = options.historyMs ?? 5 * 60_000;
    this.samples = new RingBuffer(Math.ceil(this.historyMs / ((options.everySeconds ?? 1) * 1000)) + 1);
  }

  start(): void {
    if (this.task) return;
    const every = this.options.everySeconds ?? 1;
    const expression = every === 1 ? '* * * * * *' : `*/${every} * * * * *`;
    this.task = (this.options.schedule ?? cronScheduler)(expression, async () => void (await this.sample()));
  }

  stop(): void {
    this.task?.stop();
    this.task = null;
  }

  brokerStarted(brokerId: number): void {
    this.meter.brokerStarted(brokerId);
  }

  /** One tick: a reading, and the sample it gives (none for the first). Never throws. */
  async sample(): Promise<ThroughputSample | null> {
    let stats: BrokerStats[];
    try {
      stats = await this.options.stats();
    } catch (err) {
      // The next reading measures over the longer interval: no traffic is lost, only a point.
      this.options.log?.('throughput sample failed', err);
      return null;
    }
    const at = this.clock();
    this.options.onStats?.(stats, at);
    const sample = this.meter.observe(at, stats);
    if (!sample) return null;
    this.samples.push(sample);
    this.options.onSample(sample);
    return sample;
  }

  /** The samples of the last `historyMs`, oldest first. */
  history(): ThroughputSample[] {
    const since = this.clock() - this.historyMs;
    return this.samples.toArray().filter((s) => s.at >= since);
  }
}
