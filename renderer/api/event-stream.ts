// One EventSource shared by every subscriber, opened on the first subscription and closed after
// the last. EventSource retries by itself while the connection drops mid-stream; when the host
// refuses outright (readyState CLOSED) it gives up, so we reopen it ourselves with a backoff.
import type { PushEvent } from '../../main/contract/index.js';

type Listener = (event: PushEvent) => void;

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 15_000;
// EventSource.CLOSED, spelled out: the global is absent where EventSource is not (jsdom).
const CLOSED = 2;

export class EventStream {
  private readonly listeners = new Set<Listener>();
  private source: EventSource | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryMs = FIRST_RETRY_MS;
  private hadError = false;

  constructor(
    private readonly url: string,
    private readonly createEventSource: (url: string) => EventSource,
  ) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.open();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.close();
    };
  }

  private open(): void {
    const source = this.createEventSource(this.url);
    this.source = source;
    source.onopen = () => {
      this.retryMs = FIRST_RETRY_MS;
      // Events may have been missed while disconnected: ask every screen to refetch.
      if (this.hadError) {
        this.hadError = false;
        this.emit({ kind: 'changed', what: 'brokers' });
        this.emit({ kind: 'changed', what: 'topics' });
      }
    };
    source.onmessage = (message: MessageEvent<string>) => {
      let event: PushEvent;
      try {
        event = JSON.parse(message.data) as PushEvent;
      } catch {
        return; // A keep-alive or a malformed line: nothing to show.
      }
      this.emit(event);
    };
    source.onerror = () => {
      this.hadError = true;
      if (source.readyState !== CLOSED) return; // The browser is retrying on its own.
      this.source = null;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (this.listeners.size > 0) this.open();
      }, this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    };
  }

  private close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.source?.close();
    this.source = null;
    this.hadError = false;
    this.retryMs = FIRST_RETRY_MS;
  }

  private emit(event: PushEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        console.error('oxbow: a push listener threw:', err);
      }
    }
  }
}
