// ListGroups (key 16): versions 0-5.
// - The groups of every __consumer_offsets partition this broker leads; a client (an admin, the
//   UI) asks every broker and merges the lists, as with Kafka.
// - v1+ throttle time. v3+ flexible. v4+ (KIP-518): StatesFilter (case-insensitive, empty keeps
//   all) and each group's state.
// - v5+ (KIP-848): TypesFilter (case-insensitive, empty keeps all) and each group's type. Every
//   Oxbow group is "classic", so a types filter without "classic" lists nothing (an unknown type
//   matches no group, as with Kafka's GroupType.parse).
import type { ListedGroup } from '../coordinator/group/index.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { ListGroups } from '../protocol/generated/list-groups.js';
import { defineHandler } from './handler.js';
import { groupErrorCode } from './group-requests.js';

export const listGroupsHandler = defineHandler({
  messages: ListGroups,
  minVersion: 0,
  maxVersion: 5,
  handle(request, { apiVersion, broker }) {
    const filter = {
      statesFilter: apiVersion >= 4 ? request.statesFilter ?? [] : [],
      typesFilter: apiVersion >= 5 ? request.typesFilter ?? [] : [],
    };
    let groups: ListedGroup[];
    try {
      groups = broker.groupCoordinator.allCoordinators().flatMap((c) => c.listGroups(filter));
    } catch (err) {
      return { throttleTimeMs: 0, errorCode: groupErrorCode(err, broker.log, 'ListGroups'), groups: [] };
    }
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      groups: groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, groupState: g.groupState, groupType: g.groupType })),
    };
  },
});
