// A broker's traffic counters, as Kafka's BrokerTopicMetrics counts them (BytesInPerSec,
// MessagesInPerSec, BytesOutPerSec): cumulative since the broker started, read by the UI's sampler,
// which turns them into rates. Counting is a few additions per request: no per-record work.
//
// Invariant: replication traffic is not client traffic. A follower's fetch is not bytes out (Kafka
// counts it separately as ReplicationBytesOutPerSec), so a topic with RF=3 does not look three
// times as busy as it is.

export interface BrokerTraffic {
  /** Record batch bytes appended by producers (after validation, before any recompression). */
  bytesIn: number;
  messagesIn: number;
  /** Record batch bytes returned to consumers. */
  bytesOut: number;
  /** Record batch bytes returned to follower replicas. */
  replicationBytesOut: number;
}

/** One partition log on one broker, as the UI shows it. */
export interface LogStats {
  topic: string;
  partition: number;
  sizeBytes: number;
  logStartOffset: number;
  logEndOffset: number;
}

export class BrokerMetrics {
  private readonly traffic: BrokerTraffic = { bytesIn: 0, messagesIn: 0, bytesOut: 0, replicationBytesOut: 0 };

  produced(bytes: number, records: number): void {
    this.traffic.bytesIn += bytes;
    this.traffic.messagesIn += records;
  }

  fetched(bytes: number, byFollower: boolean): void {
    if (byFollower) this.traffic.replicationBytesOut += bytes;
    else this.traffic.bytesOut += bytes;
  }

  snapshot(): BrokerTraffic {
    return { ...this.traffic };
  }
}
