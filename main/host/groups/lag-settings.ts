// How often the lag sampler reads, from the environment: OXBOW_LAG_SAMPLE_SECONDS (default 5).
// Tests and demos use 1, so lag charts and Burrow's window fill in seconds rather than a minute.
import type { ErrorLog } from '../api-error.js';

export const DEFAULT_SAMPLE_SECONDS = 5;

/** Seconds that divide a minute, so cron spaces readings evenly; anything else is ignored (and logged). */
export function sampleSeconds(env: NodeJS.ProcessEnv, log?: ErrorLog): number {
  const raw = env.OXBOW_LAG_SAMPLE_SECONDS?.trim();
  if (!raw) return DEFAULT_SAMPLE_SECONDS;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 60 || 60 % seconds !== 0) {
    log?.('OXBOW_LAG_SAMPLE_SECONDS ignored', new RangeError(`${raw} is not a whole number of seconds dividing 60; sampling every ${DEFAULT_SAMPLE_SECONDS} s`));
    return DEFAULT_SAMPLE_SECONDS;
  }
  return seconds;
}
