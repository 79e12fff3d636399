// Kafka 3.9's topic configs (storage's LogConfig.CONFIG): name, type, default, validation, and a
// sentence on each. log-config.ts builds LogConfig from them.
//
// Every config Kafka 3.9 has is here, including those Oxbow accepts and stores but does not act on
// (each says so with NB), because clients and tools set them routinely and Kafka accepts them.
// NB: Kafka also checks combinations (min.compaction.lag.ms <= max.compaction.lag.ms, the tiered
// storage retention rules); the controller validates topic configs one at a time, so Oxbow checks
// each value on its own only: a combination it refused here would break an existing topic's log.
import type { LogConfig } from './log-config.js';

export type LogConfigType = 'int' | 'long' | 'double' | 'boolean' | 'string' | 'list';

export interface LogConfigDefinition {
  readonly name: string;
  readonly type: LogConfigType;
  /** The default as DescribeConfigs reports it. */
  readonly defaultValue: string;
  readonly documentation: string;
}

export type LogConfigField = Exclude<keyof LogConfig, 'overrides'>;

type Value = LogConfig[LogConfigField];

export interface LogConfigEntry extends LogConfigDefinition {
  readonly field: LogConfigField;
  /** Returns the parsed value, or a sentence saying what is wrong with `raw`. */
  parse(raw: string): { value: Value } | { problem: string };
  format(value: Value): string;
}

type Codec = Pick<LogConfigEntry, 'type' | 'parse' | 'format'>;

export const LONG_MAX_VALUE = '9223372036854775807';

function integer(type: 'int' | 'long', min: number, max = Infinity): Codec {
  return {
    type,
    parse(raw) {
      const text = raw.trim();
      if (!/^[+-]?\d+$/.test(text)) return { problem: `must be an integer, got "${raw}"` };
      const big = BigInt(text);
      const [lo, hi] = type === 'int' ? [-(2n ** 31n), 2n ** 31n - 1n] : [-(2n ** 63n), 2n ** 63n - 1n];
      if (big < lo || big > hi) return { problem: `is outside the range of a ${type}: ${raw}` };
      // Past 2^53 a long can only mean "effectively forever" (see log-config.ts's invariant).
      const value = big > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : big < -BigInt(Number.MAX_SAFE_INTEGER) ? -Infinity : Number(big);
      if (value < min) return { problem: `must be at least ${min}, got ${raw}` };
      if (value > max) return { problem: `must be at most ${max}, got ${raw}` };
      return { value };
    },
    format: (value) => (value === Infinity ? LONG_MAX_VALUE : String(value)),
  };
}

/** An int that may also be exactly `sentinel` below its range (gzip's -1: the codec's own default). */
function levelOrDefault(min: number, max: number, sentinel: number): Codec {
  const { parse, ...rest } = integer('int', -Infinity);
  return {
    ...rest,
    parse(raw) {
      const parsed = parse(raw);
      const level = 'value' in parsed ? (parsed.value as number) : NaN;
      if ('problem' in parsed || level === sentinel || (level >= min && level <= max)) return parsed;
      return { problem: `must be between ${min} and ${max} or equal to ${sentinel}, got ${raw}` };
    },
  };
}

function ratio(): Codec {
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

function oneOf(type: 'string' | 'list', allowed: readonly string[]): Codec {
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
      return { value: text };
    },
    format: (value) => String(value),
  };
}

