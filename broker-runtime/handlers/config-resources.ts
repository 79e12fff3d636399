// Config resources as the config APIs name them (Kafka's ConfigResource): which resource a request
// means, and the per-resource loop AlterConfigs and IncrementalAlterConfigs share.
import type { OperationResult } from '../coordinator/metadata/controller.js';
import type { ConfigResourceType } from '../coordinator/metadata/metadata-records.js';
import { topicNameProblem } from '../coordinator/metadata/topic-name.js';
import { KafkaError, errorCodeOf } from '../errors.js';
import type { Logger } from '../logger.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { BROKER_CONFIG_BY_NAME } from '../server/broker-config.js';
import { LOG_CONFIG_DEFINITIONS } from '../storage/log-config.js';

/** ConfigResource.Type ids. */
export const RESOURCE_TOPIC = 2;
export const RESOURCE_BROKER = 4;

export interface ConfigResourceRef {
  type: ConfigResourceType;
  /** Topic name, broker id, or '' for the cluster-wide broker defaults. */
  name: string;
}

/** A broker resource's name as a broker id; Kafka's resourceNameToBrokerId. */
export function brokerIdOf(resourceName: string): number {
  if (!/^-?\d+$/.test(resourceName)) throw new KafkaError('INVALID_REQUEST', `Broker id must be an integer, but it is: ${resourceName}`);
  return Number(resourceName);
}

export function checkTopicResourceName(name: string): void {
  const problem = topicNameProblem(name);
  if (problem) throw new KafkaError('INVALID_TOPIC_EXCEPTION', problem);
}

export function unsupportedResourceType(resourceType: number): KafkaError {
  return new KafkaError('INVALID_REQUEST', `Unsupported resource type ${resourceType}: Oxbow has configs for topics (2) and brokers (4).`);
}

/** The resource an alter request names: a topic, a broker id, or '' for the cluster-wide default. */
export function alterableResource(resourceType: number, resourceName: string): ConfigResourceRef {
  if (resourceType === RESOURCE_TOPIC) {
    checkTopicResourceName(resourceName);
    return { type: 'topic', name: resourceName };
  }
  if (resourceType === RESOURCE_BROKER) {
    return { type: 'broker', name: resourceName === '' ? '' : String(brokerIdOf(resourceName)) };
  }
  throw unsupportedResourceType(resourceType);
}

/** Whether APPEND and SUBTRACT apply: only to LIST configs. */
export function isListConfig(resource: ConfigResourceRef, name: string): boolean {
  const type = resource.type === 'topic' ? LOG_CONFIG_DEFINITIONS.find((d) => d.name === name)?.type : BROKER_CONFIG_BY_NAME.get(name)?.type;
  return type?.toLowerCase() === 'list';
}

export interface AlterResourceResult {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
}

/**
 * Alters each resource in turn. A resource named twice is answered INVALID_REQUEST once and not
 * altered (Kafka's "Duplicate resource."); every other resource gets its own result.
 */
export async function alterEachResource<R extends { resourceType: number; resourceName: string }>(
  resources: readonly R[],
  alter: (resource: R, ref: ConfigResourceRef) => Promise<OperationResult>,
  log: Logger,
): Promise<AlterResourceResult[]> {
  const keyOf = (r: R) => `${r.resourceType}:${r.resourceName}`;
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(keyOf(r), (counts.get(keyOf(r)) ?? 0) + 1);
  const answered = new Set<string>();
  const results: AlterResourceResult[] = [];
  for (const resource of resources) {
    const key = keyOf(resource);
    if (answered.has(key)) continue;
    answered.add(key);
    const { resourceType, resourceName } = resource;
    if (counts.get(key)! > 1) {
      results.push({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Duplicate resource.', resourceType, resourceName });
      continue;
    }
    try {
      const { errorCode, errorMessage } = await alter(resource, alterableResource(resourceType, resourceName));
      results.push({ errorCode, errorMessage, resourceType, resourceName });
    } catch (err) {
      if (!(err instanceof KafkaError)) log.error(`altering configs of resource ${resourceType}/${resourceName} failed`, err);
      results.push({ errorCode: errorCodeOf(err), errorMessage: (err as Error).message, resourceType, resourceName });
    }
  }
  return results;
}
