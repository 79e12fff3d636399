// SyncGroup (key 14): versions 0-5.
// - The leader sends every member's assignment; followers' requests park until it arrives, and
//   everyone then gets their own bytes (empty for a member the leader assigned nothing).
// - v1+ throttle time. v3+ GroupInstanceId (KIP-345). v4+ flexible.
// - v5+ ProtocolType and ProtocolName in request and response; the request must carry both
//   (INCONSISTENT_GROUP_PROTOCOL otherwise, as Kafka), and they must match the group's.
// - NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE when the group is not served here.
import type { SyncGroupResult } from '../coordinator/group/index.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { SyncGroup, type SyncGroupRequest } from '../protocol/generated/sync-group.js';
import type { BrokerServices } from '../server/broker-services.js';
import { defineHandler } from './handler.js';
import { groupErrorCode } from './group-requests.js';

const failed = (errorCode: number): SyncGroupResult => ({ errorCode, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) });

async function sync(request: SyncGroupRequest, apiVersion: number, broker: BrokerServices): Promise<SyncGroupResult> {
  const protocolType = request.protocolType ?? null;
  const protocolName = request.protocolName ?? null;
  if (apiVersion >= 5 && (protocolType === null || protocolName === null)) return failed(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  const input = {
    groupId: request.groupId,
    generationId: request.generationId,
    memberId: request.memberId,
    groupInstanceId: request.groupInstanceId ?? null,
    protocolType,
    protocolName,
    // Copied: the coordinator keeps the assignments, not the request frame.
    assignments: request.assignments.map((a) => ({ memberId: a.memberId, assignment: Buffer.from(a.assignment) })),
  };
  try {
    return await broker.groupCoordinator.execute(request.groupId, (c, requestId, now) => c.syncGroup({ ...input, requestId }, now));
  } catch (err) {
    return failed(groupErrorCode(err, broker.log, `SyncGroup of ${request.groupId}`));
  }
}

export const syncGroupHandler = defineHandler({
  messages: SyncGroup,
  minVersion: 0,
  maxVersion: 5,
  async handle(request, { apiVersion, broker }) {
    const result = await sync(request, apiVersion, broker);
    return {
      throttleTimeMs: 0,
      errorCode: result.errorCode,
      protocolType: result.protocolType,
      protocolName: result.protocolName,
      assignment: result.assignment,
    };
  },
});
