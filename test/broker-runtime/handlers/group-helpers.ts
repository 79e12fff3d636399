// What the group handler tests share: finding coordinators (which creates __consumer_offsets),
// "consumer" protocol bytes, and a member that has joined and synced, over raw requests.
import { expect } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import {
  encodeVersionedConsumerProtocolAssignment,
  encodeVersionedConsumerProtocolSubscription,
} from '../../../broker-runtime/protocol/generated/consumer-protocol.js';
import { FindCoordinator } from '../../../broker-runtime/protocol/generated/find-coordinator.js';
import { JoinGroup } from '../../../broker-runtime/protocol/generated/join-group.js';
import { SyncGroup } from '../../../broker-runtime/protocol/generated/sync-group.js';
import { Writer } from '../../../broker-runtime/protocol/primitives/writer.js';
import type { RawClient } from '../../helpers/raw-client.js';

/**
 * The coordinator node of each group. The first lookup creates __consumer_offsets and is answered
 * COORDINATOR_NOT_AVAILABLE until its partitions have leaders, so this asks until every key is served.
 */
export async function findCoordinators(client: RawClient, groupIds: readonly string[]): Promise<Map<string, number>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { coordinators } = await client.send(FindCoordinator, 4, { keyType: 0, coordinatorKeys: [...groupIds] });
    if (coordinators!.every((c) => c.errorCode === ErrorCode.NONE)) return new Map(coordinators!.map((c) => [c.key, c.nodeId]));
    if (Date.now() > deadline) throw new Error(`no coordinator: ${JSON.stringify(coordinators)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function subscription(topics: string[]): Buffer {
  const w = new Writer();
  encodeVersionedConsumerProtocolSubscription(w, { topics, userData: null }, 0);
  return w.toBuffer();
}

export function assignment(topic: string, partitions: number[]): Buffer {
  const w = new Writer();
  encodeVersionedConsumerProtocolAssignment(w, { assignedPartitions: [{ topic, partitions }], userData: null }, 0);
  return w.toBuffer();
}

export interface JoinOptions {
  topics?: string[];
  groupInstanceId?: string | null;
  sessionTimeoutMs?: number;
}

/** JoinGroup v5 request fields for a "consumer" member using the range assignor. */
export function joinRequest(groupId: string, memberId: string, options: JoinOptions = {}) {
  return {
    groupId,
    sessionTimeoutMs: options.sessionTimeoutMs ?? 10_000,
    rebalanceTimeoutMs: 10_000,
    memberId,
    groupInstanceId: options.groupInstanceId ?? null,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: subscription(options.topics ?? ['t']) }],
  };
}

/**
 * A sole member's way into a Stable group: JoinGroup v5 (MEMBER_ID_REQUIRED first, for a dynamic
 * member), then SyncGroup v3 as the leader, assigning itself `partitions` of the first topic.
 */
export async function joinAndSync(client: RawClient, groupId: string, options: JoinOptions & { partitions?: number[] } = {}): Promise<{ memberId: string; generationId: number }> {
  let join = await client.send(JoinGroup, 5, joinRequest(groupId, '', options));
  if (join.errorCode === ErrorCode.MEMBER_ID_REQUIRED) join = await client.send(JoinGroup, 5, joinRequest(groupId, join.memberId, options));
  expect(join.errorCode).toBe(ErrorCode.NONE);
  expect(join.leader).toBe(join.memberId);
  const { memberId, generationId } = join;
  const topic = options.topics?.[0] ?? 't';
  const sync = await client.send(SyncGroup, 3, {
    groupId, generationId, memberId, groupInstanceId: options.groupInstanceId ?? null,
    assignments: [{ memberId, assignment: assignment(topic, options.partitions ?? [0]) }],
  });
  expect(sync.errorCode).toBe(ErrorCode.NONE);
  return { memberId, generationId };
}
