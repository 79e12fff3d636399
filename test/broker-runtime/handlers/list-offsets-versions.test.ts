// ListOffsets v7-9 special timestamps over raw requests: -3 the record with the largest timestamp
// (KIP-734), -4 the local log start (KIP-405; the log start without tiered storage), -5 the last
// tiered offset (KIP-1005; -1 without tiered storage, as Kafka).
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { DeleteRecords } from '../../../broker-runtime/protocol/generated/delete-records.js';
import { ListOffsets } from '../../../broker-runtime/protocol/generated/list-offsets.js';
import { Produce } from '../../../broker-runtime/protocol/generated/produce.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { keyed } from '../storage/helpers.js';
import { useHandlerFixture } from './fixture.js';

const fixture = useHandlerFixture();
const T = 1_700_000_000_000;

async function produce(client: RawClient, timestamps: number[]): Promise<void> {
  const records = keyed(timestamps.map((timestamp, i) => ({ key: `k${i}`, value: `v${i}`, timestamp })));
  const response = await client.send(Produce, 9, { transactionalId: null, acks: -1, timeoutMs: 5000, topicData: [{ name: 'times', partitionData: [{ index: 0, records }] }] });
  expect(response.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.NONE);
}

describe('ListOffsets v7-9', () => {
  it('answers -3 with the record of the largest timestamp, -4 with the log start, -5 with -1', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'times', numPartitions: 1 }], waitForLeaders: true });
    const client = await fixture.raw(cluster);
    // Offsets 0-2, then 3-4; the largest timestamp is at offset 1, inside the first batch.
    await produce(client, [T + 5, T + 50, T + 10]);
    await produce(client, [T + 20, T + 30]);
    const deleted = await client.send(DeleteRecords, 2, { topics: [{ name: 'times', partitions: [{ partitionIndex: 0, offset: 1 }] }], timeoutMs: 5000 });
    expect(deleted.topics[0].partitions[0]).toMatchObject({ errorCode: ErrorCode.NONE, lowWatermark: 1 });

    const timestamps = [-1, -2, -3, -4, -5, T + 15, T + 50, T + 51];
    for (const version of [7, 8, 9]) {
      const response = await client.send(ListOffsets, version, {
        replicaId: -1, isolationLevel: 0,
        topics: [{ name: 'times', partitions: timestamps.map((timestamp) => ({ partitionIndex: 0, currentLeaderEpoch: -1, timestamp })) }],
      });
      const answers = response.topics[0].partitions.map((p) => [p.errorCode, p.timestamp, p.offset, p.leaderEpoch]);
      expect(answers, `v${version}`).toEqual([
        [ErrorCode.NONE, -1, 5, 0], // latest
        [ErrorCode.NONE, -1, 1, 0], // earliest
        [ErrorCode.NONE, T + 50, 1, 0], // max timestamp
        [ErrorCode.NONE, -1, 1, 0], // earliest local
        [ErrorCode.NONE, -1, -1, -1], // latest tiered: no remote storage
        [ErrorCode.NONE, T + 50, 1, 0], // the first offset at or after T+15, in offset order
        [ErrorCode.NONE, T + 50, 1, 0],
        [ErrorCode.NONE, -1, -1, 0], // after every record
      ]);
    }
  });

  it('-3 on an empty partition finds nothing, and errors stay per partition', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'empty', numPartitions: 1 }], waitForLeaders: true });
    const client = await fixture.raw(cluster);
    const response = await client.send(ListOffsets, 9, {
      replicaId: -1, isolationLevel: 1,
      topics: [
        { name: 'empty', partitions: [{ partitionIndex: 0, currentLeaderEpoch: 0, timestamp: -3 }, { partitionIndex: 0, currentLeaderEpoch: 0, timestamp: -4 }] },
        { name: 'missing', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -5 }] },
      ],
    });
    expect(response.topics.map((t) => t.partitions.map((p) => [p.errorCode, p.offset]))).toEqual([
      [[ErrorCode.NONE, -1], [ErrorCode.NONE, 0]],
      [[ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1]],
    ]);
  });
});
