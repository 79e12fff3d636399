// How a broker talks to the controller. Calls are asynchronous because the controller runs in its
// own worker in a cluster; in a one-broker process it is a direct call (LocalControllerChannel).
// Invariant: a call resolves only after the records it committed were published to the brokers'
// metadata caches, so a CreateTopics answer is followed by Metadata that shows the topic.
import type {
  ConfigOperation,
  Controller,
  CreateTopicRequest,
  CreateTopicResult,
  OperationResult,
} from './controller.js';
import type { ConfigResourceType } from './metadata-records.js';

export interface ConfigChange {
  name: string;
  value: string | null;
  op: ConfigOperation;
}

export interface ControllerChannel {
  registerBroker(brokerId: number, host: string, port: number, rack: string | null): Promise<void>;
  createTopics(requests: readonly CreateTopicRequest[], validateOnly: boolean): Promise<CreateTopicResult[]>;
  deleteTopic(name: string): Promise<OperationResult>;
  createPartitions(name: string, totalCount: number, assignments: number[][] | null, validateOnly: boolean): Promise<OperationResult>;
  alterConfigs(
    resourceType: ConfigResourceType,
    resourceName: string,
    changes: readonly ConfigChange[],
    incremental: boolean,
    validateOnly: boolean,
  ): Promise<OperationResult>;
  allocateProducerIds(brokerId: number): Promise<{ firstProducerId: number; count: number }>;
  /** A partition leader asks to shrink or expand its ISR (Kafka's AlterPartition). */
  alterPartition(brokerId: number, topicId: string, partition: number, leaderEpoch: number, newIsr: number[]): Promise<OperationResult>;
}

export class LocalControllerChannel implements ControllerChannel {
  constructor(private readonly controller: Controller) {}

  async registerBroker(brokerId: number, host: string, port: number, rack: string | null): Promise<void> {
    this.controller.registerBroker(brokerId, host, port, rack);
  }

  async createTopics(requests: readonly CreateTopicRequest[], validateOnly: boolean): Promise<CreateTopicResult[]> {
    return this.controller.createTopics(requests, validateOnly);
  }

  async deleteTopic(name: string): Promise<OperationResult> {
    return this.controller.deleteTopic(name);
  }

  async createPartitions(name: string, totalCount: number, assignments: number[][] | null, validateOnly: boolean): Promise<OperationResult> {
    return this.controller.createPartitions(name, totalCount, assignments, validateOnly);
  }

  async alterConfigs(
    resourceType: ConfigResourceType,
    resourceName: string,
    changes: readonly ConfigChange[],
    incremental: boolean,
    validateOnly: boolean,
  ): Promise<OperationResult> {
    return this.controller.alterConfigs(resourceType, resourceName, changes, incremental, validateOnly);
  }

  async allocateProducerIds(brokerId: number): Promise<{ firstProducerId: number; count: number }> {
    return this.controller.allocateProducerIds(brokerId);
  }

  async alterPartition(brokerId: number, topicId: string, partition: number, leaderEpoch: number, newIsr: number[]): Promise<OperationResult> {
    return this.controller.alterPartition(brokerId, topicId, partition, leaderEpoch, newIsr);
  }
}
