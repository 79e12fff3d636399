// The typed API between the UI and the backend: types and channel names only.
// Both transports implement it: Electron IPC through the preload (`window.oxbow`), and in headless
// mode HTTP (`POST /api/<method>` with the arguments as a JSON body) plus server-sent events
// (`GET /api/events`). Arguments are validated in main (./schemas.ts) before anything runs.
//
// Invariant: every method takes exactly one plain-object argument and resolves to plain data
// (JSON-serializable: no Dates, Maps, class instances, or bigints), so both transports carry it as is.
// The types here are the contract's own, not the engine's: the renderer type-checks against
// this folder alone, and the engine can change shape without the UI noticing.

export type BrokerState = 'starting' | 'running' | 'paused' | 'stopping' | 'stopped' | 'killed' | 'crashed';

export interface ConnectionInfo {
  /** Embedded: the cluster this app hosts (broker controls available). External: a Kafka cluster elsewhere. */
  kind: 'embedded' | 'external';
  name: string;
  bootstrap: string;
  clusterId: string;
  /** Where the embedded cluster keeps its data; null for external clusters. */
  dataDir: string | null;
}

export interface BrokerView {
  id: number;
  host: string;
  port: number;
  state: BrokerState;
  /** As the coordinator sees it: a fenced broker leads nothing. */
  fenced: boolean;
  /** Replicas this broker holds, and how many of them it leads. */
  partitions: number;
  leaders: number;
  /** Bytes of log data in the broker's directory; null when unknown (external clusters). */
  diskBytes: number | null;
}

export interface CoordinatorView {
  state: 'up' | 'down';
}

export interface PartitionPlacement {
  topic: string;
  partition: number;
  /** -1 when the partition is offline. */
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface ClusterMap {
  coordinator: CoordinatorView;
  brokers: BrokerView[];
  partitions: PartitionPlacement[];
}

export interface ThroughputSample {
  /** ms since the epoch. */
  at: number;
  messagesInPerSec: number;
  bytesInPerSec: number;
  bytesOutPerSec: number;
}

/** The engine's timeline, one entry per thing that happened (ms since the epoch in `at`). */
export type ClusterEventView =
  | { type: 'brokerUp'; at: number; brokerId: number; host: string; port: number }
  | { type: 'brokerDown'; at: number; brokerId: number; reason: 'stopped' | 'killed' | 'crashed'; detail?: string }
  | { type: 'brokerPaused'; at: number; brokerId: number }
  | { type: 'brokerResumed'; at: number; brokerId: number }
  | { type: 'brokerRegistered'; at: number; brokerId: number; brokerEpoch: number }
  | { type: 'brokerFenced'; at: number; brokerId: number }
  | { type: 'brokerUnfenced'; at: number; brokerId: number }
  | { type: 'leaderElected'; at: number; topic: string; partition: number; leader: number; previousLeader: number; leaderEpoch: number }
  | { type: 'partitionOffline'; at: number; topic: string; partition: number; previousLeader: number }
  | { type: 'isrChanged'; at: number; topic: string; partition: number; isr: number[]; previousIsr: number[]; change: 'shrunk' | 'expanded' | 'replaced' }
  | { type: 'topicCreated'; at: number; topic: string }
  | { type: 'topicDeleted'; at: number; topic: string }
  | { type: 'groupRebalanced'; at: number; brokerId: number; groupId: string; generationId: number; protocol: string | null; members: number }
  | { type: 'coordinatorUp'; at: number }
  | { type: 'coordinatorDown'; at: number; reason: 'stopped' | 'killed' | 'crashed'; detail?: string };

export interface Overview {
  connection: ConnectionInfo;
  coordinator: CoordinatorView;
  brokers: BrokerView[];
  topicCount: number;
  partitionCount: number;
  underReplicatedPartitions: number;
  offlinePartitions: number;
  /** Oldest first; the sampler keeps the last few minutes. */
  throughput: ThroughputSample[];
  /** Newest last. */
  recentEvents: ClusterEventView[];
}

export interface TopicSummary {
  name: string;
  internal: boolean;
  partitions: number;
  replicationFactor: number;
  /** Sum over partitions of latest minus earliest offset (compaction and control records make it an upper bound). */
  messageCount: number;
  /** Bytes on disk across the leaders' logs; null when unknown (external clusters). */
  sizeBytes: number | null;
  underReplicated: boolean;
}

export interface PartitionDetail extends Omit<PartitionPlacement, 'topic'> {
  /** -1 when unknown (the partition is offline and no running broker holds a copy). */
  earliestOffset: number;
  latestOffset: number;
}

export type ConfigSource = 'topic' | 'broker' | 'default' | 'static' | 'unknown';

export interface TopicConfigEntry {
  name: string;
  /** null for sensitive values. */
  value: string | null;
  source: ConfigSource;
  readOnly: boolean;
  sensitive: boolean;
}

export interface TopicDetail {
  name: string;
  internal: boolean;
  partitions: PartitionDetail[];
  configs: TopicConfigEntry[];
}

import type { ConnectionInput, ConnectionSummary, ConnectionTestResult } from './connections.js';
import type { GroupDetail, GroupSummary, LagPoint, OffsetResetPreview, OffsetResetSpec } from './groups.js';
import type { MessageFilter, MessagePage, MessageStart, PartitionPosition, PartitionTimeMap, ProducedMessage } from './messages.js';

export type * from './connections.js';
export type * from './groups.js';
export type * from './messages.js';

type NoArgs = Record<string, never>;
type BrokerArgs = { brokerId: number };

/** Every call: its argument object and what it resolves to. */
export interface ApiMethods {
  getConnection: { args: NoArgs; result: ConnectionInfo };
  getOverview: { args: NoArgs; result: Overview };
  listBrokers: { args: NoArgs; result: BrokerView[] };
  getClusterMap: { args: NoArgs; result: ClusterMap };
  /** Events with `at` >= since (all when omitted), at most `limit` of the newest. */
  listEvents: { args: { since?: number; limit?: number }; result: ClusterEventView[] };
  stopBroker: { args: BrokerArgs; result: null };
  killBroker: { args: BrokerArgs; result: null };
  pauseBroker: { args: BrokerArgs; result: null };
  resumeBroker: { args: BrokerArgs; result: null };
  startBroker: { args: BrokerArgs; result: null };
  /** A graceful stop followed by a start. */
  restartBroker: { args: BrokerArgs; result: null };
  addBroker: { args: NoArgs; result: BrokerView };
  restartCoordinator: { args: { kill?: boolean }; result: null };
  listTopics: { args: { includeInternal?: boolean }; result: TopicSummary[] };
  describeTopic: { args: { name: string }; result: TopicDetail };
  createTopic: { args: { name: string; partitions: number; replicationFactor: number; configs?: Record<string, string> }; result: null };
  deleteTopic: { args: { name: string }; result: null };
  /** `set` overrides configs on the topic; `reset` removes overrides (back to the broker default). */
  alterTopicConfigs: { args: { name: string; set?: Record<string, string>; reset?: string[] }; result: null };
  /** Grows the topic to `totalCount` partitions (Kafka never shrinks a topic). */
  createPartitions: { args: { name: string; totalCount: number }; result: null };

