// Golden bytes from an independent implementation: kafkajs 2.2.4 encodes each request (header and
// framing included); the generated decoder must read the values kafkajs was given, and the
// generated encoder must reproduce kafkajs's bytes exactly.
import { describe, expect, it } from 'vitest';
import * as generated from '../../../../broker-runtime/protocol/generated/index.js';
import type { ApiMessages } from '../../../../broker-runtime/protocol/primitives/api-messages.js';
import { checkRequestAgainstKafkajs, kafkajsRecordBatch, type RequestCase } from './kafkajs.js';

const codecs = generated as unknown as Record<string, ApiMessages<unknown, unknown>>;
const codecOf = (kafkajsName: string): ApiMessages<unknown, unknown> =>
  codecs[kafkajsName.charAt(0).toUpperCase() + kafkajsName.slice(1)];

const metadataAndAdmin: RequestCase[] = [
  { api: 'apiVersions', version: 0, args: {}, expected: {} },
  { api: 'apiVersions', version: 2, args: {}, expected: {} },
  { api: 'metadata', version: 0, args: { topics: ['orders', 'payments'] }, expected: { topics: [{ name: 'orders' }, { name: 'payments' }] } },
  { api: 'metadata', version: 1, args: { topics: [] }, expected: { topics: null } },
  { api: 'metadata', version: 4, args: { topics: ['orders'], allowAutoTopicCreation: false }, expected: { topics: [{ name: 'orders' }], allowAutoTopicCreation: false } },
  {
    api: 'listOffsets', version: 0,
    args: { replicaId: -1, topics: [{ topic: 'orders', partitions: [{ partition: 2, timestamp: -2, maxNumOffsets: 1 }] }] },
    expected: { replicaId: -1, topics: [{ name: 'orders', partitions: [{ partitionIndex: 2, timestamp: -2, maxNumOffsets: 1 }] }] },
  },
  {
    api: 'listOffsets', version: 2,
    args: { replicaId: -1, isolationLevel: 1, topics: [{ topic: 'orders', partitions: [{ partition: 0, timestamp: 1_700_000_000_123 }] }] },
    expected: { replicaId: -1, isolationLevel: 1, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, timestamp: 1_700_000_000_123 }] }] },
  },
  {
    api: 'createTopics', version: 0,
    args: { topics: [{ topic: 't', numPartitions: 3, replicationFactor: 2 }], timeout: 1000 },
    expected: { topics: [{ name: 't', numPartitions: 3, replicationFactor: 2, assignments: [], configs: [] }], timeoutMs: 1000 },
  },
  {
    api: 'createTopics', version: 3,
    args: {
      topics: [{ topic: 'compacted', replicaAssignment: [{ partition: 0, replicas: [1, 2] }], configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
      validateOnly: true, timeout: 5000,
    },
    expected: {
      topics: [{
        name: 'compacted', numPartitions: -1, replicationFactor: -1,
        assignments: [{ partitionIndex: 0, brokerIds: [1, 2] }], configs: [{ name: 'cleanup.policy', value: 'compact' }],
      }],
      timeoutMs: 5000, validateOnly: true,
    },
  },
  { api: 'deleteTopics', version: 1, args: { topics: ['a', 'b'], timeout: 300 }, expected: { topicNames: ['a', 'b'], timeoutMs: 300 } },
  {
    api: 'createPartitions', version: 1,
    args: { topicPartitions: [{ topic: 't', count: 4, assignments: [[1], [2]] }, { topic: 'u', count: 2 }], validateOnly: false, timeout: 10 },
    expected: {
      topics: [{ name: 't', count: 4, assignments: [{ brokerIds: [1] }, { brokerIds: [2] }] }, { name: 'u', count: 2, assignments: null }],
      timeoutMs: 10, validateOnly: false,
    },
  },
  {
    api: 'describeConfigs', version: 1,
    args: { resources: [{ type: 2, name: 'orders', configNames: ['retention.ms'] }, { type: 4, name: '1' }], includeSynonyms: true },
    expected: {
      resources: [{ resourceType: 2, resourceName: 'orders', configurationKeys: ['retention.ms'] }, { resourceType: 4, resourceName: '1', configurationKeys: null }],
      includeSynonyms: true,
    },
  },
  {
    api: 'alterConfigs', version: 1,
    args: { resources: [{ type: 2, name: 'orders', configEntries: [{ name: 'retention.ms', value: '1000' }] }], validateOnly: true },
    expected: { resources: [{ resourceType: 2, resourceName: 'orders', configs: [{ name: 'retention.ms', value: '1000' }] }], validateOnly: true },
  },
  {
    api: 'deleteRecords', version: 1,
    args: { topics: [{ topic: 'orders', partitions: [{ partition: 1, offset: '12345678901' }] }], timeout: 250 },
    expected: { topics: [{ name: 'orders', partitions: [{ partitionIndex: 1, offset: 12345678901 }] }], timeoutMs: 250 },
  },
  { api: 'saslHandshake', version: 1, args: { mechanism: 'PLAIN' }, expected: { mechanism: 'PLAIN' } },
];

const groupsAndTransactions: RequestCase[] = [
  { api: 'findCoordinator', version: 1, args: { coordinatorKey: 'group-1', coordinatorType: 0 }, expected: { key: 'group-1', keyType: 0 } },
  { api: 'findCoordinator', version: 2, args: { coordinatorKey: 'tx-1', coordinatorType: 1 }, expected: { key: 'tx-1', keyType: 1 } },
  {
    api: 'joinGroup', version: 0,
    args: { groupId: 'g', sessionTimeout: 30000, memberId: '', protocolType: 'consumer', groupProtocols: [{ name: 'range', metadata: Buffer.from([0, 1]) }] },
    expected: { groupId: 'g', sessionTimeoutMs: 30000, memberId: '', protocolType: 'consumer', protocols: [{ name: 'range', metadata: Buffer.from([0, 1]) }] },
  },
  {
    api: 'joinGroup', version: 5,
    args: {
      groupId: 'g', sessionTimeout: 10000, rebalanceTimeout: 60000, memberId: 'm-1', groupInstanceId: 'static-1', protocolType: 'consumer',
      groupProtocols: [{ name: 'roundrobin' }, { name: 'range', metadata: Buffer.from('meta') }],
    },
    expected: {
      groupId: 'g', sessionTimeoutMs: 10000, rebalanceTimeoutMs: 60000, memberId: 'm-1', groupInstanceId: 'static-1', protocolType: 'consumer',
      protocols: [{ name: 'roundrobin', metadata: Buffer.alloc(0) }, { name: 'range', metadata: Buffer.from('meta') }],
    },
  },
  {
    api: 'syncGroup', version: 0,
    args: { groupId: 'g', generationId: 3, memberId: 'm-1', groupAssignment: [{ memberId: 'm-1', memberAssignment: Buffer.from([9, 9]) }] },
    expected: { groupId: 'g', generationId: 3, memberId: 'm-1', assignments: [{ memberId: 'm-1', assignment: Buffer.from([9, 9]) }] },
  },
  {
    api: 'syncGroup', version: 3,
    args: { groupId: 'g', generationId: 3, memberId: 'm-1', groupAssignment: [] },
    expected: { groupId: 'g', generationId: 3, memberId: 'm-1', groupInstanceId: null, assignments: [] },
  },
  { api: 'heartbeat', version: 0, args: { groupId: 'g', groupGenerationId: 7, memberId: 'm' }, expected: { groupId: 'g', generationId: 7, memberId: 'm' } },
  {
    api: 'heartbeat', version: 3, args: { groupId: 'g', groupGenerationId: 7, memberId: 'm', groupInstanceId: 'i' },
    expected: { groupId: 'g', generationId: 7, memberId: 'm', groupInstanceId: 'i' },
  },
  { api: 'leaveGroup', version: 0, args: { groupId: 'g', memberId: 'm' }, expected: { groupId: 'g', memberId: 'm' } },
  {
    api: 'leaveGroup', version: 3, args: { groupId: 'g', members: [{ memberId: 'm', groupInstanceId: 'i' }, { memberId: 'n' }] },
    expected: { groupId: 'g', members: [{ memberId: 'm', groupInstanceId: 'i' }, { memberId: 'n', groupInstanceId: null }] },
  },
  { api: 'describeGroups', version: 2, args: { groupIds: ['g', 'h'] }, expected: { groups: ['g', 'h'] } },
  { api: 'listGroups', version: 2, args: {}, expected: {} },
  { api: 'deleteGroups', version: 1, args: ['g', 'h'], expected: { groupsNames: ['g', 'h'] } },
  {
    api: 'offsetCommit', version: 5,
    args: { groupId: 'g', groupGenerationId: 2, memberId: 'm', topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '42' }, { partition: 1, offset: '7', metadata: 'x' }] }] },
    expected: {
      groupId: 'g', generationIdOrMemberEpoch: 2, memberId: 'm',
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 42, committedMetadata: null }, { partitionIndex: 1, committedOffset: 7, committedMetadata: 'x' }] }],
    },
  },
  {
    api: 'offsetFetch', version: 1, args: { groupId: 'g', topics: [{ topic: 'orders', partitions: [{ partition: 0 }, { partition: 3 }] }] },
    expected: { groupId: 'g', topics: [{ name: 'orders', partitionIndexes: [0, 3] }] },
  },
  { api: 'offsetFetch', version: 3, args: { groupId: 'g', topics: [] }, expected: { groupId: 'g', topics: null } },
  {
    api: 'initProducerId', version: 1, args: { transactionalId: 'tx', transactionTimeout: 60000 },
    expected: { transactionalId: 'tx', transactionTimeoutMs: 60000 },
  },
  {
    api: 'addPartitionsToTxn', version: 1,
    args: { transactionalId: 'tx', producerId: '4000', producerEpoch: 1, topics: [{ topic: 'orders', partitions: [0, 2] }] },
    expected: { v3AndBelowTransactionalId: 'tx', v3AndBelowProducerId: 4000, v3AndBelowProducerEpoch: 1, v3AndBelowTopics: [{ name: 'orders', partitions: [0, 2] }] },
  },
  {
    api: 'addOffsetsToTxn', version: 1, args: { transactionalId: 'tx', producerId: '4000', producerEpoch: 1, groupId: 'g' },
    expected: { transactionalId: 'tx', producerId: 4000, producerEpoch: 1, groupId: 'g' },
  },
  {
    api: 'endTxn', version: 1, args: { transactionalId: 'tx', producerId: '4000', producerEpoch: 1, transactionResult: true },
    expected: { transactionalId: 'tx', producerId: 4000, producerEpoch: 1, committed: true },
  },
  {
    api: 'txnOffsetCommit', version: 1,
    args: { transactionalId: 'tx', groupId: 'g', producerId: '4000', producerEpoch: 1, topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '5', metadata: null }] }] },
    expected: {
      transactionalId: 'tx', groupId: 'g', producerId: 4000, producerEpoch: 1,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 5, committedMetadata: null }] }],
    },
  },
];

