import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Controller } from '../../../../broker-runtime/coordinator/metadata/controller.js';
import { MetadataLog } from '../../../../broker-runtime/coordinator/metadata/metadata-log.js';
import type { MetadataRecord } from '../../../../broker-runtime/coordinator/metadata/metadata-records.js';
import { KafkaError } from '../../../../broker-runtime/errors.js';
import { ErrorCode } from '../../../../broker-runtime/protocol/error-codes.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-controller-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function open(): { controller: Controller; log: MetadataLog } {
  const log = MetadataLog.open(path.join(dir, 'metadata.log'));
  let n = 0;
  const controller = new Controller({
    log,
    defaults: { numPartitions: 1, defaultReplicationFactor: 1 },
    validateTopicConfig: (name, value) => {
      if (name !== 'retention.ms') throw new KafkaError('INVALID_CONFIG', `Unknown topic config name: ${name}`);
      if (!/^-?\d+$/.test(value)) throw new KafkaError('INVALID_CONFIG', `Invalid value ${value} for retention.ms`);
    },
    random: { uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, int: () => 0 },
  });
  return { controller, log };
}

describe('Controller', () => {
  it('creates topics with spread leaders, and the state survives a restart by replay', () => {
    const first = open();
    for (const id of [0, 1, 2]) first.controller.registerBroker(id, '127.0.0.1', 9092 + id);
    const [created] = first.controller.createTopics([{ name: 'orders', numPartitions: 6, replicationFactor: 3, configs: { 'retention.ms': '1000' } }], false);
    expect(created).toMatchObject({ errorCode: 0, numPartitions: 6, replicationFactor: 3 });
    const leaders = first.controller.image.topicsByName.get('orders')!.partitions.map((p) => p.leader);
    expect([0, 1, 2].map((b) => leaders.filter((l) => l === b).length)).toEqual([2, 2, 2]);
    for (const p of first.controller.image.topicsByName.get('orders')!.partitions) expect(new Set(p.replicas).size).toBe(3);
    first.log.close();

    const second = open();
    const topic = second.controller.image.topicsByName.get('orders')!;
    expect(topic.partitions.map((p) => p.leader)).toEqual(leaders);
    expect(second.controller.image.configsOf('topic', 'orders').get('retention.ms')).toBe('1000');
    second.log.close();
  });

  it('answers Kafka error codes for bad names, duplicates, bad configs and too few brokers', () => {
    const { controller, log } = open();
    controller.registerBroker(0, '127.0.0.1', 9092);
    const results = controller.createTopics([
      { name: 'bad name!', numPartitions: 1, replicationFactor: 1, configs: {} },
      { name: 'a.b', numPartitions: 1, replicationFactor: 1, configs: {} },
      { name: 'a_b', numPartitions: 1, replicationFactor: 1, configs: {} },
      { name: 'x', numPartitions: 1, replicationFactor: 1, configs: { 'no.such': '1' } },
      { name: 'y', numPartitions: 1, replicationFactor: 3, configs: {} },
      { name: 'z', numPartitions: 0, replicationFactor: 1, configs: {} },
    ], false);
    expect(results.map((r) => r.errorCode)).toEqual([
      ErrorCode.INVALID_TOPIC_EXCEPTION, ErrorCode.NONE, ErrorCode.INVALID_TOPIC_EXCEPTION,
      ErrorCode.INVALID_CONFIG, ErrorCode.INVALID_REPLICATION_FACTOR, ErrorCode.INVALID_PARTITIONS,
    ]);
    expect(controller.createTopics([{ name: 'a.b', numPartitions: 1, replicationFactor: 1, configs: {} }], false)[0].errorCode)
      .toBe(ErrorCode.TOPIC_ALREADY_EXISTS);
    log.close();
  });

  it('validateOnly changes nothing; delete, add partitions and alter configs publish records', () => {
    const { controller, log } = open();
    controller.registerBroker(0, '127.0.0.1', 9092);
    const seen: MetadataRecord[] = [];
    controller.subscribe((records) => seen.push(...records));
    expect(controller.createTopics([{ name: 't', numPartitions: 2, replicationFactor: 1, configs: {} }], true)[0].errorCode).toBe(0);
    expect(controller.image.topicsByName.has('t')).toBe(false);
    controller.createTopics([{ name: 't', numPartitions: 2, replicationFactor: 1, configs: {} }], false);
    expect(controller.createPartitions('t', 2, null, false).errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
    expect(controller.createPartitions('t', 4, null, false).errorCode).toBe(0);
    expect(controller.image.topicsByName.get('t')!.partitions).toHaveLength(4);
    expect(controller.alterConfigs('topic', 't', [{ name: 'retention.ms', value: '5', op: 'SET' }], true, false).errorCode).toBe(0);
    expect(controller.alterConfigs('topic', 't', [{ name: 'retention.ms', value: 'x', op: 'SET' }], true, false).errorCode).toBe(ErrorCode.INVALID_CONFIG);
    expect(controller.image.configsOf('topic', 't').get('retention.ms')).toBe('5');
    expect(controller.alterConfigs('topic', 't', [], false, false).errorCode).toBe(0);
    expect(controller.image.configsOf('topic', 't').size).toBe(0);
    expect(controller.deleteTopic('t').errorCode).toBe(0);
    expect(controller.deleteTopic('t').errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(seen.map((r) => r.type)).toEqual(['RegisterBroker', 'Topic', 'Partition', 'Partition', 'Partition', 'Partition', 'Config', 'Config', 'RemoveTopic']);
    log.close();
  });

  it('cuts a torn or corrupted tail of the metadata log and keeps the valid prefix', () => {
    const first = open();
    first.controller.registerBroker(0, '127.0.0.1', 9092);
    first.controller.createTopics([{ name: 'kept', numPartitions: 1, replicationFactor: 1, configs: {} }], false);
    first.log.close();
    const file = path.join(dir, 'metadata-00000000000000000000.log');
    const size = fs.statSync(file).size;
    fs.appendFileSync(file, '0badc0de {"type":"Topic","name":"torn"');
    const second = open();
    expect([...second.controller.image.topicsByName.keys()]).toEqual(['kept']);
    expect(fs.statSync(file).size).toBe(size);
    second.controller.createTopics([{ name: 'after', numPartitions: 1, replicationFactor: 1, configs: {} }], false);
    second.log.close();
    const third = open();
    expect([...third.controller.image.topicsByName.keys()]).toEqual(['kept', 'after']);
    third.log.close();
  });
});
