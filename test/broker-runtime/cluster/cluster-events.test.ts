// The timeline read off committed metadata records: each record judged against the image just
// before it.
import { describe, expect, it } from 'vitest';
import { replayWithEvents } from '../../../broker-runtime/cluster/cluster-events.js';
import { MetadataImage } from '../../../broker-runtime/coordinator/metadata/metadata-image.js';
import type { MetadataRecord } from '../../../broker-runtime/coordinator/metadata/metadata-records.js';

const register = (brokerId: number, brokerEpoch = 0): MetadataRecord => ({ type: 'RegisterBroker', brokerId, host: '127.0.0.1', port: 9092 + brokerId, rack: null, brokerEpoch });

function cluster(): MetadataImage {
  const image = new MetadataImage();
  replayWithEvents(image, [
    register(0), register(1), register(2),
    { type: 'Topic', name: 'orders', topicId: 'T' },
    { type: 'Partition', topicId: 'T', partition: 0, replicas: [1], isr: [1], leader: 1, leaderEpoch: 0, partitionEpoch: 0 },
    { type: 'Partition', topicId: 'T', partition: 1, replicas: [1, 2, 0], isr: [1, 2, 0], leader: 1, leaderEpoch: 0, partitionEpoch: 0 },
  ], 0, 0);
  return image;
}

describe('replayWithEvents', () => {
  it('turns a fencing into broker, leader and ISR events, and a re-registration into unfencing', () => {
    const image = cluster();
    const fencing = replayWithEvents(image, [
      { type: 'BrokerRegistrationChange', brokerId: 1, fenced: true },
      { type: 'PartitionChange', topicId: 'T', partition: 0, leader: -1 },
      { type: 'PartitionChange', topicId: 'T', partition: 1, leader: 2, isr: [2, 0] },
    ], image.offset + 1, 100);
    expect(fencing).toEqual([
      { type: 'brokerFenced', at: 100, brokerId: 1 },
      { type: 'partitionOffline', at: 100, topic: 'orders', partition: 0, previousLeader: 1 },
      { type: 'leaderElected', at: 100, topic: 'orders', partition: 1, leader: 2, previousLeader: 1, leaderEpoch: 1 },
      { type: 'isrChanged', at: 100, topic: 'orders', partition: 1, isr: [2, 0], previousIsr: [1, 2, 0], change: 'shrunk' },
    ]);
    const back = replayWithEvents(image, [
      register(1, 1),
      { type: 'PartitionChange', topicId: 'T', partition: 0, leader: 1 },
      { type: 'PartitionChange', topicId: 'T', partition: 1, isr: [2, 0, 1] },
    ], image.offset + 1, 200);
    expect(back).toEqual([
      { type: 'brokerRegistered', at: 200, brokerId: 1, brokerEpoch: 1 },
      { type: 'brokerUnfenced', at: 200, brokerId: 1 },
      { type: 'leaderElected', at: 200, topic: 'orders', partition: 0, leader: 1, previousLeader: -1, leaderEpoch: 2 },
      { type: 'isrChanged', at: 200, topic: 'orders', partition: 1, isr: [2, 0, 1], previousIsr: [2, 0], change: 'expanded' },
    ]);
    expect(image.partition('orders', 0)?.leader).toBe(1);
  });

  it('reports topics created and deleted, and stays quiet about records that change nothing it shows', () => {
    const image = cluster();
    const events = replayWithEvents(image, [
      { type: 'BrokerRegistrationChange', brokerId: 0, fenced: false },
      { type: 'Config', resourceType: 'topic', resourceName: 'orders', name: 'retention.ms', value: '1000' },
      { type: 'PartitionChange', topicId: 'T', partition: 1, isr: [0, 1, 2] },
      { type: 'Topic', name: 'payments', topicId: 'P' },
      { type: 'RemoveTopic', topicId: 'T' },
    ], image.offset + 1, 5);
    expect(events).toEqual([
      { type: 'topicCreated', at: 5, topic: 'payments' },
      { type: 'topicDeleted', at: 5, topic: 'orders' },
    ]);
  });
});
