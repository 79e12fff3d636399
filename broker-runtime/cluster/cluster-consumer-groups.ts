// ClusterHandle.consumerGroups() across broker workers. A group lives on the broker that
// coordinates it, but the partitions it consumes are led by any broker: each coordinator computes
// the lag of the partitions it leads itself, and the leaders of the others fill them in.
import type { PartitionLagQuery } from './cluster-protocol.js';
import type { ConsumerGroupLag, PartitionLag } from './consumer-lag.js';

/** A running broker, as seen from the supervisor (answers may fail: the broker may be going away). */
export interface LagPeer {
  consumerGroups(now: number): Promise<ConsumerGroupLag[]>;
  partitionLags(queries: PartitionLagQuery[], now: number): Promise<(PartitionLag | null)[]>;
}

export async function gatherConsumerGroups(
  peers: ReadonlyMap<number, LagPeer>,
  leaderOf: (topic: string, partition: number) => number,
  now: number,
): Promise<ConsumerGroupLag[]> {
  const answers = await Promise.all([...peers.values()].map((peer) => peer.consumerGroups(now).catch(() => [])));
  const groups = answers.flat().sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));

  // A partition without a local replica on the group's coordinator comes back with offsets -1.
  const queries = new Map<number, { query: PartitionLagQuery; target: PartitionLag }[]>();
  for (const group of groups) {
    for (const p of group.partitions) {
      if (p.logEndOffset >= 0) continue;
      const leader = leaderOf(p.topic, p.partition);
      if (!peers.has(leader)) continue;
      const list = queries.get(leader) ?? [];
      list.push({ query: { topic: p.topic, partition: p.partition, committedOffset: p.committedOffset }, target: p });
      queries.set(leader, list);
    }
  }
  await Promise.all([...queries].map(async ([leader, list]) => {
    const lags = await peers.get(leader)!.partitionLags(list.map((q) => q.query), now).catch(() => list.map(() => null));
    list.forEach(({ target }, i) => {
      const lag = lags[i];
      if (lag) Object.assign(target, { ...lag, owner: target.owner, committedOffset: target.committedOffset });
    });
  }));
  for (const group of groups) {
    group.totalLag = group.partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0);
    group.maxTimeLagMs = group.partitions.reduce((max, p) => Math.max(max, p.timeLagMs ?? 0), 0);
  }
  return groups;
}
