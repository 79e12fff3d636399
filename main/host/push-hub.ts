// The push channel's fan-out: whatever the backend pushes reaches every subscriber (IPC windows,
// SSE connections); one subscriber's failure is its own.
import type { PushEvent } from '../contract/index.js';

export class PushHub {
  private readonly listeners = new Set<(event: PushEvent) => void>();

  subscribe(listener: (event: PushEvent) => void): () => void {
    // A wrapper per subscription, so subscribing the same function twice gives two independent subscriptions.
    const entry = (event: PushEvent) => listener(event);
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  publish(event: PushEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A subscriber that throws (a closed socket) loses this event, not the others.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }

  clear(): void {
    this.listeners.clear();
  }
}