describe('requests encoded by kafkajs', () => {
  it.each([...metadataAndAdmin, ...groupsAndTransactions].map((c) => [`${c.api} v${c.version}`, c] as const))('%s', async (_name, c) => {
    await checkRequestAgainstKafkajs(codecOf(c.api), c);
  });

  it('covers at least 8 APIs in several versions', () => {
    const apis = new Set([...metadataAndAdmin, ...groupsAndTransactions].map((c) => c.api));
    expect(apis.size).toBeGreaterThanOrEqual(20);
  });
});

describe('produce and fetch requests encoded by kafkajs', () => {
  const messages = [
    { key: 'k1', value: 'hello', timestamp: 1_700_000_000_000 },
    { key: 'k2', value: 'world', timestamp: 1_700_000_000_005 },
  ];

  it.each([3, 7])('produce v%d: the records decode as a view of the frame holding kafkajs\'s batch', async (version) => {
    const batch = await kafkajsRecordBatch(messages);
    const args = { acks: -1, timeout: 30000, topicData: [{ topic: 'orders', partitions: [{ partition: 1, messages }] }] };
    const body = await checkRequestAgainstKafkajs(codecs.Produce, {
      api: 'produce', version, args,
      expected: { transactionalId: null, acks: -1, timeoutMs: 30000, topicData: [{ name: 'orders', partitionData: [{ index: 1, records: batch }] }] },
    });
    const topicData = body.topicData as { partitionData: { records: Buffer }[] }[];
    const records = topicData[0].partitionData[0].records;
    expect(records.readInt8(16)).toBe(2); // magic
    expect(records.readInt32BE(57)).toBe(2); // record count
  });

  it('fetch v4', async () => {
    await checkRequestAgainstKafkajs(codecs.Fetch, {
      api: 'fetch', version: 4,
      args: { replicaId: -1, maxWaitTime: 500, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 1, topics: [{ topic: 'orders', partitions: [{ partition: 0, fetchOffset: '99', maxBytes: 4096 }] }] },
      expected: {
        replicaId: -1, maxWaitMs: 500, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 1,
        topics: [{ topic: 'orders', partitions: [{ partition: 0, fetchOffset: 99, partitionMaxBytes: 4096 }] }],
      },
    });
  });

  it('fetch v11', async () => {
    await checkRequestAgainstKafkajs(codecs.Fetch, {
      api: 'fetch', version: 11,
      args: {
        replicaId: -1, maxWaitTime: 100, minBytes: 1, maxBytes: 1000, isolationLevel: 0, sessionId: 5, sessionEpoch: 2, rackId: 'rack-a',
        topics: [{ topic: 'orders', partitions: [{ partition: 3, currentLeaderEpoch: 4, fetchOffset: '2', logStartOffset: '0', maxBytes: 64 }] }],
        forgottenTopics: [{ topic: 'old', partitions: [0, 1] }],
      },
      expected: {
        replicaId: -1, maxWaitMs: 100, minBytes: 1, maxBytes: 1000, isolationLevel: 0, sessionId: 5, sessionEpoch: 2,
        topics: [{ topic: 'orders', partitions: [{ partition: 3, currentLeaderEpoch: 4, fetchOffset: 2, logStartOffset: 0, partitionMaxBytes: 64 }] }],
        forgottenTopicsData: [{ topic: 'old', partitions: [0, 1] }],
        rackId: 'rack-a',
      },
    });
  });
});
