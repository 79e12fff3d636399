// What the generator produces. Adding an API is one line in GENERATED_APIS.

/** Request/response pairs, each generated into generated/<kebab-case name>.ts. */
export const GENERATED_APIS: readonly string[] = [
  'Produce', // 0
  'Fetch', // 1
  'ListOffsets', // 2
  'Metadata', // 3
  'OffsetCommit', // 8
  'OffsetFetch', // 9
  'FindCoordinator', // 10
  'JoinGroup', // 11
  'Heartbeat', // 12
  'LeaveGroup', // 13
  'SyncGroup', // 14
  'DescribeGroups', // 15
  'ListGroups', // 16
  'SaslHandshake', // 17
  'ApiVersions', // 18
  'CreateTopics', // 19
  'DeleteTopics', // 20
  'DeleteRecords', // 21
  'InitProducerId', // 22
  'OffsetForLeaderEpoch', // 23
  'AddPartitionsToTxn', // 24
  'AddOffsetsToTxn', // 25
  'EndTxn', // 26
  'WriteTxnMarkers', // 27
  'TxnOffsetCommit', // 28
  'DescribeConfigs', // 32
  'AlterConfigs', // 33
  'DescribeLogDirs', // 35
  'SaslAuthenticate', // 36
  'CreatePartitions', // 37
  'DeleteGroups', // 42
  'ElectLeaders', // 43
  'IncrementalAlterConfigs', // 44
  'OffsetDelete', // 47
  'DescribeCluster', // 60
  'DescribeProducers', // 61
  'DescribeTransactions', // 65
  'ListTransactions', // 66
];

/**
 * How a `data` schema's leading int16 version is treated by decodeVersioned<Name>:
 * 'clamp' decodes a newer version as the newest known one (Kafka's ConsumerProtocol does this,
 * since later versions only append fields); 'strict' rejects unknown versions as malformed.
 */
export type VersionPolicy = 'clamp' | 'strict';

export interface DataFile {
  readonly file: string;
  /** Spec paths relative to the messages folder, without `.json`. */
  readonly specs: readonly string[];
  readonly versionPolicy: VersionPolicy;
  readonly description: string;
}

export const DATA_FILES: readonly DataFile[] = [
  {
    file: 'consumer-protocol.ts',
    specs: ['ConsumerProtocolSubscription', 'ConsumerProtocolAssignment'],
    versionPolicy: 'clamp',
    description: 'The "consumer" embedded protocol: opaque bytes inside JoinGroup, SyncGroup and DescribeGroups.',
  },
  {
    file: 'group-coordinator-records.ts',
    specs: [
      'group-coordinator/OffsetCommitKey',
      'group-coordinator/OffsetCommitValue',
      'group-coordinator/GroupMetadataKey',
      'group-coordinator/GroupMetadataValue',
    ],
    versionPolicy: 'strict',
    description: 'Record keys and values of __consumer_offsets (the classic group protocol).',
  },
];

export const HEADERS_FILE = 'headers.ts';
export const INDEX_FILE = 'index.ts';

/** API keys whose header versions break the general rule (see requestHeaderVersion). */
export const CONTROLLED_SHUTDOWN_KEY = 7;
export const API_VERSIONS_KEY = 18;
