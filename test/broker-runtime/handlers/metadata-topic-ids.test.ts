// Metadata by topic id: v12 looks a topic with a null name up by id (UNKNOWN_TOPIC_ID with a null
// name for an unknown one, never auto-created), as Oxbow already did for v10-11, where the unknown
// id's name is '' (not nullable there).
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { Metadata } from '../../../broker-runtime/protocol/generated/metadata.js';
import { ZERO_UUID, uuidFromBytes } from '../../../broker-runtime/protocol/primitives/uuid.js';
import { useHandlerFixture } from './fixture.js';

const fixture = useHandlerFixture();
const UNKNOWN_ID = uuidFromBytes(Buffer.alloc(16, 7));
const NOT_REQUESTED = -(2 ** 31);

describe('Metadata v12', () => {
  it('describes a topic asked for by id as by name; an unknown id is UNKNOWN_TOPIC_ID with a null name, and not created', async () => {
    const cluster = await fixture.start({ brokers: 2 });
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'by-id', numPartitions: 2, replicationFactor: 2 }], waitForLeaders: true });
    const client = await fixture.raw(cluster);
    const ask = (topics: Array<{ topicId?: string; name: string | null }> | null, allowAutoTopicCreation = true) => (
      client.send(Metadata, 12, { topics, allowAutoTopicCreation, includeTopicAuthorizedOperations: false })
    );

    const byName = await ask([{ topicId: ZERO_UUID, name: 'by-id' }]);
    const [named] = byName.topics;
    expect(named).toMatchObject({ errorCode: ErrorCode.NONE, name: 'by-id', isInternal: false });
    expect(named.topicId).not.toBe(ZERO_UUID);
    expect(named.partitions.map((p) => [p.partitionIndex, p.replicaNodes.length])).toEqual([[0, 2], [1, 2]]);
    expect(byName.brokers.map((b) => b.nodeId)).toEqual([0, 1]);
    expect(byName.clusterId).toBe(cluster.clusterId);

    const byId = await ask([{ topicId: named.topicId, name: null }, { topicId: UNKNOWN_ID, name: null }, { topicId: ZERO_UUID, name: 'by-id' }]);
    expect(byId.topics).toEqual([
      named,
      { errorCode: ErrorCode.UNKNOWN_TOPIC_ID, name: null, topicId: UNKNOWN_ID, isInternal: false, partitions: [], topicAuthorizedOperations: NOT_REQUESTED },
      named,
    ]);
    expect((await ask(null)).topics.map((t) => t.name)).toEqual(['by-id']);
    // Names still auto-create in v12; an id never does.
    expect((await ask([{ topicId: ZERO_UUID, name: 'auto-created' }])).topics[0]).toMatchObject({ errorCode: ErrorCode.NONE, name: 'auto-created' });
    expect((await ask([{ topicId: ZERO_UUID, name: null }])).topics[0]).toMatchObject({ errorCode: ErrorCode.UNKNOWN_TOPIC_ID, name: null });
    expect((await ask(null)).topics.map((t) => t.name).sort()).toEqual(['auto-created', 'by-id']);
  });

  it('v10-11 answer an unknown id with an empty name (not nullable there), a known one as v12', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'named', numPartitions: 1 }], waitForLeaders: true });
    const client = await fixture.raw(cluster);
    const { topics: [named] } = await client.send(Metadata, 12, { topics: [{ topicId: ZERO_UUID, name: 'named' }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });

    const unknown = { errorCode: ErrorCode.UNKNOWN_TOPIC_ID, name: '', topicId: UNKNOWN_ID, isInternal: false, partitions: [], topicAuthorizedOperations: NOT_REQUESTED };
    const topics = [{ topicId: named.topicId, name: null }, { topicId: UNKNOWN_ID, name: null }];
    const v11 = await client.send(Metadata, 11, { topics, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    expect(v11.topics).toEqual([named, unknown]);
    const v10 = await client.send(Metadata, 10, { topics, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    expect(v10.topics).toEqual([named, unknown]);
  });
});
