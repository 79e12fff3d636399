// The process model of DESIGN.md: the main thread supervises one coordinator worker and N broker
// workers (worker_threads), starts, stops, kills, pauses and restarts them on request, and turns
// what happens into a timeline of events.
//
// Threading contract:
// - the main thread does no file or CPU work of the engine: it holds MessagePorts, a copy of the
//   metadata image (for events and status), and the workers' lifecycles;
// - controls run one at a time, in the order they were asked for (a kill never races a start);
// - a worker that exits without being asked to is reported as crashed, never restarted silently.
import fs from 'node:fs/promises';
import path from 'node:path';
import { MessageChannel, type Worker } from 'node:worker_threads';
import type { MetadataRecord } from '../coordinator/metadata/metadata-records.js';
import { MetadataImage } from '../coordinator/metadata/metadata-image.js';
import { BrokerWorkers } from './broker-workers.js';
import { gatherConsumerGroups } from './cluster-consumer-groups.js';
import { type ClusterEvent, replayWithEvents } from './cluster-events.js';
import type {
  BrokerInfo, BrokerStats, BrokerStatus, ClusterHandle, ClusterOptions, PartitionPlacement,
} from './cluster-handle.js';
import type { CoordinatorControlApi, CoordinatorWorkerData, MetadataSubscriberApi } from './cluster-protocol.js';
import type { ConsumerGroupLag } from './consumer-lag.js';
import { type Settings, resolveSettings } from './cluster-settings.js';
import { closeOrphanedDescriptors } from './orphaned-descriptors.js';
import { spawnWorker } from './worker-bootstrap.js';
import { RpcLink } from './worker-rpc.js';

const EVENT_HISTORY = 10_000;
const SHUTDOWN_TIMEOUT_MS = 10_000;

interface CoordinatorProcess {
  worker: Worker;
  control: RpcLink<MetadataSubscriberApi, CoordinatorControlApi>;
}

/**
 * Starts a cluster of worker threads: one coordinator and `options.brokers` brokers (default 1),
 * resolving once every broker serves and has the metadata committed so far.
 */
export async function startCluster(options: ClusterOptions = {}): Promise<ClusterHandle> {
  return ClusterSupervisor.start(options);
}

export class ClusterSupervisor implements ClusterHandle {
  /** The supervisor's copy of the cluster metadata, as committed by the coordinator. */
  readonly metadata = new MetadataImage();
  private readonly workers: BrokerWorkers;
  private coordinator: CoordinatorProcess | null = null;
  /** Between coordinatorUp and coordinatorDown: started, and not asked to stop. */
  private coordinatorServing = false;
  private id = '';
  private readonly listeners = new Set<(event: ClusterEvent) => void>();
  private readonly history: ClusterEvent[] = [];
  /** Metadata arriving before this is set is history, not news: replayed without events. */
  private live = false;
  private controls: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(private readonly settings: Settings) {
    this.workers = new BrokerWorkers(settings, {
      emit: (event) => this.emit(event),
      coordinator: () => this.coordinatorControl(),
      clusterId: () => this.id,
      // An answer on the coordinator's control port comes after every push posted before it.
      metadataBarrier: async () => void (await this.coordinator?.control.call('metadataEnd').catch(() => 0)),
    });
  }

  static async start(options: ClusterOptions): Promise<ClusterSupervisor> {
    const supervisor = new ClusterSupervisor(await resolveSettings(options));
    try {
      await supervisor.startCoordinator();
      const count = options.brokers ?? 1;
      await Promise.all(Array.from({ length: count }, (_, id) => supervisor.workers.add(id)));
      await supervisor.settleMetadata();
    } catch (err) {
      await supervisor.close().catch(() => {});
      throw err;
    }
    return supervisor;
  }

  get clusterId(): string {
    return this.id;
  }

  get dataDir(): string {
    return this.settings.dataDir;
  }

  get brokers(): readonly BrokerInfo[] {
    return this.workers.slots().map(({ id, port }) => ({ id, host: this.settings.host, port }));
  }

  get bootstrap(): string {
    return this.brokers.map((b) => `${b.host}:${b.port}`).join(',');
  }

  brokerStatus(): BrokerStatus[] {
    return this.workers.slots().map((slot) => ({
      id: slot.id,
      host: this.settings.host,
      port: slot.port,
      state: slot.state,
      fenced: this.metadata.brokers.get(slot.id)?.fenced ?? true,
    }));
  }

  coordinatorRunning(): boolean {
    return this.coordinatorServing;
  }

