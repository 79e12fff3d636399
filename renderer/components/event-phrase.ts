// The cluster's timeline in the user's words: "Broker 1 killed", "orders-0: leader 1 → 2 (epoch 3)".
import type { ClusterEventView } from '../../main/contract/index.js';
import { formatList } from './format.js';

export type EventTone = 'good' | 'bad' | 'warn' | 'info';

export interface PhrasedEvent {
  text: string;
  tone: EventTone;
}

const partitionName = (e: { topic: string; partition: number }) => `${e.topic}-${e.partition}`;
const brokerName = (id: number) => (id < 0 ? 'none' : String(id));

export function phraseEvent(e: ClusterEventView): PhrasedEvent {
  switch (e.type) {
    case 'brokerUp':
      return { text: `Broker ${e.brokerId} up at ${e.host}:${e.port}`, tone: 'good' };
    case 'brokerDown':
      return { text: `Broker ${e.brokerId} ${e.reason}${e.detail ? `: ${e.detail}` : ''}`, tone: e.reason === 'stopped' ? 'warn' : 'bad' };
    case 'brokerPaused':
      return { text: `Broker ${e.brokerId} paused`, tone: 'warn' };
    case 'brokerResumed':
      return { text: `Broker ${e.brokerId} resumed`, tone: 'good' };
    case 'brokerRegistered':
      return { text: `Broker ${e.brokerId} registered (broker epoch ${e.brokerEpoch})`, tone: 'info' };
    case 'brokerFenced':
      return { text: `Broker ${e.brokerId} fenced`, tone: 'bad' };
    case 'brokerUnfenced':
      return { text: `Broker ${e.brokerId} unfenced`, tone: 'good' };
    case 'leaderElected':
      return {
        text: `${partitionName(e)}: leader ${brokerName(e.previousLeader)} → ${brokerName(e.leader)} (epoch ${e.leaderEpoch})`,
        tone: e.leader < 0 ? 'bad' : 'info',
      };
    case 'partitionOffline':
      return { text: `${partitionName(e)}: offline (no in-sync replica to lead; was ${brokerName(e.previousLeader)})`, tone: 'bad' };
    case 'isrChanged': {
      const verb = e.change === 'shrunk' ? 'shrunk to' : e.change === 'expanded' ? 'expanded to' : 'changed to';
      return { text: `${partitionName(e)}: ISR ${verb} ${formatList(e.isr)}`, tone: e.change === 'shrunk' ? 'warn' : e.change === 'expanded' ? 'good' : 'info' };
    }
    case 'topicCreated':
      return { text: `Topic ${e.topic} created`, tone: 'info' };
    case 'topicDeleted':
      return { text: `Topic ${e.topic} deleted`, tone: 'info' };
    case 'groupRebalanced': {
      const members = `${e.members} member${e.members === 1 ? '' : 's'}`;
      return { text: `Group ${e.groupId} rebalanced: generation ${e.generationId}, ${members}${e.protocol ? ` (${e.protocol})` : ''}`, tone: 'info' };
    }
    case 'coordinatorUp':
      return { text: 'Coordinator up', tone: 'good' };
    case 'coordinatorDown':
      return { text: `Coordinator ${e.reason}${e.detail ? `: ${e.detail}` : ''}`, tone: e.reason === 'stopped' ? 'warn' : 'bad' };
    default: {
      // An event type newer than this renderer: say what it is rather than nothing.
      const unknown: { type: string } = e;
      return { text: unknown.type, tone: 'info' };
    }
  }
}

export const TONE_COLORS: Record<EventTone, string> = { good: 'teal', bad: 'red', warn: 'orange', info: 'blue' };

/** A stable key for an event (the engine gives none): what happened and when. */
export function eventKey(e: ClusterEventView): string {
  return `${e.at}:${JSON.stringify(e)}`;
}
