// A metadata snapshot: the image re-expressed as the fewest records that rebuild it, as KRaft's
// snapshots are (MetadataImage.write): one registration per broker, one Topic and one Partition
// record per partition with its current leader, ISR and epochs, one Config record per dynamic
// config, the producer id watermark. No history: deleted topics and superseded changes are gone.
//
// Invariants:
// - replaying framed(snapshotOf(image)) into any image (empty or not) leaves it equal to `image`,
//   offset included (metadata-snapshot.test.ts checks it against full replays of random histories);
// - the records come in a canonical order (brokers by id, topics by name, configs by resource and
//   name), so two equal images give equal snapshots, whatever order their history had.
import type { MetadataImage } from './metadata-image.js';
import type { ConfigRecord, MetadataRecord } from './metadata-records.js';

export interface MetadataSnapshot {
  /** The offset of the first log record after the snapshot; it stands for [0, endOffset). */
  endOffset: number;
  records: MetadataRecord[];
}

const byKey = <T>(key: (value: T) => string | number) => (a: T, b: T) => {
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

export function snapshotOf(image: MetadataImage): MetadataSnapshot {
  const records: MetadataRecord[] = [];
  for (const broker of [...image.brokers.values()].sort(byKey((b) => b.brokerId))) {
    const { brokerId, host, port, rack, brokerEpoch } = broker;
    records.push({ type: 'RegisterBroker', brokerId, host, port, rack, brokerEpoch });
    // A registration replays as unfenced; a fenced broker needs its fencing after it.
    if (broker.fenced) records.push({ type: 'BrokerRegistrationChange', brokerId, fenced: true });
  }
  for (const topic of [...image.topicsByName.values()].sort(byKey((t) => t.name))) {
    records.push({ type: 'Topic', name: topic.name, topicId: topic.topicId });
    for (const p of topic.partitions) {
      records.push({
        type: 'Partition', topicId: p.topicId, partition: p.partition, replicas: [...p.replicas], isr: [...p.isr],
        leader: p.leader, leaderEpoch: p.leaderEpoch, partitionEpoch: p.partitionEpoch,
      });
    }
  }
  const configs: ConfigRecord[] = [];
  for (const { resourceType, resourceName, configs: values } of image.configResources()) {
    for (const [name, value] of values) configs.push({ type: 'Config', resourceType, resourceName, name, value });
  }
  records.push(...configs.sort(byKey((c) => `${c.resourceType}\u0000${c.resourceName}\u0000${c.name}`)));
  // The broker that took the last block does not matter to anyone replaying: only the watermark does.
  if (image.nextProducerId > 0) records.push({ type: 'ProducerIds', brokerId: -1, brokerEpoch: -1, nextProducerId: image.nextProducerId });
  return { endOffset: image.offset + 1, records };
}

/** The snapshot as it is replayed and sent to subscribers: header, records, footer. */
export function framed(snapshot: MetadataSnapshot): MetadataRecord[] {
  return [
    { type: 'SnapshotHeader', endOffset: snapshot.endOffset },
    ...snapshot.records,
    { type: 'SnapshotFooter', endOffset: snapshot.endOffset },
  ];
}
