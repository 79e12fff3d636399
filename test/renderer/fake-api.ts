// A fake transport for component tests: the contract's calls answered from fixtures, every call
// recorded, and pushed events delivered on demand. Not a fake cluster: nothing here reacts to calls.
import type { ApiArgs, ApiMethod, ApiResult, BrokerView, ClusterMap, OxbowApi, Overview, PushEvent, TopicDetail, TopicSummary } from '../../main/contract/index.js';

export const brokers: BrokerView[] = [
  { id: 0, host: '127.0.0.1', port: 19092, state: 'running', fenced: false, partitions: 4, leaders: 2, diskBytes: 1_572_864 },
  { id: 1, host: '127.0.0.1', port: 19093, state: 'killed', fenced: true, partitions: 4, leaders: 0, diskBytes: 1024 },
  { id: 2, host: '127.0.0.1', port: 19094, state: 'running', fenced: false, partitions: 4, leaders: 2, diskBytes: null },
];

export const clusterMap: ClusterMap = {
  coordinator: { state: 'up' },
  brokers,
  partitions: [
    { topic: 'orders', partition: 0, leader: 0, replicas: [0, 1, 2], isr: [0, 2] },
    { topic: 'orders', partition: 1, leader: 2, replicas: [2, 0, 1], isr: [2, 0] },
    { topic: '__consumer_offsets', partition: 0, leader: 0, replicas: [0, 1, 2], isr: [0, 2] },
  ],
};

export const topics: TopicSummary[] = [
  { name: 'orders', internal: false, partitions: 2, replicationFactor: 3, messageCount: 500, sizeBytes: 40_000, underReplicated: true },
  { name: 'audit-log', internal: false, partitions: 6, replicationFactor: 2, messageCount: 12, sizeBytes: 2_000, underReplicated: false },
  { name: 'payments', internal: false, partitions: 1, replicationFactor: 1, messageCount: 90_000, sizeBytes: 9_000_000, underReplicated: false },
  { name: '__consumer_offsets', internal: true, partitions: 50, replicationFactor: 3, messageCount: 3, sizeBytes: 100, underReplicated: false },
];

export const ordersDetail: TopicDetail = {
  name: 'orders',
  internal: false,
  partitions: [
    { partition: 0, leader: 0, replicas: [0, 1, 2], isr: [0, 2], earliestOffset: 0, latestOffset: 300 },
    { partition: 1, leader: 2, replicas: [2, 0, 1], isr: [2, 0, 1], earliestOffset: 10, latestOffset: 210 },
  ],
  configs: [
    { name: 'retention.ms', value: '3600000', source: 'topic', readOnly: false, sensitive: false },
    { name: 'cleanup.policy', value: 'delete', source: 'default', readOnly: false, sensitive: false },
  ],
};

export const overview: Overview = {
  connection: { kind: 'embedded', name: 'Local cluster', bootstrap: '127.0.0.1:19092', clusterId: 'abc', dataDir: '/tmp/oxbow' },
  coordinator: { state: 'up' },
  brokers,
  topicCount: 3,
  partitionCount: 9,
  underReplicatedPartitions: 2,
  offlinePartitions: 0,
  throughput: [
    { at: 1_000, messagesInPerSec: 10, bytesInPerSec: 1000, bytesOutPerSec: 500 },
    { at: 2_000, messagesInPerSec: 20, bytesInPerSec: 2000, bytesOutPerSec: 900 },
  ],
  recentEvents: [
    { type: 'brokerDown', at: 5_000, brokerId: 1, reason: 'killed' },
    { type: 'leaderElected', at: 5_100, topic: 'orders', partition: 0, leader: 0, previousLeader: 1, leaderEpoch: 3 },
  ],
};

type Handlers = { [M in ApiMethod]: (args: ApiArgs<M>) => Promise<ApiResult<M>> };

const unsupported = async (): Promise<never> => {
  throw { code: 'UNSUPPORTED', message: 'not in this fake' };
};

const defaults: Handlers = {
  seekMessages: unsupported,
  readMessages: unsupported,
  getMessage: unsupported,
  produceMessage: unsupported,
  partitionTimeMap: unsupported,
  listGroups: unsupported,
  describeGroup: unsupported,
  lagHistory: unsupported,
  previewOffsetReset: unsupported,
  resetOffsets: unsupported,
  deleteGroup: unsupported,
  listConnections: unsupported,
  saveConnection: unsupported,
  testConnection: unsupported,
  removeConnection: unsupported,
  selectConnection: unsupported,
  getConnection: async () => overview.connection,
  getOverview: async () => overview,
  listBrokers: async () => brokers,
  getClusterMap: async () => clusterMap,
  listEvents: async () => overview.recentEvents,
  stopBroker: async () => null,
  killBroker: async () => null,
  pauseBroker: async () => null,
  resumeBroker: async () => null,
  startBroker: async () => null,
  restartBroker: async () => null,
  addBroker: async () => ({ ...brokers[0], id: 3 }),
  restartCoordinator: async () => null,
  listTopics: async ({ includeInternal }) => topics.filter((t) => includeInternal || !t.internal),
  describeTopic: async () => ordersDetail,
  createTopic: async () => null,
  deleteTopic: async () => null,
  alterTopicConfigs: async () => null,
  createPartitions: async () => null,
};

export interface FakeApi extends OxbowApi {
  calls: { method: ApiMethod; args: unknown }[];
  callsOf<M extends ApiMethod>(method: M): ApiArgs<M>[];
  push(event: PushEvent): void;
}

export function fakeApi(overrides: Partial<Handlers> = {}): FakeApi {
  const listeners = new Set<(event: PushEvent) => void>();
  const calls: FakeApi['calls'] = [];
  const handlers = { ...defaults, ...overrides } as Record<ApiMethod, (args: unknown) => Promise<unknown>>;
  const fake = {
    calls,
    callsOf: (method: ApiMethod) => calls.filter((c) => c.method === method).map((c) => c.args),
    push: (event: PushEvent) => listeners.forEach((l) => l(event)),
    subscribe(listener: (event: PushEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as FakeApi;
  for (const method of Object.keys(defaults) as ApiMethod[]) {
    (fake as unknown as Record<string, unknown>)[method] = (args: unknown) => {
      calls.push({ method, args });
      return handlers[method](args);
    };
  }
  return fake;
}
