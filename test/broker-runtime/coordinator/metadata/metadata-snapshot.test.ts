// Snapshots as a property: random histories of controller operations, with restarts anywhere and
// a snapshot interval small enough for many snapshots. Whatever happens, a controller restarted
// from snapshot + log has the image of one subscriber that saw every record, so does a subscriber
// that joins late from any offset, offsets only grow, and the log's files stay bounded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Controller } from '../../../../broker-runtime/coordinator/metadata/controller.js';
import { MetadataImage } from '../../../../broker-runtime/coordinator/metadata/metadata-image.js';
import type { MetadataRecord } from '../../../../broker-runtime/coordinator/metadata/metadata-records.js';
import { framed, snapshotOf } from '../../../../broker-runtime/coordinator/metadata/metadata-snapshot.js';
import { type OpenController, dumpImage, logFiles, openController } from './metadata-fixture.js';

const SNAPSHOT_BYTES = 600;
const BROKERS = [0, 1, 2, 3];
const TOPICS = ['a', 'b', 'c'];

type Op =
  | { kind: 'register' | 'fence' | 'unfence' | 'producerIds'; broker: number }
  | { kind: 'create'; topic: string; partitions: number; rf: number }
  | { kind: 'delete' | 'grow'; topic: string }
  | { kind: 'topicConfig'; topic: string; value: string | null }
  | { kind: 'brokerConfig'; resource: string; value: string | null }
  | { kind: 'shrinkIsr'; topic: string }
  | { kind: 'preferred' | 'rebalance' | 'restart' }
  | { kind: 'lateSubscriber'; from: number };

const broker = fc.constantFrom(...BROKERS);
const topic = fc.constantFrom(...TOPICS);
const value = fc.option(fc.integer({ min: 1, max: 99_999 }).map(String), { nil: null });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('register' as const, 'fence' as const, 'unfence' as const, 'producerIds' as const), broker }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), topic, partitions: fc.integer({ min: 1, max: 3 }), rf: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('delete' as const, 'grow' as const, 'shrinkIsr' as const), topic }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('topicConfig' as const), topic, value }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('brokerConfig' as const), resource: fc.constantFrom('', '0'), value }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('preferred' as const, 'rebalance' as const, 'restart' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lateSubscriber' as const), from: fc.integer({ min: 0, max: 400 }) }) },
);

function apply(controller: Controller, o: Op): void {
  switch (o.kind) {
    case 'register': return void controller.registerBroker(o.broker, '127.0.0.1', 9092 + o.broker);
    case 'fence': return controller.fenceBroker(o.broker);
    case 'unfence': return controller.unfenceBroker(o.broker);
    case 'producerIds': return void controller.allocateProducerIds(o.broker);
    case 'create':
      return void controller.createTopics([{ name: o.topic, numPartitions: o.partitions, replicationFactor: o.rf, configs: { 'retention.ms': '5' } }], false);
    case 'delete': return void controller.deleteTopic(o.topic);
    case 'grow': return void controller.createPartitions(o.topic, (controller.image.topicsByName.get(o.topic)?.partitions.length ?? 0) + 1, null, false);
    case 'topicConfig':
      return void controller.alterConfigs('topic', o.topic, [{ name: 'retention.ms', value: o.value, op: o.value === null ? 'DELETE' : 'SET' }], true, false);
    case 'brokerConfig':
      return void controller.alterConfigs('broker', o.resource, [{ name: 'log.retention.ms', value: o.value, op: o.value === null ? 'DELETE' : 'SET' }], true, false);
    case 'shrinkIsr': {
      // The leader drops its last follower from the ISR, as a lagging follower makes it do.
      const p = controller.image.topicsByName.get(o.topic)?.partitions[0];
      if (p && p.leader !== -1 && p.isr.length > 1) {
        controller.alterPartition(p.leader, p.topicId, 0, p.leaderEpoch, p.isr.filter((r) => r !== p.isr.at(-1)));
      }
      return;
    }
    case 'preferred': return void controller.electPreferredLeaders();
    case 'rebalance': return void controller.checkLeaderImbalance();
    default: return;
  }
}

describe('metadata snapshots', () => {
  it('replaying a framed snapshot into any image gives the image it was taken of', () => {
    const source = new MetadataImage();
    source.replay({ type: 'RegisterBroker', brokerId: 1, host: 'h', port: 1, rack: 'r1', brokerEpoch: 4 }, 10);
    source.replay({ type: 'BrokerRegistrationChange', brokerId: 1, fenced: true }, 11);
    source.replay({ type: 'Topic', name: 't', topicId: 'T' }, 12);
    source.replay({ type: 'Partition', topicId: 'T', partition: 0, replicas: [1], isr: [1], leader: 1, leaderEpoch: 0, partitionEpoch: 0 }, 13);
    source.replay({ type: 'PartitionChange', topicId: 'T', partition: 0, leader: -1 }, 14);
    source.replay({ type: 'Config', resourceType: 'broker', resourceName: '', name: 'log.retention.ms', value: '9' }, 15);
    source.replay({ type: 'ProducerIds', brokerId: 1, brokerEpoch: 4, nextProducerId: 2000 }, 16);
    const other = new MetadataImage();
    other.replay({ type: 'Topic', name: 'x', topicId: 'X' }, 40);
    for (const record of framed(snapshotOf(source))) other.replay(record, 3);
    expect(dumpImage(other)).toEqual(dumpImage(source));
    expect(other.partition('t', 0)).toMatchObject({ leader: -1, leaderEpoch: 1, partitionEpoch: 1 });
  });

  it('a restarted controller, and any late subscriber, has the image of a subscriber that saw every record', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 60 }), (ops) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-snapshot-property-'));
        let opened: OpenController | null = null;
        try {
          opened = openController(dir, { maxRecordBytesBetweenSnapshots: SNAPSHOT_BYTES });
          const everything = new MetadataImage();
          const history: MetadataRecord[] = [];
          const follow = (o: OpenController) => o.controller.subscribe((records, first) => {
            // Offsets only grow, across snapshots and restarts alike.
            expect(first).toBe(everything.offset + 1);
            records.forEach((r, i) => everything.replay(r, first + i));
            history.push(...records);
          }, everything.offset + 1);
          follow(opened);
          for (const o of [{ kind: 'register', broker: 0 } as Op, { kind: 'register', broker: 1 } as Op, ...ops]) {
            if (o.kind === 'restart') {
              opened.log.close();
              opened = openController(dir, { maxRecordBytesBetweenSnapshots: SNAPSHOT_BYTES });
              expect(dumpImage(opened.controller.image)).toEqual(dumpImage(everything));
              follow(opened);
            } else if (o.kind === 'lateSubscriber') {
              // A subscriber as of `from`: the records before it replayed, the rest from the controller.
              const from = Math.min(o.from, history.length);
              const late = new MetadataImage();
              history.slice(0, from).forEach((r, i) => late.replay(r, i));
              opened.controller.subscribe((records, first) => records.forEach((r, i) => late.replay(r, first + i)), from)();
              expect(dumpImage(late)).toEqual(dumpImage(everything));
            } else apply(opened.controller, o);
            const files = logFiles(dir).names;
            expect(files.filter((f) => f.endsWith('.snapshot')).length).toBeLessThanOrEqual(2);
            expect(files.filter((f) => f.endsWith('.log')).length).toBeLessThanOrEqual(2);
          }
          expect(dumpImage(opened.controller.image)).toEqual(dumpImage(everything));
        } finally {
          opened?.log.close();
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  });
});
