// The records of the cluster metadata log, modelled on KRaft's metadata records
// (metadata/src/main/resources/common/metadata/*Record.json). State changes only by replaying
// them (MetadataImage.replay), so a restart and normal operation share one code path.
// Invariants: records are plain JSON values: they are written to the log file as JSON and cross
// worker boundaries by structured clone. The controller commits only state records; the snapshot
// header and footer frame a snapshot (metadata-snapshot.ts) and are never in the log.

export interface RegisterBrokerRecord {
  type: 'RegisterBroker';
  brokerId: number;
  host: string;
  port: number;
  /** Bumped on every registration, so a restarted broker is told apart from its old self. */
  brokerEpoch: number;
  rack: string | null;
}

export interface BrokerRegistrationChangeRecord {
  type: 'BrokerRegistrationChange';
  brokerId: number;
  fenced: boolean;
}

export interface TopicRecord {
  type: 'Topic';
  name: string;
  topicId: string;
}

export interface PartitionRecord {
  type: 'Partition';
  topicId: string;
  partition: number;
  replicas: number[];
  isr: number[];
  leader: number;
  leaderEpoch: number;
  partitionEpoch: number;
}

/** A change of leader and/or ISR; fields left out keep their value. */
export interface PartitionChangeRecord {
  type: 'PartitionChange';
  topicId: string;
  partition: number;
  leader?: number;
  isr?: number[];
  replicas?: number[];
}

export type ConfigResourceType = 'topic' | 'broker';

/** Sets (value !== null) or deletes (value === null) one dynamic config. */
export interface ConfigRecord {
  type: 'Config';
  resourceType: ConfigResourceType;
  /** Topic name, broker id as a string, or '' for the cluster-wide broker default. */
  resourceName: string;
  name: string;
  value: string | null;
}

export interface RemoveTopicRecord {
  type: 'RemoveTopic';
  topicId: string;
}

/** A block of producer ids handed to a broker (KRaft's ProducerIdsRecord): ids below `nextProducerId` are taken. */
export interface ProducerIdsRecord {
  type: 'ProducerIds';
  brokerId: number;
  brokerEpoch: number;
  nextProducerId: number;
}

/**
 * Opens a snapshot delivered in place of records (KRaft's SnapshotHeaderRecord): whoever replays
 * it starts again from an empty image. Never in the metadata log itself.
 */
export interface SnapshotHeaderRecord {
  type: 'SnapshotHeader';
  /** The offset of the first record after the snapshot: it covers [0, endOffset). */
  endOffset: number;
}

/** Closes a snapshot (KRaft's SnapshotFooterRecord): the image is now at offset endOffset - 1. */
export interface SnapshotFooterRecord {
  type: 'SnapshotFooter';
  endOffset: number;
}

export type MetadataRecord =
  | ProducerIdsRecord
  | RegisterBrokerRecord
  | BrokerRegistrationChangeRecord
  | TopicRecord
  | PartitionRecord
  | PartitionChangeRecord
  | ConfigRecord
  | RemoveTopicRecord
  | SnapshotHeaderRecord
  | SnapshotFooterRecord;
