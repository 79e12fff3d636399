import fs from 'node:fs';
import path from 'node:path';
import { type Admin, ConfigResourceTypes } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../broker-runtime/index.js';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { AlterConfigs, type AlterConfigsRequestResource } from '../../../broker-runtime/protocol/generated/alter-configs.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { useHandlerFixture } from './fixture.js';

const fixture = useHandlerFixture();

const TOPIC = 2;
const BROKER = 4;

async function topicConfig(admin: Admin, topic: string, names: string[]): Promise<Record<string, [string, number]>> {
  const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: names }] });
  return Object.fromEntries(resources[0].configEntries.map((e) => [e.configName, [e.configValue, e.configSource]]));
}

async function alter(client: RawClient, resources: AlterConfigsRequestResource[], validateOnly = false) {
  return (await client.send(AlterConfigs, 2, { resources, validateOnly })).responses;
}

const segmentFiles = (cluster: ClusterHandle, topic: string) =>
  fs.readdirSync(path.join(cluster.dataDir, 'broker-0', `${topic}-0`)).filter((f) => f.endsWith('.log'));

async function produceBatches(cluster: ClusterHandle, topic: string, count: number) {
  const producer = await fixture.producer(cluster);
  for (let i = 0; i < count; i++) await producer.send({ topic, messages: [{ value: 'x'.repeat(400) }] });
}

