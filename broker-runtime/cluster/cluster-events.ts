// The cluster's timeline as the UI draws it: what the supervisor saw happen to its workers, and
// what the coordinator decided, read off the committed metadata records.
// Plain data with a timestamp (ms since the epoch), so events cross any boundary as they are.
import type { MetadataImage } from '../coordinator/metadata/metadata-image.js';
import type { MetadataRecord } from '../coordinator/metadata/metadata-records.js';

export type DownReason = 'stopped' | 'killed' | 'crashed';

export type ClusterEvent =
  /** A broker worker is serving on its port (started, restarted, or added). */
  | { type: 'brokerUp'; at: number; brokerId: number; host: string; port: number }
  | { type: 'brokerDown'; at: number; brokerId: number; reason: DownReason; detail?: string }
  | { type: 'brokerPaused'; at: number; brokerId: number }
  | { type: 'brokerResumed'; at: number; brokerId: number }
  /** The coordinator committed a registration (a new broker epoch). */
  | { type: 'brokerRegistered'; at: number; brokerId: number; brokerEpoch: number }
  | { type: 'brokerFenced'; at: number; brokerId: number }
  | { type: 'brokerUnfenced'; at: number; brokerId: number }
  | { type: 'leaderElected'; at: number; topic: string; partition: number; leader: number; previousLeader: number; leaderEpoch: number }
  /** The partition's leader was fenced and no other ISR member is live. */
  | { type: 'partitionOffline'; at: number; topic: string; partition: number; previousLeader: number }
  | { type: 'isrChanged'; at: number; topic: string; partition: number; isr: number[]; previousIsr: number[]; change: 'shrunk' | 'expanded' | 'replaced' }
  | { type: 'topicCreated'; at: number; topic: string }
  | { type: 'topicDeleted'; at: number; topic: string }
  /** A group completed a rebalance (or emptied): its new generation, from the broker coordinating it. */
  | { type: 'groupRebalanced'; at: number; brokerId: number; groupId: string; generationId: number; protocol: string | null; members: number }
  | { type: 'coordinatorUp'; at: number }
  | { type: 'coordinatorDown'; at: number; reason: DownReason; detail?: string };

/**
 * Replays committed records into `image` (the supervisor's copy of the metadata) and returns the
 * events they amount to, each judged against the image just before its record. A snapshot (sent
 * when the image was behind the coordinator's log start) rebuilds the image and is no event.
 */
export function replayWithEvents(image: MetadataImage, records: readonly MetadataRecord[], firstOffset: number, at: number): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  let inSnapshot = false;
  records.forEach((record, i) => {
    if (record.type === 'SnapshotHeader' || record.type === 'SnapshotFooter') inSnapshot = record.type === 'SnapshotHeader';
    else if (!inSnapshot) events.push(...eventsOf(image, record, at));
    image.replay(record, firstOffset + i);
  });
  return events;
}

function eventsOf(image: MetadataImage, record: MetadataRecord, at: number): ClusterEvent[] {
  switch (record.type) {
    case 'RegisterBroker': {
      const registered: ClusterEvent = { type: 'brokerRegistered', at, brokerId: record.brokerId, brokerEpoch: record.brokerEpoch };
      // A registration unfences (MetadataImage.replay), so a fenced broker coming back is both.
      const wasFenced = image.brokers.get(record.brokerId)?.fenced === true;
      return wasFenced ? [registered, { type: 'brokerUnfenced', at, brokerId: record.brokerId }] : [registered];
    }
    case 'BrokerRegistrationChange': {
      const before = image.brokers.get(record.brokerId);
      if (!before || before.fenced === record.fenced) return [];
      return [{ type: record.fenced ? 'brokerFenced' : 'brokerUnfenced', at, brokerId: record.brokerId }];
    }
    case 'Topic':
      return [{ type: 'topicCreated', at, topic: record.name }];
    case 'RemoveTopic': {
      const topic = image.topicsById.get(record.topicId);
      return topic ? [{ type: 'topicDeleted', at, topic: topic.name }] : [];
    }
    case 'PartitionChange': {
      const topic = image.topicsById.get(record.topicId);
      const state = topic?.partitions[record.partition];
      if (!topic || !state) return [];
      const events: ClusterEvent[] = [];
      const base = { at, topic: topic.name, partition: record.partition };
      if (record.leader !== undefined && record.leader !== state.leader) {
        events.push(record.leader < 0
          ? { type: 'partitionOffline', ...base, previousLeader: state.leader }
          : { type: 'leaderElected', ...base, leader: record.leader, previousLeader: state.leader, leaderEpoch: state.leaderEpoch + 1 });
      }
      if (record.isr && !sameMembers(record.isr, state.isr)) {
        const added = record.isr.some((r) => !state.isr.includes(r));
        const removed = state.isr.some((r) => !record.isr!.includes(r));
        const change = added && removed ? 'replaced' : added ? 'expanded' : 'shrunk';
        events.push({ type: 'isrChanged', ...base, isr: [...record.isr], previousIsr: [...state.isr], change });
      }
      return events;
    }
    default:
      return [];
  }
}

function sameMembers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}
