// What runs inside the coordinator worker: the Controller over its file-backed metadata log, the
// brokers' links (their ControllerChannel calls, heartbeats, metadata subscriptions), and the
// periodic session check that fences brokers that stopped heartbeating.
//
// Worker contract:
// - a committed batch is pushed to every subscriber before the call that committed it is
//   answered (Controller.commit notifies synchronously; the answer follows on the same port);
// - decisions live in BrokerLiveness (BrokerHeartbeatManager, broker-fencing.ts); this file only
//   feeds it the clock and the calls.
import crypto from 'node:crypto';
import path from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { BrokerHeartbeatManager } from '../coordinator/metadata/broker-heartbeat-manager.js';
import { BrokerLiveness } from '../coordinator/metadata/broker-liveness.js';
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
  private core: { metadataLog: MetadataLog; controller: Controller; liveness: BrokerLiveness } | null = null;
  private sessionTimer: NodeJS.Timeout | null = null;

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
    const metadataLog = MetadataLog.open(path.join(dir, 'metadata.log'));
    const config = this.data.brokerConfig;
    const controller = new Controller({
      log: metadataLog,
      defaults: {
        numPartitions: Number(config['num.partitions'] ?? 1),
        defaultReplicationFactor: Number(config['default.replication.factor'] ?? 1),
      },
      validateTopicConfig: (name, value) => void parseLogConfig({ [name]: value }),
      random: { uuid: () => uuidFromBytes(crypto.randomBytes(16)), int: (bound) => crypto.randomInt(bound) },
    });
    const liveness = new BrokerLiveness(controller, new BrokerHeartbeatManager(this.data.sessionTimeoutMs));
    this.core = { metadataLog, controller, liveness };
    // Checking a few times per session keeps detection within about 1.25 sessions.
    const every = Math.max(25, Math.min(1000, Math.floor(this.data.sessionTimeoutMs / 4)));
    this.sessionTimer = setInterval(() => this.checkSessions(), every);
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
    if (this.sessionTimer) clearInterval(this.sessionTimer);
    this.sessionTimer = null;
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

  private checkSessions(): void {
    for (const brokerId of this.liveness.checkSessions(this.clock.now())) {
      this.log.info(`broker ${brokerId} missed heartbeats for ${this.data.sessionTimeoutMs} ms: fenced`);
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
