// Targeted robustness cases, one Kafka rule each (CLIENTS.md 4.1, 4.2, 4.4, 6): the ApiVersions
// fallback, CRC checks, invalid and missing topics, ordered answers to pipelined requests (a parked
// Fetch included), acks=0, and the connection closed for unknown keys and unsupported versions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterHandle, ErrorCode, startCluster } from '../../../broker-runtime/index.js';
import {
  type ApiMessages,
  ApiVersions,
  Fetch,
  type FetchRequest,
  FindCoordinator,
  ListOffsets,
  type ListOffsetsRequest,
  Metadata,
  Produce,
  type ProduceRequest,
  encodeRequestHeader,
} from '../../../broker-runtime/protocol/generated/index.js';
import { Writer, recordSetToBuffer } from '../../../broker-runtime/protocol/primitives/writer.js';
import { buildRecordBatch } from '../../../broker-runtime/protocol/records/record-batch.js';
import { decodeResponseFrame, encodeRequestFrame, sizePrefixed } from '../../helpers/frames.js';
import { RawClient } from '../../helpers/raw-client.js';
import { ProbeSocket } from './probe-socket.js';
import { fetchedRecords } from './steady-client.js';

const DEADLINE_MS = 5_000;
const LATEST = -1;

let cluster: ClusterHandle;
let port: number;
let admin: RawClient;
const sockets: ProbeSocket[] = [];

beforeAll(async () => {
  cluster = await startCluster();
  port = cluster.brokers[0].port;
  admin = await RawClient.connect(cluster.bootstrap, 'targeted-admin');
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  admin?.close();
  await cluster?.close();
});

async function probe(): Promise<ProbeSocket> {
  const socket = await ProbeSocket.connect(port);
  sockets.push(socket);
  return socket;
}

async function createTopic(name: string): Promise<void> {
  const metadata = await admin.send(Metadata, 9, { topics: [{ name }], allowAutoTopicCreation: true });
  expect(metadata.topics[0].errorCode).toBe(ErrorCode.NONE);
}

function batchOf(values: string[]): Buffer {
  return buildRecordBatch({ records: values.map((value) => ({ value })), baseTimestamp: 1_700_000_000_000 });
}

function produceRequest(topic: string, records: Buffer, acks = 1, partition = 0): ProduceRequest {
  return { acks, timeoutMs: 5_000, topicData: [{ name: topic, partitionData: [{ index: partition, records }] }] };
}

function fetchRequest(topic: string, fetchOffset: number, maxWaitMs = 0, minBytes = 0, partition = 0): FetchRequest {
  return {
    maxWaitMs, minBytes, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, rackId: '',
    topics: [{ topic, partitions: [{ partition, fetchOffset, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1 }] }],
    forgottenTopicsData: [],
  };
}

function listOffsetsRequest(topic: string, partition = 0): ListOffsetsRequest {
  return { replicaId: -1, isolationLevel: 0, topics: [{ name: topic, partitions: [{ partitionIndex: partition, timestamp: LATEST, currentLeaderEpoch: -1 }] }] };
}

async function logEndOffset(topic: string): Promise<number> {
  const response = await admin.send(ListOffsets, 6, listOffsetsRequest(topic));
  expect(response.topics[0].partitions[0].errorCode).toBe(ErrorCode.NONE);
  return response.topics[0].partitions[0].offset ?? -1;
}

async function fetchValues(topic: string, offset: number): Promise<string[]> {
  const response = await admin.send(Fetch, 12, fetchRequest(topic, offset));
  const part = response.responses[0].partitions[0];
  expect(part.errorCode).toBe(ErrorCode.NONE);
  return fetchedRecords(part.records === null ? Buffer.alloc(0) : recordSetToBuffer(part.records)).map((r) => r.value);
}

interface Sent<Res> {
  messages: ApiMessages<unknown, Res>;
  version: number;
  correlationId: number;
  frame: Buffer;
}

function sent<Req, Res>(messages: ApiMessages<Req, Res>, version: number, correlationId: number, request: Req): Sent<Res> {
  return { messages: messages as ApiMessages<unknown, Res>, version, correlationId, frame: encodeRequestFrame({ messages, version, correlationId, request }) };
}

/** Reads one answer per request, in order, each decoded strictly with its own codec. */
async function readAnswers(socket: ProbeSocket, requests: readonly Sent<unknown>[]): Promise<number[]> {
  const ids: number[] = [];
  for (const r of requests) {
    const frame = await socket.nextFrame(DEADLINE_MS);
    if (frame === null) throw new Error(`connection closed before the answer to correlation id ${r.correlationId}`);
    const { correlationId } = decodeResponseFrame(frame, r.messages, r.version);
    ids.push(correlationId);
  }
  return ids;
}