  partitions(): PartitionPlacement[] {
    return [...this.metadata.topicsByName.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .flatMap((topic) => topic.partitions.map((p) => ({
        topic: topic.name, partition: p.partition, leader: p.leader, leaderEpoch: p.leaderEpoch, replicas: [...p.replicas], isr: [...p.isr],
      })));
  }

  stats(): Promise<BrokerStats[]> {
    return this.workers.stats();
  }

  on(_type: 'event', listener: (event: ClusterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  events(): readonly ClusterEvent[] {
    return [...this.history];
  }

  async consumerGroups(now = this.settings.clock.now()): Promise<ConsumerGroupLag[]> {
    return gatherConsumerGroups(this.workers.lagPeers(), (t, p) => this.metadata.partition(t, p)?.leader ?? -1, now);
  }

  stopBroker(id: number): Promise<void> {
    return this.serially(() => this.workers.stop(this.workers.slot(id), true));
  }

  killBroker(id: number): Promise<void> {
    return this.serially(() => this.workers.kill(this.workers.slot(id)));
  }

  pauseBroker(id: number): Promise<void> {
    return this.serially(() => this.workers.pause(this.workers.slot(id)));
  }

  resumeBroker(id: number): Promise<void> {
    return this.serially(() => this.workers.resume(this.workers.slot(id)));
  }

  startBroker(id: number): Promise<void> {
    return this.serially(async () => {
      await this.workers.start(this.workers.slot(id));
      await this.settleMetadata();
    });
  }

  addBroker(): Promise<BrokerInfo> {
    return this.serially(async () => {
      const slot = await this.workers.add(this.workers.nextId());
      await this.settleMetadata();
      return { id: slot.id, host: this.settings.host, port: slot.port };
    });
  }

  restartCoordinator(options: { kill?: boolean } = {}): Promise<void> {
    return this.serially(async () => {
      await this.stopCoordinator(options.kill ? 'killed' : 'stopped');
      await this.startCoordinator();
      for (const slot of this.workers.slots()) if (slot.worker) await this.workers.reconnect(slot);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.controls.catch(() => {});
    // The whole cluster goes down: no controlled shutdowns, there is nobody to hand leadership to.
    await Promise.all(this.workers.slots().map((slot) => this.workers.stop(slot, false)));
    await this.stopCoordinator('stopped');
    this.listeners.clear();
    if (this.settings.temporary) await fs.rm(this.settings.dataDir, { recursive: true, force: true });
  }

  private serially<T>(control: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the cluster is closed'));
    const run = this.controls.catch(() => {}).then(control);
    this.controls = run;
    return run;
  }

  private emit(event: ClusterEvent): void {
    this.history.push(event);
    if (this.history.length > EVENT_HISTORY) this.history.splice(0, this.history.length - EVENT_HISTORY);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own; the timeline goes on.
      }
    }
  }

  private coordinatorControl(): RpcLink<MetadataSubscriberApi, CoordinatorControlApi> {
    if (!this.coordinator) throw new Error('the coordinator is not running');
    return this.coordinator.control;
  }

  /** Waits until every running broker has replayed everything committed so far. */
  private async settleMetadata(): Promise<void> {
    const end = await this.coordinatorControl().call('metadataEnd');
    await this.workers.awaitMetadata(end);
  }

  private async startCoordinator(): Promise<void> {
    const channel = new MessageChannel();
    const workerData: CoordinatorWorkerData = {
      control: channel.port2,
      dataDir: this.settings.dataDir,
      brokerConfig: this.settings.brokerConfig,
      sessionTimeoutMs: this.settings.sessionTimeoutMs,
    };
    const worker = spawnWorker('coordinator-worker', { workerData, transferList: [channel.port2] });
    const control = new RpcLink<MetadataSubscriberApi, CoordinatorControlApi>(
      channel.port1,
      { metadata: (records, firstOffset) => this.onMetadata(records, firstOffset) },
      { log: this.settings.log },
    );
    const started: CoordinatorProcess = { worker, control };
    this.coordinator = started;
    let failure: Error | undefined;
    worker.on('error', (err) => (failure = err));
    worker.on('exit', () => {
      control.close();
      if (this.coordinator !== started) return;
      this.coordinator = null;
      this.coordinatorServing = false;
      this.emit({ type: 'coordinatorDown', at: this.now(), reason: 'crashed', detail: failure?.message });
    });
    try {
      this.id = (await control.call('start')).clusterId;
      await control.call('subscribeMetadata', this.metadata.offset + 1);
    } catch (err) {
      throw failure ?? err;
    }
    this.live = true;
    this.coordinatorServing = true;
    this.emit({ type: 'coordinatorUp', at: this.now() });
  }

  private async stopCoordinator(reason: 'stopped' | 'killed'): Promise<void> {
    const stopping = this.coordinator;
    if (!stopping) return;
    this.coordinator = null;
    this.coordinatorServing = false;
    if (reason === 'stopped') await stopping.control.callWithin(SHUTDOWN_TIMEOUT_MS, 'shutdown').catch(() => {});
    stopping.control.close();
    await stopping.worker.terminate();
    if (reason === 'killed') await closeOrphanedDescriptors(path.join(this.settings.dataDir, 'coordinator'));
    this.emit({ type: 'coordinatorDown', at: this.now(), reason });
  }

  private onMetadata(records: MetadataRecord[], firstOffset: number): void {
    const next = this.metadata.offset + 1;
    if (firstOffset > next) {
      // A gap: ask again from where this copy ends (the pushes are ordered, so this is a bug's trace).
      this.settings.log.warn(`metadata push from offset ${firstOffset}, expected ${next}: re-subscribing`);
      void this.coordinator?.control.call('subscribeMetadata', next).catch(() => {});
      return;
    }
    const fresh = records.slice(next - firstOffset);
    if (!this.live) {
      fresh.forEach((record, i) => this.metadata.replay(record, next + i));
      return;
    }
    for (const event of replayWithEvents(this.metadata, fresh, next, this.now())) this.emit(event);
  }

  private now(): number {
    return this.settings.clock.now();
  }
}
