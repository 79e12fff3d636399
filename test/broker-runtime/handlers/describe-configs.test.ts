import { ConfigResourceTypes } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import {
  DescribeConfigs,
  type DescribeConfigsRequestResource,
  type DescribeConfigsResponseResourceResult,
} from '../../../broker-runtime/protocol/generated/describe-configs.js';
import { IncrementalAlterConfigs } from '../../../broker-runtime/protocol/generated/incremental-alter-configs.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { useHandlerFixture } from './fixture.js';

const fixture = useHandlerFixture();

const TOPIC = 2;
const BROKER = 4;
const [DYNAMIC_TOPIC, DYNAMIC_BROKER, DYNAMIC_DEFAULT, STATIC, DEFAULT] = [1, 2, 3, 4, 5];

async function describeConfigs(client: RawClient, version: number, resources: DescribeConfigsRequestResource[], includeDocumentation = false) {
  return (await client.send(DescribeConfigs, version, { resources, includeSynonyms: true, includeDocumentation })).results;
}

async function topicConfigs(client: RawClient, topic: string): Promise<Map<string, DescribeConfigsResponseResourceResult>> {
  const [result] = await describeConfigs(client, 4, [{ resourceType: TOPIC, resourceName: topic, configurationKeys: null }]);
  expect(result.errorCode).toBe(ErrorCode.NONE);
  return new Map(result.configs.map((c) => [c.name, c]));
}

async function setBrokerConfig(client: RawClient, resourceName: string, name: string, value: string | null) {
  const { responses } = await client.send(IncrementalAlterConfigs, 1, {
    resources: [{ resourceType: BROKER, resourceName, configs: [{ name, configOperation: value === null ? 1 : 0, value }] }],
    validateOnly: false,
  });
  expect(responses[0]).toMatchObject({ errorCode: ErrorCode.NONE });
}

