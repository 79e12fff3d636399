// The backend: every contract call, for both transports (IPC and HTTP go through
// ./api-dispatcher.ts to here), answered for the selected connection (./connections/): the
// embedded cluster, or an external Kafka cluster.
//
// Where answers come from:
// - embedded: brokers, controls, placement, disk, throughput, the timeline from the engine's
//   ClusterHandle; topics through the Kafka protocol (./kafka-topics.ts), with the engine as the
//   fallback for reads while kafkajs cannot read metadata (./engine-topics.ts);
// - external: topics through the same Kafka protocol code (no sizes, no fallback), the overview
//   and brokers from DescribeCluster and Metadata (./connections/external-cluster.ts); what only
//   the engine can do (controls, the cluster map, the timeline) answers UNSUPPORTED.
import path from 'node:path';
import type {
  ApiArgs, BrokerView, ClusterMap, ClusterEventView, ConnectionInfo, Overview, PushEvent, TopicDetail, TopicSummary,
} from '../contract/index.js';
import type { ApiBackend } from './api-dispatcher.js';
import { ApiError, type ErrorLog, apiError, kafkaErrorType } from './api-error.js';
import { AdminSession } from './admin-session.js';
import { type BrokerControl, controlBroker, requireCoordinator } from './broker-controls.js';
import type { BrokerStats, EmbeddedCluster, PartitionPlacement } from './embedded-cluster.js';
import { brokerViews, coordinatorView, eventView, partitionHealth, placementViews, selectEvents } from './embedded-views.js';
import { engineTopicDetail, engineTopicList } from './engine-topics.js';
import { KafkaTopics } from './kafka-topics.js';
import { type LeaderLogs, leaderLogs } from './leader-logs.js';
import { PushHub } from './push-hub.js';
import { StatsCache } from './stats-cache.js';
import { type Scheduler, ThroughputSampler } from './throughput-sampler.js';
import {
  type ConnectionMethods, ConnectionSelection, EMBEDDED_ID, type SecretStore, createConnectionMethods, memorySecretStore, selectedContext,
} from './connections/index.js';
import { type GroupMethods, createGroupMethods } from './groups/index.js';
import type { Closable, HostContext } from './host-context.js';
import { type MessageMethods, createMessageMethods } from './messages/index.js';

export interface ClusterHostOptions {
  /** Shown as the connection's name. */
  name?: string;
  clock?: () => number;
  /** The sampler's scheduler (node-cron unless a test drives the ticks). */
  schedule?: Scheduler;
  sampleEverySeconds?: 1 | 2;
  /** The host's own state (lag history, connections). Default: `ui/` in the cluster's data dir. */
  stateDir?: string;
  log?: ErrorLog;
  /**
   * Where the SASL passwords of external connections are kept (./connections/secret-store.ts).
   * Default: in memory, for this run only.
   */
  secrets?: SecretStore;
}

const RECENT_EVENTS = 50;

export function createClusterHost(cluster: EmbeddedCluster, options: ClusterHostOptions = {}): ClusterHost {
  return new ClusterHost(cluster, options);
}

