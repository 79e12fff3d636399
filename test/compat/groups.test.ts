// Consumer groups with real clients over real sockets: kafkajs 2.2.4 (JoinGroup v5, SyncGroup v3,
// OffsetCommit v5, OffsetFetch v4), kcat -G and confluent-kafka (librdkafka 2.0.2: JoinGroup v5
// with the MEMBER_ID_REQUIRED round trip, OffsetCommit/OffsetFetch v7), and committed offsets read
// back by a new consumer after the cluster restarts on the same data directory.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Admin, Consumer, ConsumerConfig, Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { type ClusterHandle, startCluster } from '../../broker-runtime/index.js';
import { runChecked } from './helpers/child-process.js';
import { compatHarness } from './helpers/harness.js';
import { kafkajsClient } from './helpers/kafkajs.js';
import { KCAT } from './helpers/kcat.js';
import { PYTHON } from './helpers/python.js';
import { waitFor } from './helpers/wait.js';

const harness = compatHarness();

/** Short timings so rebalances take a heartbeat or a fetch wait, not seconds. */
const FAST_CONSUMER: Omit<ConsumerConfig, 'groupId'> = {
  sessionTimeout: 10_000,
  rebalanceTimeout: 10_000,
  heartbeatInterval: 500,
  maxWaitTimeInMs: 200,
  retry: { initialRetryTime: 50, maxRetryTime: 500, retries: 5 },
};

interface Seen {
  partition: number;
  offset: number;
  value: string;
}

/** A kafkajs consumer in `groupId` that records what it reads and the assignments it gets. */
class TrackedConsumer {
  readonly seen: Seen[] = [];
  /** The partitions of each assignment received, latest last. */
  readonly assignments: number[][] = [];
  private readonly consumer: Consumer;
  private stopped = false;

  constructor(kafka: Kafka, groupId: string, private readonly topic: string) {
    this.consumer = kafka.consumer({ groupId, ...FAST_CONSUMER });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assignments.push([...(payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b));
    });
    harness.onTeardown(() => this.stop());
  }

  get assignment(): number[] {
    return this.assignments.at(-1) ?? [];
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ partition, message }) => {
        this.seen.push({ partition, offset: Number(message.offset), value: message.value?.toString() ?? '' });
      },
    });
  }

  /** Leaves the group (LeaveGroup), after committing what it consumed. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.consumer.disconnect();
  }
}

async function connectedAdmin(kafka: Kafka): Promise<Admin> {
  const admin = kafka.admin();
  await admin.connect();
  harness.onTeardown(() => admin.disconnect());
  return admin;
}

/** Produces `count` records numbered from `first`, record n to partition n % partitions. */
async function produceNumbered(kafka: Kafka, topic: string, first: number, count: number, partitions: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    const numbers = Array.from({ length: count }, (_, i) => first + i);
    await producer.send({ topic, messages: numbers.map((n) => ({ partition: n % partitions, value: String(n) })) });
  } finally {
    await producer.disconnect();
  }
}

/** partition -> committed offset, as OffsetFetch reports it (-1 for none). */
async function committedOffsets(admin: Admin, groupId: string, topic: string): Promise<Map<number, number>> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return new Map(offsets.partitions.map((p) => [p.partition, Number(p.offset)]));
}

