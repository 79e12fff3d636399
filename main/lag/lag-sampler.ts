// Reads every group's lag on a node-cron schedule (DESIGN: node-cron drives the main process's
// periodic work), appends each reading to the history, keeps each partition's Burrow window in
// memory, and hands every group's health (burrow-evaluator.ts) to a listener.
//
// One sampler per connection (the embedded cluster or an external one); `sample` is whatever reads
// that connection's groups. The scheduler and the clock are injected: tests tick by hand.
// On start, the windows are rebuilt from the recent history, so a restart does not leave a blind
// spell in which every lagging group's one-commit window reads as STALL or STOP.
import { type Scheduler, namedCronScheduler } from '../cron-scheduler.js';
import { type GroupEvaluation, type PartitionInput, evaluateGroup } from './burrow-evaluator.js';
import { type BurrowWindowConfig, EMPTY_WINDOW, type PartitionWindow, observe, windowConfig } from './burrow-window.js';
import type { LagHistory } from './lag-history.js';
import { type GroupLagSnapshot, partitionKey } from './lag-types.js';

export type { Scheduler };

export const cronScheduler: Scheduler = namedCronScheduler('oxbow-lag');

/** A group's health after one reading: what the listener gets. */
export interface LagHealth extends GroupEvaluation {
  connectionId: string;
  at: number;
  /** The group's state in that reading. */
  state: string;
}

export interface LagSamplerOptions {
  connectionId: string;
  sample: () => Promise<GroupLagSnapshot[]>;
  onHealth: (health: LagHealth) => void;
  history?: Pick<LagHistory, 'append' | 'readGroup' | 'groups'>;
  /** Seconds between readings; must divide a minute so cron spaces them evenly (default 5). */
  everySeconds?: number;
  window?: Partial<BurrowWindowConfig>;
  /** How much history start() replays into the windows (default 15 minutes; 0: none). */
  seedMs?: number;
  clock?: () => number;
  schedule?: Scheduler;
  log?: (message: string, err: unknown) => void;
}

type GroupWindows = Map<string, PartitionInput>;

export class LagSampler {
  private readonly config: BurrowWindowConfig;
  private readonly clock: () => number;
  private readonly everySeconds: number;
  private readonly windows = new Map<string, GroupWindows>();
  private readonly latest = new Map<string, LagHealth>();
  private task: { stop(): void } | null = null;
  private starting: Promise<void> | null = null;
  private inFlight: Promise<LagHealth[]> | null = null;

  constructor(private readonly options: LagSamplerOptions) {
    this.config = windowConfig(options.window);
    this.clock = options.clock ?? Date.now;
    this.everySeconds = options.everySeconds ?? 5;
    if (!Number.isInteger(this.everySeconds) || this.everySeconds < 1 || 60 % this.everySeconds !== 0) {
      throw new RangeError(`everySeconds must divide 60, not ${this.everySeconds}`);
    }
  }

  /** Rebuilds the windows from recent history, then starts reading on the schedule. */
  start(): Promise<void> {
    if (this.task) return Promise.resolve();
    this.starting ??= this.seed().then(() => {
      const expression = this.everySeconds === 60 ? '0 * * * * *' : this.everySeconds === 1 ? '* * * * * *' : `*/${this.everySeconds} * * * * *`;
      this.task = (this.options.schedule ?? cronScheduler)(expression, async () => {
        if (this.task) await this.tick();
      });
    }).finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /** Stops the schedule and waits for a reading in progress (and its append) to finish. */
  async stop(): Promise<void> {
    await this.starting;
    this.task?.stop();
    this.task = null;
    await this.inFlight;
  }

  /** One reading of every group. A tick that arrives while one runs joins it. Never throws. */
  tick(): Promise<LagHealth[]> {
    this.inFlight ??= this.read().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** The latest health of every group seen in the last reading. */
  health(): LagHealth[] {
    return [...this.latest.values()];
  }

  private async read(): Promise<LagHealth[]> {
    let snapshots: GroupLagSnapshot[];
    try {
      snapshots = await this.options.sample();
    } catch (err) {
      // A missed reading only leaves a gap: the windows hold commits, not readings.
      this.options.log?.('lag sample failed', err);
      return [];
    }
    const at = this.clock();
    const results = snapshots.map((snapshot) => this.observe(snapshot, at));
    // Groups gone from the cluster (deleted, or expired) are forgotten.
    const present = new Set(snapshots.map((s) => s.groupId));
    for (const groupId of [...this.windows.keys()]) {
      if (!present.has(groupId)) {
        this.windows.delete(groupId);
        this.latest.delete(groupId);
      }
    }
    if (this.options.history) {
      for (const snapshot of snapshots) {
        await this.options.history.append(this.options.connectionId, at, snapshot)
          .catch((err: unknown) => this.options.log?.('lag history append failed', err));
      }
    }
    for (const health of results) {
      try {
        this.options.onHealth(health);
      } catch (err) {
        this.options.log?.('lag health listener failed', err);
      }
    }
    return results;
  }

  private observe(snapshot: GroupLagSnapshot, at: number): LagHealth {
    const before = this.windows.get(snapshot.groupId);
    const after: GroupWindows = new Map();
    // Only the partitions in this reading stay: one no longer committed for leaves the group.
    for (const reading of snapshot.partitions) {
      const key = partitionKey(reading.topic, reading.partition);
      const window: PartitionWindow = before?.get(key)?.window ?? EMPTY_WINDOW;
      after.set(key, { topic: reading.topic, partition: reading.partition, window: observe(window, reading, at, this.config) });
    }
    this.windows.set(snapshot.groupId, after);
    const evaluation = evaluateGroup(snapshot.groupId, [...after.values()], at, this.config);
    const health: LagHealth = { ...evaluation, connectionId: this.options.connectionId, at, state: snapshot.state };
    this.latest.set(snapshot.groupId, health);
    return health;
  }

  private async seed(): Promise<void> {
    const history = this.options.history;
    const seedMs = this.options.seedMs ?? 15 * 60_000;
    if (!history || seedMs <= 0) return;
    const now = this.clock();
    try {
      for (const groupId of await history.groups(this.options.connectionId)) {
        const points = await history.readGroup({ connectionId: this.options.connectionId, groupId, from: now - seedMs, to: now });
        const windows: GroupWindows = new Map();
        for (const point of points) {
          for (const reading of point.partitions) {
            const key = partitionKey(reading.topic, reading.partition);
            const window = windows.get(key)?.window ?? EMPTY_WINDOW;
            windows.set(key, { topic: reading.topic, partition: reading.partition, window: observe(window, reading, point.at, this.config) });
          }
        }
        if (windows.size > 0) this.windows.set(groupId, windows);
      }
    } catch (err) {
      // Without history the windows start empty, as Burrow's do after a restart.
      this.options.log?.('lag history could not be replayed', err);
    }
  }
}
