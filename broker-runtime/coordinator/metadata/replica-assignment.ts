// Where the replicas of new partitions go: Kafka's rack-unaware assignment for CreateTopics and
// CreatePartitions, and Kafka's checks of an assignment a client gives
// (AdminUtils.assignReplicasToBrokersRackUnaware, validateManualPartitionAssignment).
// Randomness is injected, so tests get the same assignment every run.
import { KafkaError } from '../../errors.js';
import type { MetadataImage } from './metadata-image.js';
import { liveBrokerIds } from './partition-change.js';

export interface AssignmentRandom {
  /** An integer in [0, bound). */
  int(bound: number): number;
}

/** Leaders round-robin from a random live broker, followers shifted by a random step. */
export function assignReplicas(image: MetadataImage, random: AssignmentRandom, count: number, rf: number): number[][] {
  const brokers = image.liveBrokers().map((b) => b.brokerId);
  if (rf > brokers.length) {
    throw new KafkaError('INVALID_REPLICATION_FACTOR', `Replication factor: ${rf} larger than available brokers: ${brokers.length}.`);
  }
  const start = random.int(brokers.length);
  const shift = brokers.length > 1 ? 1 + random.int(brokers.length - 1) : 0;
  const assignments: number[][] = [];
  for (let p = 0; p < count; p++) {
    const first = (start + p) % brokers.length;
    const replicas = [brokers[first]];
    for (let r = 1; r < rf; r++) replicas.push(brokers[(first + ((shift + r - 1) % (brokers.length - 1)) + 1) % brokers.length]);
    assignments.push(replicas);
  }
  return assignments;
}

/** Throws INVALID_REPLICA_ASSIGNMENT unless `replicas` is a usable replica list for `partition`. */
export function checkManualAssignment(image: MetadataImage, partition: number, replicas: readonly number[], replicationFactor: number): void {
  const fail = (message: string) => new KafkaError('INVALID_REPLICA_ASSIGNMENT', `Partition ${partition}: ${message}`);
  if (replicas.length === 0) throw fail('the manual partition assignment includes an empty replica list.');
  for (const [i, brokerId] of replicas.entries()) {
    if (!image.brokers.has(brokerId)) throw fail(`the manual partition assignment includes broker ${brokerId}, but no such broker is registered.`);
    if (replicas.indexOf(brokerId) !== i) throw fail(`the manual partition assignment includes the broker ${brokerId} more than once.`);
  }
  if (replicas.length !== replicationFactor) {
    throw fail(`the manual partition assignment has ${replicas.length} replica(s), but the other partitions have ${replicationFactor}.`);
  }
  const live = liveBrokerIds(image);
  if (!replicas.some((r) => live.has(r))) throw fail(`all brokers of the manual partition assignment (${replicas.join(', ')}) are fenced.`);
}
