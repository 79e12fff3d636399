// JoinGroup (key 11): versions 0-9.
// - The join parks until the group's join phase completes (every known member rejoined, or the
//   rebalance timeout ran out); the requests behind it on the same connection wait, as in Kafka.
//   The leader gets every member's metadata for the chosen protocol, followers an empty list.
// - v0 has no RebalanceTimeoutMs: the session timeout stands in for it. v2+ throttle time.
// - v4+ (KIP-394): a member without an id is answered MEMBER_ID_REQUIRED with one, and joins
//   again with it; v0-3 members get their id with the join's answer.
// - v5+ (KIP-345): static members (GroupInstanceId), also in the leader's member list.
// - v6+ flexible. v7+ ProtocolType in the response and ProtocolName nullable; before v7 an unknown
//   protocol is answered as ''.
// - A group whose __consumer_offsets partition is not led here is answered NOT_COORDINATOR (or
//   COORDINATOR_NOT_AVAILABLE before the topic exists): the client looks the coordinator up again.
// - v8+ (KIP-800) Reason, why the member (re)joins: accepted and ignored (Kafka only logs it).
// - v9+ (KIP-814): a static leader that rejoins a Stable group under a new member id is told it
//   leads, with the member list and SkipAssignment (it must not reassign); before v9 it is told
//   the old leader id instead, so it does not think it leads.
import type { JoinGroupInput, JoinGroupResult } from '../coordinator/group/index.js';
import { JoinGroup } from '../protocol/generated/join-group.js';
import { defineHandler } from './handler.js';
import { clientHostOf, groupErrorCode } from './group-requests.js';

export const joinGroupHandler = defineHandler({
  messages: JoinGroup,
  minVersion: 0,
  maxVersion: 9,
  async handle(request, { apiVersion, clientId, connection, broker }) {
    const input: Omit<JoinGroupInput, 'requestId'> = {
      groupId: request.groupId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId ?? null,
      protocolType: request.protocolType,
      // Copied: the coordinator keeps the metadata for the group's lifetime, not the request frame.
      protocols: request.protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) })),
      sessionTimeoutMs: request.sessionTimeoutMs,
      rebalanceTimeoutMs: apiVersion >= 1 ? request.rebalanceTimeoutMs ?? -1 : -1,
      clientId: clientId ?? '',
      clientHost: clientHostOf(connection),
      requireKnownMemberId: apiVersion >= 4,
      supportsSkippingAssignment: apiVersion >= 9,
    };
    let result: JoinGroupResult;
    try {
      result = await broker.groupCoordinator.execute(request.groupId, (c, requestId, now) => c.joinGroup({ ...input, requestId }, now));
    } catch (err) {
      result = {
        errorCode: groupErrorCode(err, broker.log, `JoinGroup of ${request.groupId}`), generationId: -1,
        protocolType: null, protocolName: null, leader: '', skipAssignment: false, memberId: request.memberId, members: [],
      };
    }
    return {
      throttleTimeMs: 0,
      errorCode: result.errorCode,
      generationId: result.generationId,
      protocolType: result.protocolType,
      protocolName: apiVersion >= 7 ? result.protocolName : result.protocolName ?? '',
      leader: result.leader,
      skipAssignment: result.skipAssignment,
      memberId: result.memberId,
      members: result.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata })),
    };
  },
});
