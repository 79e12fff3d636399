import type { ApiMethod } from '../../main/contract/index.js';

// The contract's own list (API_METHODS) is a value, and the renderer may import only its types,
// so it is repeated here; the check below fails to compile if a method is missing.
export const METHODS = [
  'getConnection', 'getOverview', 'listBrokers', 'getClusterMap', 'listEvents',
  'stopBroker', 'killBroker', 'pauseBroker', 'resumeBroker', 'startBroker', 'restartBroker', 'addBroker', 'restartCoordinator',
  'listTopics', 'describeTopic', 'createTopic', 'deleteTopic', 'alterTopicConfigs', 'createPartitions',
  'seekMessages', 'readMessages', 'getMessage', 'produceMessage', 'partitionTimeMap',
  'listGroups', 'describeGroup', 'lagHistory', 'previewOffsetReset', 'resetOffsets', 'deleteGroup',
  'listConnections', 'saveConnection', 'testConnection', 'removeConnection', 'selectConnection',
] as const satisfies readonly ApiMethod[];

type Unlisted = Exclude<ApiMethod, (typeof METHODS)[number]>;
const _everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;
