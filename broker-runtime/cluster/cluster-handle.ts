// What `startCluster()` gives its caller: the library face of Oxbow, the one the desktop app and
// `oxbow serve` drive too. Plain data in and out, so the app can hand it to a UI as it is.
import type { LogStats } from '../server/broker-metrics.js';
import type { Clock } from '../storage/clock.js';
import type { ClusterEvent } from './cluster-events.js';
import type { ConsumerGroupLag } from './consumer-lag.js';

export type { LogStats };

export interface ClusterOptions {
  /** Number of brokers (default 1). */
  brokers?: number;
  /** Broker i listens on port + i; 0 (the default) picks free ports. */
  port?: number;
  /** Listener address; loopback unless you mean otherwise. */
  host?: string;
  /** Where logs and metadata live. Default: a new temporary directory, removed by close(). */
  dataDir?: string;
  /** Broker configs with Kafka's names, e.g. { 'auto.create.topics.enable': 'false' }. */
  brokerConfig?: Record<string, string>;
  /**
   * broker.session.timeout.ms: a broker not heard from for this long is fenced. Default: the
   * `broker.session.timeout.ms` broker config, else Kafka's 9000.
   */
  sessionTimeoutMs?: number;
  /** broker.heartbeat.interval.ms. Default: the broker config, else Kafka's 2000 capped at a quarter session. */
  heartbeatIntervalMs?: number;
  /** Timestamps of events. */
  clock?: Clock;
}

export interface BrokerInfo {
  id: number;
  host: string;
  port: number;
}

export type BrokerWorkerState = 'starting' | 'running' | 'paused' | 'stopping' | 'stopped' | 'killed' | 'crashed';

export interface BrokerStatus extends BrokerInfo {
  state: BrokerWorkerState;
  /** As the coordinator last committed it; a broker never registered counts as fenced. */
  fenced: boolean;
}

/** Where a partition lives, as the coordinator last committed it. */
export interface PartitionPlacement {
  topic: string;
  partition: number;
  /** -1 when the partition is offline. */
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
}

/**
 * A running broker's traffic and logs. The counters are cumulative since that broker worker
 * started: they go back to zero when it restarts.
 */
export interface BrokerStats {
  brokerId: number;
  bytesIn: number;
  messagesIn: number;
  /** To consumers; follower fetches are counted apart, as in Kafka. */
  bytesOut: number;
  replicationBytesOut: number;
  logs: LogStats[];
}

export interface ClusterHandle {
  /** `host:port,host:port` for a client's bootstrap.servers. */
  readonly bootstrap: string;
  /** Every broker the cluster has had, running or not. */
  readonly brokers: readonly BrokerInfo[];
  readonly dataDir: string;
  readonly clusterId: string;
  /** Every consumer group with its members and, per partition, lag in records and in time. */
  consumerGroups(now?: number): Promise<ConsumerGroupLag[]>;
  brokerStatus(): BrokerStatus[];
  coordinatorRunning(): boolean;
  /** Every partition of every topic, internal ones included. */
  partitions(): PartitionPlacement[];
  /** Traffic and logs of each running broker (a paused one cannot answer and is left out). */
  stats(): Promise<BrokerStats[]>;
  /** Graceful: leadership moves off it (controlled shutdown), logs are flushed, the worker exits. */
  stopBroker(id: number): Promise<void>;
  /** worker.terminate() with no flush, as SIGKILL would: writes are in the page cache, not synced. */
  killBroker(id: number): Promise<void>;
  /** The broker stays alive but answers nothing and sends no heartbeats until resumed. */
  pauseBroker(id: number): Promise<void>;
  resumeBroker(id: number): Promise<void>;
  /** Starts a stopped, killed or crashed broker with its id, port and data dir; it recovers its logs. */
  startBroker(id: number): Promise<void>;
  /** Stops (or, with kill, terminates) the coordinator and starts it again from its metadata log. */
  restartCoordinator(options?: { kill?: boolean }): Promise<void>;
  addBroker(): Promise<BrokerInfo>;
  /** Subscribes to the timeline; returns the unsubscribe function. */
  on(type: 'event', listener: (event: ClusterEvent) => void): () => void;
  /** The timeline so far (the most recent 10 000 events). */
  events(): readonly ClusterEvent[];
  /** Graceful shutdown: every broker and the coordinator stopped, logs flushed and checkpointed. */
  close(): Promise<void>;
}
