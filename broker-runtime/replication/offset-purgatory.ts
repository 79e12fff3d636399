// Requests a partition leader holds until one of its offsets reaches what they need: acks=all
// produce waits for the high watermark to pass its last offset (Kafka's DelayedProduce), and
// DeleteRecords for the low watermark to reach the deleted offset (Kafka's DelayedDeleteRecords).
// A partition keeps one of these per offset; a waiter completes when the offset reported through
// onOffset reaches its own, when its timeout runs out, or when the partition stops being led here.

export type DelayedOutcome = 'replicated' | 'timeout' | 'not-leader';

interface Waiter {
  requiredOffset: number;
  timer: NodeJS.Timeout;
  resolve: (outcome: DelayedOutcome) => void;
}

export class OffsetPurgatory {
  private readonly waiters = new Set<Waiter>();

  get size(): number {
    return this.waiters.size;
  }

  /** Resolves when an offset >= `requiredOffset` is reported through onOffset, or after timeoutMs. */
  park(requiredOffset: number, timeoutMs: number): Promise<DelayedOutcome> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        requiredOffset,
        resolve,
        timer: setTimeout(() => this.complete(waiter, 'timeout'), Math.max(0, timeoutMs)),
      };
      this.waiters.add(waiter);
    });
  }

  onOffset(offset: number): void {
    for (const waiter of [...this.waiters]) {
      if (offset >= waiter.requiredOffset) this.complete(waiter, 'replicated');
    }
  }

  /** The partition is no longer led here (or the broker stops): every waiter fails. */
  completeAll(outcome: DelayedOutcome = 'not-leader'): void {
    for (const waiter of [...this.waiters]) this.complete(waiter, outcome);
  }

  private complete(waiter: Waiter, outcome: DelayedOutcome): void {
    if (!this.waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    waiter.resolve(outcome);
  }
}
