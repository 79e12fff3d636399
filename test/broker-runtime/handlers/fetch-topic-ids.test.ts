// Fetch v13-17 (KIP-516 topic ids): a topic is named by the id Metadata v12 gives, and the answer
// carries the id back; an id the broker does not know is UNKNOWN_TOPIC_ID for each partition. From
// v15 the replica id travels in ReplicaState: a consumer's fetch (replica -1) reads up to the high
// watermark, and a long poll by id parks and wakes like one by name. From v16 (KIP-951) a fetch sent
// to a broker that does not lead the partition names the leader and its endpoint.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { Fetch, type FetchRequest, type FetchResponse } from '../../../broker-runtime/protocol/generated/fetch.js';
import { Metadata } from '../../../broker-runtime/protocol/generated/metadata.js';
import { ZERO_UUID, uuidFromBytes } from '../../../broker-runtime/protocol/primitives/uuid.js';
import { recordSetToBuffer } from '../../../broker-runtime/protocol/primitives/writer.js';
import { readRecords } from '../../../broker-runtime/protocol/records/record-batch.js';
import { splitBatches } from '../../../broker-runtime/protocol/records/batch-header.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { useHandlerFixture } from './fixture.js';

const fixture = useHandlerFixture();
const UNKNOWN_ID = uuidFromBytes(Buffer.alloc(16, 9));

function request(version: number, topicId: string, fetchOffset: number, wait = { maxWaitMs: 0, minBytes: 0 }): FetchRequest {
  return {
    ...(version >= 15 ? { replicaState: { replicaId: -1, replicaEpoch: -1 } } : { replicaId: -1 }),
    ...wait, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, rackId: '', forgottenTopicsData: [],
    topics: [{ topicId, partitions: [{ partition: 0, fetchOffset, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1, lastFetchedEpoch: -1, logStartOffset: -1 }] }],
  };
}

function values(response: FetchResponse): string[] {
  const { records } = response.responses[0].partitions[0];
  if (records === null) return [];
  return splitBatches(recordSetToBuffer(records)).flatMap(({ batch }) => readRecords(batch).map((r) => String(r.value)));
}

async function topicId(client: RawClient, name: string): Promise<string> {
  const { topics } = await client.send(Metadata, 12, { topics: [{ topicId: ZERO_UUID, name }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
  expect(topics[0].errorCode).toBe(ErrorCode.NONE);
  const id = topics[0].topicId;
  if (id === undefined || id === ZERO_UUID) throw new Error(`Metadata v12 gave ${name} no topic id`);
  return id;
}

describe('Fetch by topic id (v13-17)', () => {
  it('reads a topic named by its id and answers with the id, in every version from 13 to 17', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'by-id', numPartitions: 1 }], waitForLeaders: true });
    const producer = await fixture.producer(cluster);
    await producer.send({ topic: 'by-id', acks: -1, messages: ['a', 'b', 'c'].map((value) => ({ value })) });
    const client = await fixture.raw(cluster);
    const id = await topicId(client, 'by-id');

    for (const version of [13, 14, 15, 16, 17]) {
      const response = await client.send(Fetch, version, request(version, id, 1));
      expect(response.responses.map((t) => t.topicId)).toEqual([id]);
      const [partition] = response.responses[0].partitions;
      expect(partition).toMatchObject({ partitionIndex: 0, errorCode: ErrorCode.NONE, highWatermark: 3, logStartOffset: 0 });
      // The batch holding offset 1 comes whole: kafkajs sent all three records in one.
      expect(values(response)).toEqual(['a', 'b', 'c']);
    }
  });

  it('answers UNKNOWN_TOPIC_ID for an id no topic has, or the zero id, at once and without records', async () => {
    const cluster = await fixture.start();
    const client = await fixture.raw(cluster);
    for (const unknown of [UNKNOWN_ID, ZERO_UUID]) {
      // A long poll: an unknown topic must not park it.
      const response = await client.send(Fetch, 15, request(15, unknown, 0, { maxWaitMs: 30_000, minBytes: 1 }));
      expect(response.responses).toEqual([
        { topicId: unknown, partitions: [expect.objectContaining({ partitionIndex: 0, errorCode: ErrorCode.UNKNOWN_TOPIC_ID, highWatermark: -1 })] },
      ]);
      expect(values(response)).toEqual([]);
    }
  });

  it('v16+ names the current leader and its endpoint when a fetch reaches another broker', async () => {
    const cluster = await fixture.start({ brokers: 2 });
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'moved', numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    const client = await fixture.raw(cluster);
    const { topics: [described], brokers } = await client.send(Metadata, 12, { topics: [{ topicId: ZERO_UUID, name: 'moved' }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    const { leaderId, leaderEpoch } = described.partitions[0];
    const other = cluster.brokers.findIndex((b) => b.id !== leaderId);
    const elsewhere = await fixture.raw(cluster, other);
    const id = await topicId(client, 'moved');

    const v16 = await elsewhere.send(Fetch, 16, request(16, id, 0));
    expect(v16.responses[0].partitions[0]).toMatchObject({ errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, currentLeader: { leaderId, leaderEpoch } });
    const leader = brokers.find((b) => b.nodeId === leaderId)!;
    expect(v16.nodeEndpoints).toEqual([{ nodeId: leaderId, host: leader.host, port: leader.port, rack: null }]);

    const v15 = await elsewhere.send(Fetch, 15, request(15, id, 0));
    expect(v15.responses[0].partitions[0].errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    expect(v15.nodeEndpoints ?? []).toEqual([]);
    // From the leader itself: records, no hints.
    const atLeader = await fixture.raw(cluster, cluster.brokers.findIndex((b) => b.id === leaderId));
    const led = await atLeader.send(Fetch, 16, request(16, id, 0));
    expect(led.responses[0].partitions[0].errorCode).toBe(ErrorCode.NONE);
    expect(led.responses[0].partitions[0].currentLeader).toBeUndefined();
    expect(led.nodeEndpoints ?? []).toEqual([]);
  });

  it('parks a long poll by id until a record arrives', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'waited', numPartitions: 1 }], waitForLeaders: true });
    const client = await fixture.raw(cluster);
    const id = await topicId(client, 'waited');
    const parked = client.send(Fetch, 17, request(17, id, 0, { maxWaitMs: 30_000, minBytes: 1 }));
    const producer = await fixture.producer(cluster);
    await producer.send({ topic: 'waited', acks: -1, messages: [{ value: 'woken' }] });
    const response = await parked;
    expect(response.responses[0].topicId).toBe(id);
    expect(values(response)).toEqual(['woken']);
  });
});
