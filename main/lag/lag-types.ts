// What one reading of a group's lag looks like, as the sampler takes it and the history stores it.
// Plain data: the embedded cluster (broker-runtime's ConsumerGroupLag) and an external cluster (an
// admin client's offsets) are both mapped to it by whoever wires the sampler, so nothing here
// knows where the numbers came from.

export interface PartitionLagReading {
  topic: string;
  partition: number;
  /** -1 when the group has not committed for this partition (it is only assigned). */
  committedOffset: number;
  /**
   * The end the lag is measured against: what a consumer can read, so the high watermark when the
   * cluster reports one. Invariant: lag === max(0, logEndOffset - committedOffset) when both known.
   */
  logEndOffset: number;
  /** Records between the committed offset and the end; null without a commit or a leader. */
  lag: number | null;
  /** Milliseconds since the first unconsumed record was written; 0 when caught up, null unknown. */
  timeLagMs: number | null;
  /**
   * When the committed offset was committed (ms), if the source knows it: the embedded cluster
   * does (the offset commit record carries it); Kafka's OffsetFetch does not tell an admin client.
   * With it, a consumer re-committing the same offset (Burrow's STALL) is told apart from one
   * that stopped committing (STOP); see burrow-window.ts.
   */
  commitTimestamp?: number;
}

export interface GroupLagSnapshot {
  groupId: string;
  /** The group's state as the cluster names it (Stable, Empty, PreparingRebalance, Dead, ...). */
  state: string;
  partitions: PartitionLagReading[];
}

/** The key of a partition in maps: topic and partition cannot collide through the separator. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/** The label a human reads, as Kafka's tools print a topic-partition. */
export function partitionLabel(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}
