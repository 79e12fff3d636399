// DescribeGroups (key 15): versions 0-5.
// - Each group is answered on its own: NOT_COORDINATOR for a group another broker coordinates
//   (the admin client asks FindCoordinator per group). An unknown group is Dead, with no error.
// - The chosen protocol, and the members' metadata and assignment bytes, only while the group is
//   Stable (as Kafka); otherwise the members are listed without them.
// - v1+ throttle time. v3+ AuthorizedOperations when asked for: every operation a group supports
//   (READ, DELETE, DESCRIBE; Oxbow has no authorizer), otherwise Kafka's "not requested", Int32
//   minimum. v4+ members' GroupInstanceId. v5+ flexible.
// NB: v6 (KIP-1043 error messages) is not advertised (CLIENTS.md profile B).
import type { DescribedGroup } from '../coordinator/group/index.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { DescribeGroups, type DescribeGroupsResponseDescribedGroup } from '../protocol/generated/describe-groups.js';
import { defineHandler } from './handler.js';
import { groupErrorCode } from './group-requests.js';

const NOT_REQUESTED = -(2 ** 31);

/** AclOperation codes a GROUP resource supports: READ (3), DELETE (6), DESCRIBE (8). */
const GROUP_OPERATIONS = [3, 6, 8].reduce((bits, op) => bits | (1 << op), 0);

export const describeGroupsHandler = defineHandler({
  messages: DescribeGroups,
  minVersion: 0,
  maxVersion: 5,
  handle(request, { broker }) {
    const groups = request.groups.map((groupId): DescribeGroupsResponseDescribedGroup => {
      let group: DescribedGroup;
      try {
        group = broker.groupCoordinator.query(groupId, (c) => c.describeGroup(groupId));
      } catch (err) {
        const errorCode = groupErrorCode(err, broker.log, `DescribeGroups of ${groupId}`);
        return { errorCode, groupId, groupState: '', protocolType: '', protocolData: '', members: [], authorizedOperations: NOT_REQUESTED };
      }
      const authorized = request.includeAuthorizedOperations === true && group.errorCode === ErrorCode.NONE;
      return { ...group, authorizedOperations: authorized ? GROUP_OPERATIONS : NOT_REQUESTED };
    });
    return { throttleTimeMs: 0, groups };
  },
});
