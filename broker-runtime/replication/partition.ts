// One partition replica on this broker (Kafka's Partition). Today every partition has a single
// replica, so the high watermark is the log end offset.
// NB: replication (followers, ISR, a high watermark below the log end) comes with the cluster issue;
// transactions are not implemented, so the last stable offset equals the high watermark.
import type { Log, LogAppendInfo } from '../storage/log.js';
import { type FetchPurgatory, partitionKey } from './delayed-fetch.js';

export const READ_UNCOMMITTED = 0;
export const READ_COMMITTED = 1;

export interface PartitionReadResult {
  records: Buffer;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
}

export class Partition {
  readonly key: string;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly topicId: string,
    readonly log: Log,
    private readonly purgatory: FetchPurgatory,
    public leaderEpoch: number,
  ) {
    this.key = partitionKey(topic, partition);
  }

  get highWatermark(): number {
    return this.log.logEndOffset;
  }

  get lastStableOffset(): number {
    return this.highWatermark;
  }

  appendRecordsToLeader(records: Buffer): LogAppendInfo {
    const info = this.log.append(records, { leaderEpoch: this.leaderEpoch });
    if (info.recordCount > 0) this.purgatory.onAppend(this.key, records.length);
    return info;
  }

  /** Reads for a consumer: up to the high watermark, or the last stable offset for read_committed. */
  read(fetchOffset: number, maxBytes: number, isolationLevel: number, minOneMessage: boolean): PartitionReadResult {
    const highWatermark = this.highWatermark;
    const lastStableOffset = this.lastStableOffset;
    const maxOffset = isolationLevel === READ_COMMITTED ? lastStableOffset : highWatermark;
    const data = this.log.read(fetchOffset, maxBytes, { maxOffset, minOneMessage });
    return { records: data.records, highWatermark, lastStableOffset, logStartOffset: data.logStartOffset };
  }
}
