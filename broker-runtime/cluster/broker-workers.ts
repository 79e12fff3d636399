// The supervisor's broker workers: one slot per broker id, holding its worker (if any), its
// control link, its pause flag and what state the supervisor believes it is in.
//
// Threading contract: the supervisor runs one control at a time, so the methods here never race
// on a slot; a worker's own exit (a crash) is the only thing that changes a slot on its own.
import path from 'node:path';
import { MessageChannel, type Worker } from 'node:worker_threads';
import type { ClusterEvent } from './cluster-events.js';
import type { LagPeer } from './cluster-consumer-groups.js';
import type { BrokerStats, BrokerWorkerState } from './cluster-handle.js';
import type {
  BrokerControlApi, BrokerWorkerData, CoordinatorControlApi, MetadataSubscriberApi, SupervisorApi,
} from './cluster-protocol.js';
import type { Settings } from './cluster-settings.js';
import { closeOrphanedDescriptors } from './orphaned-descriptors.js';
import { spawnWorker } from './worker-bootstrap.js';
import { RpcLink } from './worker-rpc.js';


export interface BrokerSlot {
  readonly id: number;
  /** The configured port until the first start, then the bound one, kept across restarts. */
  port: number;
  state: BrokerWorkerState;
  worker: Worker | null;
  control: RpcLink<SupervisorApi, BrokerControlApi> | null;
  /** Int32 flag the paused worker waits on (1: hold). */
  readonly pauseFlag: Int32Array;
}

/** What the broker workers need of their supervisor. */
export interface BrokerWorkersHost {
  emit(event: ClusterEvent): void;
  coordinator(): RpcLink<MetadataSubscriberApi, CoordinatorControlApi>;
  clusterId(): string;
  /** Resolves once the supervisor has taken every metadata record committed so far. */
  metadataBarrier(): Promise<void>;
}

/** Stop, pause and query calls to a worker that hangs give up after this long. */
const CONTROL_TIMEOUT_MS = 10_000;

export class BrokerWorkers {
  private readonly byId = new Map<number, BrokerSlot>();

  constructor(
    private readonly settings: Settings,
    private readonly host: BrokerWorkersHost,
  ) {}

  slots(): BrokerSlot[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
  }

  slot(id: number): BrokerSlot {
    const slot = this.byId.get(id);
    if (!slot) throw new Error(`no broker ${id} in this cluster`);
    return slot;
  }

  nextId(): number {
    return Math.max(-1, ...this.byId.keys()) + 1;
  }

  async add(id: number): Promise<BrokerSlot> {
    const slot: BrokerSlot = {
      id,
      port: this.settings.basePort === 0 ? 0 : this.settings.basePort + id,
      state: 'stopped',
      worker: null,
      control: null,
      pauseFlag: new Int32Array(new SharedArrayBuffer(4)),
    };
    this.byId.set(id, slot);
    await this.start(slot);
    return slot;
  }

  async start(slot: BrokerSlot): Promise<void> {
    if (slot.worker) return;
    const link = new MessageChannel();
    await this.host.coordinator().call('attachBroker', slot.id, link.port1);
    const control = new MessageChannel();
    const workerData: BrokerWorkerData = {
      control: control.port2,
      coordinator: link.port2,
      pauseFlag: slot.pauseFlag.buffer as SharedArrayBuffer,
      brokerId: slot.id,
      host: this.settings.host,
      port: slot.port,
      dataDir: this.settings.dataDir,
      clusterId: this.host.clusterId(),
      brokerConfig: this.settings.brokerConfig,
      heartbeatIntervalMs: this.settings.heartbeatIntervalMs,
    };
    Atomics.store(slot.pauseFlag, 0, 0);
    const worker = spawnWorker('broker-worker', { workerData, transferList: [control.port2, link.port2] });
    const rpc = new RpcLink<SupervisorApi, BrokerControlApi>(control.port1, {
      groupGeneration: (g) => this.host.emit({
        type: 'groupRebalanced', at: this.now(), brokerId: slot.id, groupId: g.groupId, generationId: g.generationId, protocol: g.protocol, members: g.members,
      }),
    }, { log: this.settings.log });
    slot.worker = worker;
    slot.control = rpc;
    slot.state = 'starting';
    let failure: Error | undefined;
    worker.on('error', (err) => (failure = err));
    worker.on('exit', (code) => this.exited(slot, worker, code, failure));
    try {
      const { port } = await rpc.call('start');
      slot.port = port;
      slot.state = 'running';
    } catch (err) {
      // A broker that cannot start (port taken, logs that do not open) leaves no worker behind.
      if (slot.worker === worker) this.detach(slot, 'crashed');
      rpc.close();
      await worker.terminate();
      await closeOrphanedDescriptors(this.logDir(slot));
      const cause = failure ?? (err as Error);
      this.host.emit({ type: 'brokerDown', at: this.now(), brokerId: slot.id, reason: 'crashed', detail: `could not start: ${cause.message}` });
      throw cause;
    }
    this.host.emit({ type: 'brokerUp', at: this.now(), brokerId: slot.id, host: this.settings.host, port: slot.port });
  }