describe('ApiVersions of an unsupported version (KIP-511)', () => {
  it('answers v99 with a v0 body: UNSUPPORTED_VERSION and only the ApiVersions range, and keeps the connection', async () => {
    const advertised = await admin.send(ApiVersions, 3, { clientSoftwareName: 'targeted', clientSoftwareVersion: '1' });
    const ownRange = advertised.apiKeys.find((k) => k.apiKey === ApiVersions.apiKey);
    // v99 is past every codec: the header is v2 (ApiVersions >= 3 is flexible), the body v3-shaped.
    const w = new Writer();
    encodeRequestHeader(w, { requestApiKey: 18, requestApiVersion: 99, correlationId: 4242, clientId: 'future-client' }, 2);
    ApiVersions.encodeRequest(w, { clientSoftwareName: 'future-client', clientSoftwareVersion: '9.9' }, 3);
    const socket = await probe();
    await socket.write(sizePrefixed(w.toBuffer()));
    const frame = await socket.nextFrame(DEADLINE_MS);
    expect(frame).not.toBeNull();
    const { correlationId, body } = decodeResponseFrame(frame!, ApiVersions, 0);
    expect(correlationId).toBe(4242);
    expect(body.errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(body.apiKeys).toEqual([{ apiKey: 18, minVersion: 0, maxVersion: ownRange?.maxVersion }]);

    const next = sent(ApiVersions, 3, 4243, { clientSoftwareName: 'future-client', clientSoftwareVersion: '9.9' });
    await socket.write(next.frame);
    expect(await readAnswers(socket, [next])).toEqual([4243]);
  });
});

describe('Kafka error codes for bad requests', () => {
  it('answers a produce with a wrong CRC with CORRUPT_MESSAGE and appends nothing', async () => {
    await createTopic('crc-checked');
    const first = await admin.send(Produce, 9, produceRequest('crc-checked', batchOf(['kept-0', 'kept-1'])));
    expect(first.responses[0].partitionResponses[0]).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0 });
    expect(await logEndOffset('crc-checked')).toBe(2);

    const flippedRecordByte = batchOf(['lost-0', 'lost-1']);
    flippedRecordByte[flippedRecordByte.length - 3] ^= 0x01;
    const wrongCrcField = batchOf(['lost-2']);
    wrongCrcField.writeUInt32BE((wrongCrcField.readUInt32BE(17) + 1) >>> 0, 17);
    for (const corrupt of [flippedRecordByte, wrongCrcField]) {
      const response = await admin.send(Produce, 9, produceRequest('crc-checked', corrupt));
      expect(response.responses[0].partitionResponses[0]).toMatchObject({ errorCode: ErrorCode.CORRUPT_MESSAGE, baseOffset: -1 });
    }
    expect(await logEndOffset('crc-checked')).toBe(2);
    expect(await fetchValues('crc-checked', 0)).toEqual(['kept-0', 'kept-1']);
  });

  it('answers Metadata for invalid topic names with INVALID_TOPIC_EXCEPTION and creates none of them', async () => {
    const invalid = ['bad name!', '', '..', 'a'.repeat(250), 'slash/topic'];
    const response = await admin.send(Metadata, 9, { topics: invalid.map((name) => ({ name })), allowAutoTopicCreation: true });
    expect(response.topics.map((t) => [t.name, t.errorCode])).toEqual(invalid.map((name) => [name, ErrorCode.INVALID_TOPIC_EXCEPTION]));
    const v1 = await admin.send(Metadata, 1, { topics: [{ name: 'bad name!' }] });
    expect(v1.topics[0].errorCode).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    const all = await admin.send(Metadata, 9, { topics: null, allowAutoTopicCreation: false });
    expect(all.topics.filter((t) => invalid.includes(t.name ?? ''))).toEqual([]);
  });

  it('answers Produce, Fetch and ListOffsets for a missing topic or partition with UNKNOWN_TOPIC_OR_PARTITION; Produce creates nothing', async () => {
    await createTopic('one-partition');
    for (const [topic, partition] of [['never-created', 0], ['one-partition', 7]] as const) {
      const produce = await admin.send(Produce, 9, produceRequest(topic, batchOf(['x']), 1, partition));
      expect(produce.responses[0].partitionResponses[0]).toMatchObject({ errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, baseOffset: -1 });
      const fetch = await admin.send(Fetch, 12, fetchRequest(topic, 0, 0, 0, partition));
      expect(fetch.responses[0].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      const offsets = await admin.send(ListOffsets, 6, listOffsetsRequest(topic, partition));
      expect(offsets.topics[0].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    }
    const metadata = await admin.send(Metadata, 9, { topics: [{ name: 'never-created' }], allowAutoTopicCreation: false });
    expect(metadata.topics[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });
});

describe('ordered answers on one connection', () => {
  const mixed = (topic: string, ids: readonly number[]): Sent<unknown>[] => [
    sent(ApiVersions, 0, ids[0], {}),
    sent(Metadata, 1, ids[1], { topics: [{ name: topic }] }),
    sent(ListOffsets, 1, ids[2], listOffsetsRequest(topic)),
    sent(ApiVersions, 3, ids[3], { clientSoftwareName: 'pipeliner', clientSoftwareVersion: '1' }),
    sent(Produce, 3, ids[4], { transactionalId: null, ...produceRequest(topic, batchOf(['p'])) }),
    sent(Fetch, 4, ids[5], { replicaId: -1, ...fetchRequest(topic, 0) }),
    sent(FindCoordinator, 1, ids[6], { key: 'group', keyType: 0 }),
    sent(Metadata, 9, ids[7], { topics: [{ name: topic }], allowAutoTopicCreation: false }),
    sent(ListOffsets, 6, ids[8], listOffsetsRequest(topic)),
    sent(Fetch, 12, ids[9], fetchRequest(topic, 0)),
  ];

  it('answers 10 requests written in one write in order, with their correlation ids', async () => {
    await createTopic('pipelined');
    const ids = [1000, 7, -5, 2 ** 31 - 1, 42, 0, 99_999, -(2 ** 31), 3, 8];
    const requests = mixed('pipelined', ids);
    const socket = await probe();
    await socket.write(Buffer.concat(requests.map((r) => r.frame)));
    expect(await readAnswers(socket, requests)).toEqual(ids);
  });

  it('holds the answers behind a parked Fetch (maxWaitMs=500, minBytes=1) until it completes', async () => {
    await createTopic('parked');
    const ids = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
    const parked = sent(Fetch, 12, 10, fetchRequest('parked', 0, 500, 1));
    const requests = [parked, ...mixed('parked', ids).slice(0, 9)];
    const socket = await probe();
    const start = performance.now();
    await socket.write(Buffer.concat(requests.map((r) => r.frame)));
    const first = await socket.nextFrame(DEADLINE_MS);
    const waited = performance.now() - start;
    expect(first).not.toBeNull();
    const fetchAnswer = decodeResponseFrame(first!, Fetch, 12);
    expect(fetchAnswer.correlationId).toBe(10);
    expect(fetchAnswer.body.responses[0].partitions[0].errorCode).toBe(ErrorCode.NONE);
    // The fetch waited out its maxWaitMs (nothing was appended), and nothing overtook it.
    expect(waited).toBeGreaterThanOrEqual(450);
    expect(await readAnswers(socket, requests.slice(1))).toEqual(ids.slice(0, 9));
  });

  it('sends no answer to an acks=0 produce but appends it: the next answer belongs to the next request', async () => {
    await createTopic('fire-and-forget');
    const socket = await probe();
    const silent = sent(Produce, 9, 1, produceRequest('fire-and-forget', batchOf(['f0', 'f1', 'f2']), 0));
    const versions = sent(ApiVersions, 3, 2, { clientSoftwareName: 'acks0', clientSoftwareVersion: '1' });
    await socket.write(Buffer.concat([silent.frame, versions.frame]));
    expect(await readAnswers(socket, [versions])).toEqual([2]);
    expect(await logEndOffset('fire-and-forget')).toBe(3);
    expect(await fetchValues('fire-and-forget', 0)).toEqual(['f0', 'f1', 'f2']);
  });

  it('closes the connection, answering nothing, when an acks=0 produce fails', async () => {
    const socket = await probe();
    const failing = sent(Produce, 9, 1, produceRequest('acks0-missing-topic', batchOf(['x']), 0));
    const versions = sent(ApiVersions, 3, 2, { clientSoftwareName: 'acks0', clientSoftwareVersion: '1' });
    await socket.write(Buffer.concat([failing.frame, versions.frame]));
    expect(await socket.waitForClose(DEADLINE_MS)).toEqual([]);
  });
});

describe('requests Kafka cannot parse', () => {
  it('closes the connection for unknown API keys and unsupported versions, without disturbing other connections', async () => {
    const versions = await admin.send(ApiVersions, 3, { clientSoftwareName: 'targeted', clientSoftwareVersion: '1' });
    const range = (key: number) => versions.apiKeys.find((k) => k.apiKey === key)!;
    // Valid frames whose header is then patched (bytes 4-5: API key, 6-7: version).
    const patched = (frame: Buffer, at: number, value: number): Buffer => {
      const copy = Buffer.from(frame);
      copy.writeInt16BE(value, at);
      return copy;
    };
    const frames = [
      patched(sent(ApiVersions, 0, 5, {}).frame, 4, 1000),
      patched(sent(Metadata, 1, 6, { topics: null }).frame, 4, -1),
      patched(sent(Produce, 9, 7, produceRequest('pipelined', batchOf(['x']))).frame, 6, range(Produce.apiKey).maxVersion + 1),
      patched(sent(Fetch, 4, 8, { replicaId: -1, ...fetchRequest('pipelined', 0) }).frame, 6, range(Fetch.apiKey).minVersion - 1),
      patched(sent(Metadata, 9, 9, { topics: null, allowAutoTopicCreation: false }).frame, 6, 0x7fff),
    ];
    for (const frame of frames) {
      const socket = await probe();
      await socket.write(frame);
      expect(await socket.waitForClose(DEADLINE_MS)).toEqual([]);
    }
    const stillServed = await admin.send(ApiVersions, 3, { clientSoftwareName: 'targeted', clientSoftwareVersion: '1' });
    expect(stillServed.errorCode).toBe(ErrorCode.NONE);
  });
});
