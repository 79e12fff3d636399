// DescribeLogDirs (key 35): versions 0-4.
// - Each broker answers for itself (an admin asks every broker). An Oxbow broker has one log
//   dir, `<dataDir>/broker-<id>` (its `log.dirs`), holding every replica it hosts, leader or
//   follower, __consumer_offsets included.
// - Topics null means every hosted partition; otherwise only the listed ones this broker hosts
//   (others are left out, and a topic left with no partition is dropped), as Kafka's
//   ReplicaManager.describeLogDirs.
// - Per partition: the bytes of its segments; OffsetLag is Kafka's max(HW - LEO, 0) for a
//   current log (0 in practice); IsFutureKey false, as Oxbow has no AlterReplicaLogDirs.
// - v2+ flexible. v3+ top-level ErrorCode (always NONE: there is no authorizer). v4+ TotalBytes
//   and UsableBytes of the dir's volume (statfs; usable is what an unprivileged writer may use,
//   Java's FileStore.getUsableSpace). A dir that cannot be read is KAFKA_STORAGE_ERROR.
import path from 'node:path';
import { statfs } from 'node:fs/promises';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  DescribeLogDirs,
  type DescribeLogDirsResponseResult,
  type DescribeLogDirsResponseTopic,
} from '../protocol/generated/describe-log-dirs.js';
import { partitionKey } from '../replication/delayed-fetch.js';
import type { BrokerServices } from '../server/broker-services.js';
import { defineHandler } from './handler.js';

type WantedPartitions = ReadonlyArray<{ topic: string; partitions: readonly number[] }> | null;

function describeTopics(broker: BrokerServices, wanted: WantedPartitions): DescribeLogDirsResponseTopic[] {
  const keys = wanted === null ? null : new Set(wanted.flatMap((t) => t.partitions.map((p) => partitionKey(t.topic, p))));
  const byTopic = new Map<string, DescribeLogDirsResponseTopic>();
  for (const replica of broker.replicaManager.allPartitions()) {
    if (keys !== null && !keys.has(partitionKey(replica.topic, replica.partition))) continue;
    let topic = byTopic.get(replica.topic);
    if (!topic) byTopic.set(replica.topic, (topic = { name: replica.topic, partitions: [] }));
    topic.partitions.push({
      partitionIndex: replica.partition,
      partitionSize: replica.log.size,
      offsetLag: Math.max(replica.highWatermark - replica.log.logEndOffset, 0),
      isFutureKey: false,
    });
  }
  const topics = [...byTopic.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const topic of topics) topic.partitions.sort((a, b) => a.partitionIndex - b.partitionIndex);
  return topics;
}

async function describeLogDir(broker: BrokerServices, wanted: WantedPartitions): Promise<DescribeLogDirsResponseResult> {
  const logDir = path.resolve(broker.staticConfig.get('log.dirs') ?? '');
  try {
    const volume = await statfs(logDir);
    return {
      errorCode: ErrorCode.NONE,
      logDir,
      topics: describeTopics(broker, wanted),
      totalBytes: volume.blocks * volume.bsize,
      usableBytes: volume.bavail * volume.bsize,
    };
  } catch (err) {
    broker.log.warn(`cannot describe log dir ${logDir}`, err);
    return { errorCode: ErrorCode.KAFKA_STORAGE_ERROR, logDir, topics: [], totalBytes: -1, usableBytes: -1 };
  }
}

export const describeLogDirsHandler = defineHandler({
  messages: DescribeLogDirs,
  minVersion: 0,
  maxVersion: 4,
  async handle(request, { broker }) {
    const results = [await describeLogDir(broker, request.topics)];
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, results };
  },
});