  async stop(slot: BrokerSlot, controlled: boolean): Promise<void> {
    const { worker, control } = slot;
    if (!worker || !control) return;
    if (slot.state === 'paused') this.release(slot);
    slot.state = 'stopping';
    await control.callWithin(CONTROL_TIMEOUT_MS, 'stop', controlled)
      .catch((err: unknown) => this.settings.log.warn(`broker ${slot.id} did not stop cleanly; terminating it`, err));
    this.detach(slot, 'stopped');
    await worker.terminate();
    await closeOrphanedDescriptors(this.logDir(slot));
    // The timeline shows the fencing of a controlled shutdown before the broker going down.
    if (controlled) await this.host.metadataBarrier();
    this.host.emit({ type: 'brokerDown', at: this.now(), brokerId: slot.id, reason: 'stopped' });
  }

  async kill(slot: BrokerSlot): Promise<void> {
    const { worker } = slot;
    if (!worker) return;
    this.detach(slot, 'killed');
    await worker.terminate();
    Atomics.store(slot.pauseFlag, 0, 0);
    await closeOrphanedDescriptors(this.logDir(slot));
    this.host.emit({ type: 'brokerDown', at: this.now(), brokerId: slot.id, reason: 'killed' });
  }

  async pause(slot: BrokerSlot): Promise<void> {
    if (slot.state === 'paused') return;
    const control = this.runningControl(slot);
    Atomics.store(slot.pauseFlag, 0, 1);
    await control.callWithin(CONTROL_TIMEOUT_MS, 'pause');
    slot.state = 'paused';
    this.host.emit({ type: 'brokerPaused', at: this.now(), brokerId: slot.id });
  }

  async resume(slot: BrokerSlot): Promise<void> {
    if (slot.state !== 'paused' || !slot.control) return;
    this.release(slot);
    await slot.control.callWithin(CONTROL_TIMEOUT_MS, 'ping');
    slot.state = 'running';
    this.host.emit({ type: 'brokerResumed', at: this.now(), brokerId: slot.id });
  }

  /** Gives a broker its link to a coordinator that (re)started. A paused broker takes it on resume. */
  async reconnect(slot: BrokerSlot): Promise<void> {
    if (!slot.control) return;
    const link = new MessageChannel();
    await this.host.coordinator().call('attachBroker', slot.id, link.port1);
    slot.control.notify('attachCoordinator', link.port2);
  }

  /** Waits until every running broker has replayed the metadata before `offset`. */
  async awaitMetadata(offset: number): Promise<void> {
    await Promise.all(this.slots().filter((s) => s.state === 'running').map((slot) =>
      slot.control?.callWithin(CONTROL_TIMEOUT_MS, 'awaitMetadata', offset)
        .catch((err: unknown) => this.settings.log.warn(`broker ${slot.id} did not catch up on metadata`, err))));
  }

  /** The running brokers, for the UI's lag queries (a paused broker would not answer). */
  lagPeers(): Map<number, LagPeer> {
    const peers = new Map<number, LagPeer>();
    for (const slot of this.slots()) {
      const control = slot.control;
      if (slot.state !== 'running' || !control) continue;
      peers.set(slot.id, {
        consumerGroups: (now) => control.callWithin(CONTROL_TIMEOUT_MS, 'consumerGroups', now),
        partitionLags: (queries, now) => control.callWithin(CONTROL_TIMEOUT_MS, 'partitionLags', queries, now),
      });
    }
    return peers;
  }

  /** Traffic and logs of the running brokers; one that does not answer in time is left out. */
  async stats(): Promise<BrokerStats[]> {
    const running = this.slots().filter((slot) => slot.state === 'running' && slot.control);
    const answers = await Promise.all(running.map(async (slot) => {
      try {
        const { traffic, logs } = await slot.control!.callWithin(CONTROL_TIMEOUT_MS, 'stats');
        return { brokerId: slot.id, ...traffic, logs };
      } catch {
        return null;
      }
    }));
    return answers.filter((answer) => answer !== null);
  }

  private runningControl(slot: BrokerSlot): RpcLink<SupervisorApi, BrokerControlApi> {
    if (slot.state !== 'running' || !slot.control) throw new Error(`broker ${slot.id} is ${slot.state}, not running`);
    return slot.control;
  }

  private release(slot: BrokerSlot): void {
    Atomics.store(slot.pauseFlag, 0, 0);
    Atomics.notify(slot.pauseFlag, 0);
  }

  private detach(slot: BrokerSlot, state: BrokerWorkerState): void {
    slot.worker = null;
    slot.control?.close();
    slot.control = null;
    slot.state = state;
  }

  /** A worker that exited without being asked to: reported, never restarted behind the user's back. */
  private exited(slot: BrokerSlot, worker: Worker, code: number, failure: Error | undefined): void {
    if (slot.worker !== worker) return;
    this.detach(slot, 'crashed');
    this.host.emit({ type: 'brokerDown', at: this.now(), brokerId: slot.id, reason: 'crashed', detail: failure?.message ?? `exit code ${code}` });
  }

  private logDir(slot: BrokerSlot): string {
    return path.join(this.settings.dataDir, `broker-${slot.id}`);
  }

  private now(): number {
    return this.settings.clock.now();
  }
}
