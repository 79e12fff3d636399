// Follower truncation by leader epoch (KIP-101/279) across three in-process brokers: a returning
// old leader drops exactly the suffix no one else had, a restarted follower whose high watermark
// lags keeps the acknowledged records it holds, a fetch out of the leader's range resets the
// follower, and DeleteRecords reaches the followers.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { DeleteRecords } from '../../../broker-runtime/protocol/generated/delete-records.js';
import { Produce } from '../../../broker-runtime/protocol/generated/produce.js';
import type { Partition } from '../../../broker-runtime/replication/partition.js';
import { OffsetCheckpointFile } from '../../../broker-runtime/storage/checkpoint-file.js';
import { rawRequest } from '../../helpers/raw-client.js';
import { batch, recordsOf } from '../storage/helpers.js';
import { type ReplicationCluster, segmentBytes, startReplicationCluster, waitFor } from './replication-cluster.js';

const TOPIC = 'epochs';
let cluster: ReplicationCluster | null = null;

afterEach(async () => {
  await cluster?.close();
  cluster = null;
});

async function start(config: Record<string, string> = {}, topicConfigs: Record<string, string> = {}): Promise<ReplicationCluster> {
  cluster = await startReplicationCluster(3, { 'replica.fetch.wait.max.ms': '50', 'replica.fetch.backoff.ms': '20', ...config });
  const [result] = cluster.controller.createTopics([{ name: TOPIC, numPartitions: 1, replicationFactor: 3, assignments: [[0, 1, 2]], configs: topicConfigs }], false);
  expect(result.errorCode).toBe(ErrorCode.NONE);
  return cluster;
}

async function produce(c: ReplicationCluster, brokerId: number, records: Buffer, acks: number): Promise<void> {
  const response = await rawRequest(`127.0.0.1:${c.brokers[brokerId].port}`, Produce, 9, {
    transactionalId: null, acks, timeoutMs: 5000, topicData: [{ name: TOPIC, partitionData: [{ index: 0, records }] }],
  });
  expect(response.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.NONE);
}

const replica = (c: ReplicationCluster, id: number): Partition => c.brokers[id].replicas.hostedPartition(TOPIC, 0)!;
const keysOn = (c: ReplicationCluster, id: number) => recordsOf(replica(c, id).log.read(replica(c, id).log.logStartOffset, 1 << 24).records).map((r) => `${r.offset}:${r.key}`);
const epochsOn = (c: ReplicationCluster, id: number) => replica(c, id).log.leaderEpochCache.entries().map((e) => [e.epoch, e.startOffset]);

describe('follower truncation by leader epoch', () => {
  it('truncates the suffix a returning old leader alone had, and ends with exactly the new leader log', async () => {
    const c = await start();
    await produce(c, 0, batch(3, { keyPrefix: 'acked-' }), -1);
    await waitFor(() => [1, 2].every((id) => replica(c, id).highWatermark === 3), 5000, 'followers at HWM 3');
    await c.brokers[1].replicas.stopFetchers();
    await c.brokers[2].replicas.stopFetchers();
    // acks=1 on the leader only: above the high watermark, acknowledged to no one as committed.
    await produce(c, 0, batch(4, { keyPrefix: 'lost-' }), 1);
    expect(replica(c, 0).log.logEndOffset).toBe(7);

    await c.takeDown(0);
    expect(c.controller.image.partition(TOPIC, 0)).toMatchObject({ leader: 1, leaderEpoch: 1 });
    c.brokers[2].replicas.restartFetchers();
    // The new leader's log ends up longer than the old one's: only epochs can tell where they part.
    await produce(c, 1, batch(2, { keyPrefix: 'new-' }), -1);
    await produce(c, 1, batch(3, { keyPrefix: 'newer-' }), -1);
    expect(replica(c, 1).log.logEndOffset).toBe(8);

    await c.bringBack(0);
    expect(replica(c, 0).role).toBe('follower');
    await waitFor(() => [0, 2].every((id) => replica(c, id).highWatermark === 8), 5000, 'brokers 0 and 2 caught up with the new leader');
    expect(keysOn(c, 0)).toEqual(['0:acked-0', '1:acked-1', '2:acked-2', '3:new-0', '4:new-1', '5:newer-0', '6:newer-1', '7:newer-2']);
    const newLeaderBytes = segmentBytes(c, 1, TOPIC);
    expect(segmentBytes(c, 0, TOPIC).equals(newLeaderBytes)).toBe(true);
    expect(segmentBytes(c, 2, TOPIC).equals(newLeaderBytes)).toBe(true);
    expect(epochsOn(c, 0)).toEqual([[0, 0], [1, 3]]);
    expect(epochsOn(c, 0)).toEqual(epochsOn(c, 1));
  });

  it('keeps the acknowledged records a restarted follower holds above its lagging high watermark (the KIP-101 data loss)', async () => {
    const c = await start();
    await produce(c, 0, batch(5, { keyPrefix: 'acked-' }), -1);
    await waitFor(() => [1, 2].every((id) => replica(c, id).highWatermark === 5), 5000, 'followers at HWM 5');
    // A crash between two high-watermark checkpoints (replica.high.watermark.checkpoint.interval.ms)
    // leaves the follower's on disk behind its log.
    await c.restart(1, () => {
      new OffsetCheckpointFile(path.join(c.dataDir, 'broker-1', 'replication-offset-checkpoint')).write([{ topic: TOPIC, partition: 0, offset: 2 }]);
    });
    // The leader dies before the follower fetches anything again: what the follower kept is all there is.
    await c.brokers[1].replicas.stopFetchers();
    expect(replica(c, 1).role).toBe('follower');
    // Truncating to the high watermark (pre-KIP-101) would have left 2 here.
    expect(replica(c, 1).log.logEndOffset).toBe(5);
    await c.takeDown(0);
    expect(c.controller.image.partition(TOPIC, 0)).toMatchObject({ leader: 1, leaderEpoch: 1 });
    await waitFor(() => replica(c, 1).highWatermark === 5, 5000, 'the new leader to commit the 5 acknowledged records');
    expect(keysOn(c, 1)).toEqual(['0:acked-0', '1:acked-1', '2:acked-2', '3:acked-3', '4:acked-4']);
  });
});

