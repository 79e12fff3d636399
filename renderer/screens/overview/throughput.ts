import type { ThroughputSample } from '../../../main/contract/index.js';

/** How many samples the sparklines show (the sampler keeps a few minutes). */
export const MAX_SAMPLES = 120;

/** The fetched series and the pushed samples, by time, each instant once, the newest `max`. */
export function mergeSamples(fetched: readonly ThroughputSample[], pushed: readonly ThroughputSample[], max = MAX_SAMPLES): ThroughputSample[] {
  const byTime = new Map<number, ThroughputSample>();
  for (const s of fetched) byTime.set(s.at, s);
  for (const s of pushed) byTime.set(s.at, s);
  return [...byTime.values()].sort((a, b) => a.at - b.at).slice(-max);
}