async function waitForCommitted(admin: Admin, groupId: string, topic: string, expected: Map<number, number>, what: string): Promise<void> {
  let last = new Map<number, number>();
  await waitFor(async () => {
    last = await committedOffsets(admin, groupId, topic);
    return [...expected].every(([p, offset]) => last.get(p) === offset);
  }, 15_000, `${what}: committed ${JSON.stringify([...last])}, want ${JSON.stringify([...expected])}`);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('kafkajs consumer groups', () => {
  it('three consumers split six partitions; when one leaves, the others take its partitions from the committed offsets', async () => {
    const cluster = await harness.startCluster();
    const kafka = kafkajsClient(cluster.bootstrap);
    const admin = await connectedAdmin(kafka);
    const topic = 'groups-six';
    const groupId = 'six-partitions';
    await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
    await produceNumbered(kafka, topic, 0, 60, 6);

    const consumers = range(3).map(() => new TrackedConsumer(kafka, groupId, topic));
    await Promise.all(consumers.map((c) => c.start()));
    const allSeen = () => consumers.flatMap((c) => c.seen);
    await waitFor(() => consumers.every((c) => c.assignment.length === 2)
      && new Set(consumers.flatMap((c) => c.assignment)).size === 6, 20_000, 'three assignments of two partitions');
    await waitFor(() => new Set(allSeen().map((s) => s.value)).size === 60, 15_000, 'the first 60 records');
    await waitForCommitted(admin, groupId, topic, new Map(range(6).map((p) => [p, 10])), 'after the first 60');
    const described = await admin.describeGroups([groupId]);
    expect(described.groups[0]).toMatchObject({ groupId, state: 'Stable', protocolType: 'consumer', protocol: 'RoundRobinAssigner' });
    expect(described.groups[0].members).toHaveLength(3);

    const [leaving, ...staying] = consumers;
    const moved = leaving.assignment;
    const committedAtLeave = await committedOffsets(admin, groupId, topic);
    await leaving.stop();
    await waitFor(() => staying.every((c) => c.assignment.length === 3)
      && new Set(staying.flatMap((c) => c.assignment)).size === 6, 20_000, 'two assignments of three partitions');
    const marks = staying.map((c) => c.seen.length);

    await produceNumbered(kafka, topic, 60, 60, 6);
    await waitFor(() => new Set(allSeen().map((s) => s.value)).size === 120, 15_000, 'all 120 records');
    // What the two read after the rebalance, per partition: every offset from the committed one
    // to the end, none skipped, each record once.
    const after = staying.flatMap((c, i) => c.seen.slice(marks[i]));
    for (const p of range(6)) {
      const offsets = after.filter((s) => s.partition === p).map((s) => s.offset);
      const from = committedAtLeave.get(p)!;
      expect(offsets, `partition ${p}${moved.includes(p) ? ' (moved)' : ''}`).toEqual(range(20 - from).map((i) => from + i));
    }
    const numbers = new Set(allSeen().map((s) => Number(s.value)));
    expect(range(120).filter((n) => !numbers.has(n))).toEqual([]);
    await waitForCommitted(admin, groupId, topic, new Map(range(6).map((p) => [p, 20])), 'after all 120');
  });
});

describe('librdkafka consumer groups', () => {
  it('kcat -G joins a group, consumes every partition, and commits and leaves when stopped', async () => {
    const cluster = await harness.startCluster();
    const kafka = kafkajsClient(cluster.bootstrap);
    const admin = await connectedAdmin(kafka);
    const topic = 'groups-kcat';
    const groupId = 'kcat-balanced';
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await produceNumbered(kafka, topic, 0, 30, 3);

    // -u: kcat's stdout is a pipe here, which it would otherwise buffer until exit.
    const kcat = spawnUntilKilled(KCAT, ['-b', cluster.bootstrap, '-G', groupId, topic, '-q', '-u', '-f', '%p %o %s\\n', '-X', 'auto.offset.reset=earliest'], 30_000);
    const lines = () => kcat.stdout().split('\n').filter((l) => l.length > 0);
    await waitFor(() => lines().length >= 30 || kcat.exited(), 20_000, 'kcat to print 30 records');
    expect(kcat.exited(), kcat.stderr()).toBe(false);
    const seen = lines().map((l) => l.split(' ').map(Number));
    expect(seen.map(([, , n]) => n).sort((a, b) => a - b)).toEqual(range(30));
    for (const [p, offset, n] of seen) expect([p, offset]).toEqual([n % 3, Math.floor(n / 3)]);
    const [stable] = (await admin.describeGroups([groupId])).groups;
    expect(stable).toMatchObject({ state: 'Stable', protocolType: 'consumer', protocol: 'range' });
    expect(stable.members.map((m) => [m.clientId, m.clientHost])).toEqual([['rdkafka', '/127.0.0.1']]);

    // SIGTERM: kcat closes its consumer, which commits what it read (OffsetCommit v7) and leaves (LeaveGroup v1).
    kcat.terminate();
    await waitFor(() => kcat.exited(), 10_000, 'kcat to exit');
    expect(await committedOffsets(admin, groupId, topic)).toEqual(new Map(range(3).map((p) => [p, 10])));
    const [left] = (await admin.describeGroups([groupId])).groups;
    expect(left).toMatchObject({ state: 'Empty', members: [] });
  });

  it('confluent-kafka Consumer with group.id subscribes, consumes and commits', async () => {
    const cluster = await harness.startCluster();
    const kafka = kafkajsClient(cluster.bootstrap);
    const admin = await connectedAdmin(kafka);
    const topic = 'groups-confluent';
    const groupId = 'confluent-group';
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await produceNumbered(kafka, topic, 0, 20, 2);

    const result = await runChecked(PYTHON, ['-c', CONFLUENT_GROUP_CONSUMER, JSON.stringify({ bootstrap: cluster.bootstrap, group: groupId, topic, count: 20, timeout: 25 })], {
      timeoutMs: 40_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    const seen = result.stdout.toString('utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Seen);
    expect(seen.map((s) => Number(s.value)).sort((a, b) => a - b)).toEqual(range(20));
    expect(await committedOffsets(admin, groupId, topic)).toEqual(new Map([[0, 10], [1, 10]]));
    // close() left the group: nobody is a member any more.
    const [group] = (await admin.describeGroups([groupId])).groups;
    expect(group).toMatchObject({ state: 'Empty', members: [] });
  });
});

describe('committed offsets are durable', () => {
  it('a new consumer in the group resumes after the committed offsets when the cluster restarts', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-groups-'));
    harness.onTeardown(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const topic = 'groups-durable';
    const groupId = 'durable-group';

    let cluster = await restartable(dataDir);
    let kafka = kafkajsClient(cluster.bootstrap);
    let admin = await connectedAdmin(kafka);
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await produceNumbered(kafka, topic, 0, 10, 2);
    const first = new TrackedConsumer(kafka, groupId, topic);
    await first.start();
    await waitFor(() => first.seen.length >= 10, 15_000, 'the first consumer to read 10 records');
    await waitForCommitted(admin, groupId, topic, new Map([[0, 5], [1, 5]]), 'before the restart');
    await first.stop();
    await admin.disconnect();
    await cluster.close();

    cluster = await restartable(dataDir);
    kafka = kafkajsClient(cluster.bootstrap);
    admin = await connectedAdmin(kafka);
    expect(await committedOffsets(admin, groupId, topic)).toEqual(new Map([[0, 5], [1, 5]]));
    await produceNumbered(kafka, topic, 10, 6, 2);
    const second = new TrackedConsumer(kafka, groupId, topic);
    await second.start();
    await waitFor(() => second.seen.length >= 6, 15_000, 'the second consumer to read 6 records');
    expect(second.seen.map((s) => Number(s.value)).sort((a, b) => a - b)).toEqual(range(6).map((i) => 10 + i));
    for (const p of [0, 1]) expect(second.seen.filter((s) => s.partition === p).map((s) => s.offset)).toEqual([5, 6, 7]);
  });
});

/** A cluster on `dataDir` (free ports), closed at teardown unless the test closed it first. */
async function restartable(dataDir: string): Promise<ClusterHandle> {
  const cluster = await startCluster({ dataDir, port: 0 });
  harness.onTeardown(() => cluster.close());
  return cluster;
}

/**
 * Starts a long-running client; its output is read while it runs. It is killed by PID at its
 * deadline and at teardown.
 */
function spawnUntilKilled(command: string, args: string[], deadlineMs: number): { stdout(): string; stderr(): string; exited(): boolean; terminate(): void } {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  const kill = (signal: NodeJS.Signals = 'SIGKILL') => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  const timer = setTimeout(() => kill(), deadlineMs);
  harness.onTeardown(() => {
    clearTimeout(timer);
    kill();
  });
  return {
    stdout: () => Buffer.concat(out).toString('utf8'),
    stderr: () => Buffer.concat(err).toString('utf8'),
    exited: () => exited,
    terminate: () => kill('SIGTERM'),
  };
}

/** Subscribes with a group id, reads `count` records, commits synchronously and closes (LeaveGroup). */
const CONFLUENT_GROUP_CONSUMER = `
import json, sys, time
from confluent_kafka import Consumer
req = json.loads(sys.argv[1])
c = Consumer({'bootstrap.servers': req['bootstrap'], 'group.id': req['group'],
              'auto.offset.reset': 'earliest', 'enable.auto.commit': False})
c.subscribe([req['topic']])
seen = 0
deadline = time.monotonic() + req['timeout']
while seen < req['count'] and time.monotonic() < deadline:
    m = c.poll(0.2)
    if m is None:
        continue
    if m.error():
        raise SystemExit('consume error: %s' % m.error())
    print(json.dumps({'partition': m.partition(), 'offset': m.offset(), 'value': m.value().decode()}), flush=True)
    seen += 1
if seen < req['count']:
    raise SystemExit('read %d of %d records' % (seen, req['count']))
c.commit(asynchronous=False)
c.close()
`;
