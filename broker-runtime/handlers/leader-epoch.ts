// The leader-epoch check of Fetch v9+, ListOffsets v4+ and OffsetForLeaderEpoch (KIP-320):
// -1 means "do not check"; an older epoch is fenced, a newer one is not known here yet.
import { KafkaError } from '../errors.js';
import type { Partition } from '../replication/partition.js';
import type { ReplicaManager } from '../replication/replica-manager.js';

export function checkLeaderEpoch(requested: number | undefined, current: number, what: string): void {
  if (requested === undefined || requested < 0 || requested === current) return;
  if (requested < current) {
    throw new KafkaError('FENCED_LEADER_EPOCH', `Leader epoch ${requested} of ${what} is older than the current epoch ${current}.`);
  }
  throw new KafkaError('UNKNOWN_LEADER_EPOCH', `Leader epoch ${requested} of ${what} is newer than the current epoch ${current}.`);
}

/**
 * The partition led here, with the request's epoch checked first against the replica this broker
 * hosts (leader or follower), as Kafka does: a client ahead of this broker's metadata gets
 * UNKNOWN_LEADER_EPOCH, one behind gets FENCED_LEADER_EPOCH, then a non-leader NOT_LEADER_OR_FOLLOWER.
 */
export function leaderPartitionAt(replicas: ReplicaManager, topic: string, partition: number, requested: number | undefined): Partition {
  const hosted = replicas.hostedPartition(topic, partition);
  if (hosted) checkLeaderEpoch(requested, hosted.leaderEpoch, `${topic}-${partition}`);
  const leader = replicas.leaderPartition(topic, partition);
  checkLeaderEpoch(requested, leader.leaderEpoch, `${topic}-${partition}`);
  return leader;
}
