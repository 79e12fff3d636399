// What the UI shows of a group: plain, serializable data (no Buffers), with the "consumer"
// protocol's subscriptions and assignments decoded so a person can read who owns what.
import type { CoordinatorContext } from './context.js';
import { CONSUMER_PROTOCOL_TYPE, assignedPartitionsOf, subscribedTopicsOf } from './embedded-protocol.js';
import type { TopicPartitions } from './embedded-protocol.js';
import type { ClassicGroup } from './group.js';
import type { ClassicGroupState } from './types.js';

export interface GroupMemberView {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  /** Decoded for the "consumer" protocol; null for other protocols or bytes that do not parse. */
  subscribedTopics: string[] | null;
  assignment: TopicPartitions[] | null;
}

export interface CommittedOffsetView {
  topic: string;
  partition: number;
  offset: number;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
}

export interface GroupView {
  groupId: string;
  state: ClassicGroupState;
  /** When the group entered its state (ms since the epoch, the coordinator's clock). */
  stateTimestamp: number;
  protocolType: string | null;
  protocol: string | null;
  generationId: number;
  leader: string | null;
  members: GroupMemberView[];
  offsets: CommittedOffsetView[];
}

export function groupView(ctx: CoordinatorContext, group: ClassicGroup): GroupView {
  const consumer = group.protocolType === CONSUMER_PROTOCOL_TYPE;
  const members = [...group.members.values()].map((m): GroupMemberView => ({
    memberId: m.memberId,
    groupInstanceId: m.groupInstanceId,
    clientId: m.clientId,
    clientHost: m.clientHost,
    sessionTimeoutMs: m.sessionTimeoutMs,
    rebalanceTimeoutMs: m.rebalanceTimeoutMs,
    subscribedTopics: consumer ? subscribedTopicsOf(m.metadata(group.protocolName ?? m.protocols[0]?.name ?? null)) : null,
    assignment: consumer ? assignedPartitionsOf(m.assignment) : null,
  }));
  const offsets: CommittedOffsetView[] = [];
  for (const [topic, partitions] of ctx.offsets.ofGroup(group.groupId)) {
    for (const [partition, c] of partitions) offsets.push({ topic, partition, ...c });
  }
  offsets.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  return {
    groupId: group.groupId,
    state: group.state,
    stateTimestamp: group.stateTimestamp,
    protocolType: group.protocolType,
    protocol: group.protocolName,
    generationId: group.generationId,
    leader: group.leaderId,
    members,
    offsets,
  };
}