describe('DescribeConfigs', () => {
  it('describes a topic for kafkajs: every config, overrides as topic configs, the rest from the broker', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'described', configEntries: [{ name: 'retention.ms', value: '3600000' }] }] });
    const { resources } = await admin.describeConfigs({ includeSynonyms: true, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'described' }] });
    expect(resources[0]).toMatchObject({ errorCode: 0, resourceName: 'described', resourceType: TOPIC });
    const entries = new Map(resources[0].configEntries.map((e) => [e.configName, e]));
    expect(entries.size).toBeGreaterThanOrEqual(17);
    expect(entries.get('retention.ms')).toMatchObject({
      configValue: '3600000', readOnly: false, isDefault: false, isSensitive: false, configSource: DYNAMIC_TOPIC,
      configSynonyms: [
        { configName: 'retention.ms', configValue: '3600000', configSource: DYNAMIC_TOPIC },
        { configName: 'log.retention.hours', configValue: '168', configSource: DEFAULT },
      ],
    });
    expect(entries.get('segment.bytes')).toMatchObject({
      configValue: '1073741824', configSource: DEFAULT,
      configSynonyms: [{ configName: 'log.segment.bytes', configValue: '1073741824', configSource: DEFAULT }],
    });

    const selected = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 'described', configNames: ['cleanup.policy', 'no.such.config'] }],
    });
    expect(selected.resources[0].configEntries).toEqual([
      { configName: 'cleanup.policy', configValue: 'delete', readOnly: false, isDefault: true, configSource: DEFAULT, isSensitive: false, configSynonyms: [] },
    ]);
  });

  it('describes this broker for kafkajs, with read-only static configs and dynamic ones', async () => {
    const cluster = await fixture.start({ brokerConfig: { 'log.retention.hours': '24' } });
    const admin = await fixture.admin(cluster);
    const { resources } = await admin.describeConfigs({ includeSynonyms: true, resources: [{ type: ConfigResourceTypes.BROKER, name: '0' }] });
    const entries = new Map(resources[0].configEntries.map((e) => [e.configName, e]));
    expect(entries.get('broker.id')).toMatchObject({ configValue: '0', readOnly: true, configSource: STATIC });
    expect(entries.get('min.insync.replicas')).toMatchObject({ configValue: '1', readOnly: false, configSource: DEFAULT });
    expect(entries.get('log.retention.hours')).toMatchObject({
      configValue: '24', readOnly: true, configSource: STATIC,
      configSynonyms: [
        { configName: 'log.retention.hours', configValue: '24', configSource: STATIC },
        { configName: 'log.retention.hours', configValue: '168', configSource: DEFAULT },
      ],
    });
    expect(entries.get('log.retention.ms')).toMatchObject({ configValue: null, configSource: DEFAULT, configSynonyms: [] });
  });

  it('shows broker-level synonyms as the topic defaults, by source: per broker, cluster default, static', async () => {
    const cluster = await fixture.start({ brokerConfig: { 'log.retention.hours': '24' } });
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'inherits' }] });
    const client = await fixture.raw(cluster);
    expect((await topicConfigs(client, 'inherits')).get('retention.ms')).toMatchObject({ value: '86400000', configSource: STATIC });

    await setBrokerConfig(client, '', 'log.retention.ms', '7200000');
    expect((await topicConfigs(client, 'inherits')).get('retention.ms')).toMatchObject({
      value: '7200000', configSource: DYNAMIC_DEFAULT,
      synonyms: [
        { name: 'log.retention.ms', value: '7200000', source: DYNAMIC_DEFAULT },
        { name: 'log.retention.hours', value: '24', source: STATIC },
        { name: 'log.retention.hours', value: '168', source: DEFAULT },
      ],
    });
    await setBrokerConfig(client, '0', 'log.retention.ms', '3600000');
    const perBroker = (await topicConfigs(client, 'inherits')).get('retention.ms')!;
    expect(perBroker).toMatchObject({ value: '3600000', configSource: DYNAMIC_BROKER });
    expect(perBroker.synonyms!.map((s) => s.source)).toEqual([DYNAMIC_BROKER, DYNAMIC_DEFAULT, STATIC, DEFAULT]);

    // The cluster-wide default resource lists only what is set there.
    const [clusterDefault] = await describeConfigs(client, 4, [{ resourceType: BROKER, resourceName: '', configurationKeys: null }]);
    expect(clusterDefault.configs).toEqual([{
      name: 'log.retention.ms', value: '7200000', readOnly: false, configSource: DYNAMIC_DEFAULT, isSensitive: false,
      synonyms: [{ name: 'log.retention.ms', value: '7200000', source: DYNAMIC_DEFAULT }], configType: 5, documentation: null,
    }]);

    await setBrokerConfig(client, '0', 'log.retention.ms', null);
    await setBrokerConfig(client, '', 'log.retention.ms', null);
    expect((await topicConfigs(client, 'inherits')).get('retention.ms')).toMatchObject({ value: '86400000', configSource: STATIC });
  });

  it('answers v3+ with config types and, when asked, documentation; v0 with isDefault', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'documented', configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
    const client = await fixture.raw(cluster);
    const keys = ['cleanup.policy', 'min.cleanable.dirty.ratio', 'retention.ms', 'segment.bytes'];
    const [withDocs] = await describeConfigs(client, 3, [{ resourceType: TOPIC, resourceName: 'documented', configurationKeys: keys }], true);
    expect(withDocs.configs.map((c) => [c.name, c.configType])).toEqual([
      ['cleanup.policy', 7], ['min.cleanable.dirty.ratio', 6], ['retention.ms', 5], ['segment.bytes', 3],
    ]);
    for (const c of withDocs.configs) expect(c.documentation).toMatch(/\w{4}/);
    const [withoutDocs] = await describeConfigs(client, 3, [{ resourceType: TOPIC, resourceName: 'documented', configurationKeys: keys }]);
    for (const c of withoutDocs.configs) expect(c.documentation).toBeNull();

    const [v0] = (await client.send(DescribeConfigs, 0, { resources: [{ resourceType: TOPIC, resourceName: 'documented', configurationKeys: keys }] })).results;
    expect(v0.configs.map((c) => [c.name, c.isDefault])).toEqual([
      ['cleanup.policy', false], ['min.cleanable.dirty.ratio', true], ['retention.ms', true], ['segment.bytes', true],
    ]);
  });

  it('answers unknown and invalid topics, other brokers, and unsupported resource types per resource', async () => {
    const cluster = await fixture.start({ brokers: 2 });
    const client = await fixture.raw(cluster);
    const results = await describeConfigs(client, 2, [
      { resourceType: TOPIC, resourceName: 'missing', configurationKeys: null },
      { resourceType: TOPIC, resourceName: 'not/valid', configurationKeys: null },
      { resourceType: BROKER, resourceName: '1', configurationKeys: null },
      { resourceType: BROKER, resourceName: 'zero', configurationKeys: null },
      { resourceType: 8, resourceName: '0', configurationKeys: null },
      { resourceType: BROKER, resourceName: '0', configurationKeys: ['num.partitions'] },
    ]);
    expect(results.map((r) => [r.resourceType, r.resourceName, r.errorCode, r.configs.length])).toEqual([
      [TOPIC, 'missing', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 0],
      [TOPIC, 'not/valid', ErrorCode.INVALID_TOPIC_EXCEPTION, 0],
      [BROKER, '1', ErrorCode.INVALID_REQUEST, 0],
      [BROKER, 'zero', ErrorCode.INVALID_REQUEST, 0],
      [8, '0', ErrorCode.INVALID_REQUEST, 0],
      [BROKER, '0', ErrorCode.NONE, 1],
    ]);
    expect(results[2].errorMessage).toBe('Unexpected broker id, expected 0 or empty string, but received 1');
  });
});
