// Which controls a broker offers in each state, and what each one asks before it runs.
import type { BrokerState } from '../../../main/contract/index.js';

export type BrokerAction = 'start' | 'stop' | 'kill' | 'pause' | 'resume' | 'restart';

type BrokerControlMethod = 'startBroker' | 'stopBroker' | 'killBroker' | 'pauseBroker' | 'resumeBroker' | 'restartBroker';

export const ACTION_METHOD: Record<BrokerAction, BrokerControlMethod> = {
  start: 'startBroker',
  stop: 'stopBroker',
  kill: 'killBroker',
  pause: 'pauseBroker',
  resume: 'resumeBroker',
  restart: 'restartBroker',
};

const ALLOWED: Record<BrokerState, readonly BrokerAction[]> = {
  running: ['stop', 'kill', 'pause', 'restart'],
  // A paused broker answers nothing, so it cannot stop gracefully: resume it or kill it.
  paused: ['resume', 'kill'],
  // Mid-transition, only the hard stop makes sense.
  starting: ['kill'],
  stopping: ['kill'],
  stopped: ['start'],
  killed: ['start'],
  crashed: ['start'],
};

export function isAllowed(state: BrokerState, action: BrokerAction): boolean {
  return ALLOWED[state].includes(action);
}

export interface Confirmation {
  title: string;
  body: string;
  confirmLabel: string;
}

/** The disruptive controls ask first; the others run at once. */
export function confirmationFor(action: BrokerAction, brokerId: number): Confirmation | null {
  switch (action) {
    case 'stop':
      return {
        title: `Stop broker ${brokerId}?`,
        body: 'It flushes its logs and shuts down cleanly. The partitions it leads elect new leaders from their in-sync replicas.',
        confirmLabel: 'Stop broker',
      };
    case 'kill':
      return {
        title: `Kill broker ${brokerId}?`,
        body: 'Like SIGKILL: no flush, no goodbye. Writes not yet flushed may be lost; the coordinator notices the missed heartbeats, fences the broker and moves its leaderships.',
        confirmLabel: 'Kill broker',
      };
    case 'restart':
      return {
        title: `Restart broker ${brokerId}?`,
        body: 'A graceful stop followed by a start. Leadership moves away and the broker rejoins as a follower, catching up before it is back in the ISR.',
        confirmLabel: 'Restart broker',
      };
    default:
      return null;
  }
}