  // Messages (the selected connection).
  /** Resolves a start (newest: `count` records before the end) to offsets per partition (all when omitted). */
  seekMessages: { args: { topic: string; partitions?: number[]; start: MessageStart; count?: number }; result: PartitionPosition[] };
  /** Reads up to `limit` records from `from`, oldest first within each partition, merged by timestamp. */
  readMessages: { args: { topic: string; from: PartitionPosition[]; limit: number; filter?: MessageFilter }; result: MessagePage };
  /** One record with its key, value and headers in full. */
  getMessage: { args: { topic: string; partition: number; offset: number }; result: MessagePage['records'][number] | null };
  produceMessage: {
    args: {
      topic: string;
      /** Omitted: by key (or round robin without one), as the client's partitioner does. */
      partition?: number;
      key: string | null;
      value: string | null;
      headers?: { key: string; value: string | null }[];
      /** text: the strings are UTF-8; base64: they are base64 of the bytes. */
      encoding?: 'text' | 'base64';
      compression?: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
    };
    result: ProducedMessage;
  };
  /** Records per time bucket, from offsets by timestamp (the time index), never a scan. */
  partitionTimeMap: { args: { topic: string; partition: number; buckets?: number; from?: number; to?: number }; result: PartitionTimeMap };

  // Consumer groups and lag (the selected connection).
  listGroups: { args: NoArgs; result: GroupSummary[] };
  describeGroup: { args: { groupId: string }; result: GroupDetail };
  /** Lag samples kept on disk; a topic and partition narrow it to one partition. */
  lagHistory: { args: { groupId: string; topic?: string; partition?: number; from: number; to?: number; maxPoints?: number }; result: LagPoint[] };
  /** What resetOffsets would commit; changes nothing. */
  previewOffsetReset: { args: { groupId: string; topics?: string[]; spec: OffsetResetSpec }; result: OffsetResetPreview[] };
  /** Only for a group with no active members (Kafka refuses otherwise). */
  resetOffsets: { args: { groupId: string; topics?: string[]; spec: OffsetResetSpec }; result: OffsetResetPreview[] };
  deleteGroup: { args: { groupId: string }; result: null };