// The per-area method sets (messages/, groups/, connections/) are mixed into the host in its
// constructor (Object.assign, before anything can call them); this declaration tells TypeScript.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface ClusterHost extends MessageMethods, GroupMethods, ConnectionMethods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ClusterHost implements ApiBackend {
  private readonly areas: Closable[];
  private readonly hub = new PushHub();
  /** The embedded cluster's admin session; an external connection's is the selection's. */
  private readonly session: AdminSession;
  private readonly topics: KafkaTopics;
  private readonly selection: ConnectionSelection;
  private readonly stats: StatsCache;
  private readonly sampler: ThroughputSampler;
  private readonly log: ErrorLog;
  private readonly unsubscribe: () => void;
  /** Set while topic reads come from the engine: the fallback is logged when it starts, not on every poll. */
  private readingFromEngine = false;
  private closed = false;

  constructor(private readonly cluster: EmbeddedCluster, private readonly options: ClusterHostOptions = {}) {
    const clock = options.clock ?? Date.now;
    this.log = options.log ?? ((message, err) => console.error(`oxbow: ${message}:`, err));
    this.session = new AdminSession({ bootstrap: cluster.bootstrap });
    this.topics = new KafkaTopics(this.session);
    this.selection = new ConnectionSelection({
      id: EMBEDDED_ID,
      info: () => this.embeddedInfo(),
      kafka: () => ({ connectionId: EMBEDDED_ID, brokers: cluster.bootstrap.split(','), sasl: null, tls: null }),
      session: this.session,
      topics: this.topics,
      external: null,
    });
    // While an external cluster is selected the engine keeps running and sampling, but what it
    // reports is not what the screens show: it is not pushed.
    const publishEmbedded = (event: PushEvent) => {
      if (this.selection.isEmbedded()) this.hub.publish(event);
    };
    this.stats = new StatsCache(() => cluster.stats(), clock);
    this.sampler = new ThroughputSampler({
      stats: () => cluster.stats(),
      onStats: (stats, at) => this.stats.put(stats, at),
      onSample: (sample) => publishEmbedded({ kind: 'throughput', sample }),
      clock,
      schedule: options.schedule,
      everySeconds: options.sampleEverySeconds,
      log: this.log,
    });
    this.unsubscribe = cluster.on('event', (event) => {
      if (event.type === 'brokerUp') this.sampler.brokerStarted(event.brokerId);
      publishEmbedded({ kind: 'cluster', event: eventView(event) });
    });
    this.sampler.start();
    const context: HostContext = {
      ...selectedContext(this.selection, cluster),
      stateDir: options.stateDir ?? path.join(cluster.dataDir, 'ui'),
      hub: this.hub,
      clock,
      log: this.log,
    };
    const connections = { selection: this.selection, secrets: options.secrets ?? memorySecretStore() };
    const areas = [createMessageMethods(context), createGroupMethods(context), createConnectionMethods(context, connections)];
    for (const { close: _close, ...methods } of areas) Object.assign(this, methods);
    this.areas = areas;
  }

  subscribe(listener: (event: PushEvent) => void): () => void {
    return this.hub.subscribe(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.sampler.stop();
    await Promise.all(this.areas.map((area) => area.close()));
    await this.selection.close();
    this.hub.clear();
    await this.session.close();
  }

  async getConnection(): Promise<ConnectionInfo> {
    return this.selection.current().info();
  }

  async getOverview(): Promise<Overview> {
    const active = this.selection.current();
    if (active.external) return active.external.overview(active.info());
    const placements = this.cluster.partitions();
    return {
      connection: active.info(),
      coordinator: coordinatorView(this.cluster.coordinatorRunning()),
      brokers: brokerViews(this.cluster.brokerStatus(), placements, await this.currentStats()),
      ...partitionHealth(placements),
      throughput: this.sampler.history(),
      recentEvents: selectEvents(this.cluster.events(), undefined, RECENT_EVENTS),
    };
  }

  async listBrokers(): Promise<BrokerView[]> {
    const { external } = this.selection.current();
    if (external) return external.brokers();
    return brokerViews(this.cluster.brokerStatus(), this.cluster.partitions(), await this.currentStats());
  }

  async getClusterMap(): Promise<ClusterMap> {
    this.requireEmbedded('The cluster map is drawn');
    const placements = this.cluster.partitions();
    return {
      coordinator: coordinatorView(this.cluster.coordinatorRunning()),
      brokers: brokerViews(this.cluster.brokerStatus(), placements, await this.currentStats()),
      partitions: placementViews(placements),
    };
  }

  async listEvents({ since, limit }: ApiArgs<'listEvents'>): Promise<ClusterEventView[]> {
    this.requireEmbedded('The event timeline is kept');
    return selectEvents(this.cluster.events(), since, limit);
  }

  stopBroker({ brokerId }: ApiArgs<'stopBroker'>): Promise<null> {
    return this.control('stopBroker', brokerId);
  }

  killBroker({ brokerId }: ApiArgs<'killBroker'>): Promise<null> {
    return this.control('killBroker', brokerId);
  }

  pauseBroker({ brokerId }: ApiArgs<'pauseBroker'>): Promise<null> {
    return this.control('pauseBroker', brokerId);
  }

  resumeBroker({ brokerId }: ApiArgs<'resumeBroker'>): Promise<null> {
    return this.control('resumeBroker', brokerId);
  }

  startBroker({ brokerId }: ApiArgs<'startBroker'>): Promise<null> {
    return this.control('startBroker', brokerId);
  }

  restartBroker({ brokerId }: ApiArgs<'restartBroker'>): Promise<null> {
    return this.control('restartBroker', brokerId);
  }

  async addBroker(): Promise<BrokerView> {
    this.requireEmbedded('Brokers are added');
    requireCoordinator(this.cluster, 'add a broker');
    const { id } = await this.cluster.addBroker();
    this.changed('brokers');
    const view = (await this.listBrokers()).find((b) => b.id === id);
    if (!view) throw new Error(`broker ${id} was added but is not listed`);
    return view;
  }

  async restartCoordinator({ kill }: ApiArgs<'restartCoordinator'>): Promise<null> {
    this.requireEmbedded('The coordinator is restarted');
    await this.cluster.restartCoordinator({ kill: kill ?? false });
    this.changed('brokers');
    return null;
  }

  listTopics({ includeInternal }: ApiArgs<'listTopics'>): Promise<TopicSummary[]> {
    const internal = includeInternal ?? false;
    const active = this.selection.current();
    if (active.external) return active.topics.listTopics(internal, null);
    return this.readTopics(
      (logs) => this.topics.listTopics(internal, logs),
      (placements, logs) => engineTopicList(placements, logs, internal),
    );
  }

  describeTopic({ name }: ApiArgs<'describeTopic'>): Promise<TopicDetail> {
    const active = this.selection.current();
    if (active.external) return active.topics.describeTopic(name, null);
    return this.readTopics(
      (logs) => this.topics.describeTopic(name, logs),
      (placements, logs) => engineTopicDetail(name, placements, logs),
    );
  }

  createTopic(args: ApiArgs<'createTopic'>): Promise<null> {
    return this.writeTopics((topics) => topics.createTopic(args));
  }

  deleteTopic({ name }: ApiArgs<'deleteTopic'>): Promise<null> {
    return this.writeTopics((topics) => topics.deleteTopic(name));
  }

  alterTopicConfigs(args: ApiArgs<'alterTopicConfigs'>): Promise<null> {
    return this.writeTopics((topics) => topics.alterTopicConfigs(args));
  }

  createPartitions({ name, totalCount }: ApiArgs<'createPartitions'>): Promise<null> {
    return this.writeTopics((topics) => topics.createPartitions(name, totalCount));
  }

  private async control(control: BrokerControl, brokerId: number): Promise<null> {
    this.requireEmbedded('Brokers are controlled');
    await controlBroker(this.cluster, control, brokerId);
    this.stats.invalidate();
    this.changed('brokers');
    return null;
  }

  private changed(what: 'brokers' | 'topics'): void {
    this.hub.publish({ kind: 'changed', what });
  }

  private embeddedInfo(): ConnectionInfo {
    const { bootstrap, clusterId, dataDir } = this.cluster;
    return { kind: 'embedded', name: this.options.name ?? 'Embedded cluster', bootstrap, clusterId, dataDir };
  }

  /** What only the engine can do: refused while an external cluster is selected. */
  private requireEmbedded(what: string): void {
    if (this.selection.isEmbedded()) return;
    const { name } = this.selection.current().info();
    throw apiError('UNSUPPORTED', `${what} only on the embedded cluster: the selected connection, ${name}, is an external Kafka cluster.`);
  }

  /** Disk sizes are a nicety: a broker that cannot report leaves them unknown, not the call failed. */
  private async currentStats(): Promise<BrokerStats[] | null> {
    try {
      return await this.stats.get();
    } catch (err) {
      this.log('broker stats unavailable', err);
      return null;
    }
  }

  private async readTopics<T>(
    throughProtocol: (logs: LeaderLogs) => Promise<T>,
    fromEngine: (placements: PartitionPlacement[], logs: LeaderLogs) => T,
  ): Promise<T> {
    const placements = this.cluster.partitions();
    const logs = leaderLogs(placements, (await this.currentStats()) ?? []);
    // kafkajs cannot read any metadata while a partition is offline: no use waiting for it to fail.
    if (!placements.some((p) => p.leader < 0)) {
      try {
        const answer = await throughProtocol(logs);
        this.readingFromEngine = false;
        return answer;
      } catch (err) {
        // "No such topic" is an answer, not a failure to read.
        if (err instanceof ApiError || kafkaErrorType(err) === 'UNKNOWN_TOPIC_OR_PARTITION') throw err;
        if (!this.readingFromEngine) this.log('topics cannot be read through the Kafka protocol; answering from the engine', err);
      }
    }
    this.readingFromEngine = true;
    return fromEngine(this.cluster.partitions(), logs);
  }

  private async writeTopics(write: (topics: KafkaTopics) => Promise<null>): Promise<null> {
    const active = this.selection.current();
    const offline = active.external ? [] : this.cluster.partitions().filter((p) => p.leader < 0);
    if (offline.length > 0) {
      const names = offline.slice(0, 3).map((p) => `${p.topic}-${p.partition}`).join(', ');
      throw apiError('UNAVAILABLE', `Topics cannot be changed while a partition is offline (${names}${offline.length > 3 ? ', …' : ''}): `
        + 'the Kafka client library cannot read cluster metadata then. Start the broker that holds it first.');
    }
    const result = await write(active.topics);
    this.changed('topics');
    return result;
  }
}
