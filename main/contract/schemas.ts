// Argument validation for every contract method, shared by both transports (IPC and HTTP), so a
// bad call gets the same clear INVALID_ARGUMENT answer either way and changes nothing.
// Kafka itself validates again (topic names, configs, replication factors): these schemas stop
// what is malformed, the cluster rejects what is wrong.
import { z } from 'zod';
import type { ApiArgs, ApiErrorBody, ApiMethod } from './index.js';

const brokerId = z.number().int().min(0).max(1_000_000);
// Kafka's rules (Topic.java): 1-249 of [a-zA-Z0-9._-], not "." or "..".
const topicName = z.string()
  .min(1, 'Topic name is empty.')
  .max(249, 'Topic names are at most 249 characters.')
  .regex(/^[a-zA-Z0-9._-]+$/, "Topic names may contain only ASCII letters, digits, '.', '_' and '-'.")
  .refine((name) => name !== '.' && name !== '..', 'A topic cannot be named "." or "..".');
const configName = z.string().min(1).max(255).regex(/^[a-z0-9._-]+$/, 'Config names are lower-case, like retention.ms.');
const configMap = z.record(configName, z.string().max(100_000));
const none = z.object({}).strict();
const broker = z.object({ brokerId }).strict();

export const argumentSchemas = {
  getConnection: none,
  getOverview: none,
  listBrokers: none,
  getClusterMap: none,
  listEvents: z.object({ since: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(10_000).optional() }).strict(),
  stopBroker: broker,
  killBroker: broker,
  pauseBroker: broker,
  resumeBroker: broker,
  startBroker: broker,
  restartBroker: broker,
  addBroker: none,
  restartCoordinator: z.object({ kill: z.boolean().optional() }).strict(),
  listTopics: z.object({ includeInternal: z.boolean().optional() }).strict(),
  describeTopic: z.object({ name: topicName }).strict(),
  createTopic: z.object({
    name: topicName,
    partitions: z.number().int().min(1).max(10_000),
    replicationFactor: z.number().int().min(1).max(64),
    configs: configMap.optional(),
  }).strict(),
  deleteTopic: z.object({ name: topicName }).strict(),
  alterTopicConfigs: z.object({ name: topicName, set: configMap.optional(), reset: z.array(configName).max(1000).optional() }).strict(),
  createPartitions: z.object({ name: topicName, totalCount: z.number().int().min(1).max(10_000) }).strict(),
} satisfies { [M in ApiMethod]: z.ZodType<ApiArgs<M>> };

export type ValidationResult<M extends ApiMethod> =
  | { ok: true; args: ApiArgs<M> }
  | { ok: false; error: ApiErrorBody };

/** Validates a call's argument (`undefined` counts as `{}`); never throws. */
export function validateArguments<M extends ApiMethod>(method: M, raw: unknown): ValidationResult<M> {
  const schema = argumentSchemas[method] as z.ZodType<ApiArgs<M>>;
  const parsed = schema.safeParse(raw === undefined ? {} : raw);
  if (parsed.success) return { ok: true, args: parsed.data };
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(arguments)', message: issue.message }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return { ok: false, error: { code: 'INVALID_ARGUMENT', message: `Invalid arguments for ${method}: ${summary}`, issues } };
}

export function isApiMethod(name: string): name is ApiMethod {
  return Object.hasOwn(argumentSchemas, name);
}
