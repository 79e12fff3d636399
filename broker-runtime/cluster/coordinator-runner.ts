// What runs inside the coordinator worker: the Controller over its file-backed metadata log, the
// brokers' links (their ControllerChannel calls, heartbeats, metadata subscriptions), and the
// periodic checks: sessions (fencing brokers that stopped heartbeating) and leader imbalance
// (auto.leader.rebalance.enable, every leader.imbalance.check.interval.seconds).
//
// Worker contract:
// - a committed batch is pushed to every subscriber before the call that committed it is
//   answered (Controller.commit notifies synchronously; the answer follows on the same port);
// - a subscriber from before the log's start gets a snapshot first (Controller.subscribe);
// - decisions live in BrokerLiveness (BrokerHeartbeatManager, broker-fencing.ts) and the
//   Controller (leader-election.ts); this file only feeds them the clock and the calls. Both
//   checks run off one timer and read the injected clock, so a test's clock drives them.
import crypto from 'node:crypto';
import path from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { BrokerHeartbeatManager } from '../coordinator/metadata/broker-heartbeat-manager.js';
import { BrokerLiveness } from '../coordinator/metadata/broker-liveness.js';
import { type ControllerConfig, controllerConfigFrom } from '../coordinator/metadata/controller-config.js';
import { Controller } from '../coordinator/metadata/controller.js';
import { MetadataLog } from '../coordinator/metadata/metadata-log.js';
import type { MetadataRecord } from '../coordinator/metadata/metadata-records.js';
import { InvariantViolation } from '../errors.js';
import { type Logger, createLogger } from '../logger.js';
import { uuidFromBytes } from '../protocol/primitives/uuid.js';
import { type Clock, SYSTEM_CLOCK } from '../storage/clock.js';
import { parseLogConfig } from '../storage/log-config.js';
import { readOrCreateClusterId } from './cluster-id.js';
import type { CoordinatorApi, CoordinatorControlApi, CoordinatorWorkerData, MetadataSubscriberApi } from './cluster-protocol.js';
import { type RpcHandlers, RpcLink } from './worker-rpc.js';

type BrokerLink = RpcLink<CoordinatorApi, MetadataSubscriberApi>;
type ControlLink = RpcLink<CoordinatorControlApi, MetadataSubscriberApi>;

export class CoordinatorRunner implements RpcHandlers<CoordinatorControlApi> {
  private readonly log: Logger;
  private readonly control: ControlLink;
  private readonly brokerLinks = new Map<number, BrokerLink>();
  /** Per subscribed link (a broker's, or the supervisor's control link). */
  private readonly unsubscribers = new Map<BrokerLink | ControlLink, () => void>();
  private core: { metadataLog: MetadataLog; controller: Controller; liveness: BrokerLiveness; config: ControllerConfig } | null = null;
  private checkTimer: NodeJS.Timeout | null = null;
  /** When the next leader imbalance check is due, on the injected clock. */
  private nextImbalanceCheckAt = Infinity;

  private constructor(
    private readonly data: CoordinatorWorkerData,
    private readonly clock: Clock,
  ) {
    this.log = createLogger('oxbow:coordinator');
    this.control = new RpcLink<CoordinatorControlApi, MetadataSubscriberApi>(data.control, this, { log: this.log });
  }

  /** The worker entry's only call. */
  static serve(data: CoordinatorWorkerData, clock: Clock = SYSTEM_CLOCK): CoordinatorRunner {
    return new CoordinatorRunner(data, clock);
  }

  start(): { clusterId: string } {
    const dir = path.join(this.data.dataDir, 'coordinator');
    const clusterId = readOrCreateClusterId(dir);
    const brokerConfig = this.data.brokerConfig;
    const config = controllerConfigFrom(brokerConfig);
    const metadataLog = MetadataLog.open(path.join(dir, 'metadata.log'));
    for (const problem of metadataLog.recovered.discarded) this.log.warn(`metadata snapshot discarded: ${problem}`);
    const controller = new Controller({
      log: metadataLog,
      defaults: {
        numPartitions: Number(brokerConfig['num.partitions'] ?? 1),
        defaultReplicationFactor: Number(brokerConfig['default.replication.factor'] ?? 1),
      },
      validateTopicConfig: (name, value) => void parseLogConfig({ [name]: value }),
      random: { uuid: () => uuidFromBytes(crypto.randomBytes(16)), int: (bound) => crypto.randomInt(bound) },
      config,
      onSnapshotFailed: (err) => this.log.error('could not write a metadata snapshot; the log keeps growing until one succeeds', err),
    });
    const liveness = new BrokerLiveness(controller, new BrokerHeartbeatManager(this.data.sessionTimeoutMs));
    this.core = { metadataLog, controller, liveness, config };
    if (config.autoLeaderRebalanceEnable) this.nextImbalanceCheckAt = this.clock.now() + config.leaderImbalanceCheckIntervalMs;
    // Checking a few times per session keeps detection within about 1.25 sessions.
    const every = Math.max(25, Math.min(1000, Math.floor(this.data.sessionTimeoutMs / 4)));
    this.checkTimer = setInterval(() => this.periodicChecks(), every);
    return { clusterId };
  }

