// @platformatic/kafka 1.35 (the app's client for browsing messages and reading group offsets)
// against a real 3-broker Oxbow cluster. It uses the highest version both sides have, so this
// runs Metadata v12, ListOffsets v9, OffsetFetch v9, OffsetCommit v9, JoinGroup v9, SyncGroup v5,
// LeaveGroup v5, ListGroups v5, DescribeLogDirs v4 and Fetch v17 (FINDINGS.md, @platformatic/kafka).
// NB: platformatic's Fetch v12 sends the topic id where the topic name belongs, so its consumers
// read only from a broker that advertises Fetch v13+ (topic ids), as Oxbow does.
import {
  Admin, Consumer, type Message, MessagesStreamModes, Producer, jsonDeserializer, jsonSerializer, stringDeserializer, stringSerializer,
} from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../broker-runtime/index.js';
import { compatHarness } from './helpers/harness.js';

const harness = compatHarness();
const TOPIC = 'orders';
const PARTITIONS = 3;

interface Order {
  id: number;
  item: string;
}

/**
 * 30 orders, keyed by id. Order i goes to partition i % 3 and is stamped T + i s, so partition p
 * holds orders p, p + 3, p + 6, ... at offsets 0, 1, 2, ...
 */
const ORDERS: Order[] = Array.from({ length: 30 }, (_, id) => ({ id, item: `item-${id % 7}` }));
const T = 1_700_000_000_000n;
const timestampOf = (id: number) => T + BigInt(id) * 1000n;
const STORED: Order[][] = Array.from({ length: PARTITIONS }, (_, p) => ORDERS.filter((o) => o.id % PARTITIONS === p));
const END_OFFSETS = STORED.map((orders) => BigInt(orders.length));
const byId = (a: Order, b: Order) => a.id - b.id;

function clientOptions(cluster: ClusterHandle, clientId: string) {
  return { clientId, bootstrapBrokers: cluster.bootstrap.split(','), retries: 5, retryDelay: 100, timeout: 10_000 };
}

function newAdmin(cluster: ClusterHandle): Admin {
  const admin = new Admin(clientOptions(cluster, 'oxbow-platformatic-admin'));
  harness.onTeardown(() => admin.close());
  return admin;
}

function newConsumer(cluster: ClusterHandle, groupId: string): Consumer<string, Order, string, string> {
  const consumer = new Consumer<string, Order, string, string>({
    ...clientOptions(cluster, 'oxbow-platformatic-consumer'),
    groupId,
    deserializers: { key: stringDeserializer, value: jsonDeserializer<Order>, headerKey: stringDeserializer, headerValue: stringDeserializer },
    sessionTimeout: 10_000, heartbeatInterval: 500, maxWaitTime: 100,
  });
  harness.onTeardown(() => consumer.close(true));
  return consumer;
}

/** `orders`: 3 partitions on 3 brokers, every order produced once (acks = all). */
async function clusterWithOrders(): Promise<{ cluster: ClusterHandle; admin: Admin; topicId: string; leaders: number[] }> {
  const cluster = await harness.startCluster({ brokers: 3, brokerConfig: { 'group.initial.rebalance.delay.ms': '0' } });
  const admin = newAdmin(cluster);
  const created = await admin.createTopics({ topics: [TOPIC], partitions: PARTITIONS, replicas: 3 });
  expect(created).toMatchObject([{ name: TOPIC, partitions: PARTITIONS, replicas: 3 }]);

  const producer = new Producer<string, Order, string, string>({
    ...clientOptions(cluster, 'oxbow-platformatic-producer'),
    serializers: { key: stringSerializer, value: jsonSerializer<Order>, headerKey: stringSerializer, headerValue: stringSerializer },
  });
  harness.onTeardown(() => producer.close());
  const result = await producer.send({
    acks: -1,
    messages: ORDERS.map((order) => ({
      topic: TOPIC, partition: order.id % PARTITIONS, key: `order-${order.id}`, value: order,
      timestamp: timestampOf(order.id), headers: new Map([['source', 'oxbow-test']]),
    })),
  });
  expect(new Set(result.offsets?.map((o) => o.topic))).toEqual(new Set([TOPIC]));

  const topic = (await admin.metadata({ topics: [TOPIC] })).topics.get(TOPIC)!;
  return { cluster, admin, topicId: topic.id, leaders: topic.partitions.map((p) => p.leader) };
}

