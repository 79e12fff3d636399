// Time is injected into the storage layer (segment.ms rolls, retention.ms, flush.ms, compaction
// lags), so tests drive it and nothing under test reads Date.now() itself.
export interface Clock {
  /** Milliseconds since the epoch (Kafka's Time.milliseconds). */
  now(): number;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };
