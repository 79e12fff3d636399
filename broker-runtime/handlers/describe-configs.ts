// DescribeConfigs (key 32): versions 0-4.
// - Topic (2) and broker (4) resources. ConfigurationKeys null or empty lists every config;
//   otherwise only the named ones that exist (unknown names are left out, as in Kafka).
// - A broker resource is this broker's id (every broker config, with the value in effect), or ''
//   (the cluster-wide dynamic defaults: only those that are set). Another id is INVALID_REQUEST.
// - v0: isDefault. v1+: configSource, and synonyms when IncludeSynonyms (config-entries.ts).
//   v3+: configType, and documentation when IncludeDocumentation. v4: flexible.
// - Topic values are those the logs use: the topic's overrides on top of the broker-level
//   synonyms, so a dynamic log.retention.ms shows as retention.ms with a broker source.
// NB: BROKER_LOGGER (8), CLIENT_METRICS (16) and GROUP (32) resources are answered INVALID_REQUEST.
// NB: nothing is sensitive: Oxbow has no password configs.
import { KafkaError, errorCodeOf } from '../errors.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  DescribeConfigs,
  type DescribeConfigsRequestResource,
  type DescribeConfigsResponseResourceResult,
  type DescribeConfigsResponseResult,
} from '../protocol/generated/describe-configs.js';
import type { BrokerServices } from '../server/broker-services.js';
import {
  type DescribeOptions,
  describeBrokerConfigs,
  describeClusterDefaultConfigs,
  describeTopicConfigs,
} from './config-entries.js';
import { RESOURCE_BROKER, RESOURCE_TOPIC, brokerIdOf, checkTopicResourceName, unsupportedResourceType } from './config-resources.js';
import { defineHandler } from './handler.js';

function configsOf(resource: DescribeConfigsRequestResource, broker: BrokerServices, options: DescribeOptions): DescribeConfigsResponseResourceResult[] {
  const { resourceType, resourceName } = resource;
  if (resourceType === RESOURCE_TOPIC) {
    checkTopicResourceName(resourceName);
    if (!broker.metadata.topicsByName.has(resourceName)) {
      throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Topic ${resourceName} does not exist.`);
    }
    return describeTopicConfigs(broker.metadata.configsOf('topic', resourceName), broker, options);
  }
  if (resourceType === RESOURCE_BROKER) {
    if (resourceName === '') return describeClusterDefaultConfigs(broker, options);
    if (brokerIdOf(resourceName) !== broker.brokerId) {
      throw new KafkaError('INVALID_REQUEST', `Unexpected broker id, expected ${broker.brokerId} or empty string, but received ${resourceName}`);
    }
    return describeBrokerConfigs(broker, options);
  }
  throw unsupportedResourceType(resourceType);
}

export const describeConfigsHandler = defineHandler({
  messages: DescribeConfigs,
  minVersion: 0,
  maxVersion: 4,
  handle(request, { broker }) {
    const options: DescribeOptions = {
      includeSynonyms: request.includeSynonyms ?? false,
      includeDocumentation: request.includeDocumentation ?? false,
    };
    const results = request.resources.map((resource): DescribeConfigsResponseResult => {
      const { resourceType, resourceName, configurationKeys } = resource;
      try {
        const all = configsOf(resource, broker, options);
        const wanted = configurationKeys === null || configurationKeys.length === 0 ? null : new Set(configurationKeys);
        const configs = wanted === null ? all : all.filter((c) => wanted.has(c.name));
        return { errorCode: ErrorCode.NONE, errorMessage: null, resourceType, resourceName, configs };
      } catch (err) {
        if (!(err instanceof KafkaError)) broker.log.error(`describing configs of resource ${resourceType}/${resourceName} failed`, err);
        return { errorCode: errorCodeOf(err), errorMessage: (err as Error).message, resourceType, resourceName, configs: [] };
      }
    });
    return { throttleTimeMs: 0, results };
  },
});
