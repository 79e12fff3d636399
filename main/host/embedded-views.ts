// The embedded cluster as the UI shows it, put together from the engine's handle: broker rows,
// the cluster map, partition health. Pure functions of what the handle reported, so they are
// tested without a cluster.
import type {
  BrokerView, ClusterEventView, CoordinatorView, PartitionPlacement as PlacementView,
} from '../contract/index.js';
import type { BrokerStats, BrokerStatus, ClusterEvent, PartitionPlacement } from './embedded-cluster.js';

/** One row per broker the cluster has had; disk is null for a broker that is not reporting (not running). */
export function brokerViews(status: readonly BrokerStatus[], placements: readonly PartitionPlacement[], stats: readonly BrokerStats[] | null): BrokerView[] {
  const diskByBroker = new Map((stats ?? []).map((s) => [s.brokerId, s.logs.reduce((sum, log) => sum + log.sizeBytes, 0)]));
  return status.map((b) => ({
    id: b.id,
    host: b.host,
    port: b.port,
    state: b.state,
    fenced: b.fenced,
    partitions: placements.filter((p) => p.replicas.includes(b.id)).length,
    leaders: placements.filter((p) => p.leader === b.id).length,
    diskBytes: diskByBroker.get(b.id) ?? null,
  }));
}

export function coordinatorView(running: boolean): CoordinatorView {
  return { state: running ? 'up' : 'down' };
}

export function placementViews(placements: readonly PartitionPlacement[]): PlacementView[] {
  return placements
    .map(({ topic, partition, leader, replicas, isr }) => ({ topic, partition, leader, replicas: [...replicas], isr: [...isr] }))
    .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}

export interface PartitionHealth {
  topicCount: number;
  partitionCount: number;
  underReplicatedPartitions: number;
  offlinePartitions: number;
}

/**
 * Counted over every topic, internal ones included, as Kafka's own controller metrics count
 * (GlobalTopicCount, OfflinePartitionsCount): an offline `__consumer_offsets` partition matters.
 */
export function partitionHealth(placements: readonly PartitionPlacement[]): PartitionHealth {
  return {
    topicCount: new Set(placements.map((p) => p.topic)).size,
    partitionCount: placements.length,
    underReplicatedPartitions: placements.filter((p) => p.isr.length < p.replicas.length).length,
    offlinePartitions: placements.filter((p) => p.leader < 0).length,
  };
}

/** The engine's events have the contract's shape; this copy is where a difference would fail to compile. */
export function eventView(event: ClusterEvent): ClusterEventView {
  return { ...event } satisfies ClusterEventView;
}

/** Events with `at` >= since, at most `limit` of the newest, oldest first. */
export function selectEvents(events: readonly ClusterEvent[], since?: number, limit?: number): ClusterEventView[] {
  const after = since === undefined ? events : events.filter((e) => e.at >= since);
  const newest = limit === undefined ? after : after.slice(Math.max(0, after.length - limit));
  return newest.map(eventView);
}
