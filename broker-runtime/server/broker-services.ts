// What request handlers may use of their broker. Handlers get this, never the BrokerServer itself.
import type { ControllerChannel } from '../coordinator/metadata/controller-channel.js';
import type { MetadataImage } from '../coordinator/metadata/metadata-image.js';
import type { Logger } from '../logger.js';
import type { BufferPool } from '../network/buffer-pool.js';
import type { ReplicaManager } from '../replication/replica-manager.js';
import type { Clock } from '../storage/clock.js';
import type { BrokerMetrics } from './broker-metrics.js';
import type { GroupCoordinatorService } from './group-coordinator-service.js';
import type { ProducerIdManager } from './producer-id-manager.js';

export interface ApiVersionRange {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

export interface BrokerServices {
  readonly brokerId: number;
  readonly clusterId: string;
  /** The broker's static configuration with Kafka's names (values as Kafka prints them). */
  readonly staticConfig: ReadonlyMap<string, string>;
  /** This broker's metadata cache: the controller's image as replayed here. */
  readonly metadata: MetadataImage;
  readonly controller: ControllerChannel;
  readonly replicaManager: ReplicaManager;
  readonly groupCoordinator: GroupCoordinatorService;
  readonly producerIds: ProducerIdManager;
  /** What ApiVersions advertises, built from the handler registry. */
  readonly apiVersions: readonly ApiVersionRange[];
  readonly clock: Clock;
  /** Memory for fetch responses, reused once they are written (see network/buffer-pool.ts). */
  readonly buffers: BufferPool;
  /** Traffic counters the UI turns into throughput. */
  readonly metrics: BrokerMetrics;
  readonly log: Logger;
  /** The value of a broker config: dynamic override, then static value, then Kafka's default. */
  brokerConfig(name: string): string | null;
}
