// The overview and the broker list of an external cluster, from what any Kafka cluster answers
// over the protocol: DescribeCluster, Metadata and ListOffsets. There is no engine behind it, so
// no broker states beyond "it answered", no disk sizes and no timeline.
//
// Throughput is messages in per second, from the sum of the latest offsets of every topic taken
// each time the overview is asked for (the UI polls it every few seconds), so it costs nothing
// while nobody looks. NB: bytes in and out are not knowable this way: they are 0 and the overview
// hides those charts for external connections. Past MAX_SAMPLED_TOPICS topics it is not sampled.
import type { PartitionMetadata } from 'kafkajs';
import type { BrokerView, ConnectionInfo, CoordinatorView, Overview, ThroughputSample } from '../../contract/index.js';
import type { AdminSession } from '../admin-session.js';
import type { ErrorLog } from '../api-error.js';
import { isInternalTopic } from '../leader-logs.js';
import { RingBuffer } from '../ring-buffer.js';

const MAX_SAMPLES = 150;
const MAX_SAMPLED_TOPICS = 100;
/** Closer samples than this answer with the history as it is (several windows polling at once). */
const MIN_SAMPLE_INTERVAL_MS = 1_000;

interface Placement {
  topic: string;
  partition: PartitionMetadata;
}

export class ExternalCluster {
  private readonly samples = new RingBuffer<ThroughputSample>(MAX_SAMPLES);
  private last: { at: number; total: number } | null = null;

  constructor(private readonly session: AdminSession, private readonly clock: () => number, private readonly log: ErrorLog) {}

  async brokers(): Promise<BrokerView[]> {
    const [cluster, placements] = await Promise.all([this.describe(), this.placements()]);
    return brokerViews(cluster.brokers, placements);
  }

  async overview(connection: ConnectionInfo): Promise<Overview> {
    const [cluster, placements] = await Promise.all([this.describe(), this.placements()]);
    // The active controller stands in for Oxbow's coordinator: without one, no leader is elected.
    const coordinator: CoordinatorView = { state: cluster.controller !== null && cluster.controller >= 0 ? 'up' : 'down' };
    return {
      connection,
      coordinator,
      brokers: brokerViews(cluster.brokers, placements),
      topicCount: new Set(placements.map((p) => p.topic)).size,
      partitionCount: placements.length,
      underReplicatedPartitions: placements.filter((p) => p.partition.isr.length < p.partition.replicas.length).length,
      offlinePartitions: placements.filter((p) => p.partition.leader < 0).length,
      throughput: await this.throughput(placements),
      recentEvents: [],
    };
  }

  private describe() {
    return this.session.use((admin) => admin.describeCluster());
  }

  /** Every partition of every topic, internal ones included (as the embedded overview counts). */
  private async placements(): Promise<Placement[]> {
    const { topics } = await this.session.use((admin) => admin.fetchTopicMetadata());
    return topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.name, partition })));
  }

  private async throughput(placements: Placement[]): Promise<ThroughputSample[]> {
    const at = this.clock();
    const topics = [...new Set(placements.map((p) => p.topic))].filter((t) => !isInternalTopic(t));
    if (topics.length > MAX_SAMPLED_TOPICS || (this.last && at - this.last.at < MIN_SAMPLE_INTERVAL_MS)) return this.samples.toArray();
    try {
      const latest = await Promise.all(topics.map((topic) => this.session.use((admin) => admin.fetchTopicOffsets(topic))));
      const total = latest.flat().reduce((sum, o) => sum + Number(o.high), 0);
      if (this.last) {
        // A deleted topic takes its offsets out of the sum: no negative rates.
        const perSec = Math.max(0, (total - this.last.total) / ((at - this.last.at) / 1000));
        this.samples.push({ at, messagesInPerSec: perSec, bytesInPerSec: 0, bytesOutPerSec: 0 });
      }
      this.last = { at, total };
    } catch (err) {
      // A sample is a nicety: the overview still answers without it.
      this.log('throughput of the external cluster not sampled', err);
    }
    return this.samples.toArray();
  }
}

function brokerViews(brokers: { nodeId: number; host: string; port: number }[], placements: Placement[]): BrokerView[] {
  return [...brokers]
    .sort((a, b) => a.nodeId - b.nodeId)
    .map((b) => ({
      id: b.nodeId,
      host: b.host,
      port: b.port,
      // Listed by the cluster means registered and reachable by it; the protocol says no more.
      state: 'running' as const,
      fenced: false,
      partitions: placements.filter((p) => p.partition.replicas.includes(b.nodeId)).length,
      leaders: placements.filter((p) => p.partition.leader === b.nodeId).length,
      diskBytes: null,
    }));
}
