// What runs inside a broker worker: one BrokerServer wired to the coordinator over a MessagePort,
// its heartbeats, and the supervisor's controls (start, stop, pause, the UI's lag queries).
//
// Worker contract:
// - start() catches up on the metadata log before the BrokerServer opens its logs, so a broker
//   that restarts recognises every topic it holds;
// - pause() answers, then holds the thread in Atomics.wait until the supervisor clears the flag:
//   no socket is read, no heartbeat sent, no metadata applied, as in a process stopped by SIGSTOP.
//   worker.terminate() still ends a paused broker;
// - stop() is graceful (controlled shutdown, then BrokerServer.stop); a kill is the supervisor's
//   worker.terminate(), with no code of this file running.
import type { MessagePort } from 'node:worker_threads';
import type { GroupView } from '../coordinator/group/index.js';
import type { MetadataRecord } from '../coordinator/metadata/metadata-records.js';
import { KafkaError } from '../errors.js';
import { type Logger, createLogger } from '../logger.js';
import { BrokerServer } from '../server/broker-server.js';
import type {
  BrokerControlApi, BrokerWorkerData, CoordinatorApi, MetadataSubscriberApi, PartitionLagQuery, SupervisorApi,
} from './cluster-protocol.js';
import type { BrokerTraffic, LogStats } from '../server/broker-metrics.js';
import { type ConsumerGroupLag, type PartitionLag, consumerGroupLag } from './consumer-lag.js';
import { RemoteControllerChannel } from './remote-controller-channel.js';
import { RemoteMetadataSource } from './remote-metadata-source.js';
import { type RpcHandlers, RpcLink } from './worker-rpc.js';

/** How long a call to the coordinator may take before the broker gives up on it. */
const COORDINATOR_CALL_TIMEOUT_MS = 30_000;
/** How long a stopping broker waits for the coordinator to fence it before stopping anyway. */
const CONTROLLED_SHUTDOWN_TIMEOUT_MS = 5_000;

export class BrokerRunner implements RpcHandlers<BrokerControlApi> {
  private readonly log: Logger;
  private readonly channel = new RemoteControllerChannel();
  private readonly metadata = new RemoteMetadataSource();
  private readonly pauseFlag: Int32Array;
  private server: BrokerServer | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private coordinatorLink!: RpcLink<MetadataSubscriberApi, CoordinatorApi>;
  private readonly supervisor: RpcLink<BrokerControlApi, SupervisorApi>;

  private constructor(private readonly data: BrokerWorkerData) {
    this.log = createLogger(`oxbow:broker-${data.brokerId}`);
    this.pauseFlag = new Int32Array(data.pauseFlag);
    this.supervisor = new RpcLink<BrokerControlApi, SupervisorApi>(data.control, this, { log: this.log });
    this.attachCoordinator(data.coordinator);
  }

  /** The worker entry's only call. */
  static serve(data: BrokerWorkerData): BrokerRunner {
    return new BrokerRunner(data);
  }

  async start(): Promise<{ port: number }> {
    await this.coordinatorLink.call('subscribeMetadata', this.metadata.nextOffset);
    const { data } = this;
    const server = new BrokerServer({
      brokerId: data.brokerId,
      host: data.host,
      port: data.port,
      dataDir: data.dataDir,
      clusterId: data.clusterId,
      controller: this.channel,
      metadataSource: this.metadata,
      config: data.brokerConfig,
      log: this.log,
      onGroupGeneration: (generation) => this.supervisor.notify('groupGeneration', generation),
    });
    await server.start();
    this.server = server;
    this.scheduleHeartbeat();
    return { port: server.port };
  }

  attachCoordinator(port: MessagePort): void {
    const link = new RpcLink<MetadataSubscriberApi, CoordinatorApi>(
      port,
      { metadata: (records, firstOffset) => this.acceptMetadata(records, firstOffset) },
      { callTimeoutMs: COORDINATOR_CALL_TIMEOUT_MS, log: this.log },
    );
    this.coordinatorLink = link;
    this.channel.attach(link);
    // The first subscription is start()'s; a new coordinator is caught up with from where we are.
    if (this.server) this.resubscribe();
  }

  async awaitMetadata(offset: number): Promise<void> {
    await this.metadata.reached(offset);
  }

  pause(): void {
    // Answer first (this handler returns before the hold), so the supervisor knows we are held.
    setImmediate(() => {
      while (Atomics.load(this.pauseFlag, 0) === 1) Atomics.wait(this.pauseFlag, 0, 1);
    });
  }

  ping(): void {}

  async stop(controlled: boolean): Promise<void> {
    this.stopHeartbeats();
    if (this.server) {
      if (controlled) {
        await withTimeout(this.channel.controlledShutdown(this.data.brokerId), CONTROLLED_SHUTDOWN_TIMEOUT_MS)
          .catch((err: unknown) => this.log.warn('controlled shutdown did not complete; stopping anyway', err));
      }
      await this.server.stop();
      this.server = null;
    }
    this.channel.detach();
  }

  consumerGroups(now: number): ConsumerGroupLag[] {
    const server = this.server;
    if (!server) return [];
    return server.groupViews().map((view) => consumerGroupLag(view, (t, p) => server.leaderPartition(t, p), now));
  }

  partitionLags(queries: PartitionLagQuery[], now: number): (PartitionLag | null)[] {
    const server = this.server;
    return queries.map(({ topic, partition, committedOffset }) => {
      if (!server?.leaderPartition(topic, partition)) return null;
      // The same computation as for a local group: a view holding just this commit.
      const view: GroupView = {
        groupId: '', state: 'Empty', stateTimestamp: 0, protocolType: null, protocol: null, generationId: -1, leader: null, members: [],
        offsets: [{ topic, partition, offset: committedOffset, leaderEpoch: -1, metadata: '', commitTimestamp: 0 }],
      };
      return consumerGroupLag(view, (t, p) => server.leaderPartition(t, p), now).partitions[0] ?? null;
    });
  }

  stats(): { traffic: BrokerTraffic; logs: LogStats[] } {
    return this.server?.stats() ?? { traffic: { bytesIn: 0, messagesIn: 0, bytesOut: 0, replicationBytesOut: 0 }, logs: [] };
  }

  private acceptMetadata(records: MetadataRecord[], firstOffset: number): void {
    if (!this.metadata.accept(records, firstOffset)) this.resubscribe();
  }

  private resubscribe(): void {
    this.coordinatorLink.call('subscribeMetadata', this.metadata.nextOffset)
      .catch((err: unknown) => this.log.warn('could not subscribe to the coordinator\'s metadata', err));
  }

  private scheduleHeartbeat(): void {
    this.heartbeatTimer = setTimeout(() => void this.heartbeat(), this.data.heartbeatIntervalMs);
  }

  private stopHeartbeats(): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  private async heartbeat(): Promise<void> {
    const server = this.server;
    if (!server) return;
    try {
      const response = await this.channel.heartbeat(this.data.brokerId);
      if (!response.registered) await this.channel.registerBroker(this.data.brokerId, this.data.host, server.port, null);
    } catch (err) {
      // The coordinator restarting is normal operation; the next heartbeat goes to the new one.
      this.log.debug('heartbeat failed', err);
    }
    if (this.heartbeatTimer !== null) this.scheduleHeartbeat();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new KafkaError('REQUEST_TIMED_OUT', `no answer within ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
