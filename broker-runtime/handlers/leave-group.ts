// LeaveGroup (key 13): versions 0-5.
// - v0-2: one member by id; its error is the response's error (Kafka's LeaveGroupResponse does
//   the same when it answers an old version). v1+ throttle time.
// - v3+ (KIP-345): a batch of members, each by id or, from an admin, by group instance id alone;
//   each is answered on its own, and the group rebalances once. v4+ flexible.
// - NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE when the group is not served here (v3+: with no
//   member results, as Kafka).
// - v5+ (KIP-800): a Reason per member, accepted and ignored (Kafka only logs it).
import type { LeaveGroupResult } from '../coordinator/group/index.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { LeaveGroup } from '../protocol/generated/leave-group.js';
import { defineHandler } from './handler.js';
import { groupErrorCode } from './group-requests.js';

export const leaveGroupHandler = defineHandler({
  messages: LeaveGroup,
  minVersion: 0,
  maxVersion: 5,
  async handle(request, { apiVersion, broker }) {
    const members = apiVersion >= 3
      ? (request.members ?? []).map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId }))
      : [{ memberId: request.memberId ?? '', groupInstanceId: null }];
    let result: LeaveGroupResult;
    try {
      result = await broker.groupCoordinator.execute(request.groupId, (c, _requestId, now) => c.leaveGroup({ groupId: request.groupId, members }, now));
    } catch (err) {
      result = { errorCode: groupErrorCode(err, broker.log, `LeaveGroup of ${request.groupId}`), members: [] };
    }
    if (apiVersion >= 3) return { throttleTimeMs: 0, errorCode: result.errorCode, members: result.members };
    const memberError = result.members.find((m) => m.errorCode !== ErrorCode.NONE)?.errorCode ?? ErrorCode.NONE;
    return { throttleTimeMs: 0, errorCode: result.errorCode !== ErrorCode.NONE ? result.errorCode : memberError };
  },
});
