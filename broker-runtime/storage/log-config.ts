// Per-topic log configuration, under Kafka's topic config names and with Kafka's defaults
// (storage's LogConfig / TopicConfig). Overrides arrive as strings (CreateTopics, AlterConfigs,
// the metadata log) and are parsed and validated here; DescribeConfigs lists LOG_CONFIG_DEFINITIONS.
//
// Invariant: Kafka's "Long.MAX_VALUE means never" is kept as Infinity, so comparisons such as
// `now - lastFlush >= flushMs` need no special case; it is described back as Long.MAX_VALUE.
import { KafkaError } from '../errors.js';

export type CleanupPolicy = 'delete' | 'compact' | 'compact,delete';
export type TimestampType = 'CreateTime' | 'LogAppendTime';

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
  readonly fileDeleteDelayMs: number;
  /** Oxbow's own: fdatasync the segment after every append, before the append is acknowledged. */
  readonly fsyncOnAppend: boolean;
  /** The overrides this config was parsed from (config name -> value as given). */
  readonly overrides: Readonly<Record<string, string>>;
}

export type LogConfigType = 'int' | 'long' | 'double' | 'boolean' | 'string' | 'list';

export interface LogConfigDefinition {
  readonly name: string;
  readonly type: LogConfigType;
  /** The default as DescribeConfigs reports it. */
  readonly defaultValue: string;
  readonly documentation: string;
}

type Field = Exclude<keyof LogConfig, 'overrides'>;

interface Entry extends LogConfigDefinition {
  readonly field: Field;
  /** Returns the parsed value, or a sentence saying what is wrong with `raw`. */
  parse(raw: string): { value: LogConfig[Field] } | { problem: string };
  format(value: LogConfig[Field]): string;
}

export const LONG_MAX_VALUE = '9223372036854775807';
const INT_MAX = 2 ** 31 - 1;

function integer(type: 'int' | 'long', min: number): Pick<Entry, 'type' | 'parse' | 'format'> {
  return {
    type,
    parse(raw) {
      const text = raw.trim();
      if (!/^[+-]?\d+$/.test(text)) return { problem: `must be an integer, got "${raw}"` };
      const big = BigInt(text);
      const [lo, hi] = type === 'int' ? [-(2n ** 31n), 2n ** 31n - 1n] : [-(2n ** 63n), 2n ** 63n - 1n];
      if (big < lo || big > hi) return { problem: `is outside the range of a ${type}: ${raw}` };
      // Past 2^53 a long can only mean "effectively forever" (see the invariant above).
      const value = big > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : big < -BigInt(Number.MAX_SAFE_INTEGER) ? -Infinity : Number(big);
      if (value < min) return { problem: `must be at least ${min}, got ${raw}` };
      return { value };
    },
    format: (value) => (value === Infinity ? LONG_MAX_VALUE : String(value)),
  };
}

function ratio(): Pick<Entry, 'type' | 'parse' | 'format'> {
  return {
    type: 'double',
    parse(raw) {
      const value = Number(raw.trim());
      if (raw.trim() === '' || !Number.isFinite(value)) return { problem: `must be a number, got "${raw}"` };
      if (value < 0 || value > 1) return { problem: `must be between 0 and 1, got ${raw}` };
      return { value };
    },
    format: (value) => String(value),
  };
}

function oneOf(type: 'string' | 'list', allowed: readonly string[]): Pick<Entry, 'type' | 'parse' | 'format'> {
  return {
    type,
    parse(raw) {
      let text = raw.trim();
      if (type === 'list') {
        // Kafka accepts the list in either order and with spaces: "delete, compact".
        const items = [...new Set(text.split(',').map((s) => s.trim().toLowerCase()))].sort();
        text = items.join(',');
      }
      if (!allowed.includes(text)) return { problem: `must be one of ${allowed.join(' | ')}, got "${raw}"` };
      return { value: text as LogConfig[Field] };
    },
    format: (value) => String(value),
  };
}

function bool(): Pick<Entry, 'type' | 'parse' | 'format'> {
  return {
    type: 'boolean',
    parse(raw) {
      const text = raw.trim().toLowerCase();
      if (text !== 'true' && text !== 'false') return { problem: `must be true or false, got "${raw}"` };
      return { value: text === 'true' };
    },
    format: (value) => String(value),
  };
}

const WEEK_MS = '604800000';

