// The broker's periodic log work, on Kafka's intervals: retention (log.retention.check.interval.ms),
// time-based flushes (flush.ms is checked every second, like log.flush.scheduler.interval.ms would),
// checkpoints of recovery points and log start offsets (every 60 s, Kafka's defaults), and
// compaction (log.cleaner.backoff.ms, 15 s). The LogManager does the work; this only times it.
// Timers are unref'd: they never keep a process alive on their own.
import type { Logger } from '../logger.js';
import type { Clock } from '../storage/clock.js';
import type { LogManager } from '../storage/log-manager.js';

const FLUSH_CHECK_MS = 1_000;
const CHECKPOINT_INTERVAL_MS = 60_000;
const CLEANER_BACKOFF_MS = 15_000;

export class LogScheduler {
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly logManager: LogManager,
    private readonly clock: Clock,
    private readonly retentionCheckIntervalMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.every(this.retentionCheckIntervalMs, 'retention', () => this.logManager.cleanupLogs(this.clock.now()));
    this.every(FLUSH_CHECK_MS, 'flush', () => this.logManager.flushDirtyLogs(this.clock.now()));
    this.every(CHECKPOINT_INTERVAL_MS, 'checkpoint', () => this.logManager.checkpointAll());
    this.every(CLEANER_BACKOFF_MS, 'compaction', () => this.logManager.cleanLogs(this.clock.now()));
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  private every(intervalMs: number, what: string, work: () => unknown): void {
    const timer = setInterval(() => {
      try {
        work();
      } catch (err) {
        this.log.error(`periodic ${what} failed`, err);
      }
    }, intervalMs);
    timer.unref();
    this.timers.push(timer);
  }
}
