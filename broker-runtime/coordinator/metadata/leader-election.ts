// Elections asked for rather than forced by a fencing: Kafka's ElectLeaders (PREFERRED and UNCLEAN,
// ReplicationControlManager.electLeaders) and the periodic preferred-leader rebalance
// (auto.leader.rebalance.enable, ZooKeeper-mode KafkaController.checkAndTriggerAutoLeaderRebalance).
// Pure functions from the image to records and per-partition results; the controller commits.
//
// Invariants:
// - a preferred election only moves leadership to the first replica, and only when it is live and
//   in the ISR: the ISR never changes, so no committed record can be lost;
// - an UNCLEAN election asked for by an admin ignores the topic's config (as Kafka's does), but
//   still prefers a live ISR member over a replica outside it.
import { ErrorCode } from '../../protocol/error-codes.js';
import type { MetadataImage, PartitionState } from './metadata-image.js';
import type { PartitionChangeRecord } from './metadata-records.js';
import { allPartitions, electPartitionLeader, liveBrokerIds, partitionChange } from './partition-change.js';

export type ElectionType = 'preferred' | 'unclean';

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface ElectionResult extends TopicPartition {
  errorCode: number;
  errorMessage: string | null;
}

type Outcome = { change: PartitionChangeRecord } | { code: keyof typeof ErrorCode; message: string };

function elect(p: PartitionState, type: ElectionType, live: ReadonlySet<number>): Outcome {
  if (type === 'preferred') {
    const preferred = p.replicas[0];
    if (p.leader === preferred) return { code: 'ELECTION_NOT_NEEDED', message: `Broker ${preferred} already leads it.` };
    if (!live.has(preferred) || !p.isr.includes(preferred)) {
      return { code: 'PREFERRED_LEADER_NOT_AVAILABLE', message: `Preferred replica ${preferred} is ${live.has(preferred) ? 'not in the ISR' : 'not live'}.` };
    }
    return { change: partitionChange(p, preferred, p.isr)! };
  }
  if (p.leader !== -1) return { code: 'ELECTION_NOT_NEEDED', message: `Broker ${p.leader} leads it.` };
  const elected = electPartitionLeader(p, p.isr, live, true);
  if (elected.leader === -1) return { code: 'ELIGIBLE_LEADERS_NOT_AVAILABLE', message: `No replica of [${p.replicas.join(', ')}] is live.` };
  return { change: partitionChange(p, elected.leader, elected.isr)! };
}

/**
 * Kafka's ElectLeaders: one result per partition asked for; with `partitions` null, every
 * partition is tried and those already as asked are left out of the results (as KRaft does).
 */
export function leaderElections(
  image: MetadataImage,
  type: ElectionType,
  partitions: readonly TopicPartition[] | null,
): { records: PartitionChangeRecord[]; results: ElectionResult[] } {
  const live = liveBrokerIds(image);
  const records: PartitionChangeRecord[] = [];
  const results: ElectionResult[] = [];
  const targets = partitions === null
    ? [...allPartitions(image)].map(({ topic, partition: p }) => ({ topic: topic.name, partition: p.partition, state: p }))
    : partitions.map((tp) => ({ ...tp, state: image.partition(tp.topic, tp.partition) }));
  const seen = new Set<string>();
  for (const { topic, partition, state } of targets) {
    const key = `${topic}\u0000${partition}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const outcome: Outcome = state ? elect(state, type, live) : { code: 'UNKNOWN_TOPIC_OR_PARTITION', message: `No partition ${partition} of topic ${topic}.` };
    if ('change' in outcome) {
      records.push(outcome.change);
      results.push({ topic, partition, errorCode: ErrorCode.NONE, errorMessage: null });
    } else if (partitions !== null || outcome.code !== 'ELECTION_NOT_NEEDED') {
      results.push({ topic, partition, errorCode: ErrorCode[outcome.code], errorMessage: outcome.message });
    }
  }
  return { records, results };
}

/** Per broker: how many partitions prefer it (list it first), and how many of those it does not lead. */
export function leaderImbalance(image: MetadataImage): Map<number, { preferred: number; notLed: number }> {
  const byBroker = new Map<number, { preferred: number; notLed: number }>();
  for (const { partition: p } of allPartitions(image)) {
    const preferred = p.replicas[0];
    const counts = byBroker.get(preferred) ?? { preferred: 0, notLed: 0 };
    counts.preferred += 1;
    if (p.leader !== preferred) counts.notLed += 1;
    byBroker.set(preferred, counts);
  }
  return byBroker;
}

/**
 * The periodic leader imbalance check: for each broker whose share of preferred partitions it
 * does not lead is above leader.imbalance.per.broker.percentage, leadership of those partitions
 * moves back to it where it is live and in the ISR.
 */
export function leaderRebalanceRecords(image: MetadataImage, imbalancePerBrokerPercentage: number): PartitionChangeRecord[] {
  const live = liveBrokerIds(image);
  const imbalance = leaderImbalance(image);
  const records: PartitionChangeRecord[] = [];
  for (const { partition: p } of allPartitions(image)) {
    const preferred = p.replicas[0];
    const { preferred: total, notLed } = imbalance.get(preferred)!;
    if (notLed / total <= imbalancePerBrokerPercentage / 100) continue;
    if (p.leader === preferred || !live.has(preferred) || !p.isr.includes(preferred)) continue;
    records.push(partitionChange(p, preferred, p.isr)!);
  }
  return records;
}
