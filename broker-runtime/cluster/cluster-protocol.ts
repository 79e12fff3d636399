// The messages between the supervisor (main thread), the coordinator worker and the broker workers:
// one API type per direction of each link, and what each worker is started with.
//
//   supervisor ──control──▶ coordinator   CoordinatorControlApi; coordinator pushes MetadataSubscriberApi back
//   supervisor ──control──▶ broker i      BrokerControlApi
//   broker i   ──link─────▶ coordinator   CoordinatorApi;        coordinator pushes MetadataSubscriberApi back
//
// Worker contract: everything here is plain data (structured clone); MessagePorts are transferred.
import type { MessagePort } from 'node:worker_threads';
import type { ConfigChange } from '../coordinator/metadata/controller-channel.js';
import type { CreateTopicRequest, CreateTopicResult, OperationResult } from '../coordinator/metadata/controller.js';
import type { ConfigResourceType, MetadataRecord } from '../coordinator/metadata/metadata-records.js';
import type { BrokerTraffic, LogStats } from '../server/broker-metrics.js';
import type { GroupGeneration } from '../server/group-coordinator-service.js';
import type { ConsumerGroupLag, PartitionLag } from './consumer-lag.js';

/**
 * Pushed by the coordinator to everyone subscribed: committed records, in offset order. A batch
 * that opens with a SnapshotHeader is a snapshot instead (the subscriber was behind the log's
 * start): replayed whole it resets an image to the coordinator's, and records follow from its end.
 */
export interface MetadataSubscriberApi {
  metadata(records: MetadataRecord[], firstOffset: number): void;
}

export interface HeartbeatResponse {
  /** False when the coordinator does not know this broker: it must register again. */
  registered: boolean;
  fenced: boolean;
}

/** What a broker asks of the coordinator (ControllerChannel, plus liveness and metadata). */
export interface CoordinatorApi {
  /** Delivers every record from `fromOffset` as `metadata` pushes, then each new batch. */
  subscribeMetadata(fromOffset: number): void;
  registerBroker(brokerId: number, host: string, port: number, rack: string | null): void;
  heartbeat(brokerId: number): HeartbeatResponse;
  /** Graceful stop: the broker is fenced now and leadership moves off it. */
  controlledShutdown(brokerId: number): void;
  createTopics(requests: CreateTopicRequest[], validateOnly: boolean): CreateTopicResult[];
  deleteTopic(name: string): OperationResult;
  createPartitions(name: string, totalCount: number, assignments: number[][] | null, validateOnly: boolean): OperationResult;
  alterConfigs(
    resourceType: ConfigResourceType,
    resourceName: string,
    changes: ConfigChange[],
    incremental: boolean,
    validateOnly: boolean,
  ): OperationResult;
  allocateProducerIds(brokerId: number): { firstProducerId: number; count: number };
  alterPartition(brokerId: number, topicId: string, partition: number, leaderEpoch: number, newIsr: number[]): OperationResult;
}

/** What the supervisor asks of the coordinator worker. */
export interface CoordinatorControlApi {
  /** Opens the metadata log and starts the liveness checks; answers with the cluster id. */
  start(): { clusterId: string };
  /** The other end of a new broker's link (a broker that starts, or restarts). */
  attachBroker(brokerId: number, port: MessagePort): void;
  subscribeMetadata(fromOffset: number): void;
  /** The offset the next committed record will get. */
  metadataEnd(): number;
  /** Graceful stop: no more checks, links closed, log closed. */
  shutdown(): void;
}

/** A partition whose lag the leader computes for a group coordinated elsewhere. */
export interface PartitionLagQuery {
  topic: string;
  partition: number;
  committedOffset: number;
}

/** What the supervisor asks of a broker worker. */
export interface BrokerControlApi {
  /** Catches up on metadata, starts the BrokerServer (which registers), starts heartbeating. */
  start(): { port: number };
  /** The coordinator restarted: its new link. */
  attachCoordinator(port: MessagePort): void;
  /** Resolves once this broker has replayed every record before `offset`. */
  awaitMetadata(offset: number): void;
  /** Answers, then holds the thread until the supervisor clears the pause flag. */
  pause(): void;
  ping(): void;
  /**
   * BrokerServer.stop (logs flushed and checkpointed), after a controlled shutdown when
   * `controlled` (leadership moves first); the whole cluster closing skips it.
   */
  stop(controlled: boolean): void;
  /** The groups this broker coordinates, with lag for the partitions it leads. */
  consumerGroups(now: number): ConsumerGroupLag[];
  /** Lag of partitions this broker leads, for groups coordinated elsewhere. */
  partitionLags(queries: PartitionLagQuery[], now: number): (PartitionLag | null)[];
  /** Traffic counters since this worker started, and every log it holds. */
  stats(): { traffic: BrokerTraffic; logs: LogStats[] };
}

/** What a broker worker tells the supervisor unasked (notifications, never calls). */
export interface SupervisorApi {
  groupGeneration(generation: GroupGeneration): void;
}

export interface CoordinatorWorkerData {
  control: MessagePort;
  dataDir: string;
  brokerConfig: Record<string, string>;
  sessionTimeoutMs: number;
}

export interface BrokerWorkerData {
  control: MessagePort;
  coordinator: MessagePort;
  /** Int32 flag: 1 while the supervisor holds the broker paused. */
  pauseFlag: SharedArrayBuffer;
  brokerId: number;
  host: string;
  /** 0 picks a free port (first start only; a restart reuses the port it had). */
  port: number;
  dataDir: string;
  clusterId: string;
  brokerConfig: Record<string, string>;
  heartbeatIntervalMs: number;
}
