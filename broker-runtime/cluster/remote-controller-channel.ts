// A broker worker's ControllerChannel: every call crosses to the coordinator worker over a
// MessagePort. The link is swapped when the coordinator restarts.
//
// Worker contract:
// - the coordinator pushes the records a call committed before it answers the call, on the same
//   port, so by the time a call resolves this broker's metadata cache has them (the
//   ControllerChannel invariant);
// - a call in flight when the coordinator goes away fails with REQUEST_TIMED_OUT: whether it was
//   committed is unknown, and a Kafka client retries it. A call made while no coordinator is
//   attached waits for the next one, up to `waitForCoordinatorMs`.
import type { ConfigChange, ControllerChannel } from '../coordinator/metadata/controller-channel.js';
import type { CreateTopicRequest, CreateTopicResult, OperationResult } from '../coordinator/metadata/controller.js';
import type { ConfigResourceType } from '../coordinator/metadata/metadata-records.js';
import { KafkaError } from '../errors.js';
import type { CoordinatorApi, HeartbeatResponse, MetadataSubscriberApi } from './cluster-protocol.js';
import type { RpcLink } from './worker-rpc.js';

export type CoordinatorLink = RpcLink<MetadataSubscriberApi, CoordinatorApi>;

export class RemoteControllerChannel implements ControllerChannel {
  private link: CoordinatorLink | null = null;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly waitForCoordinatorMs = 30_000) {}

  /** Uses `link` from now on; calls in flight on the previous link fail. */
  attach(link: CoordinatorLink): void {
    const previous = this.link;
    this.link = link;
    previous?.close(new KafkaError('REQUEST_TIMED_OUT', 'the coordinator restarted'));
    for (const wake of [...this.waiters]) wake();
  }

  /** Closes the link (the broker is stopping). */
  detach(): void {
    this.link?.close();
    this.link = null;
  }

  async registerBroker(brokerId: number, host: string, port: number, rack: string | null): Promise<void> {
    await (await this.current()).call('registerBroker', brokerId, host, port, rack);
  }

  async heartbeat(brokerId: number): Promise<HeartbeatResponse> {
    return (await this.current()).call('heartbeat', brokerId);
  }

  async controlledShutdown(brokerId: number): Promise<void> {
    await (await this.current()).call('controlledShutdown', brokerId);
  }

  async createTopics(requests: readonly CreateTopicRequest[], validateOnly: boolean): Promise<CreateTopicResult[]> {
    return (await this.current()).call('createTopics', [...requests], validateOnly);
  }

  async deleteTopic(name: string): Promise<OperationResult> {
    return (await this.current()).call('deleteTopic', name);
  }

  async createPartitions(name: string, totalCount: number, assignments: number[][] | null, validateOnly: boolean): Promise<OperationResult> {
    return (await this.current()).call('createPartitions', name, totalCount, assignments, validateOnly);
  }

  async alterConfigs(
    resourceType: ConfigResourceType,
    resourceName: string,
    changes: readonly ConfigChange[],
    incremental: boolean,
    validateOnly: boolean,
  ): Promise<OperationResult> {
    return (await this.current()).call('alterConfigs', resourceType, resourceName, [...changes], incremental, validateOnly);
  }

  async allocateProducerIds(brokerId: number): Promise<{ firstProducerId: number; count: number }> {
    return (await this.current()).call('allocateProducerIds', brokerId);
  }

  async alterPartition(brokerId: number, topicId: string, partition: number, leaderEpoch: number, newIsr: number[]): Promise<OperationResult> {
    return (await this.current()).call('alterPartition', brokerId, topicId, partition, leaderEpoch, [...newIsr]);
  }

  private current(): Promise<CoordinatorLink> {
    if (this.link && !this.link.isClosed) return Promise.resolve(this.link);
    return new Promise((resolve, reject) => {
      const wake = () => {
        if (!this.link || this.link.isClosed) return;
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(this.link);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new KafkaError('REQUEST_TIMED_OUT', `no coordinator within ${this.waitForCoordinatorMs} ms`));
      }, this.waitForCoordinatorMs);
      timer.unref();
      this.waiters.add(wake);
    });
  }
}
