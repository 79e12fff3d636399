// A broker worker's MetadataSource: the committed records the coordinator pushes, kept in order,
// and handed to subscribers (the BrokerServer's metadata cache) as Controller.subscribe does in a
// one-thread cluster.
//
// Invariants:
// - records are kept gapless from offset 0, or from the end of the last snapshot the coordinator
//   sent (a batch opening with a SnapshotHeader, sent when this source is behind the coordinator's
//   log start): a snapshot replaces everything held, and a stale one is ignored;
// - a batch that starts past the end is refused (the caller re-subscribes from `nextOffset`),
//   records already held are skipped, so a coordinator that restarts and re-sends from an earlier
//   offset does no harm;
// - subscribe() delivers the backlog synchronously, so a BrokerServer that starts after the
//   initial catch-up sees every topic before it opens its logs (and deletes stray ones).
import type { MetadataListener } from '../coordinator/metadata/controller.js';
import type { MetadataRecord } from '../coordinator/metadata/metadata-records.js';
import type { MetadataSource } from '../server/broker-server.js';

export class RemoteMetadataSource implements MetadataSource {
  /** The last snapshot taken, framed; a subscriber from before `base` gets it first. */
  private snapshot: MetadataRecord[] | null = null;
  /** The offset of records[0]. */
  private base = 0;
  private records: MetadataRecord[] = [];
  private readonly listeners = new Set<MetadataListener>();
  private readonly offsetWaiters = new Set<{ offset: number; resolve: () => void }>();

  /** The offset of the next record this source expects. */
  get nextOffset(): number {
    return this.base + this.records.length;
  }

  /** Takes a pushed batch; false when it starts past the end (a gap: re-subscribe). */
  accept(batch: readonly MetadataRecord[], firstOffset: number): boolean {
    const header = batch[0];
    if (header?.type === 'SnapshotHeader') {
      if (header.endOffset <= this.nextOffset) return true;
      this.snapshot = [...batch];
      this.base = header.endOffset;
      this.records = [];
      for (const listener of this.listeners) listener(this.snapshot, firstOffset);
    } else {
      if (firstOffset > this.nextOffset) return false;
      const fresh = batch.slice(this.nextOffset - firstOffset);
      if (fresh.length === 0) return true;
      const first = this.nextOffset;
      this.records.push(...fresh);
      for (const listener of this.listeners) listener(fresh, first);
    }
    for (const waiter of [...this.offsetWaiters]) {
      if (this.nextOffset >= waiter.offset) {
        this.offsetWaiters.delete(waiter);
        waiter.resolve();
      }
    }
    return true;
  }

  subscribe(listener: MetadataListener, fromOffset = 0): () => void {
    if (this.snapshot && fromOffset < this.base) listener(this.snapshot, fromOffset);
    const backlog = this.records.slice(Math.max(0, fromOffset - this.base));
    if (backlog.length > 0) listener(backlog, Math.max(fromOffset, this.base));
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every record before `offset` has been taken. */
  reached(offset: number): Promise<void> {
    if (this.nextOffset >= offset) return Promise.resolve();
    return new Promise((resolve) => this.offsetWaiters.add({ offset, resolve }));
  }
}
