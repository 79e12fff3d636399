// Groups of the embedded cluster, read from the engine (ClusterHandle.consumerGroups): the
// coordinators' own view, with exact time lag (the first unconsumed record's timestamp, read from
// the leader's log) and each commit's timestamp, which the Kafka protocol does not tell a client.
import type { GroupMember } from '../../contract/index.js';
import type { EmbeddedCluster } from '../embedded-cluster.js';
import { type GroupReading, type GroupSource, type PartitionReading, byTopicPartition } from './group-model.js';

type EngineGroup = Awaited<ReturnType<EmbeddedCluster['consumerGroups']>>[number];

export function fromEngineGroup(group: EngineGroup): GroupReading {
  const members = group.members.map((m): GroupMember => ({
    memberId: m.memberId,
    groupInstanceId: m.groupInstanceId,
    clientId: m.clientId,
    clientHost: m.clientHost,
    assignments: (m.assignment ?? [])
      .map((a) => ({ topic: a.topic, partitions: [...a.partitions].sort((x, y) => x - y) }))
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0)),
  }));
  const partitions = group.partitions.map((p): PartitionReading => {
    const reading: PartitionReading = {
      topic: p.topic,
      partition: p.partition,
      committedOffset: p.committedOffset,
      // What a consumer can read: the lag is measured against the high watermark.
      logEndOffset: p.highWatermark,
      lag: p.lag,
      timeLagMs: p.lag === null ? null : p.timeLagMs,
      memberId: p.owner?.memberId ?? null,
    };
    if (p.commitTimestamp !== undefined) reading.commitTimestamp = p.commitTimestamp;
    return reading;
  }).sort(byTopicPartition);
  return {
    groupId: group.groupId,
    state: group.state,
    protocolType: group.protocolType || null,
    protocol: group.protocol || null,
    members,
    partitions,
  };
}

export class EngineGroupSource implements GroupSource {
  constructor(private readonly cluster: EmbeddedCluster, private readonly clock: () => number) {}

  async readAll(): Promise<GroupReading[]> {
    const groups = await this.cluster.consumerGroups(this.clock());
    return groups.map(fromEngineGroup);
  }

  async readOne(groupId: string): Promise<GroupReading | null> {
    // The engine answers every group at once from memory: no narrower call to make.
    return (await this.readAll()).find((g) => g.groupId === groupId) ?? null;
  }
}
