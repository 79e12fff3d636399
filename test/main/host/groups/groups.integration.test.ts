// The groups area against a real 3-broker cluster (worker threads) with a real kafkajs consumer
// group, read both ways the host reads groups: from the engine (the embedded cluster) and through
// the Kafka protocol (what an external cluster gets; here the same cluster with embedded() null).
// Members, assignments, lag and time lag while the group consumes; offsets reset (preview, then
// commit) once it is empty, refused while it is not; the group deleted; lag samples pushed and kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster } from '../../../../broker-runtime/index.js';
import type { ApiErrorBody, GroupDetail, PushEvent } from '../../../../main/contract/index.js';
import { AdminSession } from '../../../../main/host/admin-session.js';
import { toErrorBody } from '../../../../main/host/api-error.js';
import type { EmbeddedCluster } from '../../../../main/host/embedded-cluster.js';
import { createGroupMethods } from '../../../../main/host/groups/index.js';
import type { HostContext } from '../../../../main/host/host-context.js';
import { PushHub } from '../../../../main/host/push-hub.js';
import { LagHistory, type Scheduler } from '../../../../main/lag/index.js';

let cluster: EmbeddedCluster;
let kafka: Kafka;
let session: AdminSession;
let stateDir: string;
const logged: [string, unknown][] = [];

beforeAll(async () => {
  cluster = await startCluster({ brokers: 3 });
  kafka = new Kafka({ clientId: 'groups-test', brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING });
  session = new AdminSession({ bootstrap: cluster.bootstrap });
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-groups-'));
});

afterAll(async () => {
  await session?.close();
  await cluster?.close();
  if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
});

/** Polls until `check` stops throwing (no fixed sleeps); the last failure when the deadline passes. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function refusal(call: Promise<unknown>): Promise<ApiErrorBody> {
  const err = await call.then(() => null, (e: unknown) => e);
  if (err === null) throw new Error('the call succeeded');
  return toErrorBody(err, (message, e) => logged.push([message, e]));
}

/** The sampler's tick, driven by the test (the scheduler hands it over instead of starting cron). */
function manualSchedule() {
  const ticks = new Map<string, () => Promise<void>>();
  const schedule: Scheduler = (expression, tick) => {
    ticks.set(expression, tick);
    return { stop: () => void ticks.delete(expression) };
  };
  return {
    schedule,
    /** One sample now; the sampler schedules itself once it has replayed its history. */
    sample: () => eventually(async () => {
      const tick = ticks.get('* * * * * *');
      if (!tick) throw new Error('the lag sampler has not started');
      return tick;
    }, 10_000).then((tick) => tick()),
  };
}

const PARTITIONS = [0, 1, 2];
const HOUR_AGO = Date.now() - 3_600_000;
const MINUTE_AGO = Date.now() - 60_000;