  attachBroker(brokerId: number, port: MessagePort): void {
    // A restarted broker's old link is dead already; closing it drops its subscription.
    this.brokerLinks.get(brokerId)?.close();
    const link: BrokerLink = new RpcLink<CoordinatorApi, MetadataSubscriberApi>(port, this.brokerHandlers(() => link), {
      log: this.log,
      onClose: () => {
        this.dropSubscriber(link);
        if (this.brokerLinks.get(brokerId) === link) this.brokerLinks.delete(brokerId);
      },
    });
    this.brokerLinks.set(brokerId, link);
  }

  subscribeMetadata(fromOffset: number): void {
    this.subscribe(this.control, fromOffset);
  }

  metadataEnd(): number {
    return this.controller.image.offset + 1;
  }

  shutdown(): void {
    if (this.checkTimer) clearInterval(this.checkTimer);
    this.checkTimer = null;
    for (const link of this.brokerLinks.values()) link.close();
    this.brokerLinks.clear();
    for (const unsubscribe of this.unsubscribers.values()) unsubscribe();
    this.unsubscribers.clear();
    this.core?.metadataLog.close();
    this.core = null;
  }

  private get controller(): Controller {
    if (!this.core) throw new InvariantViolation('the coordinator was called before start() or after shutdown()');
    return this.core.controller;
  }

  private get liveness(): BrokerLiveness {
    if (!this.core) throw new InvariantViolation('the coordinator was called before start() or after shutdown()');
    return this.core.liveness;
  }

  /** What a broker's link serves; `self` is that link, for its metadata subscription. */
  private brokerHandlers(self: () => BrokerLink): RpcHandlers<CoordinatorApi> {
    return {
      subscribeMetadata: (fromOffset) => this.subscribe(self(), fromOffset),
      registerBroker: (brokerId, host, port, rack) => this.liveness.register(brokerId, host, port, rack, this.clock.now()),
      heartbeat: (brokerId) => this.liveness.heartbeat(brokerId, this.clock.now()),
      controlledShutdown: (brokerId) => this.liveness.controlledShutdown(brokerId),
      createTopics: (requests, validateOnly) => this.controller.createTopics(requests, validateOnly),
      deleteTopic: (name) => this.controller.deleteTopic(name),
      createPartitions: (name, totalCount, assignments, validateOnly) => this.controller.createPartitions(name, totalCount, assignments, validateOnly),
      alterConfigs: (resourceType, resourceName, changes, incremental, validateOnly) =>
        this.controller.alterConfigs(resourceType, resourceName, changes, incremental, validateOnly),
      allocateProducerIds: (brokerId) => this.controller.allocateProducerIds(brokerId),
      alterPartition: (brokerId, topicId, partition, leaderEpoch, newIsr) =>
        this.controller.alterPartition(brokerId, topicId, partition, leaderEpoch, newIsr),
    };
  }

  private periodicChecks(): void {
    const now = this.clock.now();
    for (const brokerId of this.liveness.checkSessions(now)) {
      this.log.info(`broker ${brokerId} missed heartbeats for ${this.data.sessionTimeoutMs} ms: fenced`);
    }
    if (now >= this.nextImbalanceCheckAt && this.core) {
      this.nextImbalanceCheckAt = now + this.core.config.leaderImbalanceCheckIntervalMs;
      const moved = this.controller.checkLeaderImbalance();
      if (moved > 0) this.log.info(`leader imbalance check: ${moved} partition(s) led by their preferred replica again`);
    }
  }

  private subscribe(link: BrokerLink | ControlLink, fromOffset: number): void {
    this.unsubscribers.get(link)?.();
    const push = (records: readonly MetadataRecord[], firstOffset: number) => link.notify('metadata', [...records], firstOffset);
    this.unsubscribers.set(link, this.controller.subscribe(push, fromOffset));
  }

  private dropSubscriber(link: BrokerLink | ControlLink): void {
    this.unsubscribers.get(link)?.();
    this.unsubscribers.delete(link);
  }
}
