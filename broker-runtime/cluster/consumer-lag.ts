// Consumer lag as the UI shows it: per group and partition, the committed offset against the log,
// in records and in time. Time lag is exact: now minus the timestamp of the first record the group
// has not consumed, read from the partition's log (Burrow estimates it; Oxbow can look it up).
import type { GroupMemberView, GroupView } from '../coordinator/group/index.js';
import { readRecords } from '../protocol/records/record-batch.js';
import type { Partition } from '../replication/partition.js';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** -1 when the group has not committed for this partition (it is only assigned). */
  committedOffset: number;
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  /** Records between the committed offset and the high watermark; null without a commit or leader. */
  lag: number | null;
  /** Milliseconds between now and the first unconsumed record's timestamp; 0 when caught up. */
  timeLagMs: number | null;
  /** The member the partition is assigned to, if any. */
  owner: { memberId: string; clientId: string; clientHost: string } | null;
  /**
   * When the committed offset was committed (ms, the coordinator's clock); absent without a
   * commit. Lets a lag monitor tell a consumer re-committing one offset (Burrow's STALL) from one
   * that stopped committing (STOP).
   */
  commitTimestamp?: number;
}

export interface ConsumerGroupLag {
  groupId: string;
  state: GroupView['state'];
  protocolType: string | null;
  protocol: string | null;
  generationId: number;
  members: GroupMemberView[];
  partitions: PartitionLag[];
  totalLag: number;
  maxTimeLagMs: number;
}

/** Finds the leader replica of a partition anywhere in the cluster. */
export type PartitionLocator = (topic: string, partition: number) => Partition | undefined;

/** Timestamp of the first record at or after `offset` (control records and compaction leave gaps). */
export function firstTimestampFrom(partition: Partition, offset: number): number | null {
  if (offset >= partition.highWatermark || offset < partition.log.logStartOffset) return null;
  const { records } = partition.log.read(offset, 1, { minOneMessage: true, maxOffset: partition.highWatermark });
  if (records.length === 0) return null;
  for (const record of readRecords(records.subarray(0, records.readInt32BE(8) + 12))) {
    if (record.offset >= offset) return record.timestamp;
  }
  return null;
}

export function consumerGroupLag(view: GroupView, locate: PartitionLocator, now: number): ConsumerGroupLag {
  const owners = new Map<string, PartitionLag['owner']>();
  for (const m of view.members) {
    for (const tp of m.assignment ?? []) {
      for (const p of tp.partitions) owners.set(`${tp.topic}\u0000${p}`, { memberId: m.memberId, clientId: m.clientId, clientHost: m.clientHost });
    }
  }
  const committed = new Map(view.offsets.map((o) => [`${o.topic}\u0000${o.partition}`, o.offset]));
  // NB: partitionLags (broker-runner.ts) computes another coordinator's partition through a
  // one-commit view stamped 0; leaving the key out then keeps the real timestamp when
  // cluster-consumer-groups.ts merges that answer into the group's partition.
  const committedAt = new Map(view.offsets.filter((o) => o.commitTimestamp > 0).map((o) => [`${o.topic}\u0000${o.partition}`, o.commitTimestamp]));
  const keys = new Set([...committed.keys(), ...owners.keys()]);
  const partitions = [...keys].sort().map((key): PartitionLag => {
    const [topic, p] = key.split('\u0000');
    const partition = Number(p);
    const committedOffset = committed.get(key) ?? -1;
    const replica = locate(topic, partition);
    const commitTimestamp = committedAt.get(key);
    const base = { topic, partition, committedOffset, owner: owners.get(key) ?? null, ...(commitTimestamp === undefined ? {} : { commitTimestamp }) };
    if (!replica) return { ...base, logStartOffset: -1, logEndOffset: -1, highWatermark: -1, lag: null, timeLagMs: null };
    const highWatermark = replica.highWatermark;
    const offsets = { logStartOffset: replica.log.logStartOffset, logEndOffset: replica.log.logEndOffset, highWatermark };
    if (committedOffset < 0) return { ...base, ...offsets, lag: null, timeLagMs: null };
    const lag = Math.max(0, highWatermark - Math.max(committedOffset, offsets.logStartOffset));
    const timestamp = lag > 0 ? firstTimestampFrom(replica, Math.max(committedOffset, offsets.logStartOffset)) : null;
    return { ...base, ...offsets, lag, timeLagMs: timestamp === null ? 0 : Math.max(0, now - timestamp) };
  });
  return {
    groupId: view.groupId,
    state: view.state,
    protocolType: view.protocolType,
    protocol: view.protocol,
    generationId: view.generationId,
    members: view.members,
    partitions,
    totalLag: partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0),
    maxTimeLagMs: partitions.reduce((max, p) => Math.max(max, p.timeLagMs ?? 0), 0),
  };
}