describe('@platformatic/kafka against a 3-broker cluster', () => {
  it('negotiates the newest versions; Admin creates, lists and describes topics', async () => {
    const { cluster, admin, topicId, leaders } = await clusterWithOrders();
    const advertised = new Map((await admin.listApis()).map((api) => [api.name, api.maxVersion]));
    const NEWEST = { Fetch: 17, Metadata: 12, ListOffsets: 9, OffsetFetch: 9, OffsetCommit: 9, FindCoordinator: 6, JoinGroup: 9, SyncGroup: 5, LeaveGroup: 5, ListGroups: 5, DescribeLogDirs: 4 };
    expect(Object.fromEntries(Object.keys(NEWEST).map((name) => [name, advertised.get(name)]))).toEqual(NEWEST);

    expect(await admin.listTopics()).toEqual([TOPIC]);
    const metadata = await admin.metadata({ topics: [TOPIC] });
    expect(metadata.id).toBe(cluster.clusterId);
    expect([...metadata.brokers.keys()].sort()).toEqual([0, 1, 2]);
    const topic = metadata.topics.get(TOPIC)!;
    expect(topic.id).toBe(topicId);
    expect(topic.partitionsCount).toBe(PARTITIONS);
    expect(topic.partitions.map((p) => [p.replicas.length, p.isr.length])).toEqual([[3, 3], [3, 3], [3, 3]]);
    expect(new Set(leaders)).toEqual(new Set([0, 1, 2]));
  });

  it('Consumer.listOffsets: earliest, latest, by time, and the largest timestamp', async () => {
    const { cluster } = await clusterWithOrders();
    const consumer = newConsumer(cluster, 'unused');
    expect(await consumer.listOffsets({ topics: [TOPIC] })).toEqual(new Map([[TOPIC, END_OFFSETS]]));
    expect(await consumer.listOffsets({ topics: [TOPIC], timestamp: -2n })).toEqual(new Map([[TOPIC, [0n, 0n, 0n]]]));

    const offsetsAt = async (timestamp: bigint) => {
      const found = (await consumer.listOffsetsWithTimestamps({ topics: [TOPIC], timestamp })).get(TOPIC)!;
      return [0, 1, 2].map((p) => found.get(p));
    };
    const at = (offset: number, id: number) => ({ offset: BigInt(offset), timestamp: timestampOf(id) });
    // Orders 15, 16, 17 are the first at or after T + 15 s: offset 5 of each partition.
    expect(await offsetsAt(timestampOf(15))).toEqual([at(5, 15), at(5, 16), at(5, 17)]);
    expect(await offsetsAt(timestampOf(28))).toEqual([{ offset: -1n, timestamp: -1n }, at(9, 28), at(9, 29)]);
    expect(await offsetsAt(T - 1n)).toEqual([at(0, 0), at(0, 1), at(0, 2)]);
    // ListOffsets v7+ (KIP-734): -3 is the record with the largest timestamp.
    expect(await offsetsAt(-3n)).toEqual([at(9, 27), at(9, 28), at(9, 29)]);
  });

  it('a member commits; the admin lists, describes, reads, alters and deletes the group and its offsets', async () => {
    const { cluster, admin } = await clusterWithOrders();
    const consumer = newConsumer(cluster, 'order-readers');
    consumer.topics.trackAll(TOPIC);
    const memberId = await consumer.joinGroup({});
    expect(memberId).toBe(consumer.memberId);
    expect(consumer.assignments).toEqual([{ topic: TOPIC, partitions: [0, 1, 2] }]);
    await consumer.commit({ offsets: [0, 1, 2].map((partition) => ({ topic: TOPIC, partition, offset: 5n + BigInt(partition), leaderEpoch: -1 })) });

    expect((await admin.listGroups()).get('order-readers')).toEqual({ id: 'order-readers', state: 'STABLE', groupType: 'classic', protocolType: 'consumer' });
    expect((await admin.listGroups({ states: ['EMPTY'] })).has('order-readers')).toBe(false);
    const described = (await admin.describeGroups({ groups: ['order-readers'] })).get('order-readers')!;
    expect(described).toMatchObject({ id: 'order-readers', state: 'STABLE', protocolType: 'consumer' });
    expect([...described.members.keys()]).toEqual([memberId]);

    const committed = async () => {
      const [group] = await admin.listConsumerGroupOffsets({ groups: ['order-readers'] });
      expect(group.groupId).toBe('order-readers');
      return group.topics.find((t) => t.name === TOPIC)!.partitions.map((p) => [p.partitionIndex, p.committedOffset]).sort();
    };
    expect(await committed()).toEqual([[0, 5n], [1, 6n], [2, 7n]]);
    expect(await consumer.listCommittedOffsets({ topics: [{ topic: TOPIC, partitions: [0, 1, 2] }] })).toEqual(new Map([[TOPIC, [5n, 6n, 7n]]]));

    // Once the member has left, the group is Empty and an admin may rewind it.
    await consumer.leaveGroup();
    expect((await admin.listGroups({ states: ['EMPTY'] })).get('order-readers')).toMatchObject({ state: 'EMPTY' });
    await admin.alterConsumerGroupOffsets({ groupId: 'order-readers', topics: [{ name: TOPIC, partitionOffsets: [{ partition: 0, offset: 1n }, { partition: 2, offset: 0n }] }] });
    expect(await committed()).toEqual([[0, 1n], [1, 6n], [2, 0n]]);

    await admin.deleteGroups({ groups: ['order-readers'] });
    expect((await admin.listGroups()).has('order-readers')).toBe(false);
    const [gone] = await admin.listConsumerGroupOffsets({ groups: [{ groupId: 'order-readers', topics: [{ name: TOPIC, partitionIndexes: [0] }] }] });
    expect(gone.topics).toEqual([{ name: TOPIC, partitions: [{ partitionIndex: 0, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '' }] }]);
  });

  it('a group consumer reads every keyed JSON record once and commits as it goes', async () => {
    const { cluster, admin } = await clusterWithOrders();
    const consumer = newConsumer(cluster, 'stream-readers');
    const stream = await consumer.consume({ topics: [TOPIC], mode: MessagesStreamModes.EARLIEST, autocommit: false });
    const seen: Array<Message<string, Order, string, string>> = [];
    for await (const message of stream) {
      seen.push(message);
      await message.commit();
      if (seen.length === ORDERS.length) break;
    }
    await stream.close();
    expect(seen.map((m) => m.value).sort(byId)).toEqual(ORDERS);
    for (const m of seen) {
      const { id } = m.value;
      expect([m.topic, m.partition, m.offset, m.key, m.timestamp, m.headers.get('source')])
        .toEqual([TOPIC, id % PARTITIONS, BigInt(Math.floor(id / PARTITIONS)), `order-${id}`, timestampOf(id), 'oxbow-test']);
    }
    const [group] = await admin.listConsumerGroupOffsets({ groups: ['stream-readers'] });
    expect(group.topics[0].partitions.map((p) => p.committedOffset)).toEqual(END_OFFSETS);
  });

  it('Consumer.fetch reads each partition from its leader, without a group', async () => {
    const { cluster, topicId, leaders } = await clusterWithOrders();
    const consumer = newConsumer(cluster, 'unused');
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const response = await consumer.fetch({
        node: leaders[partition], maxWaitTime: 100,
        topics: [{ topicId, partitions: [{ partition, fetchOffset: 0n, partitionMaxBytes: 1_048_576, currentLeaderEpoch: -1, lastFetchedEpoch: -1 }] }],
      });
      const [data] = response.responses[0].partitions;
      expect([data.partitionIndex, data.errorCode, data.highWatermark]).toEqual([partition, 0, END_OFFSETS[partition]]);
      const records = (data.records ?? []).flatMap((batch) => batch.records.map((r) => ({
        offset: batch.firstOffset + BigInt(r.offsetDelta), timestamp: batch.firstTimestamp + r.timestampDelta,
        key: r.key?.toString(), order: JSON.parse(r.value!.toString()) as Order,
      })));
      expect(records).toEqual(STORED[partition].map((order, i) => ({ offset: BigInt(i), timestamp: timestampOf(order.id), key: `order-${order.id}`, order })));
    }
  });

  it('Admin.describeLogDirs: each broker\'s log dir with every replica\'s size', async () => {
    const { cluster, admin } = await clusterWithOrders();
    const described = await admin.describeLogDirs({ topics: [{ name: TOPIC, partitions: [0, 1, 2] }] });
    expect(described.map((d) => d.broker).sort()).toEqual([0, 1, 2]);
    for (const { broker, results } of described) {
      expect(results).toHaveLength(1);
      const [dir] = results;
      expect(dir.logDir.startsWith(cluster.dataDir) && dir.logDir.endsWith(`broker-${broker}`)).toBe(true);
      expect(dir.totalBytes).toBeGreaterThan(0n);
      expect(dir.usableBytes).toBeGreaterThan(0n);
      // Replication factor 3: every broker hosts every partition, each holding records.
      expect(dir.topics.map((t) => t.name)).toEqual([TOPIC]);
      expect(dir.topics[0].partitions.map((p) => p.partitionIndex)).toEqual([0, 1, 2]);
      for (const p of dir.topics[0].partitions) expect(p.partitionSize).toBeGreaterThan(0n);
    }
  });
});
