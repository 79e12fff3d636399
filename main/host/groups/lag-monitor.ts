// Lag health of the selected connection's groups over time: one LagSampler (main/lag) at a time,
// for the connection selected now, reading every few seconds on node-cron, appending to the
// on-disk history and pushing each group's health ({kind: 'groupHealth'}) to the UI; plus the
// history's daily retention prune.
//
// Invariant: samples and health belong to one connection id. When another connection is selected
// the old sampler is stopped (its last reading is dropped, not written under the wrong id) and a
// new one starts, rebuilding its windows from that connection's history.
import type { PushEvent } from '../../contract/index.js';
import { type BurrowWindowConfig, type LagHealth, type LagHistory, LagSampler, type Scheduler, cronScheduler } from '../../lag/index.js';
import type { ErrorLog } from '../api-error.js';
import { type GroupReading, toSnapshot, totalLagOf } from './group-model.js';

/** Daily, at a quiet minute: history older than the retention goes a whole day file at a time. */
export const PRUNE_EXPRESSION = '0 17 4 * * *';

/** A failed reading already logged (once per run of failures): the sampler need not log it again. */
class ReportedFailure extends Error {}

export interface LagMonitorOptions {
  connectionId: () => string;
  /** Every group of the selected connection, read now. */
  read: () => Promise<GroupReading[]>;
  history: LagHistory;
  publish: (event: PushEvent) => void;
  everySeconds: number;
  window?: Partial<BurrowWindowConfig>;
  /** node-cron unless a test ticks by hand. */
  schedule?: Scheduler;
  clock: () => number;
  log: ErrorLog;
}

export class LagMonitor {
  private active: { connectionId: string; sampler: LagSampler } | null = null;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly pruneTask: { stop(): void };
  /** Group ids of the last reading, to say when the list of groups changed. */
  private groupIds: string | null = null;
  /** Each group's total lag in the reading being evaluated, for the pushed health. */
  private totals = new Map<string, number | null>();
  /** Set while readings fail, so an unreachable cluster is logged once, not every few seconds. */
  private failing = false;
  private closed = false;

  constructor(private readonly options: LagMonitorOptions) {
    this.pruneTask = this.schedule(PRUNE_EXPRESSION, () => this.prune());
    void this.prune();
    this.sampler();
  }

  /** The latest health of a group on the selected connection; undefined before its first reading. */
  health(groupId: string): LagHealth | undefined {
    return this.sampler()?.health().find((h) => h.groupId === groupId);
  }

  /** The sampler of the selected connection (started on first use); null once closed. */
  sampler(): LagSampler | null {
    if (this.closed) return null;
    const connectionId = this.options.connectionId();
    if (this.active?.connectionId === connectionId) return this.active.sampler;
    if (this.active) this.track(this.active.sampler.stop());
    this.groupIds = null;
    this.failing = false;
    const sampler = new LagSampler({
      connectionId,
      sample: () => this.sample(connectionId),
      onHealth: (health) => this.options.publish({
        kind: 'groupHealth', groupId: health.groupId, status: health.status, totalLag: this.totals.get(health.groupId) ?? null,
      }),
      history: this.options.history,
      everySeconds: this.options.everySeconds,
      window: this.options.window,
      clock: this.options.clock,
      schedule: this.options.schedule,
      log: (message, err) => {
        if (!(err instanceof ReportedFailure)) this.options.log(message, err);
      },
    });
    this.active = { connectionId, sampler };
    this.track(sampler.start());
    return sampler;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pruneTask.stop();
    if (this.active) this.track(this.active.sampler.stop());
    this.active = null;
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  private async sample(connectionId: string) {
    const stale = () => this.closed || this.options.connectionId() !== connectionId;
    if (stale()) {
      this.sampler();
      return [];
    }
    let readings: GroupReading[];
    try {
      readings = await this.options.read();
    } catch (err) {
      if (!this.failing) this.options.log(`lag samples of connection ${connectionId} failing (logged again once they recover and fail anew)`, err);
      this.failing = true;
      // Thrown, not answered empty: the sampler keeps its windows through the gap.
      throw new ReportedFailure('lag sample failed');
    }
    this.failing = false;
    // Another connection was selected while reading: these readings must not go in its history.
    if (stale()) return [];
    this.noteGroups(readings);
    this.totals = new Map(readings.map((g) => [g.groupId, totalLagOf(g.partitions)]));
    return readings.map(toSnapshot);
  }

  private noteGroups(readings: GroupReading[]): void {
    const ids = readings.map((g) => g.groupId).sort().join('\u0000');
    if (this.groupIds !== null && this.groupIds !== ids) this.options.publish({ kind: 'changed', what: 'groups' });
    this.groupIds = ids;
  }

  private prune(): Promise<void> {
    const done = this.options.history.prune(this.options.clock())
      .then(() => {}, (err: unknown) => this.options.log('lag history prune failed', err));
    this.track(done);
    return done;
  }

  private schedule(expression: string, tick: () => Promise<void>): { stop(): void } {
    return (this.options.schedule ?? cronScheduler)(expression, tick);
  }

  private track(work: Promise<unknown>): void {
    const done = work.catch((err: unknown) => this.options.log('lag monitor', err)).finally(() => this.pending.delete(done));
    this.pending.add(done);
  }
}
