// Responses encoded by the generated codecs must read right with kafkajs 2.2.4's own decoders.
import { describe, expect, it } from 'vitest';
import * as generated from '../../../../broker-runtime/protocol/generated/index.js';
import type { ApiMessages } from '../../../../broker-runtime/protocol/primitives/api-messages.js';
import { Reader } from '../../../../broker-runtime/protocol/primitives/reader.js';
import { Writer } from '../../../../broker-runtime/protocol/primitives/writer.js';
import { encodeResponse, kafkajsDecodeResponse, kafkajsRecordBatch } from './kafkajs.js';

const codecs = generated as unknown as Record<string, ApiMessages<unknown, unknown>>;

interface ResponseCase {
  readonly api: string;
  readonly version: number;
  readonly message: Record<string, unknown>;
  /** A subset of what kafkajs must decode. */
  readonly kafkajs: Record<string, unknown>;
}

const cases: ResponseCase[] = [
  {
    api: 'apiVersions', version: 0,
    message: { errorCode: 0, apiKeys: [{ apiKey: 0, minVersion: 0, maxVersion: 11 }, { apiKey: 18, minVersion: 0, maxVersion: 4 }] },
    kafkajs: { errorCode: 0, apiVersions: [{ apiKey: 0, minVersion: 0, maxVersion: 11 }, { apiKey: 18, minVersion: 0, maxVersion: 4 }] },
  },
  {
    api: 'apiVersions', version: 2,
    message: { errorCode: 0, apiKeys: [{ apiKey: 3, minVersion: 0, maxVersion: 12 }], throttleTimeMs: 7 },
    kafkajs: { errorCode: 0, apiVersions: [{ apiKey: 3, minVersion: 0, maxVersion: 12 }], clientSideThrottleTime: 7 },
  },
  {
    api: 'metadata', version: 0,
    message: {
      brokers: [{ nodeId: 1, host: '127.0.0.1', port: 19092 }],
      topics: [{ errorCode: 0, name: 'orders', partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, replicaNodes: [1, 2], isrNodes: [1] }] }],
    },
    kafkajs: {
      brokers: [{ nodeId: 1, host: '127.0.0.1', port: 19092 }],
      topicMetadata: [{ topicErrorCode: 0, topic: 'orders', partitionMetadata: [{ partitionErrorCode: 0, partitionId: 0, leader: 1, replicas: [1, 2], isr: [1] }] }],
    },
  },
  {
    api: 'metadata', version: 5,
    message: {
      throttleTimeMs: 0, brokers: [{ nodeId: 2, host: 'localhost', port: 9093, rack: null }], clusterId: 'oxbow', controllerId: 2,
      topics: [{ errorCode: 3, name: 'missing', isInternal: false, partitions: [] }],
    },
    kafkajs: {
      throttleTime: 0, brokers: [{ nodeId: 2, host: 'localhost', port: 9093, rack: null }], clusterId: 'oxbow', controllerId: 2,
      topicMetadata: [{ topicErrorCode: 3, topic: 'missing', isInternal: false, partitionMetadata: [] }],
    },
  },
  {
    api: 'produce', version: 5,
    message: { responses: [{ name: 'orders', partitionResponses: [{ index: 1, errorCode: 0, baseOffset: 1234567890123, logAppendTimeMs: -1, logStartOffset: 0 }] }], throttleTimeMs: 0 },
    kafkajs: { topics: [{ topicName: 'orders', partitions: [{ partition: 1, errorCode: 0, baseOffset: '1234567890123', logAppendTime: '-1', logStartOffset: '0' }] }], throttleTime: 0 },
  },
  {
    api: 'findCoordinator', version: 1,
    message: { throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 3, host: 'broker-3', port: 9094 },
    kafkajs: { errorCode: 0, errorMessage: null, coordinator: { nodeId: 3, host: 'broker-3', port: 9094 } },
  },
  {
    api: 'joinGroup', version: 5,
    message: {
      throttleTimeMs: 4, errorCode: 0, generationId: 1, protocolName: 'range', leader: 'm-1', memberId: 'm-1',
      members: [{ memberId: 'm-1', groupInstanceId: null, metadata: Buffer.from([0, 0, 1]) }],
    },
    kafkajs: {
      clientSideThrottleTime: 4, errorCode: 0, generationId: 1, groupProtocol: 'range', leaderId: 'm-1', memberId: 'm-1',
      members: [{ memberId: 'm-1', groupInstanceId: null, memberMetadata: Buffer.from([0, 0, 1]) }],
    },
  },
  {
    api: 'syncGroup', version: 1,
    message: { throttleTimeMs: 0, errorCode: 0, assignment: Buffer.from('assigned') },
    kafkajs: { errorCode: 0, memberAssignment: Buffer.from('assigned') },
  },
  {
    api: 'listOffsets', version: 2,
    message: { throttleTimeMs: 0, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 42 }] }] },
    kafkajs: { responses: [{ topic: 'orders', partitions: [{ partition: 0, errorCode: 0, timestamp: '-1', offset: '42' }] }] },
  },
  {
    api: 'offsetFetch', version: 3,
    message: {
      throttleTimeMs: 0, errorCode: 0,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: -1, metadata: '', errorCode: 0 }] }],
    },
    kafkajs: { errorCode: 0, responses: [{ topic: 'orders', partitions: [{ partition: 0, offset: '-1', metadata: '', errorCode: 0 }] }] },
  },
  {
    api: 'createTopics', version: 2,
    message: { throttleTimeMs: 0, topics: [{ name: 'a', errorCode: 36, errorMessage: 'exists' }, { name: 'b', errorCode: 0, errorMessage: null }] },
    kafkajs: { topicErrors: [{ topic: 'a', errorCode: 36, errorMessage: 'exists' }, { topic: 'b', errorCode: 0, errorMessage: null }] },
  },
  {
    api: 'describeGroups', version: 1,
    message: {
      throttleTimeMs: 0,
      groups: [{
        errorCode: 0, groupId: 'g', groupState: 'Stable', protocolType: 'consumer', protocolData: 'range',
        members: [{ memberId: 'm', clientId: 'c', clientHost: '/127.0.0.1', memberMetadata: Buffer.from([1]), memberAssignment: Buffer.from([2]) }],
      }],
    },
    kafkajs: {
      groups: [{
        errorCode: 0, groupId: 'g', state: 'Stable', protocolType: 'consumer', protocol: 'range',
        members: [{ memberId: 'm', clientId: 'c', clientHost: '/127.0.0.1', memberMetadata: Buffer.from([1]), memberAssignment: Buffer.from([2]) }],
      }],
    },
  },
  {
    api: 'listGroups', version: 1,
    message: { throttleTimeMs: 0, errorCode: 0, groups: [{ groupId: 'g', protocolType: 'consumer' }] },
    kafkajs: { errorCode: 0, groups: [{ groupId: 'g', protocolType: 'consumer' }] },
  },
  {
    api: 'initProducerId', version: 1,
    message: { throttleTimeMs: 0, errorCode: 0, producerId: 9_007_199_254_740_991, producerEpoch: 3 },
    kafkajs: { errorCode: 0, producerId: '9007199254740991', producerEpoch: 3 },
  },
  {
    api: 'saslHandshake', version: 1,
    message: { errorCode: 0, mechanisms: ['PLAIN', 'SCRAM-SHA-256'] },
    kafkajs: { errorCode: 0, enabledMechanisms: ['PLAIN', 'SCRAM-SHA-256'] },
  },
];

