// The benchmark topic on a real broker, through kafkajs's admin client.
import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';
import { BenchRunError } from './rdkafka-performance.js';

const ADMIN_TIMEOUT_MS = 30_000;

/**
 * How the topic comes to exist: made here by CreateTopics, or (when the broker does not offer
 * CreateTopics) auto-created by the producer's first Metadata request with the broker's
 * num.partitions; in that case the caller must check the partition count before relying on it.
 */
export type TopicCreation = 'created' | 'auto-created';

export interface TopicSettings {
  /** Default 1. */
  replicationFactor?: number;
  /** Topic configs, e.g. { 'min.insync.replicas': '2' }. */
  configs?: Record<string, string>;
}

export async function prepareTopic(bootstrap: string, topic: string, partitions: number, settings: TopicSettings = {}): Promise<TopicCreation> {
  return withAdmin(bootstrap, `creating ${topic}`, async (admin) => {
    try {
      const configEntries = Object.entries(settings.configs ?? {}).map(([name, value]) => ({ name, value }));
      await admin.createTopics({
        topics: [{ topic, numPartitions: partitions, replicationFactor: settings.replicationFactor ?? 1, configEntries }],
        waitForLeaders: true,
      });
    } catch (err) {
      if (isUnsupportedApi(err)) return 'auto-created';
      throw err;
    }
    const found = await partitionCount(admin, topic);
    if (found !== partitions) throw new BenchRunError(`topic ${topic} was created with ${found} partitions, expected ${partitions}`);
    return 'created';
  });
}

export async function countPartitions(bootstrap: string, topic: string): Promise<number> {
  return withAdmin(bootstrap, `describing ${topic}`, (admin) => partitionCount(admin, topic));
}

async function partitionCount(admin: Admin, topic: string): Promise<number> {
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  return topics.find((t) => t.name === topic)?.partitions.length ?? 0;
}

/** kafkajs's own wording for an API the broker's ApiVersions leaves out, or UNSUPPORTED_VERSION. */
function isUnsupportedApi(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const type = (err as { type?: unknown }).type;
  return err.name === 'KafkaJSServerDoesNotSupportApiKey' || type === 'UNSUPPORTED_VERSION';
}

async function withAdmin<T>(bootstrap: string, what: string, work: (admin: Admin) => Promise<T>): Promise<T> {
  const kafka = new Kafka({ clientId: 'oxbow-broker-bench', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BenchRunError(`${what} took over ${ADMIN_TIMEOUT_MS} ms`)), ADMIN_TIMEOUT_MS);
  });
  try {
    return await Promise.race([admin.connect().then(() => work(admin)), timeout]);
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }
}

/** Deletes the topic (its logs with it): a benchmark's gigabytes need not outlive its run. */
export async function deleteTopic(bootstrap: string, topic: string): Promise<void> {
  await withAdmin(bootstrap, `deleting ${topic}`, (admin) => admin.deleteTopics({ topics: [topic] }));
}
