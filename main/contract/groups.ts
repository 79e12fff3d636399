// Contract types of consumer groups and lag health.

/** Burrow's statuses: partitions are OK, WARN, STOP, STALL or REWIND; a group OK, WARN or ERR. */
export type PartitionLagStatus = 'OK' | 'WARN' | 'STOP' | 'STALL' | 'REWIND';
export type GroupLagStatus = 'OK' | 'WARN' | 'ERR';

export interface GroupSummary {
  groupId: string;
  state: string;
  protocolType: string | null;
  protocol: string | null;
  memberCount: number;
  topics: string[];
  /** Records behind, summed over partitions; null when nothing is committed. */
  totalLag: number | null;
  /** The worst partition's time lag in ms; null when unknown. */
  maxTimeLagMs: number | null;
  status: GroupLagStatus;
  /** Why, in words ("orders-1 STOP: no commit for 50 s"). */
  statusReason: string;
}

export interface GroupMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  assignments: { topic: string; partitions: number[] }[];
}

export interface GroupPartitionLag {
  topic: string;
  partition: number;
  /** -1 when the group has no commit for the partition. */
  committedOffset: number;
  endOffset: number;
  lag: number | null;
  timeLagMs: number | null;
  status: PartitionLagStatus;
  /** The member consuming it, if any. */
  memberId: string | null;
}

export interface GroupDetail extends GroupSummary {
  members: GroupMember[];
  partitions: GroupPartitionLag[];
}

export interface LagPoint {
  at: number;
  lag: number;
  timeLagMs: number | null;
}

export type OffsetResetSpec =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'timestamp'; timestamp: number }
  | { kind: 'offset'; offset: number }
  | { kind: 'shift'; by: number };

export interface OffsetResetPreview {
  topic: string;
  partition: number;
  currentOffset: number;
  targetOffset: number;
}

/** Chart windows the UI offers, in ms. */
export const LAG_WINDOWS_MS = { '5m': 5 * 60_000, '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
