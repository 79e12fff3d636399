// What the controller decides when a broker is fenced or comes back: pure functions from the
// current image to the metadata records that express the decision (KRaft's
// ReplicationControlManager.handleBrokerFenced / handleBrokerUnfenced and PartitionChangeBuilder).
// The caller commits the records; replaying them is the only thing that changes state.
//
// Invariants:
// - a partition's ISR never becomes empty: when its last member is fenced, the ISR keeps that
//   member and the partition goes offline (leader -1), so only that replica, which has every
//   committed record, may lead it again (no unclean election);
// - a new leader is always a live member of the ISR, chosen in replica order (the preferred
//   replica first), as Kafka's clean election does.
// NB: unclean.leader.election.enable is not consulted yet: an offline partition waits for its ISR.
import type { MetadataImage, PartitionState } from './metadata-image.js';
import type { MetadataRecord, PartitionChangeRecord } from './metadata-records.js';

/** The first replica, in replica order, that is in the ISR and live; -1 when there is none. */
export function electLeader(partition: Pick<PartitionState, 'replicas' | 'isr'>, live: ReadonlySet<number>): number {
  return partition.replicas.find((r) => partition.isr.includes(r) && live.has(r)) ?? -1;
}

function liveBrokerIds(image: MetadataImage): Set<number> {
  return new Set(image.liveBrokers().map((b) => b.brokerId));
}

function* allPartitions(image: MetadataImage): Generator<PartitionState> {
  for (const topic of image.topicsById.values()) yield* topic.partitions;
}

/**
 * Fences a live broker: it leaves the ISR of every partition where others remain, and every
 * partition it led gets a new leader from the rest of the ISR, or none.
 * Returns [] when the broker is unknown or already fenced.
 */
export function fenceBrokerRecords(image: MetadataImage, brokerId: number): MetadataRecord[] {
  const broker = image.brokers.get(brokerId);
  if (!broker || broker.fenced) return [];
  const live = liveBrokerIds(image);
  live.delete(brokerId);
  const records: MetadataRecord[] = [{ type: 'BrokerRegistrationChange', brokerId, fenced: true }];
  for (const p of allPartitions(image)) {
    if (!p.isr.includes(brokerId) && p.leader !== brokerId) continue;
    const isr = p.isr.length > 1 ? p.isr.filter((r) => r !== brokerId) : p.isr;
    const leader = p.leader === brokerId ? electLeader({ replicas: p.replicas, isr }, live) : p.leader;
    const change = partitionChange(p, leader, isr);
    if (change) records.push(change);
  }
  return records;
}

/**
 * Lets a broker back in (a heartbeat after it was fenced, or a new registration): it is unfenced
 * if it was fenced, and every offline partition whose ISR now has a live member gets a leader.
 * Returns [] when nothing changes.
 * NB: a returning broker rejoins the ISR of replicated partitions only when it has caught up,
 * which is the replication layer's decision (ISR expansion), not this one.
 */
export function unfenceBrokerRecords(image: MetadataImage, brokerId: number): MetadataRecord[] {
  const broker = image.brokers.get(brokerId);
  if (!broker) return [];
  const records: MetadataRecord[] = broker.fenced ? [{ type: 'BrokerRegistrationChange', brokerId, fenced: false }] : [];
  const live = liveBrokerIds(image);
  live.add(brokerId);
  for (const p of allPartitions(image)) {
    if (p.leader !== -1) continue;
    const change = partitionChange(p, electLeader(p, live), p.isr);
    if (change) records.push(change);
  }
  return records;
}

function partitionChange(p: PartitionState, leader: number, isr: number[]): PartitionChangeRecord | null {
  const leaderChanged = leader !== p.leader;
  const isrChanged = isr.length !== p.isr.length || isr.some((r, i) => r !== p.isr[i]);
  if (!leaderChanged && !isrChanged) return null;
  return {
    type: 'PartitionChange',
    topicId: p.topicId,
    partition: p.partition,
    ...(leaderChanged ? { leader } : {}),
    ...(isrChanged ? { isr: [...isr] } : {}),
  };
}
