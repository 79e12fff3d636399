// The coordinator worker's runner in this thread, over real MessagePorts and a real data dir: what
// a broker that subscribes after snapshots receives (a snapshot, then live records) and how its
// RemoteMetadataSource takes it, a restart from snapshot + log, and the leader imbalance check
// driven by the runner's injected clock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoordinatorApi, CoordinatorControlApi, MetadataSubscriberApi } from '../../../broker-runtime/cluster/cluster-protocol.js';
import { CoordinatorRunner } from '../../../broker-runtime/cluster/coordinator-runner.js';
import { RemoteMetadataSource } from '../../../broker-runtime/cluster/remote-metadata-source.js';
import { RpcLink } from '../../../broker-runtime/cluster/worker-rpc.js';
import { MetadataImage } from '../../../broker-runtime/coordinator/metadata/metadata-image.js';
import type { MetadataRecord } from '../../../broker-runtime/coordinator/metadata/metadata-records.js';
import { snapshotOf } from '../../../broker-runtime/coordinator/metadata/metadata-snapshot.js';
import type { Clock } from '../../../broker-runtime/storage/clock.js';

const SESSION_MS = 2000;

class TestClock implements Clock {
  time = 1_700_000_000_000;
  now(): number {
    return this.time;
  }
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-coordinator-runner-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A runner as the supervisor sees it: its control link, and the image its metadata pushes build. */
async function startRunner(dataDir: string, clock: Clock, brokerConfig: Record<string, string>) {
  const { port1, port2 } = new MessageChannel();
  const runner = CoordinatorRunner.serve({ control: port2, dataDir, brokerConfig, sessionTimeoutMs: SESSION_MS }, clock);
  const image = new MetadataImage();
  const control = new RpcLink<MetadataSubscriberApi, CoordinatorControlApi>(port1, {
    metadata: (records, first) => records.forEach((r, i) => image.replay(r, first + i)),
  });
  const stop = () => {
    runner.shutdown();
    control.close();
  };
  cleanups.push(stop);
  await control.call('start');
  await control.call('subscribeMetadata', 0);
  return { control, image, stop };
}

/** A broker's link to the runner, feeding a RemoteMetadataSource as a broker worker does. */
async function attachBroker(control: RpcLink<MetadataSubscriberApi, CoordinatorControlApi>, brokerId: number) {
  const { port1, port2 } = new MessageChannel();
  const source = new RemoteMetadataSource();
  const link: RpcLink<MetadataSubscriberApi, CoordinatorApi> = new RpcLink<MetadataSubscriberApi, CoordinatorApi>(port1, {
    metadata: (records, first) => {
      if (!source.accept(records, first)) void link.call('subscribeMetadata', source.nextOffset);
    },
  });
  cleanups.push(() => link.close());
  await control.call('attachBroker', brokerId, port2);
  return { link, source };
}

describe('CoordinatorRunner', () => {
  it('sends a broker that subscribes after snapshots the image first, then live records, and restarts from snapshot + log', async () => {
    const dataDir = tempDir();
    const config = { 'metadata.log.max.record.bytes.between.snapshots': '1500' };
    const first = await startRunner(dataDir, new TestClock(), config);
    const early = await attachBroker(first.control, 0);
    for (const id of [0, 1]) await early.link.call('registerBroker', id, '127.0.0.1', 9092 + id, null);
    for (let i = 0; i < 20; i++) {
      await early.link.call('createTopics', [{ name: `t${i}`, numPartitions: 2, replicationFactor: 2, configs: {} }], false);
      if (i % 3 === 0) await early.link.call('deleteTopic', `t${i}`);
    }
    const coordinatorDir = path.join(dataDir, 'coordinator');
    expect(fs.readdirSync(coordinatorDir).filter((f) => f.endsWith('.snapshot'))).toHaveLength(2);

    // A broker worker that starts now subscribes from 0, which the log no longer holds.
    const late = await attachBroker(first.control, 1);
    await late.link.call('subscribeMetadata', 0);
    await early.link.call('createTopics', [{ name: 'after', numPartitions: 1, replicationFactor: 1, configs: {} }], false);
    const end = await first.control.call('metadataEnd');
    await expect.poll(() => late.source.nextOffset).toBe(end);
    const brokerImage = new MetadataImage();
    const batches: string[] = [];
    late.source.subscribe((records, from) => {
      batches.push(records[0].type);
      records.forEach((r, i) => brokerImage.replay(r, from + i));
    });
    expect(batches).toEqual(['SnapshotHeader', 'Topic']);
    expect(snapshotOf(brokerImage)).toEqual(snapshotOf(first.image));
    expect(brokerImage.topicsByName.has('after')).toBe(true);
    await expect(late.source.reached(end)).resolves.toBeUndefined();

    first.stop();
    const second = await startRunner(dataDir, new TestClock(), config);
    expect(await second.control.call('metadataEnd')).toBe(end);
    expect(snapshotOf(second.image)).toEqual(snapshotOf(first.image));
  });

  it('moves leadership back to the preferred replica when the imbalance check is due on its clock, not before', async () => {
    const clock = new TestClock();
    const start = clock.time;
    const { control, image } = await startRunner(tempDir(), clock, { 'leader.imbalance.check.interval.seconds': '10' });
    const { link } = await attachBroker(control, 0);
    for (const id of [0, 1, 5]) await link.call('registerBroker', id, '127.0.0.1', 9092 + id, null);
    await link.call('createTopics', [{ name: 'pair', numPartitions: -1, replicationFactor: -1, assignments: [[0, 1]], configs: {} }], false);
    // Broker 0 stops gracefully and comes back; replication lets it into the ISR again.
    await link.call('controlledShutdown', 0);
    await link.call('registerBroker', 0, '127.0.0.1', 9092, null);
    const moved = image.partition('pair', 0)!;
    expect(moved).toMatchObject({ leader: 1, isr: [1] });
    expect((await link.call('alterPartition', 1, moved.topicId, 0, moved.leaderEpoch, [0, 1])).errorCode).toBe(0);

    /** Moves the clock in steps shorter than a session, with brokers 0 and 1 heartbeating at each. */
    const advanceTo = async (time: number) => {
      while (clock.time < time) {
        clock.time = Math.min(time, clock.time + SESSION_MS / 2);
        for (const id of [0, 1]) await link.call('heartbeat', id);
      }
    };
    // Broker 5 never heartbeats: its fencing shows a periodic check ran at that time on the clock.
    await advanceTo(start + SESSION_MS + 500);
    await expect.poll(() => image.brokers.get(5)?.fenced, { timeout: 5000 }).toBe(true);
    expect(image.partition('pair', 0)?.leader).toBe(1);

    await advanceTo(start + 10_000);
    await expect.poll(() => image.partition('pair', 0)?.leader, { timeout: 5000 }).toBe(0);
    expect(image.partition('pair', 0)?.isr).toEqual([0, 1]);
  });
});

describe('RemoteMetadataSource and snapshots', () => {
  const topic = (name: string): MetadataRecord => ({ type: 'Topic', name, topicId: name.toUpperCase() });
  const snapshot = (endOffset: number, ...names: string[]): MetadataRecord[] => [
    { type: 'SnapshotHeader', endOffset }, ...names.map(topic), { type: 'SnapshotFooter', endOffset },
  ];

  it('takes a snapshot in place of what it held, goes on from its end, and ignores one it is past', async () => {
    const source = new RemoteMetadataSource();
    source.accept([topic('a'), topic('b')], 0);
    const image = new MetadataImage();
    source.subscribe((records, first) => records.forEach((r, i) => image.replay(r, first + i)));
    const waiting = source.reached(12);
    expect(source.accept(snapshot(10, 'b', 'c'), 2)).toBe(true);
    expect(source.nextOffset).toBe(10);
    expect([...image.topicsByName.keys()]).toEqual(['b', 'c']);
    expect(image.offset).toBe(9);
    expect(source.accept([topic('e')], 11)).toBe(false);
    expect(source.accept([topic('d'), topic('e')], 10)).toBe(true);
    await waiting;
    expect(source.accept(snapshot(11, 'stale'), 0)).toBe(true);
    expect([...image.topicsByName.keys()]).toEqual(['b', 'c', 'd', 'e']);
    expect(image.offset).toBe(11);

    // A subscriber that comes later gets the snapshot, then the records after it.
    const later = new MetadataImage();
    source.subscribe((records, first) => records.forEach((r, i) => later.replay(r, first + i)));
    expect(snapshotOf(later)).toEqual(snapshotOf(image));
  });
});
