// One broker: its logs, its partitions, its metadata cache, its listener (Kafka's BrokerServer).
// The broker learns the cluster's state only from metadata records, replayed into its own image.
import path from 'node:path';
import type { ControllerChannel } from '../coordinator/metadata/controller-channel.js';
import type { MetadataListener } from '../coordinator/metadata/controller.js';
import { MetadataImage } from '../coordinator/metadata/metadata-image.js';
import type { MetadataRecord } from '../coordinator/metadata/metadata-records.js';
import { advertisedApiVersions, handlersByKey } from '../handlers/index.js';
import { RequestDispatcher } from '../handlers/request-dispatcher.js';
import type { Logger } from '../logger.js';
import { BufferPool } from '../network/buffer-pool.js';
import { SocketServer } from '../network/socket-server.js';
import { ReplicaManager, logConfigFor } from '../replication/replica-manager.js';
import { type Clock, SYSTEM_CLOCK } from '../storage/clock.js';
import { LogManager } from '../storage/log-manager.js';
import { BROKER_CONFIG_BY_NAME } from './broker-config.js';
import { BrokerMetrics, type BrokerTraffic, type LogStats } from './broker-metrics.js';
import type { BrokerServices } from './broker-services.js';
import { ProducerIdManager } from './producer-id-manager.js';
import { brokerLogDefaults } from './topic-config-synonyms.js';
import { LogScheduler } from './log-scheduler.js';
import type { GroupView } from '../coordinator/group/index.js';
import type { Partition } from '../replication/partition.js';
import { GROUP_METADATA_TOPIC, GroupCoordinatorService, type GroupGeneration } from './group-coordinator-service.js';

export interface MetadataSource {
  subscribe(listener: MetadataListener, fromOffset?: number): () => void;
}

export interface BrokerServerOptions {
  brokerId: number;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The cluster's data dir; this broker keeps its logs in `broker-<id>/` under it. */
  dataDir: string;
  clusterId: string;
  controller: ControllerChannel;
  metadataSource: MetadataSource;
  /** Static broker configs with Kafka's names (e.g. `auto.create.topics.enable`). */
  config?: Record<string, string>;
  clock?: Clock;
  log: Logger;
  /** A group this broker coordinates moved to a new generation. */
  onGroupGeneration?: (generation: GroupGeneration) => void;
}

export class BrokerServer {
  readonly metadata = new MetadataImage();
  readonly metrics = new BrokerMetrics();
  private logManager!: LogManager;
  private replicaManager!: ReplicaManager;
  private socketServer!: SocketServer;
  private scheduler!: LogScheduler;
  private groupCoordinator!: GroupCoordinatorService;
  private unsubscribe: () => void = () => {};
  private boundPort = -1;

  constructor(private readonly options: BrokerServerOptions) {}

  get brokerId(): number {
    return this.options.brokerId;
  }

  get port(): number {
    return this.boundPort;
  }

  get logDir(): string {
    return path.join(this.options.dataDir, `broker-${this.options.brokerId}`);
  }

