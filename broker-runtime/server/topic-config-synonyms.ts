// Kafka's topic config synonyms (ServerTopicConfigSynonyms): a topic config that the topic does not
// override takes its value from a broker config, e.g. retention.ms from log.retention.ms, else
// log.retention.minutes, else log.retention.hours. The broker's log defaults are built from them,
// and DescribeConfigs lists them as the synonyms of each topic config.
// As in Kafka 3.9, remote.storage.enable, remote.log.copy.disable, remote.log.delete.on.disable and
// the replication throttle lists have no broker-level synonym.
// NB: Kafka lists log.flush.scheduler.interval.ms as flush.ms's second synonym; Oxbow does not have
// that broker config, so flush.ms has log.flush.interval.ms only.
import { KafkaError } from '../errors.js';
import { type LogConfig, parseLogConfig } from '../storage/log-config.js';
import { validateBrokerConfig } from './broker-config.js';

export interface BrokerSynonym {
  readonly name: string;
  /** Milliseconds in one unit of the broker config: the hours and minutes forms convert. */
  readonly unitMs: number;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

const one = (name: string): BrokerSynonym[] => [{ name, unitMs: 1 }];

/** Topic config name -> its broker configs, most preferred first. */
export const TOPIC_CONFIG_SYNONYMS: ReadonlyMap<string, readonly BrokerSynonym[]> = new Map([
  ['segment.bytes', one('log.segment.bytes')],
  ['segment.ms', [{ name: 'log.roll.ms', unitMs: 1 }, { name: 'log.roll.hours', unitMs: HOUR_MS }]],
  ['segment.jitter.ms', [{ name: 'log.roll.jitter.ms', unitMs: 1 }, { name: 'log.roll.jitter.hours', unitMs: HOUR_MS }]],
  ['segment.index.bytes', one('log.index.size.max.bytes')],
  ['index.interval.bytes', one('log.index.interval.bytes')],
  ['retention.ms', [
    { name: 'log.retention.ms', unitMs: 1 },
    { name: 'log.retention.minutes', unitMs: MINUTE_MS },
    { name: 'log.retention.hours', unitMs: HOUR_MS },
  ]],
  ['retention.bytes', one('log.retention.bytes')],
  ['flush.messages', one('log.flush.interval.messages')],
  ['flush.ms', one('log.flush.interval.ms')],
  ['cleanup.policy', one('log.cleanup.policy')],
  ['delete.retention.ms', one('log.cleaner.delete.retention.ms')],
  ['min.compaction.lag.ms', one('log.cleaner.min.compaction.lag.ms')],
  ['max.compaction.lag.ms', one('log.cleaner.max.compaction.lag.ms')],
  ['min.cleanable.dirty.ratio', one('log.cleaner.min.cleanable.ratio')],
  ['max.message.bytes', one('message.max.bytes')],
  ['message.timestamp.type', one('log.message.timestamp.type')],
  ['file.delete.delay.ms', one('log.segment.delete.delay.ms')],
  ['unclean.leader.election.enable', one('unclean.leader.election.enable')],
  ['min.insync.replicas', one('min.insync.replicas')],
  ['compression.type', one('compression.type')],
  ['compression.gzip.level', one('compression.gzip.level')],
  ['compression.lz4.level', one('compression.lz4.level')],
  ['compression.zstd.level', one('compression.zstd.level')],
  ['preallocate', one('log.preallocate')],
  ['message.format.version', one('log.message.format.version')],
  ['message.timestamp.difference.max.ms', one('log.message.timestamp.difference.max.ms')],
  ['message.timestamp.before.max.ms', one('log.message.timestamp.before.max.ms')],
  ['message.timestamp.after.max.ms', one('log.message.timestamp.after.max.ms')],
  ['message.downconversion.enable', one('log.message.downconversion.enable')],
  ['local.retention.ms', one('log.local.retention.ms')],
  ['local.retention.bytes', one('log.local.retention.bytes')],
]);

/**
 * The names Kafka lists as synonyms of a broker config (DynamicBrokerConfig.brokerConfigSynonyms):
 * its whole group for the ms/minutes/hours families, else the name alone.
 */
export function brokerConfigSynonyms(name: string): readonly string[] {
  for (const group of TOPIC_CONFIG_SYNONYMS.values()) {
    if (group.length > 1 && group.some((s) => s.name === name)) return group.map((s) => s.name);
  }
  return [name];
}

/** A broker config value in the topic config's unit; a negative time means "forever" (-1), as in Kafka. */
function toTopicValue(value: string, synonym: BrokerSynonym): string {
  if (synonym.unitMs === 1 || !/^\s*-?\d+\s*$/.test(value)) return value;
  const amount = BigInt(value.trim());
  return amount < 0n ? '-1' : String(amount * BigInt(synonym.unitMs));
}

/** The value a topic config takes from the broker's configs, or null when no synonym has one. */
export function topicValueFromBroker(topicConfig: string, brokerConfig: (name: string) => string | null): string | null {
  for (const synonym of TOPIC_CONFIG_SYNONYMS.get(topicConfig) ?? []) {
    const value = brokerConfig(synonym.name);
    if (value !== null) return toTopicValue(value, synonym);
  }
  return null;
}

/**
 * A broker's log defaults: Kafka's topic defaults overridden by the broker-level synonyms.
 * Throws KafkaError(INVALID_CONFIG) when a broker value is not a valid topic value.
 */
export function brokerLogDefaults(brokerConfig: (name: string) => string | null): LogConfig {
  const fromBroker: Record<string, string> = {};
  for (const topicConfig of TOPIC_CONFIG_SYNONYMS.keys()) {
    const value = topicValueFromBroker(topicConfig, brokerConfig);
    if (value !== null) fromBroker[topicConfig] = value;
  }
  return parseLogConfig(fromBroker);
}

/**
 * Checks a dynamic broker config change: the broker config rules, and, for a synonym of a topic
 * config, that every log on the broker could take the value.
 */
export function validateDynamicBrokerConfig(name: string, value: string): void {
  validateBrokerConfig(name, value);
  for (const [topicConfig, synonyms] of TOPIC_CONFIG_SYNONYMS) {
    const synonym = synonyms.find((s) => s.name === name);
    if (!synonym) continue;
    try {
      parseLogConfig({ [topicConfig]: toTopicValue(value, synonym) });
    } catch (err) {
      throw new KafkaError('INVALID_CONFIG', `Invalid value ${value} for broker config ${name} (the default of topic config ${topicConfig}): ${(err as Error).message}`);
    }
  }
}
