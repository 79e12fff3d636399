// Broker liveness as the coordinator sees it (KRaft's BrokerHeartbeatManager): when each broker was
// last heard from, and which sessions have expired. No timers and no clock of its own: the caller
// passes `now`, so scenario tests drive time.
//
// Invariants:
// - only brokers the image shows as unfenced can expire; fencing is the caller's business
//   (Controller.fenceBroker), and a fenced broker comes back by heartbeating again;
// - a coordinator that has just started knows nothing of when brokers were last heard from, so
//   every live broker gets a full session from the first check that sees it;
// - a broker in controlled shutdown is not let back in by a heartbeat that was already on its way;
//   only a new registration clears that.
import type { MetadataImage } from './metadata-image.js';

/** Kafka's broker.session.timeout.ms default. */
export const DEFAULT_BROKER_SESSION_TIMEOUT_MS = 9000;
/** Kafka's broker.heartbeat.interval.ms default. */
export const DEFAULT_BROKER_HEARTBEAT_INTERVAL_MS = 2000;

export type HeartbeatVerdict =
  /** Known and live: nothing to do. */
  | 'alive'
  /** Known but fenced in the image: the caller unfences it. */
  | 'unfence'
  /** Shutting down: stays fenced. */
  | 'shutting-down'
  /** Not registered (e.g. a broker the coordinator has never seen): it must register. */
  | 'unknown';

export class BrokerHeartbeatManager {
  private readonly lastContact = new Map<number, number>();
  private readonly shuttingDown = new Set<number>();

  constructor(readonly sessionTimeoutMs: number = DEFAULT_BROKER_SESSION_TIMEOUT_MS) {}

  /** A broker registered (again): a new incarnation, with a fresh session. */
  registered(brokerId: number, now: number): void {
    this.shuttingDown.delete(brokerId);
    this.lastContact.set(brokerId, now);
  }

  /** A heartbeat from a broker; says what the caller must do about it. */
  heartbeat(image: MetadataImage, brokerId: number, now: number): HeartbeatVerdict {
    const broker = image.brokers.get(brokerId);
    if (!broker) return 'unknown';
    if (this.shuttingDown.has(brokerId)) return 'shutting-down';
    this.lastContact.set(brokerId, now);
    return broker.fenced ? 'unfence' : 'alive';
  }

  /** A broker asked to shut down: the caller fences it now, and its heartbeats are ignored. */
  controlledShutdown(brokerId: number): void {
    this.shuttingDown.add(brokerId);
    this.lastContact.delete(brokerId);
  }

  /** Unfenced brokers whose session has expired at `now`, in id order. */
  expired(image: MetadataImage, now: number): number[] {
    const expired: number[] = [];
    for (const { brokerId } of image.liveBrokers()) {
      const last = this.lastContact.get(brokerId);
      if (last === undefined) this.lastContact.set(brokerId, now);
      else if (now - last > this.sessionTimeoutMs) expired.push(brokerId);
    }
    return expired;
  }
}