describe('AlterConfigs', () => {
  it('replaces all of a topic\'s dynamic configs for kafkajs, and validateOnly changes nothing', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'tuned' }] });
    const names = ['cleanup.policy', 'retention.ms', 'segment.ms'];
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 'tuned', configEntries: [{ name: 'retention.ms', value: '1000' }, { name: 'cleanup.policy', value: 'compact' }] }],
    });
    expect(await topicConfig(admin, 'tuned', names)).toEqual({
      'cleanup.policy': ['compact', 1], 'retention.ms': ['1000', 1], 'segment.ms': ['604800000', 5],
    });
    await admin.alterConfigs({
      validateOnly: true,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 'tuned', configEntries: [{ name: 'segment.ms', value: '60000' }] }],
    });
    expect((await topicConfig(admin, 'tuned', names))['segment.ms']).toEqual(['604800000', 5]);
    // Not incremental: what is left out goes back to its default.
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 'tuned', configEntries: [{ name: 'segment.ms', value: '60000' }] }],
    });
    expect(await topicConfig(admin, 'tuned', names)).toEqual({
      'cleanup.policy': ['delete', 5], 'retention.ms': ['604800000', 5], 'segment.ms': ['60000', 1],
    });
  });

  it('changes the logs: a topic\'s segment.bytes, then the broker-wide log.segment.bytes', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'small-segments' }, { topic: 'broker-default' }] });
    await produceBatches(cluster, 'small-segments', 4);
    expect(segmentFiles(cluster, 'small-segments')).toHaveLength(1);

    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 'small-segments', configEntries: [{ name: 'segment.bytes', value: '1024' }] }],
    });
    await produceBatches(cluster, 'small-segments', 6);
    expect(segmentFiles(cluster, 'small-segments').length).toBeGreaterThan(1);

    await produceBatches(cluster, 'broker-default', 4);
    // kafkajs refuses the empty resource name of the cluster-wide default.
    const client = await fixture.raw(cluster);
    const [clusterDefault] = await alter(client, [{ resourceType: BROKER, resourceName: '', configs: [{ name: 'log.segment.bytes', value: '1024' }] }]);
    expect(clusterDefault.errorCode).toBe(ErrorCode.NONE);
    await produceBatches(cluster, 'broker-default', 6);
    expect(segmentFiles(cluster, 'broker-default').length).toBeGreaterThan(1);
    expect(await topicConfig(admin, 'broker-default', ['segment.bytes'])).toEqual({ 'segment.bytes': ['1024', 3] });
  });

  it('answers INVALID_CONFIG with the reason for unknown names and bad values, of topics and brokers', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 't' }] });
    const client = await fixture.raw(cluster);
    const cases: [AlterConfigsRequestResource, number, RegExp][] = [
      [{ resourceType: TOPIC, resourceName: 't', configs: [{ name: 'retention.weeks', value: '1' }] }, ErrorCode.INVALID_CONFIG, /retention\.weeks/],
      [{ resourceType: TOPIC, resourceName: 'missing', configs: [{ name: 'retention.ms', value: '1' }] }, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, /missing/],
      [{ resourceType: BROKER, resourceName: '0', configs: [{ name: 'num.partitions', value: '3' }] }, ErrorCode.INVALID_CONFIG, /num\.partitions/],
      [{ resourceType: BROKER, resourceName: '0', configs: [{ name: 'no.such.config', value: '3' }] }, ErrorCode.INVALID_CONFIG, /no\.such\.config/],
      [{ resourceType: BROKER, resourceName: '', configs: [{ name: 'log.retention.ms', value: 'a week' }] }, ErrorCode.INVALID_CONFIG, /log\.retention\.ms/],
      [{ resourceType: BROKER, resourceName: '', configs: [{ name: 'log.cleanup.policy', value: 'shred' }] }, ErrorCode.INVALID_CONFIG, /cleanup\.policy/],
      [{ resourceType: BROKER, resourceName: 'zero', configs: [{ name: 'log.retention.ms', value: '1' }] }, ErrorCode.INVALID_REQUEST, /integer/],
      [{ resourceType: 8, resourceName: '0', configs: [{ name: 'kafka.server', value: 'DEBUG' }] }, ErrorCode.INVALID_REQUEST, /resource type 8/],
    ];
    for (const [resource, code, message] of cases) {
      const [response] = await alter(client, [resource]);
      expect([response.resourceName, response.errorCode]).toEqual([resource.resourceName, code]);
      expect(response.errorMessage).toMatch(message);
    }
    const [badValue] = await alter(client, [{ resourceType: TOPIC, resourceName: 't', configs: [{ name: 'retention.ms', value: 'soon' }] }]);
    expect(badValue).toMatchObject({ errorCode: ErrorCode.INVALID_CONFIG, errorMessage: expect.stringContaining('retention.ms must be an integer') });
    await expect(admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 't', configEntries: [{ name: 'max.message.bytes', value: 'lots' }] }],
    })).rejects.toMatchObject({ type: 'INVALID_CONFIG' });
  });

  it('answers null values and resources named twice INVALID_REQUEST, and alters the other resources', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'a' }, { topic: 'b' }, { topic: 'c' }] });
    const client = await fixture.raw(cluster);
    const responses = await alter(client, [
      { resourceType: TOPIC, resourceName: 'a', configs: [{ name: 'retention.ms', value: null }] },
      { resourceType: TOPIC, resourceName: 'b', configs: [{ name: 'retention.ms', value: '1000' }] },
      { resourceType: TOPIC, resourceName: 'b', configs: [{ name: 'retention.ms', value: '2000' }] },
      { resourceType: TOPIC, resourceName: 'c', configs: [{ name: 'retention.ms', value: '3000' }] },
      { resourceType: BROKER, resourceName: '0', configs: [{ name: 'min.insync.replicas', value: '1' }] },
    ]);
    expect(responses.map((r) => [r.resourceName, r.errorCode])).toEqual([
      ['a', ErrorCode.INVALID_REQUEST], ['b', ErrorCode.INVALID_REQUEST], ['c', ErrorCode.NONE], ['0', ErrorCode.NONE],
    ]);
    expect(await topicConfig(admin, 'b', ['retention.ms'])).toEqual({ 'retention.ms': ['604800000', 5] });
    expect(await topicConfig(admin, 'c', ['retention.ms'])).toEqual({ 'retention.ms': ['3000', 1] });
  });
});
