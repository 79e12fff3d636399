// What the controller decides when a broker is fenced or comes back: pure functions from the
// current image to the metadata records that express the decision (KRaft's
// ReplicationControlManager.handleBrokerFenced / handleBrokerUnfenced and PartitionChangeBuilder).
// The caller commits the records; replaying them is the only thing that changes state.
//
// Invariants:
// - a partition's ISR never becomes empty: when its last member is fenced, the ISR keeps that
//   member and the partition goes offline (leader -1), so only that replica, which has every
//   committed record, may lead it again, unless the topic allows unclean elections
//   (partition-change.ts says what those cost);
// - a new leader is always a live member of the ISR, chosen in replica order (the preferred
//   replica first), as Kafka's clean election does.
import type { MetadataImage } from './metadata-image.js';
import type { MetadataRecord } from './metadata-records.js';
import {
  NEVER_UNCLEAN, type UncleanElectionPolicy, allPartitions, electPartitionLeader, liveBrokerIds, offlinePartitionChanges, partitionChange,
} from './partition-change.js';

/**
 * Fences a live broker: it leaves the ISR of every partition where others remain, and every
 * partition it led gets a new leader from the rest of the ISR, or (where allowed) from outside
 * it, or none. Returns [] when the broker is unknown or already fenced.
 */
export function fenceBrokerRecords(image: MetadataImage, brokerId: number, unclean: UncleanElectionPolicy = NEVER_UNCLEAN): MetadataRecord[] {
  const broker = image.brokers.get(brokerId);
  if (!broker || broker.fenced) return [];
  const live = liveBrokerIds(image);
  live.delete(brokerId);
  const records: MetadataRecord[] = [{ type: 'BrokerRegistrationChange', brokerId, fenced: true }];
  for (const { topic, partition: p } of allPartitions(image)) {
    if (!p.isr.includes(brokerId) && p.leader !== brokerId) continue;
    const isr = p.isr.length > 1 ? p.isr.filter((r) => r !== brokerId) : p.isr;
    const elected = p.leader === brokerId ? electPartitionLeader(p, isr, live, unclean(topic.name)) : { leader: p.leader, isr };
    const change = partitionChange(p, elected.leader, elected.isr);
    if (change) records.push(change);
  }
  return records;
}

/**
 * Lets a broker back in (a heartbeat after it was fenced, or a new registration): it is unfenced
 * if it was fenced, and every offline partition whose ISR now has a live member gets a leader
 * (or, where unclean elections are allowed, any partition with a live replica).
 * Returns [] when nothing changes.
 * NB: a returning broker rejoins the ISR of replicated partitions only when it has caught up,
 * which is the replication layer's decision (ISR expansion), not this one; it takes back the
 * leadership of partitions it prefers only at the next leader imbalance check (leader-election.ts).
 */
export function unfenceBrokerRecords(image: MetadataImage, brokerId: number, unclean: UncleanElectionPolicy = NEVER_UNCLEAN): MetadataRecord[] {
  const broker = image.brokers.get(brokerId);
  if (!broker) return [];
  const records: MetadataRecord[] = broker.fenced ? [{ type: 'BrokerRegistrationChange', brokerId, fenced: false }] : [];
  const live = liveBrokerIds(image);
  live.add(brokerId);
  records.push(...offlinePartitionChanges(image, live, unclean));
  return records;
}
