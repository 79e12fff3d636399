import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { DeleteTopics } from '../../../broker-runtime/protocol/generated/delete-topics.js';
import { Metadata } from '../../../broker-runtime/protocol/generated/metadata.js';
import { ZERO_UUID, uuidFromBytes } from '../../../broker-runtime/protocol/primitives/uuid.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { useHandlerFixture } from './fixture.js';

const fixture = useHandlerFixture();

async function topicIdOf(client: RawClient, name: string): Promise<string> {
  const response = await client.send(Metadata, 11, { topics: [{ name, topicId: ZERO_UUID }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
  return response.topics[0].topicId ?? ZERO_UUID;
}

describe('DeleteTopics', () => {
  it('deletes topics for kafkajs, with their logs, and the name can be used again', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    const producer = await fixture.producer(cluster);
    await admin.createTopics({ topics: [{ topic: 'doomed', numPartitions: 2 }, { topic: 'kept' }] });
    await producer.send({ topic: 'doomed', messages: [{ partition: 0, value: 'a' }, { partition: 0, value: 'b' }] });
    const logDir = path.join(cluster.dataDir, 'broker-0', 'doomed-0');
    expect(fs.existsSync(logDir)).toBe(true);

    await admin.deleteTopics({ topics: ['doomed'] });
    expect((await admin.listTopics()).sort()).toEqual(['kept']);
    expect(fs.existsSync(logDir)).toBe(false);

    await admin.createTopics({ topics: [{ topic: 'doomed' }] });
    expect(await admin.fetchTopicOffsets('doomed')).toEqual([{ partition: 0, offset: '0', high: '0', low: '0' }]);
  });

  it('deletes by topic id in v6 and answers with name and id', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'by-id' }, { topic: 'by-name' }] });
    const client = await fixture.raw(cluster);
    const byId = await topicIdOf(client, 'by-id');
    const byName = await topicIdOf(client, 'by-name');
    const { responses } = await client.send(DeleteTopics, 6, {
      topics: [{ name: null, topicId: byId }, { name: 'by-name', topicId: ZERO_UUID }],
      timeoutMs: 5000,
    });
    expect(responses).toEqual([
      { name: 'by-id', topicId: byId, errorCode: ErrorCode.NONE, errorMessage: null },
      { name: 'by-name', topicId: byName, errorCode: ErrorCode.NONE, errorMessage: null },
    ]);
    expect(await admin.listTopics()).toEqual([]);
  });

  it('answers unknown names and ids, names and ids given twice, and malformed entries', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'twice' }, { topic: 'both' }] });
    const client = await fixture.raw(cluster);
    const both = await topicIdOf(client, 'both');
    const unknownId = uuidFromBytes(Buffer.alloc(16, 7));
    const { responses } = await client.send(DeleteTopics, 6, {
      topics: [
        { name: 'missing', topicId: ZERO_UUID },
        { name: null, topicId: unknownId },
        { name: 'twice', topicId: ZERO_UUID },
        { name: 'twice', topicId: ZERO_UUID },
        { name: 'both', topicId: both },
        { name: null, topicId: ZERO_UUID },
      ],
      timeoutMs: 5000,
    });
    expect(responses.map((r) => [r.name, r.errorCode])).toEqual([
      ['missing', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
      [null, ErrorCode.UNKNOWN_TOPIC_ID],
      ['twice', ErrorCode.INVALID_REQUEST],
      ['both', ErrorCode.INVALID_REQUEST],
      [null, ErrorCode.INVALID_REQUEST],
    ]);
    expect((await admin.listTopics()).sort()).toEqual(['both', 'twice']);

    const v1 = await client.send(DeleteTopics, 1, { topicNames: ['missing'], timeoutMs: 5000 });
    expect(v1.responses).toEqual([{ name: 'missing', errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }]);
  });

  it('refuses every deletion when delete.topic.enable is false: INVALID_REQUEST before v3, TOPIC_DELETION_DISABLED after', async () => {
    const cluster = await fixture.start({ brokerConfig: { 'delete.topic.enable': 'false' } });
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'permanent' }] });
    const client = await fixture.raw(cluster);
    const v1 = await client.send(DeleteTopics, 1, { topicNames: ['permanent'], timeoutMs: 5000 });
    expect(v1.responses).toEqual([{ name: 'permanent', errorCode: ErrorCode.INVALID_REQUEST }]);
    const v5 = await client.send(DeleteTopics, 5, { topicNames: ['permanent'], timeoutMs: 5000 });
    expect(v5.responses).toEqual([{ name: 'permanent', errorCode: ErrorCode.TOPIC_DELETION_DISABLED, errorMessage: 'Topic deletion is disabled.' }]);
    expect(await admin.listTopics()).toEqual(['permanent']);
  });
});
