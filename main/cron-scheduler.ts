// The main process's periodic work runs on node-cron (DESIGN: lag sampling, throughput, housekeeping).
// Samplers take a Scheduler rather than calling node-cron, so tests tick them by hand.
import cron from 'node-cron';

/** Runs `tick` on a 6-field cron expression (with seconds) until stopped. */
export type Scheduler = (expression: string, tick: () => Promise<void>) => { stop(): void };

/** A Scheduler on node-cron; `name` labels its tasks. */
export function namedCronScheduler(name: string): Scheduler {
  return (expression, tick) => {
    // noOverlap: a tick still waiting on a slow cluster is not stacked on by the next one.
    const task = cron.schedule(expression, tick, { name, noOverlap: true });
    return { stop: () => void task.destroy() };
  };
}
