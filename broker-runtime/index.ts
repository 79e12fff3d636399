// Public entry of the engine: what `main/` and library users may import.
export { startCluster, type ClusterHandle, type ClusterOptions, type BrokerInfo } from './cluster/embedded-cluster.js';
export type { ConsumerGroupLag, PartitionLag } from './cluster/consumer-lag.js';
// Preview: the worker-thread cluster with broker controls (the cluster issue is in progress).
export { startWorkerCluster, type WorkerClusterHandle, type WorkerClusterOptions, type BrokerStatus } from './cluster/cluster-supervisor.js';
export { Log } from './storage/log.js';
export { LogManager } from './storage/log-manager.js';
export type { LogConfig } from './storage/log-config.js';
export { KafkaError, CorruptRecordError, MessageTooLargeError, InvalidRecordError, OffsetOutOfRangeError } from './errors.js';
export { ErrorCode } from './protocol/error-codes.js';
