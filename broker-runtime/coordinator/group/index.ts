// The classic group coordinator's public surface: the state machine, its inputs and outputs, the
// __consumer_offsets records it emits and loads from, and the UI's read model.
export { GroupCoordinator } from './group-coordinator.js';
export type { GroupCoordinatorOptions } from './group-coordinator.js';
export type { ListGroupsFilter } from './admin.js';
export { OFFSET_METADATA_TOO_LARGE } from './offsets.js';
export {
  decodeGroupCoordinatorRecord, encodeGroupCoordinatorRecord,
  GROUP_METADATA_KEY_VERSION, GROUP_METADATA_VALUE_VERSION, OFFSET_COMMIT_KEY_VERSION, OFFSET_COMMIT_VALUE_VERSION,
} from './records.js';
export type { GroupCoordinatorRecord } from './records.js';
export type { CommittedOffsetView, GroupMemberView, GroupView } from './read-model.js';
export type { TopicPartitions } from './embedded-protocol.js';
export { DEFAULT_GROUP_COORDINATOR_CONFIG } from './types.js';
export type * from './types.js';
