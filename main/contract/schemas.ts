// Argument validation for every contract method, shared by both transports (IPC and HTTP), so a
// bad call gets the same clear INVALID_ARGUMENT answer either way and changes nothing.
// Kafka itself validates again (topic names, configs, replication factors): these schemas stop
// what is malformed, the cluster rejects what is wrong.
import { z } from 'zod';
import type { ApiArgs, ApiErrorBody, ApiMethod } from './index.js';
import { MAX_PAGE_RECORDS } from './messages.js';

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
const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const partitionIndex = z.number().int().min(0).max(100_000);
const timestamp = z.number().int().min(0).max(8.64e15);
const groupId = z.string().min(1).max(1000);
const positions = z.array(z.object({ partition: partitionIndex, offset }).strict()).min(1).max(10_000);
const start = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('newest') }).strict(),
  z.object({ kind: z.literal('oldest') }).strict(),
  z.object({ kind: z.literal('offset'), offset }).strict(),
  z.object({ kind: z.literal('timestamp'), timestamp }).strict(),
]);
const filter = z.object({
  keyContains: z.string().max(1000).optional(),
  valueContains: z.string().max(1000).optional(),
  headerContains: z.string().max(1000).optional(),
  // Dotted names with [index] steps, nothing that could be code.
  jsonPath: z.string().max(500).regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+|\[\d+\])*$/, 'A JSON path is dotted names with [index] steps, like order.items[0].sku.').optional(),
  jsonEquals: z.string().max(1000).optional(),
}).strict();
const resetSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('earliest') }).strict(),
  z.object({ kind: z.literal('latest') }).strict(),
  z.object({ kind: z.literal('timestamp'), timestamp }).strict(),
  z.object({ kind: z.literal('offset'), offset }).strict(),
  z.object({ kind: z.literal('shift'), by: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER) }).strict(),
]);
const bootstrap = z.string().min(1).max(2000)
  .regex(/^[A-Za-z0-9.\-_\[\]:]+:\d{1,5}(,[A-Za-z0-9.\-_\[\]:]+:\d{1,5})*$/, 'Bootstrap servers are host:port, separated by commas.');
const connectionInput = z.object({
  name: z.string().min(1).max(100),
  bootstrap,
  sasl: z.object({
    mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
    username: z.string().min(1).max(500),
    password: z.string().max(10_000).optional(),
  }).strict().nullable().optional(),
  tls: z.object({
    enabled: z.boolean(),
    caFile: z.string().max(4096).nullable().optional(),
    rejectUnauthorized: z.boolean().optional(),
  }).strict().nullable().optional(),
}).strict();
const connectionId = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);
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
  seekMessages: z.object({
    topic: topicName, partitions: z.array(partitionIndex).max(10_000).optional(), start, count: z.number().int().min(1).max(MAX_PAGE_RECORDS).optional(),
  }).strict(),
  readMessages: z.object({ topic: topicName, from: positions, limit: z.number().int().min(1).max(MAX_PAGE_RECORDS), filter: filter.optional() }).strict(),
  getMessage: z.object({ topic: topicName, partition: partitionIndex, offset }).strict(),
  produceMessage: z.object({
    topic: topicName,
    partition: partitionIndex.optional(),
    key: z.string().max(1_000_000).nullable(),
    value: z.string().max(10_000_000).nullable(),
    headers: z.array(z.object({ key: z.string().max(1000), value: z.string().max(1_000_000).nullable() }).strict()).max(1000).optional(),
    encoding: z.enum(['text', 'base64']).optional(),
    compression: z.enum(['none', 'gzip', 'snappy', 'lz4', 'zstd']).optional(),
  }).strict(),
  partitionTimeMap: z.object({
    topic: topicName, partition: partitionIndex, buckets: z.number().int().min(1).max(500).optional(), from: timestamp.optional(), to: timestamp.optional(),
  }).strict(),
  listGroups: none,
  describeGroup: z.object({ groupId }).strict(),
  lagHistory: z.object({
    groupId, topic: topicName.optional(), partition: partitionIndex.optional(), from: timestamp, to: timestamp.optional(), maxPoints: z.number().int().min(2).max(5000).optional(),
  }).strict(),
  previewOffsetReset: z.object({ groupId, topics: z.array(topicName).max(10_000).optional(), spec: resetSpec }).strict(),
  resetOffsets: z.object({ groupId, topics: z.array(topicName).max(10_000).optional(), spec: resetSpec }).strict(),
  deleteGroup: z.object({ groupId }).strict(),
  listConnections: none,
  saveConnection: z.object({ id: connectionId.optional(), connection: connectionInput }).strict(),
  testConnection: z.object({ id: connectionId.optional(), connection: connectionInput.optional() }).strict()
    .refine((args) => (args.id === undefined) !== (args.connection === undefined), 'Give either a saved connection id or a connection, not both.'),
  removeConnection: z.object({ id: connectionId }).strict(),
  selectConnection: z.object({ id: connectionId }).strict(),
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
