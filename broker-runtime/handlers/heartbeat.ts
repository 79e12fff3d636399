// Heartbeat (key 12): versions 0-4.
// - Keeps a member's session alive. REBALANCE_IN_PROGRESS tells it to rejoin, UNKNOWN_MEMBER_ID
//   that it was removed, ILLEGAL_GENERATION that it missed a generation.
// - v1+ throttle time. v3+ GroupInstanceId (KIP-345; FENCED_INSTANCE_ID for a replaced static
//   member). v4+ flexible.
// - NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE when the group is not served here.
import { Heartbeat } from '../protocol/generated/heartbeat.js';
import { defineHandler } from './handler.js';
import { groupErrorCode } from './group-requests.js';

export const heartbeatHandler = defineHandler({
  messages: Heartbeat,
  minVersion: 0,
  maxVersion: 4,
  async handle(request, { broker }) {
    const input = {
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId ?? null,
    };
    try {
      const { errorCode } = await broker.groupCoordinator.execute(request.groupId, (c, _requestId, now) => c.heartbeat(input, now));
      return { throttleTimeMs: 0, errorCode };
    } catch (err) {
      return { throttleTimeMs: 0, errorCode: groupErrorCode(err, broker.log, `Heartbeat of ${request.groupId}`) };
    }
  },
});