  async start(): Promise<void> {
    const { options } = this;
    const clock = options.clock ?? SYSTEM_CLOCK;
    const log = options.log;
    const backlog: MetadataRecord[] = [];
    this.unsubscribe = options.metadataSource.subscribe((records, firstOffset) => {
      const removed = this.replayMetadata(records, firstOffset);
      if (this.replicaManager) this.replicaManager.applyMetadata(records, removed);
      else backlog.push(...records);
    });
    const staticConfig = new Map<string, string>();
    for (const [name, definition] of BROKER_CONFIG_BY_NAME) if (definition.defaultValue !== null) staticConfig.set(name, definition.defaultValue);
    for (const [name, value] of Object.entries(options.config ?? {})) staticConfig.set(name, value);
    staticConfig.set('broker.id', String(options.brokerId));
    staticConfig.set('log.dirs', this.logDir);
    const metadata = this.metadata;
    const brokerConfig = (name: string): string | null =>
      metadata.configsOf('broker', String(options.brokerId)).get(name)
      ?? metadata.configsOf('broker', '').get(name)
      ?? staticConfig.get(name)
      ?? null;
    // Broker-level log configs (log.retention.ms, ...) are the topics' defaults; a bad static value
    // stops the broker here, as it stops Kafka.
    brokerLogDefaults(brokerConfig);
    const logDefaults = () => brokerLogDefaults(brokerConfig);

    this.logManager = LogManager.open(this.logDir, {
      clock,
      configFor: (topic) => (this.metadata.topicsByName.has(topic) ? logConfigFor(this.metadata, topic, logDefaults()) : undefined),
    });
    this.replicaManager = new ReplicaManager(options.brokerId, this.metadata, this.logManager, log.child('replica-manager'), logDefaults, {
      controller: options.controller,
      clock,
      replicaLagTimeMaxMs: Number(brokerConfig('replica.lag.time.max.ms')),
      fetchWaitMaxMs: Number(brokerConfig('replica.fetch.wait.max.ms')),
      fetchMaxBytes: Number(brokerConfig('replica.fetch.max.bytes')),
      fetchBackoffMs: Number(brokerConfig('replica.fetch.backoff.ms')),
      checkpointFile: path.join(this.logDir, 'replication-offset-checkpoint'),
      checkpointIntervalMs: Number(brokerConfig('replica.high.watermark.checkpoint.interval.ms')),
    });
    this.replicaManager.applyMetadata(backlog, new Map());
    this.deleteStrayLogs();

    this.groupCoordinator = new GroupCoordinatorService(
      this.replicaManager,
      () => metadata.topicsByName.get(GROUP_METADATA_TOPIC)?.partitions.length ?? 0,
      {
        initialRebalanceDelayMs: Number(brokerConfig('group.initial.rebalance.delay.ms')),
        minSessionTimeoutMs: Number(brokerConfig('group.min.session.timeout.ms')),
        maxSessionTimeoutMs: Number(brokerConfig('group.max.session.timeout.ms')),
      },
      clock,
      log.child('group-coordinator'),
    );
    if (options.onGroupGeneration) this.groupCoordinator.onGeneration = options.onGroupGeneration;
    const services: BrokerServices = {
      brokerId: options.brokerId,
      clusterId: options.clusterId,
      staticConfig,
      metadata,
      controller: options.controller,
      replicaManager: this.replicaManager,
      groupCoordinator: this.groupCoordinator,
      producerIds: new ProducerIdManager(options.brokerId, options.controller),
      apiVersions: advertisedApiVersions(),
      clock,
      metrics: this.metrics,
      buffers: new BufferPool(),
      log,
      brokerConfig,
    };
    this.socketServer = new SocketServer(
      { host: options.host, port: options.port, maxRequestBytes: Number(services.brokerConfig('socket.request.max.bytes')) },
      new RequestDispatcher(handlersByKey, services),
      log.child('network'),
    );
    this.boundPort = await this.socketServer.listen();
    const listener = `PLAINTEXT://${options.host}:${this.boundPort}`;
    staticConfig.set('listeners', listener);
    staticConfig.set('advertised.listeners', listener);
    this.scheduler = new LogScheduler(this.logManager, clock, Number(services.brokerConfig('log.retention.check.interval.ms')), log);
    this.scheduler.start();
    await options.controller.registerBroker(options.brokerId, options.host, this.boundPort, null);
  }

  /** The consumer groups this broker coordinates, as the UI reads them. */
  groupViews(): GroupView[] {
    return this.groupCoordinator.allCoordinators().flatMap((c) => c.groupViews());
  }

  /** Traffic since this broker started, and every log it holds (leader or follower). */
  stats(): { traffic: BrokerTraffic; logs: LogStats[] } {
    const logs = (this.logManager?.allLogs() ?? []).map(({ topic, partition, log }) => ({
      topic, partition, sizeBytes: log.size, logStartOffset: log.logStartOffset, logEndOffset: log.logEndOffset,
    }));
    return { traffic: this.metrics.snapshot(), logs };
  }

  /** The partition replica this broker leads, if any. */
  leaderPartition(topic: string, partition: number): Partition | undefined {
    return this.replicaManager.getPartition(topic, partition);
  }

  /** The partitions this broker hosts (tests stop its fetchers to make it fall behind). */
  get replicas(): ReplicaManager {
    return this.replicaManager;
  }

  /** Graceful stop: no new requests, parked fetches answered, logs flushed and checkpointed. */
  async stop(): Promise<void> {
    this.unsubscribe();
    this.scheduler?.stop();
    this.groupCoordinator?.close();
    await this.replicaManager?.close();
    await this.socketServer?.close();
    this.logManager?.close();
  }

  /** Replays records into this broker's image; returns the names of topics they remove. */
  private replayMetadata(records: readonly MetadataRecord[], firstOffset: number): Map<string, string> {
    const removed = new Map<string, string>();
    records.forEach((record, i) => {
      if (record.type === 'RemoveTopic') {
        const name = this.metadata.topicsById.get(record.topicId)?.name;
        if (name !== undefined) removed.set(record.topicId, name);
      }
      this.metadata.replay(record, firstOffset + i);
    });
    return removed;
  }

  /** Logs of topics deleted while this broker was down. */
  private deleteStrayLogs(): void {
    for (const { topic, partition } of this.logManager.allLogs()) {
      if (!this.metadata.topicsByName.has(topic)) this.logManager.deleteLog(topic, partition);
    }
  }
}
