// What the host uses of the engine: its cluster handle, for the embedded-only parts of the UI
// (broker state and controls, placement, disk, throughput, the timeline). Topics are not read from
// here but through the Kafka protocol (./kafka-topics.ts), so those screens also work on external
// clusters. One import site, so the engine's names stay out of the rest of main/host.
export type {
  BrokerStats, BrokerStatus, ClusterEvent, ClusterHandle as EmbeddedCluster, LogStats, PartitionPlacement,
} from '../../broker-runtime/index.js';
