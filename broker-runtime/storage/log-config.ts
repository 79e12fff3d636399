// Per-topic log configuration, under Kafka's topic config names and with Kafka's defaults
// (storage's LogConfig / TopicConfig). Overrides arrive as strings (CreateTopics, AlterConfigs,
// the metadata log) and are parsed and validated here, by the definitions in log-config-definitions.ts;
// DescribeConfigs lists LOG_CONFIG_DEFINITIONS.
//
// Invariant: Kafka's "Long.MAX_VALUE means never" is kept as Infinity, so comparisons such as
// `now - lastFlush >= flushMs` need no special case; it is described back as Long.MAX_VALUE.
import { KafkaError } from '../errors.js';
import { LOG_CONFIG_ENTRIES, type LogConfigDefinition } from './log-config-definitions.js';

export { LONG_MAX_VALUE, type LogConfigDefinition, type LogConfigType } from './log-config-definitions.js';

export type CleanupPolicy = 'delete' | 'compact' | 'compact,delete';
export type TimestampType = 'CreateTime' | 'LogAppendTime';
/** Kafka's BrokerCompressionType: a codec the log stores, or "producer" (keep each batch's own). */
export type BrokerCompressionType = 'uncompressed' | 'zstd' | 'lz4' | 'snappy' | 'gzip' | 'producer';

export interface LogConfig {
  readonly segmentBytes: number;
  readonly segmentMs: number;
  readonly segmentJitterMs: number;
  readonly segmentIndexBytes: number;
  readonly indexIntervalBytes: number;
  readonly retentionMs: number;
  readonly retentionBytes: number;
  readonly flushMessages: number;
  readonly flushMs: number;
  readonly cleanupPolicy: CleanupPolicy;
  readonly deleteRetentionMs: number;
  readonly minCompactionLagMs: number;
  readonly maxCompactionLagMs: number;
  readonly minCleanableDirtyRatio: number;
  readonly maxMessageBytes: number;
  readonly messageTimestampType: TimestampType;
  /** As configured; timestampBeforeMaxMs() gives the bound in effect. */
  readonly messageTimestampBeforeMaxMs: number;
  /** As configured; timestampAfterMaxMs() gives the bound in effect. */
  readonly messageTimestampAfterMaxMs: number;
  readonly messageTimestampDifferenceMaxMs: number;
  readonly messageFormatVersion: string;
  readonly messageDownconversionEnable: boolean;
  readonly compressionType: BrokerCompressionType;
  readonly compressionGzipLevel: number;
  readonly compressionLz4Level: number;
  readonly compressionZstdLevel: number;
  readonly minInsyncReplicas: number;
  readonly uncleanLeaderElectionEnable: boolean;
  readonly leaderReplicationThrottledReplicas: readonly string[];
  readonly followerReplicationThrottledReplicas: readonly string[];
  readonly preallocate: boolean;
  readonly remoteStorageEnable: boolean;
  readonly localRetentionMs: number;
  readonly localRetentionBytes: number;
  readonly remoteLogCopyDisable: boolean;
  readonly remoteLogDeleteOnDisable: boolean;
  readonly fileDeleteDelayMs: number;
  /** Oxbow's own: fdatasync the segment after every append, before the append is acknowledged. */
  readonly fsyncOnAppend: boolean;
  /** The overrides this config was parsed from (config name -> value as given). */
  readonly overrides: Readonly<Record<string, string>>;
}

const INT_MAX = 2 ** 31 - 1;

const BY_NAME = new Map(LOG_CONFIG_ENTRIES.map((e) => [e.name, e]));

/** Every known topic config, with its default, in a stable order. */
export const LOG_CONFIG_DEFINITIONS: readonly LogConfigDefinition[] = LOG_CONFIG_ENTRIES.map(({ name, type, defaultValue, documentation }) => ({
  name,
  type,
  defaultValue,
  documentation,
}));

function build(base: Record<string, unknown>, overrides: Record<string, string>): LogConfig {
  const values: Record<string, unknown> = { ...base };
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(overrides)) {
    const entry = BY_NAME.get(name);
    if (!entry) {
      problems.push(`unknown topic config "${name}"`);
      continue;
    }
    const parsed = entry.parse(String(raw));
    if ('problem' in parsed) problems.push(`${name} ${parsed.problem}`);
    else values[entry.field] = parsed.value;
  }
  if (problems.length > 0) throw new KafkaError('INVALID_CONFIG', `Invalid topic config: ${problems.join('; ')}.`);
  if ((values.segmentBytes as number) > INT_MAX) throw new KafkaError('INVALID_CONFIG', 'segment.bytes must fit a 32-bit position.');
  return { ...(values as Omit<LogConfig, 'overrides'>), overrides: Object.freeze({ ...overrides }) };
}

function defaults(): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const entry of LOG_CONFIG_ENTRIES) {
    const parsed = entry.parse(entry.defaultValue);
    if ('problem' in parsed) throw new Error(`default of ${entry.name}: ${parsed.problem}`);
    values[entry.field] = parsed.value;
  }
  return values;
}

export const DEFAULT_LOG_CONFIG: LogConfig = Object.freeze(build(defaults(), {}));

/**
 * Parses topic-level overrides on top of `base` (Kafka's defaults, or a broker's own defaults).
 * Throws KafkaError INVALID_CONFIG naming every bad or unknown entry.
 */
export function parseLogConfig(overrides: Readonly<Record<string, string>> = {}, base: LogConfig = DEFAULT_LOG_CONFIG): LogConfig {
  const { overrides: _ignored, ...values } = base;
  return build(values, { ...overrides });
}

/** Every known config name with its effective value as a string, as DescribeConfigs shows it. */
export function describeLogConfig(config: LogConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of LOG_CONFIG_ENTRIES) out[entry.name] = entry.format(config[entry.field]);
  return out;
}

export function isCompacted(config: LogConfig): boolean {
  return config.cleanupPolicy !== 'delete';
}

export function isDeleteEnabled(config: LogConfig): boolean {
  return config.cleanupPolicy !== 'compact';
}

/**
 * The bound in effect for records stamped before the broker's clock: message.timestamp.before.max.ms,
 * or the deprecated message.timestamp.difference.max.ms while before.max.ms is at its default (KIP-937).
 */
export function timestampBeforeMaxMs(config: LogConfig): number {
  return config.messageTimestampBeforeMaxMs !== Infinity ? config.messageTimestampBeforeMaxMs : config.messageTimestampDifferenceMaxMs;
}

/** The bound in effect for records stamped after the broker's clock, as timestampBeforeMaxMs. */
export function timestampAfterMaxMs(config: LogConfig): number {
  return config.messageTimestampAfterMaxMs !== Infinity ? config.messageTimestampAfterMaxMs : config.messageTimestampDifferenceMaxMs;
}