function bool(): Codec {
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

/** Kafka's ThrottledReplicaListValidator: '*', or partitionId:brokerId pairs; empty means none. */
function throttledReplicas(): Codec {
  return {
    type: 'list',
    parse(raw) {
      const items = raw.trim() === '' ? [] : raw.split(',').map((s) => s.trim());
      if (items.join('') === '*' || items.every((s) => /^(\d+:\d+)?$/.test(s))) return { value: items };
      return { problem: `must be the literal '*' or a list of replicas as [partitionId]:[brokerId],..., got "${raw}"` };
    },
    format: (value) => (value as readonly string[]).join(','),
  };
}

/** A Kafka release or metadata version such as 2.8, 3.0-IV1 or 0.10.2. */
function metadataVersion(): Codec {
  return {
    type: 'string',
    parse(raw) {
      const text = raw.trim();
      if (!/^\d+\.\d+(\.\d+)?(-IV\d+)?$/.test(text)) return { problem: `must be a Kafka version such as 3.0-IV1, got "${raw}"` };
      return { value: text };
    },
    format: (value) => String(value),
  };
}

/** remote.storage.enable: a boolean that can only be false here (see its documentation). */
function remoteStorage(): Codec {
  const { parse, ...rest } = bool();
  return {
    ...rest,
    parse(raw) {
      const parsed = parse(raw);
      if ('value' in parsed && parsed.value === true) {
        return { problem: 'cannot be true: tiered storage is disabled in this broker (Oxbow has none), so a topic cannot use remote log storage' };
      }
      return parsed;
    },
  };
}

const WEEK_MS = '604800000';

/** zstd's own level range (ZSTD_minCLevel to ZSTD_MAX_CLEVEL), as Kafka validates it. */
const ZSTD_MIN_LEVEL = -131072;

const tiered = 'NB: stored only; Oxbow has no tiered storage.';

export const LOG_CONFIG_ENTRIES: readonly LogConfigEntry[] = [
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
  { name: 'max.message.bytes', field: 'maxMessageBytes', defaultValue: '1048588', ...integer('int', 0), documentation: 'Largest record batch the log accepts, in bytes (after any re-compression for compression.type).' },
  { name: 'message.timestamp.type', field: 'messageTimestampType', defaultValue: 'CreateTime', ...oneOf('string', ['CreateTime', 'LogAppendTime']), documentation: 'CreateTime keeps the producer\'s timestamps; LogAppendTime stamps each batch with the broker\'s time.' },
  { name: 'message.timestamp.before.max.ms', field: 'messageTimestampBeforeMaxMs', defaultValue: LONG_MAX_VALUE, ...integer('long', 0), documentation: 'With CreateTime, refuse a batch (INVALID_TIMESTAMP) holding a record stamped more than this long before the broker\'s clock.' },
  { name: 'message.timestamp.after.max.ms', field: 'messageTimestampAfterMaxMs', defaultValue: LONG_MAX_VALUE, ...integer('long', 0), documentation: 'With CreateTime, refuse a batch (INVALID_TIMESTAMP) holding a record stamped more than this long after the broker\'s clock.' },
  { name: 'message.timestamp.difference.max.ms', field: 'messageTimestampDifferenceMaxMs', defaultValue: LONG_MAX_VALUE, ...integer('long', 0), documentation: 'Deprecated by KIP-937: the bound in both directions for whichever of message.timestamp.before.max.ms and after.max.ms is left at its default.' },
  { name: 'message.format.version', field: 'messageFormatVersion', defaultValue: '3.0-IV1', ...metadataVersion(), documentation: 'Deprecated: the record format to write. Kafka 3.0 and later ignore it and always write v2 batches; so does Oxbow, which only checks that it names a version.' },
  { name: 'message.downconversion.enable', field: 'messageDownconversionEnable', defaultValue: 'true', ...bool(), documentation: 'Whether Fetch may convert batches to the older formats old consumers ask for. NB: no effect; Oxbow serves Fetch v4 and later only, so it never down-converts.' },
  { name: 'compression.type', field: 'compressionType', defaultValue: 'producer', ...oneOf('string', ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer']), documentation: 'The codec the log stores: producer keeps each batch as the client compressed it; any other value makes the leader re-compress batches that arrive in a different codec.' },
  { name: 'compression.gzip.level', field: 'compressionGzipLevel', defaultValue: '-1', ...levelOrDefault(1, 9, -1), documentation: 'gzip level for compression.type=gzip, 1 (fastest) to 9 (smallest), or -1 for the codec\'s default. NB: stored only; Oxbow re-compresses at the codec library\'s default level.' },
  { name: 'compression.lz4.level', field: 'compressionLz4Level', defaultValue: '9', ...integer('int', 1, 17), documentation: 'lz4 level for compression.type=lz4, 1 to 17. NB: stored only; Oxbow re-compresses at the codec library\'s default level.' },
  { name: 'compression.zstd.level', field: 'compressionZstdLevel', defaultValue: '3', ...integer('int', ZSTD_MIN_LEVEL, 22), documentation: 'zstd level for compression.type=zstd, up to 22; negative levels trade ratio for speed. NB: stored only; Oxbow re-compresses at the codec library\'s default level (3).' },
  { name: 'min.insync.replicas', field: 'minInsyncReplicas', defaultValue: '1', ...integer('int', 1), documentation: 'With acks=all, the fewest in-sync replicas that must hold a write before it is acknowledged (else NOT_ENOUGH_REPLICAS).' },
  { name: 'unclean.leader.election.enable', field: 'uncleanLeaderElectionEnable', defaultValue: 'false', ...bool(), documentation: 'Let a replica outside the ISR become leader when no in-sync replica is left, losing the records it lacks. NB: stored only; partitions have a single replica until replication lands.' },
  { name: 'leader.replication.throttled.replicas', field: 'leaderReplicationThrottledReplicas', defaultValue: '', ...throttledReplicas(), documentation: 'Replicas (partitionId:brokerId pairs, or * for all) whose replication the leader throttles. NB: stored only; Oxbow does not throttle replication.' },
  { name: 'follower.replication.throttled.replicas', field: 'followerReplicationThrottledReplicas', defaultValue: '', ...throttledReplicas(), documentation: 'Replicas (partitionId:brokerId pairs, or * for all) whose fetching the follower throttles. NB: stored only; Oxbow does not throttle replication.' },
  { name: 'preallocate', field: 'preallocate', defaultValue: 'false', ...bool(), documentation: 'Create each new segment file at its full size up front. NB: stored only; Oxbow segment files grow as they are written.' },
  { name: 'remote.storage.enable', field: 'remoteStorageEnable', defaultValue: 'false', ...remoteStorage(), documentation: 'Copy closed segments to remote (tiered) storage. NB: Oxbow has no tiered storage, so true is refused, as Kafka refuses it on a broker with remote.log.storage.system.enable=false.' },
  { name: 'local.retention.ms', field: 'localRetentionMs', defaultValue: '-2', ...integer('long', -2), documentation: `With tiered storage, how long a segment stays on local disk (-2: retention.ms, -1: forever). ${tiered}` },
  { name: 'local.retention.bytes', field: 'localRetentionBytes', defaultValue: '-2', ...integer('long', -2), documentation: `With tiered storage, how many bytes a partition keeps on local disk (-2: retention.bytes, -1: no limit). ${tiered}` },
  { name: 'remote.log.copy.disable', field: 'remoteLogCopyDisable', defaultValue: 'false', ...bool(), documentation: `With tiered storage, stop copying segments to remote storage but keep reading what is there. ${tiered}` },
  { name: 'remote.log.delete.on.disable', field: 'remoteLogDeleteOnDisable', defaultValue: 'false', ...bool(), documentation: `With tiered storage, delete the remote data when remote.storage.enable is turned off. ${tiered}` },
  { name: 'file.delete.delay.ms', field: 'fileDeleteDelayMs', defaultValue: '60000', ...integer('long', 0), documentation: 'Kafka waits this long before deleting a removed segment\'s files. NB: Oxbow deletes at once (reads copy bytes synchronously).' },
  { name: 'oxbow.fsync.on.append', field: 'fsyncOnAppend', defaultValue: 'false', ...bool(), documentation: 'Oxbow only: fsync the segment after every append, before acknowledging it.' },
];
