// What every leader and ISR decision is made of (KRaft's PartitionChangeBuilder): who may lead a
// partition, and the PartitionChange record that expresses a decision, or none when nothing changes.
//
// Invariants:
// - a clean election picks a live ISR member, in replica order (the preferred replica first), so
//   the new leader has every committed record;
// - an unclean election happens only when no ISR member is live and unclean.leader.election.enable
//   allows it (or an admin asks for one): the first live replica leads and becomes the whole ISR.
//   That is Kafka's semantics and Kafka's data loss: records the old ISR had and the new leader
//   lacks are gone, and the old ISR members truncate to the new leader by leader epoch when they
//   come back;
// - otherwise a partition without a live ISR member is offline (leader -1) and its ISR keeps its
//   last members, the only replicas that may lead it cleanly again.
import type { MetadataImage, PartitionState, TopicImage } from './metadata-image.js';
import type { PartitionChangeRecord } from './metadata-records.js';

/** Whether a topic allows unclean elections (its config, else the cluster's default). */
export type UncleanElectionPolicy = (topicName: string) => boolean;

export const NEVER_UNCLEAN: UncleanElectionPolicy = () => false;

/** The first replica, in replica order, that is in the ISR and live; -1 when there is none. */
export function electLeader(partition: Pick<PartitionState, 'replicas' | 'isr'>, live: ReadonlySet<number>): number {
  return partition.replicas.find((r) => partition.isr.includes(r) && live.has(r)) ?? -1;
}

/** The leader and ISR after an election among `isr`, falling back to an unclean one when allowed. */
export function electPartitionLeader(
  partition: Pick<PartitionState, 'replicas'>,
  isr: number[],
  live: ReadonlySet<number>,
  allowUnclean: boolean,
): { leader: number; isr: number[] } {
  const leader = electLeader({ replicas: partition.replicas, isr }, live);
  if (leader !== -1 || !allowUnclean) return { leader, isr };
  const unclean = partition.replicas.find((r) => live.has(r));
  return unclean === undefined ? { leader: -1, isr } : { leader: unclean, isr: [unclean] };
}

export function liveBrokerIds(image: MetadataImage): Set<number> {
  return new Set(image.liveBrokers().map((b) => b.brokerId));
}

export function* allPartitions(image: MetadataImage): Generator<{ topic: TopicImage; partition: PartitionState }> {
  for (const topic of image.topicsById.values()) for (const partition of topic.partitions) yield { topic, partition };
}

/** The record moving `p` to `leader` and `isr`, or null when both are what it has. */
export function partitionChange(p: PartitionState, leader: number, isr: readonly number[]): PartitionChangeRecord | null {
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

/**
 * Offline partitions that can have a leader now: from a live ISR member, or, where the topic
 * allows it, from a live replica outside the ISR. What a returning broker or a config change
 * that allows unclean elections sets off.
 */
export function offlinePartitionChanges(image: MetadataImage, live: ReadonlySet<number>, unclean: UncleanElectionPolicy): PartitionChangeRecord[] {
  const changes: PartitionChangeRecord[] = [];
  for (const { topic, partition: p } of allPartitions(image)) {
    if (p.leader !== -1) continue;
    const elected = electPartitionLeader(p, p.isr, live, unclean(topic.name));
    const change = partitionChange(p, elected.leader, elected.isr);
    if (change) changes.push(change);
  }
  return changes;
}
