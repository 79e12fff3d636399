// Long-poll fetches, after Kafka's DelayedFetch and its purgatory. A fetch that cannot be
// answered yet (fewer than minBytes available) is parked on the partitions it reads; appends to
// those partitions count the bytes they add, and the fetch completes as soon as enough arrived,
// or when maxWaitMs runs out. Either way the caller then reads the logs again and answers.
// NB: the count is a cheap upper bound (bytes appended, whatever the fetch offset); the real read
// afterwards decides what is returned, as Kafka's tryComplete does with log offset metadata.

/** Who parked a fetch: appends wake followers, high watermark advances wake consumers. */
export type FetchAudience = 'consumer' | 'follower';

interface Waiter {
  keys: readonly string[];
  audience: FetchAudience;
  bytesNeeded: number;
  timer: NodeJS.Timeout;
  resolve: () => void;
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

export class FetchPurgatory {
  private readonly watchers = new Map<string, Set<Waiter>>();

  /** Number of fetches waiting (for tests and metrics). */
  get size(): number {
    const all = new Set<Waiter>();
    for (const set of this.watchers.values()) for (const w of set) all.add(w);
    return all.size;
  }

  /** Resolves when `bytesNeeded` bytes were appended to the partitions in `keys`, or after maxWaitMs. */
  park(keys: readonly string[], bytesNeeded: number, maxWaitMs: number, audience: FetchAudience = 'consumer'): Promise<void> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        keys,
        audience,
        bytesNeeded,
        resolve,
        timer: setTimeout(() => this.complete(waiter), maxWaitMs),
      };
      for (const key of keys) {
        let set = this.watchers.get(key);
        if (!set) this.watchers.set(key, (set = new Set()));
        set.add(waiter);
      }
    });
  }

  /**
   * Called after every append (and every high watermark advance); `audience` limits it to the
   * fetches of followers (an append above the high watermark) or of consumers (the HWM moved).
   */
  onAppend(key: string, bytes: number, audience?: FetchAudience): void {
    const set = this.watchers.get(key);
    if (!set) return;
    for (const waiter of [...set]) {
      if (audience !== undefined && waiter.audience !== audience) continue;
      waiter.bytesNeeded -= bytes;
      if (waiter.bytesNeeded <= 0) this.complete(waiter);
    }
  }

  /** Completes every waiting fetch now (shutdown, or the partitions changed leadership). */
  completeAll(): void {
    const all = new Set<Waiter>();
    for (const set of this.watchers.values()) for (const w of set) all.add(w);
    for (const waiter of all) this.complete(waiter);
  }

  private complete(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    for (const key of waiter.keys) {
      const set = this.watchers.get(key);
      set?.delete(waiter);
      if (set?.size === 0) this.watchers.delete(key);
    }
    waiter.resolve();
  }
}
