// OffsetForLeaderEpoch (key 23): versions 0-4.
// - Per partition, the leader's end offset of the asked epoch (KIP-101): for its latest epoch its
//   log end, otherwise the start of the first epoch above it, answered with the largest epoch it
//   knows <= the one asked (KIP-279). Nothing known: no error, epoch -1, end offset -1.
// - Followers truncate by it before fetching (replication/replica-fetcher.ts); consumers use it to
//   detect truncation after a leader change (KIP-320: librdkafka >= 2.1 sends v2; kafkajs does not
//   use it).
// - Served by the leader only, as Kafka does even for consumers: CurrentLeaderEpoch (v2+) is checked
//   first (older: FENCED_LEADER_EPOCH, newer: UNKNOWN_LEADER_EPOCH), then NOT_LEADER_OR_FOLLOWER;
//   UNKNOWN_TOPIC_OR_PARTITION when the partition does not exist.
// - v1 adds LeaderEpoch to the response, v2 CurrentLeaderEpoch and ThrottleTimeMs, v3 ReplicaId,
//   v4 is flexible. ReplicaId changes nothing in the answer: Kafka reads it only for authorization
//   (followers need CLUSTER_ACTION), and Oxbow has no ACLs. Kafka 3.9 deprecates v0-1.
import { KafkaError, errorCodeOf } from '../errors.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  OffsetForLeaderEpoch,
  type OffsetForLeaderEpochResponseEpochEndOffset,
} from '../protocol/generated/offset-for-leader-epoch.js';
import { UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET } from '../storage/leader-epoch-file-cache.js';
import { defineHandler } from './handler.js';
import { leaderPartitionAt } from './leader-epoch.js';

export const offsetForLeaderEpochHandler = defineHandler({
  messages: OffsetForLeaderEpoch,
  minVersion: 0,
  maxVersion: 4,
  handle(request, { broker }) {
    const topics = request.topics.map((topic) => ({
      topic: topic.topic,
      partitions: topic.partitions.map((p): OffsetForLeaderEpochResponseEpochEndOffset => {
        try {
          const partition = leaderPartitionAt(broker.replicaManager, topic.topic, p.partition, p.currentLeaderEpoch);
          const found = partition.log.endOffsetForEpoch(p.leaderEpoch);
          return {
            errorCode: ErrorCode.NONE, partition: p.partition,
            leaderEpoch: found?.epoch ?? UNDEFINED_EPOCH, endOffset: found?.endOffset ?? UNDEFINED_EPOCH_OFFSET,
          };
        } catch (err) {
          if (!(err instanceof KafkaError)) broker.log.error(`offset for leader epoch of ${topic.topic}-${p.partition} failed`, err);
          return { errorCode: errorCodeOf(err), partition: p.partition, leaderEpoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
        }
      }),
    }));
    return { throttleTimeMs: 0, topics };
  },
});
