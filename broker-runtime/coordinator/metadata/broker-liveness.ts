// The coordinator's handling of broker registrations, heartbeats and controlled shutdowns (what
// KRaft's QuorumController does with BrokerRegistration and BrokerHeartbeat requests): the
// BrokerHeartbeatManager says who is alive, broker-fencing.ts says what that changes, and the
// Controller commits it. Time comes in as `now`, so scenario tests drive it.
import type { BrokerHeartbeatManager } from './broker-heartbeat-manager.js';
import type { Controller } from './controller.js';

export interface HeartbeatOutcome {
  /** False when the coordinator does not know the broker: it must register again. */
  registered: boolean;
  fenced: boolean;
}

export class BrokerLiveness {
  constructor(
    private readonly controller: Controller,
    private readonly heartbeats: BrokerHeartbeatManager,
  ) {}

  /** A broker (re)starts: a new broker epoch, a fresh session, and it leads what it can lead. */
  register(brokerId: number, host: string, port: number, rack: string | null, now: number): void {
    this.controller.registerBroker(brokerId, host, port, rack);
    this.heartbeats.registered(brokerId, now);
    this.controller.unfenceBroker(brokerId);
  }

  heartbeat(brokerId: number, now: number): HeartbeatOutcome {
    const verdict = this.heartbeats.heartbeat(this.controller.image, brokerId, now);
    if (verdict === 'unfence') this.controller.unfenceBroker(brokerId);
    return { registered: verdict !== 'unknown', fenced: this.controller.image.brokers.get(brokerId)?.fenced ?? true };
  }

  /** A graceful stop: fenced now, so leadership moves before the broker goes. */
  controlledShutdown(brokerId: number): void {
    this.heartbeats.controlledShutdown(brokerId);
    this.controller.fenceBroker(brokerId);
  }

  /** Fences every broker whose session expired at `now`; returns their ids. */
  checkSessions(now: number): number[] {
    const expired = this.heartbeats.expired(this.controller.image, now);
    // One at a time: each fencing's elections must see the brokers fenced before it.
    for (const brokerId of expired) this.controller.fenceBroker(brokerId);
    return expired;
  }
}
