// What the cluster map draws: for each broker, the replicas it holds and the role of each.
import type { ClusterMap, PartitionPlacement } from '../../../main/contract/index.js';

export type ReplicaRole = 'leader' | 'follower' | 'out-of-sync';

export interface ReplicaCell {
  topic: string;
  partition: number;
  role: ReplicaRole;
}

export interface TopicReplicas {
  topic: string;
  replicas: ReplicaCell[];
}

export function replicaRole(p: PartitionPlacement, brokerId: number): ReplicaRole {
  if (p.leader === brokerId) return 'leader';
  return p.isr.includes(brokerId) ? 'follower' : 'out-of-sync';
}

/** Kafka's internal topics (__consumer_offsets, __transaction_state) start with two underscores. */
export function isInternalTopic(topic: string): boolean {
  return topic.startsWith('__');
}

/** The replicas `brokerId` holds, grouped by topic (topics by name, partitions by number). */
export function replicasOf(partitions: readonly PartitionPlacement[], brokerId: number): TopicReplicas[] {
  const byTopic = new Map<string, ReplicaCell[]>();
  for (const p of partitions) {
    if (!p.replicas.includes(brokerId)) continue;
    const cells = byTopic.get(p.topic) ?? [];
    cells.push({ topic: p.topic, partition: p.partition, role: replicaRole(p, brokerId) });
    byTopic.set(p.topic, cells);
  }
  return [...byTopic.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([topic, replicas]) => ({ topic, replicas: replicas.sort((a, b) => a.partition - b.partition) }));
}

export function replicaKey(topic: string, partition: number, brokerId: number): string {
  return `${topic}-${partition}-${brokerId}`;
}

/** Every replica's role, keyed by replicaKey: what the map compares to flash the ones that changed. */
export function roleIndex(map: ClusterMap): Map<string, ReplicaRole> {
  const index = new Map<string, ReplicaRole>();
  for (const p of map.partitions) {
    for (const b of p.replicas) index.set(replicaKey(p.topic, p.partition, b), replicaRole(p, b));
  }
  return index;
}

export function offlinePartitions(partitions: readonly PartitionPlacement[]): PartitionPlacement[] {
  return partitions.filter((p) => p.leader < 0);
}
