// acks=all produce requests waiting for the high watermark (Kafka's DelayedProduce). A partition
// keeps one of these; a waiter completes when the high watermark passes its last offset, when its
// timeout runs out, or when the partition stops being led here.

export type DelayedProduceOutcome = 'replicated' | 'timeout' | 'not-leader';

interface Waiter {
  requiredOffset: number;
  timer: NodeJS.Timeout;
  resolve: (outcome: DelayedProduceOutcome) => void;
}

export class ProducePurgatory {
  private readonly waiters = new Set<Waiter>();

  get size(): number {
    return this.waiters.size;
  }

  /** Resolves when `highWatermark > lastOffset` is reported through onHighWatermark, or after timeoutMs. */
  park(lastOffset: number, timeoutMs: number): Promise<DelayedProduceOutcome> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        requiredOffset: lastOffset + 1,
        resolve,
        timer: setTimeout(() => this.complete(waiter, 'timeout'), Math.max(0, timeoutMs)),
      };
      this.waiters.add(waiter);
    });
  }

  onHighWatermark(highWatermark: number): void {
    for (const waiter of [...this.waiters]) {
      if (highWatermark >= waiter.requiredOffset) this.complete(waiter, 'replicated');
    }
  }

  /** The partition is no longer led here (or the broker stops): every waiter fails. */
  completeAll(outcome: DelayedProduceOutcome = 'not-leader'): void {
    for (const waiter of [...this.waiters]) this.complete(waiter, outcome);
  }

  private complete(waiter: Waiter, outcome: DelayedProduceOutcome): void {
    if (!this.waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    waiter.resolve(outcome);
  }
}