describe('follower OFFSET_OUT_OF_RANGE and log start offset', () => {
  it('starts a follower over at the leader log start when its log ends below it', async () => {
    const c = await start({}, { 'segment.bytes': '300' });
    await produce(c, 0, batch(3), -1);
    await waitFor(() => replica(c, 2).log.logEndOffset === 3, 5000, 'broker 2 to hold the first 3 records');
    await c.takeDown(2); // fenced: out of the ISR, so the high watermark moves on without it
    for (let i = 0; i < 5; i++) await produce(c, 0, batch(1, { keyPrefix: `later-${i}-` }), -1);
    const deleted = await rawRequest(`127.0.0.1:${c.brokers[0].port}`, DeleteRecords, 2, {
      topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, offset: 6 }] }], timeoutMs: 5000,
    });
    expect(deleted.topics[0].partitions[0]).toMatchObject({ errorCode: ErrorCode.NONE, lowWatermark: 6 });

    await c.bringBack(2);
    expect(replica(c, 2).log.logEndOffset).toBe(3);
    await waitFor(() => replica(c, 2).log.logEndOffset === 8, 5000, 'broker 2 to catch up from the leader log start');
    expect(replica(c, 2).log.logStartOffset).toBe(6);
    expect(keysOn(c, 2)).toEqual(['6:later-3-0', '7:later-4-0']);
    expect(epochsOn(c, 2)).toEqual([[0, 6]]);
    await waitFor(() => c.controller.image.partition(TOPIC, 0)!.isr.includes(2), 5000, 'broker 2 to rejoin the ISR');
  });

  it("truncates a follower that fetched past the leader's log end back to it", async () => {
    const c = await start();
    await produce(c, 0, batch(3), -1);
    await c.brokers[1].replicas.stopFetchers(); // holds the high watermark at 3
    await produce(c, 0, batch(2, { keyPrefix: 'kept-' }), 1);
    await produce(c, 0, batch(2, { keyPrefix: 'gone-' }), 1);
    await waitFor(() => replica(c, 2).log.logEndOffset === 7, 5000, 'broker 2 to fetch past the high watermark');
    // What an unclean election leaves behind: a leader log shorter than what a follower fetched.
    replica(c, 0).log.truncateTo(5);
    await waitFor(() => replica(c, 2).log.logEndOffset === 5, 5000, 'broker 2 to truncate to the leader log end');
    await produce(c, 0, batch(1, { keyPrefix: 'after-' }), 1);
    await waitFor(() => replica(c, 2).log.logEndOffset === 6, 5000, 'broker 2 to fetch again');
    expect(keysOn(c, 2)).toEqual(['0:k0', '1:k1', '2:k2', '3:kept-0', '4:kept-1', '5:after-0']);
    expect(segmentBytes(c, 2, TOPIC).equals(segmentBytes(c, 0, TOPIC))).toBe(true);
  });

  it('moves the followers log start offset up with the leader (DeleteRecords reaching the followers)', async () => {
    const c = await start({}, { 'segment.bytes': '300' });
    for (let i = 0; i < 10; i++) await produce(c, 0, batch(1), -1);
    expect(replica(c, 1).log.logSegments().length).toBeGreaterThan(2);
    const deleted = await rawRequest(`127.0.0.1:${c.brokers[0].port}`, DeleteRecords, 2, {
      topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, offset: 6 }] }], timeoutMs: 5000,
    });
    expect(deleted.topics[0].partitions[0]).toMatchObject({ errorCode: ErrorCode.NONE, lowWatermark: 6 });
    await waitFor(() => [1, 2].every((id) => replica(c, id).log.logStartOffset === 6), 5000, 'followers at log start 6');
    for (const id of [1, 2]) {
      expect(replica(c, id).log.logSegments()[0].baseOffset).toBe(replica(c, 0).log.logSegments()[0].baseOffset);
      expect(epochsOn(c, id)).toEqual([[0, 6]]);
    }
  });
});
