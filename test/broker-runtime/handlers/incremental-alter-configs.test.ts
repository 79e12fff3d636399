import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { DescribeConfigs } from '../../../broker-runtime/protocol/generated/describe-configs.js';
import {
  IncrementalAlterConfigs,
  type IncrementalAlterConfigsRequestAlterableConfig,
} from '../../../broker-runtime/protocol/generated/incremental-alter-configs.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { useHandlerFixture } from './fixture.js';

const fixture = useHandlerFixture();

const TOPIC = 2;
const BROKER = 4;
const [SET, DELETE, APPEND, SUBTRACT] = [0, 1, 2, 3];

const op = (name: string, configOperation: number, value: string | null = null): IncrementalAlterConfigsRequestAlterableConfig => ({ name, configOperation, value });

async function alter(client: RawClient, resourceType: number, resourceName: string, configs: IncrementalAlterConfigsRequestAlterableConfig[], validateOnly = false, version = 1) {
  const { responses } = await client.send(IncrementalAlterConfigs, version, { resources: [{ resourceType, resourceName, configs }], validateOnly });
  return responses[0];
}

async function configs(client: RawClient, resourceType: number, resourceName: string, keys: string[]): Promise<Record<string, [string | null, number]>> {
  const { results } = await client.send(DescribeConfigs, 4, { resources: [{ resourceType, resourceName, configurationKeys: keys }], includeSynonyms: false, includeDocumentation: false });
  return Object.fromEntries(results[0].configs.map((c) => [c.name, [c.value, c.configSource!]]));
}

describe('IncrementalAlterConfigs', () => {
  it('sets and deletes topic configs, leaving the others as they are', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'tuned', configEntries: [{ name: 'segment.ms', value: '60000' }] }] });
    const client = await fixture.raw(cluster);
    expect(await alter(client, TOPIC, 'tuned', [op('retention.ms', SET, '1000')], false, 0)).toMatchObject({ errorCode: ErrorCode.NONE, errorMessage: null });
    expect(await configs(client, TOPIC, 'tuned', ['retention.ms', 'segment.ms'])).toEqual({ 'retention.ms': ['1000', 1], 'segment.ms': ['60000', 1] });
    expect((await alter(client, TOPIC, 'tuned', [op('segment.ms', DELETE)])).errorCode).toBe(ErrorCode.NONE);
    expect(await configs(client, TOPIC, 'tuned', ['retention.ms', 'segment.ms'])).toEqual({ 'retention.ms': ['1000', 1], 'segment.ms': ['604800000', 5] });

    expect((await alter(client, TOPIC, 'tuned', [op('retention.ms', SET, '5')], true)).errorCode).toBe(ErrorCode.NONE);
    expect((await configs(client, TOPIC, 'tuned', ['retention.ms']))['retention.ms']).toEqual(['1000', 1]);
  });

  it('appends to and subtracts from list configs, starting from the default when unset', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 'policy' }] });
    const client = await fixture.raw(cluster);
    expect((await alter(client, TOPIC, 'policy', [op('cleanup.policy', APPEND, 'compact')])).errorCode).toBe(ErrorCode.NONE);
    expect(await configs(client, TOPIC, 'policy', ['cleanup.policy'])).toEqual({ 'cleanup.policy': ['compact,delete', 1] });
    expect((await alter(client, TOPIC, 'policy', [op('cleanup.policy', SUBTRACT, 'delete')])).errorCode).toBe(ErrorCode.NONE);
    expect(await configs(client, TOPIC, 'policy', ['cleanup.policy'])).toEqual({ 'cleanup.policy': ['compact', 1] });

    const notList = await alter(client, TOPIC, 'policy', [op('retention.ms', APPEND, '5')]);
    expect(notList).toMatchObject({ errorCode: ErrorCode.INVALID_CONFIG, errorMessage: "Can't APPEND to key retention.ms because its type is not LIST." });
  });

  it('alters per-broker and cluster-wide broker configs', async () => {
    const cluster = await fixture.start();
    const client = await fixture.raw(cluster);
    expect((await alter(client, BROKER, '', [op('log.retention.ms', SET, '7200000')])).errorCode).toBe(ErrorCode.NONE);
    expect((await alter(client, BROKER, '0', [op('min.insync.replicas', SET, '2')])).errorCode).toBe(ErrorCode.NONE);
    expect(await configs(client, BROKER, '0', ['log.retention.ms', 'min.insync.replicas'])).toEqual({
      'log.retention.ms': ['7200000', 3], 'min.insync.replicas': ['2', 2],
    });
    expect((await alter(client, BROKER, '0', [op('min.insync.replicas', DELETE)])).errorCode).toBe(ErrorCode.NONE);
    expect((await configs(client, BROKER, '0', ['min.insync.replicas']))['min.insync.replicas']).toEqual(['1', 5]);
    const readOnly = await alter(client, BROKER, '0', [op('auto.create.topics.enable', SET, 'false')]);
    expect(readOnly.errorCode).toBe(ErrorCode.INVALID_CONFIG);
  });

  it('answers INVALID_REQUEST for unknown operations, keys given twice and null values, and changes nothing', async () => {
    const cluster = await fixture.start();
    const admin = await fixture.admin(cluster);
    await admin.createTopics({ topics: [{ topic: 't' }] });
    const client = await fixture.raw(cluster);
    const cases: IncrementalAlterConfigsRequestAlterableConfig[][] = [
      [op('retention.ms', SET, '1000'), op('segment.ms', 9, '1')],
      [op('retention.ms', SET, '1000'), op('retention.ms', DELETE)],
      [op('retention.ms', SET, '1000'), op('segment.ms', SET, null)],
    ];
    for (const configsToAlter of cases) {
      const response = await alter(client, TOPIC, 't', configsToAlter);
      expect(response.errorCode).toBe(ErrorCode.INVALID_REQUEST);
      expect(response.errorMessage).toMatch(/segment\.ms|retention\.ms/);
    }
    expect((await configs(client, TOPIC, 't', ['retention.ms']))['retention.ms']).toEqual(['604800000', 5]);
    expect((await alter(client, TOPIC, 'missing', [op('retention.ms', SET, '1')])).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect((await alter(client, TOPIC, 't', [op('retention.ms', SET, '-5')])).errorCode).toBe(ErrorCode.INVALID_CONFIG);
  });
});
