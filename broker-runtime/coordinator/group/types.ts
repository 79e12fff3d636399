// The inputs and outputs of the classic group coordinator. These are the state machine's own small
// types: the wire handlers (JoinGroup v0-9, SyncGroup v0-5, ...) map their versioned messages onto
// them and back. Field names follow the wire messages where they mean the same thing.
import type { GroupCoordinatorRecord } from './records.js';

/** Opaque to the coordinator: the caller keys its parked request promises by it. */
export type RequestId = string | number;

export type ClassicGroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface GroupCoordinatorConfig {
  /** group.min.session.timeout.ms */
  minSessionTimeoutMs: number;
  /** group.max.session.timeout.ms */
  maxSessionTimeoutMs: number;
  /** group.initial.rebalance.delay.ms: Kafka's default is 3000, Oxbow's is 0 (as Kafka's server.properties). */
  initialRebalanceDelayMs: number;
  /** group.max.size */
  maxGroupSize: number;
  /** How long a new member's parked JoinGroup may wait (KIP-394, 5 minutes in Kafka). */
  newMemberJoinTimeoutMs: number;
  /** offset.metadata.max.bytes */
  offsetMetadataMaxBytes: number;
}

export const DEFAULT_GROUP_COORDINATOR_CONFIG: Readonly<GroupCoordinatorConfig> = {
  minSessionTimeoutMs: 6_000,
  maxSessionTimeoutMs: 1_800_000,
  initialRebalanceDelayMs: 0,
  maxGroupSize: 2_147_483_647,
  newMemberJoinTimeoutMs: 300_000,
  offsetMetadataMaxBytes: 4096,
};

export interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinGroupInput {
  requestId: RequestId;
  groupId: string;
  /** '' for a member that does not have an id yet. */
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string;
  protocols: GroupProtocol[];
  sessionTimeoutMs: number;
  /** -1 (JoinGroup v0) means "the session timeout". */
  rebalanceTimeoutMs: number;
  clientId: string;
  clientHost: string;
  /** JoinGroup v4+: a member without an id gets MEMBER_ID_REQUIRED and must join again with it. */
  requireKnownMemberId: boolean;
  /** JoinGroup v9+ (KIP-814): a rejoining static leader may be told to skip the assignment. */
  supportsSkippingAssignment?: boolean;
}

export interface JoinGroupMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Buffer;
}

export interface JoinGroupResult {
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  skipAssignment: boolean;
  memberId: string;
  /** Only the leader gets the members, with their metadata for the chosen protocol. */
  members: JoinGroupMember[];
}

export interface SyncGroupInput {
  requestId: RequestId;
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  /** SyncGroup v5+; null when the version does not carry them. */
  protocolType: string | null;
  protocolName: string | null;
  assignments: Array<{ memberId: string; assignment: Buffer }>;
}

export interface SyncGroupResult {
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

export interface HeartbeatInput {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}

export interface LeaveGroupInput {
  groupId: string;
  /** LeaveGroup v0-2 send one member and no instance id. */
  members: Array<{ memberId: string; groupInstanceId: string | null }>;
}

export interface LeaveGroupResult {
  errorCode: number;
  members: Array<{ memberId: string; groupInstanceId: string | null; errorCode: number }>;
}

export interface OffsetCommitInput {
  groupId: string;
  /** -1 with memberId '' is the "simple consumer"/admin commit. */
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  topics: Array<{
    name: string;
    partitions: Array<{ partitionIndex: number; committedOffset: number; committedLeaderEpoch: number; committedMetadata: string | null }>;
  }>;
}

export interface PartitionErrors {
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; errorCode: number }> }>;
}

export interface OffsetDeleteResult extends PartitionErrors {
  errorCode: number;
}

export interface OffsetFetchResult {
  errorCode: number;
  topics: Array<{
    name: string;
    partitions: Array<{ partitionIndex: number; committedOffset: number; committedLeaderEpoch: number; metadata: string; errorCode: number }>;
  }>;
}

export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  groupState: ClassicGroupState;
  protocolType: string;
  /** The chosen protocol, only while Stable (as Kafka). */
  protocolData: string;
  /** Metadata and assignment are filled only while Stable (as Kafka). */
  members: Array<{
    memberId: string; groupInstanceId: string | null; clientId: string; clientHost: string;
    memberMetadata: Buffer; memberAssignment: Buffer;
  }>;
}

export interface ListedGroup {
  groupId: string;
  protocolType: string;
  groupState: ClassicGroupState;
  groupType: 'classic';
}

/** A parked JoinGroup or SyncGroup that a later call answered. */
export type Completion =
  | { requestId: RequestId; api: 'JoinGroup'; response: JoinGroupResult }
  | { requestId: RequestId; api: 'SyncGroup'; response: SyncGroupResult };

/**
 * What every mutating call returns. The caller appends `records` to `__consumer_offsets` (in
 * order), then sends `response` (unless 'pending') and every `completed` response.
 */
export interface Outcome<R> {
  response: R;
  completed: Completion[];
  records: GroupCoordinatorRecord[];
}

export type TickOutcome = Omit<Outcome<null>, 'response'>;