const ENTRIES: readonly Entry[] = [
  { name: 'segment.bytes', field: 'segmentBytes', defaultValue: '1073741824', ...integer('int', 14), documentation: 'Size of one log segment file; the log rolls a new segment before an append would pass it.' },
  { name: 'segment.ms', field: 'segmentMs', defaultValue: WEEK_MS, ...integer('long', 1), documentation: 'Roll a new segment after this long even if it is not full, so retention can delete old data.' },
  { name: 'segment.jitter.ms', field: 'segmentJitterMs', defaultValue: '0', ...integer('long', 0), documentation: 'Random jitter subtracted from segment.ms so that segments do not all roll at once.' },
  { name: 'segment.index.bytes', field: 'segmentIndexBytes', defaultValue: '10485760', ...integer('int', 4), documentation: 'Maximum size of a segment\'s offset index; the segment rolls when the index is full.' },
  { name: 'index.interval.bytes', field: 'indexIntervalBytes', defaultValue: '4096', ...integer('int', 0), documentation: 'Bytes of log between two entries of the sparse offset and time indexes.' },
  { name: 'retention.ms', field: 'retentionMs', defaultValue: WEEK_MS, ...integer('long', -1), documentation: 'Delete a segment once its newest record is older than this (-1: keep forever). Applies with cleanup.policy delete.' },
  { name: 'retention.bytes', field: 'retentionBytes', defaultValue: '-1', ...integer('long', -Infinity), documentation: 'Delete the oldest segments while the partition is larger than this (-1: no limit). Applies with cleanup.policy delete.' },
  { name: 'flush.messages', field: 'flushMessages', defaultValue: LONG_MAX_VALUE, ...integer('long', 1), documentation: 'fsync the log after this many unflushed records (default: leave it to the OS).' },
  { name: 'flush.ms', field: 'flushMs', defaultValue: LONG_MAX_VALUE, ...integer('long', 0), documentation: 'fsync the log when it has not been flushed for this long (default: leave it to the OS).' },
  { name: 'cleanup.policy', field: 'cleanupPolicy', defaultValue: 'delete', ...oneOf('list', ['delete', 'compact', 'compact,delete']), documentation: 'delete: drop old segments by retention; compact: keep the latest record per key; or both.' },
  { name: 'delete.retention.ms', field: 'deleteRetentionMs', defaultValue: '86400000', ...integer('long', 0), documentation: 'How long a tombstone stays readable after compaction first sees it.' },
  { name: 'min.compaction.lag.ms', field: 'minCompactionLagMs', defaultValue: '0', ...integer('long', 0), documentation: 'A record stays uncompacted at least this long.' },
  { name: 'max.compaction.lag.ms', field: 'maxCompactionLagMs', defaultValue: LONG_MAX_VALUE, ...integer('long', 1), documentation: 'A record becomes eligible for compaction after at most this long, whatever the dirty ratio.' },
  { name: 'min.cleanable.dirty.ratio', field: 'minCleanableDirtyRatio', defaultValue: '0.5', ...ratio(), documentation: 'Compact once this fraction of the log is dirty (written since the last compaction).' },
  { name: 'max.message.bytes', field: 'maxMessageBytes', defaultValue: '1048588', ...integer('int', 0), documentation: 'Largest record batch the log accepts, in bytes.' },
  { name: 'message.timestamp.type', field: 'messageTimestampType', defaultValue: 'CreateTime', ...oneOf('string', ['CreateTime', 'LogAppendTime']), documentation: 'CreateTime keeps the producer\'s timestamps; LogAppendTime stamps each batch with the broker\'s time.' },
  { name: 'file.delete.delay.ms', field: 'fileDeleteDelayMs', defaultValue: '60000', ...integer('long', 0), documentation: 'Kafka waits this long before deleting a removed segment\'s files. NB: Oxbow deletes at once (reads copy bytes synchronously).' },
  { name: 'oxbow.fsync.on.append', field: 'fsyncOnAppend', defaultValue: 'false', ...bool(), documentation: 'Oxbow only: fsync the segment after every append, before acknowledging it.' },
];

const BY_NAME = new Map(ENTRIES.map((e) => [e.name, e]));

/** Every known topic config, with its default, in a stable order. */
export const LOG_CONFIG_DEFINITIONS: readonly LogConfigDefinition[] = ENTRIES.map(({ name, type, defaultValue, documentation }) => ({
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
  for (const entry of ENTRIES) {
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
  for (const entry of ENTRIES) out[entry.name] = entry.format(config[entry.field]);
  return out;
}

export function isCompacted(config: LogConfig): boolean {
  return config.cleanupPolicy !== 'delete';
}

export function isDeleteEnabled(config: LogConfig): boolean {
  return config.cleanupPolicy !== 'compact';
}
