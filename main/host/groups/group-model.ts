// A consumer group as read from either source (the engine's exact view, ./engine-groups.ts, or the
// Kafka protocol, ./kafka-groups.ts), and how it becomes a contract answer or a lag sample.
// Pure: no I/O here, so the mapping is tested on plain data.
import type { GroupDetail, GroupMember, GroupPartitionLag, GroupSummary, PartitionLagStatus } from '../../contract/index.js';
import type { GroupLagSnapshot, LagHealth, PartitionLagReading } from '../../lag/index.js';

export interface PartitionReading extends PartitionLagReading {
  /** The member the partition is assigned to, if any. */
  memberId: string | null;
}

export interface GroupReading {
  groupId: string;
  /** As the cluster names it: Stable, Empty, PreparingRebalance, CompletingRebalance, Dead. */
  state: string;
  protocolType: string | null;
  protocol: string | null;
  members: GroupMember[];
  /** Every partition the group has committed for or is assigned, by topic then partition. */
  partitions: PartitionReading[];
}

/** Where a connection's groups are read from. */
export interface GroupSource {
  readAll(): Promise<GroupReading[]>;
  /** null when the cluster has no such group. */
  readOne(groupId: string): Promise<GroupReading | null>;
}

/** Kafka's states in which a group has no consumer that could commit over a reset. */
export const INACTIVE_STATES: ReadonlySet<string> = new Set(['Empty', 'Dead']);

export function hasActiveMembers(group: Pick<GroupReading, 'state' | 'members'>): boolean {
  return group.members.length > 0 || !INACTIVE_STATES.has(group.state);
}

export function byTopicPartition<T extends { topic: string; partition: number }>(a: T, b: T): number {
  return a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1;
}

/** Records behind, summed over partitions; null when no partition's lag is known. */
export function totalLagOf(partitions: readonly PartitionLagReading[]): number | null {
  let total: number | null = null;
  for (const p of partitions) if (p.lag !== null) total = (total ?? 0) + p.lag;
  return total;
}

/** The worst partition's time lag; null when none is known. */
export function maxTimeLagOf(partitions: readonly PartitionLagReading[]): number | null {
  let max: number | null = null;
  for (const p of partitions) if (p.timeLagMs !== null) max = Math.max(max ?? 0, p.timeLagMs);
  return max;
}

export function topicsOf(group: Pick<GroupReading, 'members' | 'partitions'>): string[] {
  const topics = new Set(group.partitions.map((p) => p.topic));
  for (const m of group.members) for (const a of m.assignments) topics.add(a.topic);
  return [...topics].sort();
}

export const NOT_EVALUATED = 'not evaluated yet: waiting for the first lag sample';

export function toSummary(group: GroupReading, health: LagHealth | undefined): GroupSummary {
  return {
    groupId: group.groupId,
    state: group.state,
    protocolType: group.protocolType,
    protocol: group.protocol,
    memberCount: group.members.length,
    topics: topicsOf(group),
    totalLag: totalLagOf(group.partitions),
    maxTimeLagMs: maxTimeLagOf(group.partitions),
    status: health?.status ?? 'OK',
    statusReason: health?.reason ?? NOT_EVALUATED,
  };
}

export function toDetail(group: GroupReading, health: LagHealth | undefined): GroupDetail {
  const statuses = new Map<string, PartitionLagStatus>();
  for (const p of health?.partitions ?? []) statuses.set(`${p.topic}\u0000${p.partition}`, p.status);
  const partitions = group.partitions.map((p): GroupPartitionLag => ({
    topic: p.topic,
    partition: p.partition,
    committedOffset: p.committedOffset,
    endOffset: p.logEndOffset,
    lag: p.lag,
    timeLagMs: p.timeLagMs,
    status: statuses.get(`${p.topic}\u0000${p.partition}`) ?? 'OK',
    memberId: p.memberId,
  }));
  return { ...toSummary(group, health), members: group.members, partitions };
}

/** What the lag sampler stores and evaluates: the readings without who owns them. */
export function toSnapshot(group: GroupReading): GroupLagSnapshot {
  return {
    groupId: group.groupId,
    state: group.state,
    partitions: group.partitions.map(({ memberId: _memberId, ...reading }) => reading),
  };
}
