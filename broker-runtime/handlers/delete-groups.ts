// DeleteGroups (key 42): versions 0-2.
// - Each group is answered on its own: deleted with its committed offsets when it is Empty,
//   NON_EMPTY_GROUP while it has members, GROUP_ID_NOT_FOUND when it does not exist, and
//   NOT_COORDINATOR when another broker coordinates it (the admin client routes per group).
// - A group named twice is deleted once and answered once, as Kafka answers a set of groups.
// - v2+ flexible.
import { DeleteGroups } from '../protocol/generated/delete-groups.js';
import { defineHandler } from './handler.js';
import { groupErrorCode } from './group-requests.js';

export const deleteGroupsHandler = defineHandler({
  messages: DeleteGroups,
  minVersion: 0,
  maxVersion: 2,
  async handle(request, { broker }) {
    const groupIds = [...new Set(request.groupsNames)];
    const results = await Promise.all(groupIds.map(async (groupId) => {
      try {
        const [result] = await broker.groupCoordinator.execute(groupId, (c, _requestId, now) => c.deleteGroups([groupId], now));
        return result;
      } catch (err) {
        return { groupId, errorCode: groupErrorCode(err, broker.log, `DeleteGroups of ${groupId}`) };
      }
    }));
    return { throttleTimeMs: 0, results };
  },
});