describe('responses decoded by kafkajs', () => {
  it.each(cases.map((c) => [`${c.api} v${c.version}`, c] as const))('%s', async (_name, c) => {
    const codec = codecs[c.api.charAt(0).toUpperCase() + c.api.slice(1)];
    const body = encodeResponse(codec, c.message, c.version);
    expect(await kafkajsDecodeResponse(c.api, c.version, body)).toMatchObject(c.kafkajs);
    // and our own decoder reads its bytes back
    expect(codec.decodeResponse(new Reader(body), c.version)).toEqual(c.message);
  });
});

describe('fetch responses carrying record batches', () => {
  it.each([4, 11])('v%d: kafkajs reads the messages of batches appended as chunks', async (version) => {
    const first = await kafkajsRecordBatch([{ key: 'a', value: 'one', timestamp: 1_700_000_000_000 }]);
    const second = await kafkajsRecordBatch([{ key: 'b', value: 'two', timestamp: 1_700_000_000_001 }]);
    second.writeInt32BE(1, 4); // baseOffset 1, as storage would patch it
    const partition = {
      partitionIndex: 0, errorCode: 0, highWatermark: 2, lastStableOffset: 2, logStartOffset: 0,
      abortedTransactions: [], preferredReadReplica: -1, records: [first, second],
    };
    const w = new Writer();
    codecs.Fetch.encodeResponse(w, { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: [{ topic: 'orders', partitions: [partition] }] }, version);
    const chunks = w.toChunks();
    expect(chunks).toContain(first); // appended, not copied
    expect(chunks).toContain(second);
    const decoded = await kafkajsDecodeResponse('fetch', version, w.toBuffer());
    const responses = decoded.responses as { topicName: string; partitions: { highWatermark: string; messages: { offset: string; key: Buffer; value: Buffer }[] }[] }[];
    expect(responses[0].topicName).toBe('orders');
    expect(responses[0].partitions[0].highWatermark).toBe('2');
    const messages = responses[0].partitions[0].messages.map((m) => [m.offset, m.key.toString(), m.value.toString()]);
    expect(messages).toEqual([['0', 'a', 'one'], ['1', 'b', 'two']]);
  });
});