  // Connections.
  listConnections: { args: NoArgs; result: ConnectionSummary[] };
  /** Creates (no id) or updates a connection; answers its id. */
  saveConnection: { args: { id?: string; connection: ConnectionInput }; result: { id: string } };
  /** Tries a connection, saved (id) or not (connection), without selecting it. */
  testConnection: { args: { id?: string; connection?: ConnectionInput }; result: ConnectionTestResult };
  removeConnection: { args: { id: string }; result: null };
  /** Every topic, message, group and lag call goes to the selected connection from then on. */
  selectConnection: { args: { id: string }; result: ConnectionInfo };
}

export type ApiMethod = keyof ApiMethods;
export type ApiArgs<M extends ApiMethod> = ApiMethods[M]['args'];
export type ApiResult<M extends ApiMethod> = ApiMethods[M]['result'];

/** What the backend pushes without being asked. */
export type PushEvent =
  | { kind: 'cluster'; event: ClusterEventView }
  | { kind: 'throughput'; sample: ThroughputSample }
  /** Something the UI shows changed (a control finished, a topic was created): refetch. */
  | { kind: 'changed'; what: 'brokers' | 'topics' | 'groups' | 'connections' }
  /** A group's lag health was evaluated again (every lag sample). */
  | { kind: 'groupHealth'; groupId: string; status: 'OK' | 'WARN' | 'ERR'; totalLag: number | null };

/** The API as the renderer sees it: `window.oxbow` in Electron, an HTTP client in a browser. */
export type OxbowApi = { [M in ApiMethod]: (args: ApiArgs<M>) => Promise<ApiResult<M>> } & {
  /** Subscribes to pushed events; returns the unsubscribe function. */
  subscribe(listener: (event: PushEvent) => void): () => void;
};

export type ApiErrorCode =
  /** The arguments failed validation; nothing was changed. */
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  /** The cluster answered with a Kafka error; `kafkaCode` names it (e.g. TOPIC_ALREADY_EXISTS). */
  | 'KAFKA_ERROR'
  /** The operation does not apply here (e.g. broker controls on an external cluster). */
  | 'UNSUPPORTED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

/** Errors cross both transports as this plain object, never as a thrown class instance. */
export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  kafkaCode?: string;
  /** For INVALID_ARGUMENT: which argument, as a dotted path, and why. */
  issues?: { path: string; message: string }[];
}

/** Headless HTTP answers: 200 with { ok: true, result } or 4xx/5xx with { ok: false, error }. */
export type HttpAnswer<T> = { ok: true; result: T } | { ok: false; error: ApiErrorBody };

export const API_METHODS = [
  'getConnection', 'getOverview', 'listBrokers', 'getClusterMap', 'listEvents',
  'stopBroker', 'killBroker', 'pauseBroker', 'resumeBroker', 'startBroker', 'restartBroker', 'addBroker', 'restartCoordinator',
  'listTopics', 'describeTopic', 'createTopic', 'deleteTopic', 'alterTopicConfigs', 'createPartitions',
  'seekMessages', 'readMessages', 'getMessage', 'produceMessage', 'partitionTimeMap',
  'listGroups', 'describeGroup', 'lagHistory', 'previewOffsetReset', 'resetOffsets', 'deleteGroup',
  'listConnections', 'saveConnection', 'testConnection', 'removeConnection', 'selectConnection',
] as const satisfies readonly ApiMethod[];

/** Electron IPC channel of a call (`ipcRenderer.invoke(channel, args)`). */
export function channelOf(method: ApiMethod): `oxbow:${ApiMethod}` {
  return `oxbow:${method}`;
}

/** Electron IPC channel the main process pushes PushEvents on. */
export const PUSH_CHANNEL = 'oxbow:push';

/** Headless HTTP paths. */
export const HTTP_API_PREFIX = '/api/';
export const HTTP_EVENTS_PATH = '/api/events';

// Compile-time proof that API_METHODS names every method (a missing one is a type error here).
type UnlistedMethod = Exclude<ApiMethod, (typeof API_METHODS)[number]>;
const _everyMethodListed: [UnlistedMethod] extends [never] ? true : UnlistedMethod = true;