describe.each([
  { source: 'the engine', embedded: true },
  { source: 'the Kafka protocol', embedded: false },
])('consumer groups read from $source', ({ embedded }) => {
  const topic = embedded ? 'orders-e' : 'orders-k';
  const groupId = embedded ? 'billing-e' : 'billing-k';
  const pushed: PushEvent[] = [];
  const hub = new PushHub();
  hub.subscribe((e) => pushed.push(e));
  const scheduler = manualSchedule();
  let methods: ReturnType<typeof createGroupMethods>;
  let consumer: Consumer;

  beforeAll(async () => {
    const context: HostContext = {
      bootstrap: () => cluster.bootstrap,
      kafka: () => ({ connectionId: embedded ? 'embedded' : 'external', brokers: cluster.bootstrap.split(','), sasl: null, tls: null }),
      admin: () => session,
      embedded: () => (embedded ? cluster : null),
      hub,
      stateDir,
      clock: Date.now,
      log: (message, err) => logged.push([message, err]),
    };
    methods = createGroupMethods(context, { schedule: scheduler.schedule, sampleEverySeconds: 1 });
    await session.use((admin) => admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 3 }], waitForLeaders: true }));
    const producer = kafka.producer();
    await producer.connect();
    // Ten records an hour old on each partition, for the consumer to read and commit.
    await producer.send({ topic, messages: PARTITIONS.flatMap((partition) => Array.from({ length: 10 }, (_, i) => ({ partition, value: `old-${i}`, timestamp: String(HOUR_AGO + i) }))) });
    await producer.disconnect();
  });

  afterAll(async () => {
    await consumer?.disconnect().catch(() => {});
    await methods?.close();
  });

  it('shows the consumer as a member with its assignment, and its lag once it stops keeping up', async () => {
    consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, rebalanceTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async () => {} });
    // Caught up: 10 committed on every partition.
    await eventually(async () => {
      const detail = await methods.describeGroup({ groupId });
      expect(detail.partitions.map((p) => [p.partition, p.committedOffset, p.lag])).toEqual(PARTITIONS.map((p) => [p, 10, 0]));
    });
    consumer.pause([{ topic }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: PARTITIONS.flatMap((partition) => Array.from({ length: 4 }, (_, i) => ({ partition, value: `new-${i}`, timestamp: String(MINUTE_AGO + i) }))) });
    await producer.disconnect();

    const detail: GroupDetail = await eventually(async () => {
      const d = await methods.describeGroup({ groupId });
      expect(d.totalLag).toBe(12);
      return d;
    });
    expect(detail).toMatchObject({ groupId, state: 'Stable', protocolType: 'consumer', memberCount: 1, topics: [topic] });
    expect(detail.members).toHaveLength(1);
    const [member] = detail.members;
    expect(member.clientId).toBe('groups-test');
    expect(member.clientHost).toMatch(/127\.0\.0\.1/);
    expect(member.assignments).toEqual([{ topic, partitions: PARTITIONS }]);
    expect(detail.partitions.map((p) => [p.partition, p.committedOffset, p.endOffset, p.lag, p.memberId])).toEqual(
      PARTITIONS.map((p) => [p, 10, 14, 4, member.memberId]),
    );
    // The first unconsumed record of each partition was written a minute ago.
    for (const p of detail.partitions) {
      expect(p.timeLagMs).toBeGreaterThanOrEqual(60_000);
      expect(p.timeLagMs).toBeLessThan(60_000 + 120_000);
    }
    expect(detail.maxTimeLagMs).toBe(Math.max(...detail.partitions.map((p) => p.timeLagMs!)));

    const listed = (await methods.listGroups({})).find((g) => g.groupId === groupId);
    expect(listed).toMatchObject({ state: 'Stable', memberCount: 1, topics: [topic], totalLag: 12 });
  });

  it('evaluates every sample, pushes the group health and keeps the readings for the chart', async () => {
    const before = Date.now();
    await scheduler.sample();
    await scheduler.sample();
    const health = pushed.filter((e): e is Extract<PushEvent, { kind: 'groupHealth' }> => e.kind === 'groupHealth' && e.groupId === groupId);
    expect(health.length).toBeGreaterThanOrEqual(2);
    expect(health.at(-1)!.totalLag).toBe(12);
    const listed = (await methods.listGroups({})).find((g) => g.groupId === groupId)!;
    expect(listed.status).toBe(health.at(-1)!.status);
    expect(listed.statusReason).not.toMatch(/not evaluated/);

    const points = await methods.lagHistory({ groupId, from: before - 1 });
    expect(points.length).toBeGreaterThanOrEqual(1);
    expect(points.at(-1)).toMatchObject({ lag: 12 });
    expect(points.at(-1)!.timeLagMs).toBeGreaterThanOrEqual(60_000);
    const partition = await methods.lagHistory({ groupId, topic, partition: 1, from: before - 1 });
    expect(partition.at(-1)).toMatchObject({ lag: 4 });
    // The engine knows when each offset was committed (Burrow tells STALL from STOP by it); OffsetFetch does not say.
    const stored = await new LagHistory({ dir: path.join(stateDir, 'lag-history') })
      .readGroup({ connectionId: embedded ? 'embedded' : 'external', groupId, from: before - 1, to: Date.now() });
    const committedAt = stored.at(-1)!.partitions.map((p) => p.commitTimestamp);
    if (embedded) {
      for (const at of committedAt) expect(at).toBeGreaterThanOrEqual(HOUR_AGO);
      for (const at of committedAt) expect(at).toBeLessThanOrEqual(before);
    } else {
      expect(committedAt).toEqual([undefined, undefined, undefined]);
    }
  });

  it('refuses to reset offsets or delete the group while it has a member', async () => {
    const reset = await refusal(methods.resetOffsets({ groupId, spec: { kind: 'earliest' } }));
    expect(reset).toMatchObject({ code: 'KAFKA_ERROR', kafkaCode: 'NON_EMPTY_GROUP' });
    expect(reset.message).toMatch(/no active members/);
    const removal = await refusal(methods.deleteGroup({ groupId }));
    expect(removal).toMatchObject({ code: 'KAFKA_ERROR', kafkaCode: 'NON_EMPTY_GROUP' });
    // Nothing changed.
    expect((await methods.describeGroup({ groupId })).partitions.map((p) => p.committedOffset)).toEqual([10, 10, 10]);
  });

  it('previews and commits a reset once the group is empty', async () => {
    await consumer.disconnect();
    await eventually(async () => expect(await methods.describeGroup({ groupId })).toMatchObject({ state: 'Empty', memberCount: 0 }));
    const preview = (spec: Parameters<typeof methods.previewOffsetReset>[0]['spec']) =>
      methods.previewOffsetReset({ groupId, spec }).then((rows) => rows.map((r) => [r.partition, r.currentOffset, r.targetOffset]));
    expect(await preview({ kind: 'earliest' })).toEqual(PARTITIONS.map((p) => [p, 10, 0]));
    expect(await preview({ kind: 'latest' })).toEqual(PARTITIONS.map((p) => [p, 10, 14]));
    expect(await preview({ kind: 'shift', by: -15 })).toEqual(PARTITIONS.map((p) => [p, 10, 0]));
    expect(await preview({ kind: 'shift', by: 3 })).toEqual(PARTITIONS.map((p) => [p, 10, 13]));
    expect(await preview({ kind: 'offset', offset: 100 })).toEqual(PARTITIONS.map((p) => [p, 10, 14]));
    // The first record at or after half an hour ago is the first of the new ones.
    expect(await preview({ kind: 'timestamp', timestamp: HOUR_AGO + 1_800_000 })).toEqual(PARTITIONS.map((p) => [p, 10, 10]));
    expect(await preview({ kind: 'timestamp', timestamp: HOUR_AGO + 3 })).toEqual(PARTITIONS.map((p) => [p, 10, 3]));
    // A preview commits nothing.
    expect((await methods.describeGroup({ groupId })).partitions.map((p) => p.committedOffset)).toEqual([10, 10, 10]);

    pushed.length = 0;
    const applied = await methods.resetOffsets({ groupId, topics: [topic], spec: { kind: 'offset', offset: 12 } });
    expect(applied.map((r) => [r.topic, r.partition, r.currentOffset, r.targetOffset])).toEqual(PARTITIONS.map((p) => [topic, p, 10, 12]));
    expect(pushed).toContainEqual({ kind: 'changed', what: 'groups' });
    const after = await methods.describeGroup({ groupId });
    expect(after.partitions.map((p) => [p.partition, p.committedOffset, p.lag])).toEqual(PARTITIONS.map((p) => [p, 12, 2]));
    expect(after.totalLag).toBe(6);
  });

  it('deletes the empty group', async () => {
    expect(await methods.deleteGroup({ groupId })).toBeNull();
    expect((await methods.listGroups({})).map((g) => g.groupId)).not.toContain(groupId);
    expect(await refusal(methods.describeGroup({ groupId }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(methods.deleteGroup({ groupId }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(logged).toEqual([]);
  });
});
