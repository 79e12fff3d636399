// Public entry of the engine: what `main/` and library users may import.
export { startCluster } from './cluster/cluster-supervisor.js';
export type {
  ClusterHandle, ClusterOptions, BrokerInfo, BrokerStatus, BrokerWorkerState, PartitionPlacement, BrokerStats, LogStats,
} from './cluster/cluster-handle.js';
export type { ClusterEvent, DownReason } from './cluster/cluster-events.js';
export type { ConsumerGroupLag, PartitionLag } from './cluster/consumer-lag.js';
export { Log } from './storage/log.js';
export { LogManager } from './storage/log-manager.js';
export type { LogConfig } from './storage/log-config.js';
export { KafkaError, CorruptRecordError, MessageTooLargeError, InvalidRecordError, OffsetOutOfRangeError } from './errors.js';
export { ErrorCode } from './protocol/error-codes.js';
// The command line, for the entry that injects the web UI (main/host/oxbow-cli.ts).
export { oxbowProgram, runOxbow, type OxbowProgramOptions, type UiServer, type UiStarter } from './cli/program.js';
