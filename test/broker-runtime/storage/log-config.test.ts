import { describe, expect, it } from 'vitest';
import { KafkaError } from '../../../broker-runtime/errors.js';
import {
  DEFAULT_LOG_CONFIG,
  LOG_CONFIG_DEFINITIONS,
  describeLogConfig,
  isCompacted,
  isDeleteEnabled,
  parseLogConfig,
  timestampAfterMaxMs,
  timestampBeforeMaxMs,
} from '../../../broker-runtime/storage/log-config.js';

describe('LogConfig', () => {
  it("has Kafka's defaults", () => {
    expect(DEFAULT_LOG_CONFIG).toMatchObject({
      segmentBytes: 1073741824,
      segmentMs: 604800000,
      segmentIndexBytes: 10485760,
      indexIntervalBytes: 4096,
      retentionMs: 604800000,
      retentionBytes: -1,
      flushMessages: Infinity,
      flushMs: Infinity,
      cleanupPolicy: 'delete',
      deleteRetentionMs: 86400000,
      minCompactionLagMs: 0,
      maxCompactionLagMs: Infinity,
      minCleanableDirtyRatio: 0.5,
      maxMessageBytes: 1048588,
      messageTimestampType: 'CreateTime',
      fileDeleteDelayMs: 60000,
      segmentJitterMs: 0,
      fsyncOnAppend: false,
      minInsyncReplicas: 1,
      compressionType: 'producer',
      compressionGzipLevel: -1,
      compressionLz4Level: 9,
      compressionZstdLevel: 3,
      uncleanLeaderElectionEnable: false,
      preallocate: false,
      messageFormatVersion: '3.0-IV1',
      messageTimestampDifferenceMaxMs: Infinity,
      messageTimestampBeforeMaxMs: Infinity,
      messageTimestampAfterMaxMs: Infinity,
      messageDownconversionEnable: true,
      leaderReplicationThrottledReplicas: [],
      followerReplicationThrottledReplicas: [],
      remoteStorageEnable: false,
      localRetentionMs: -2,
      localRetentionBytes: -2,
      remoteLogCopyDisable: false,
      remoteLogDeleteOnDisable: false,
    });
  });

  it("lists Kafka 3.9's topic configs, and Oxbow's one of its own", () => {
    const kafka39 = [
      'cleanup.policy', 'compression.gzip.level', 'compression.lz4.level', 'compression.type', 'compression.zstd.level',
      'delete.retention.ms', 'file.delete.delay.ms', 'flush.messages', 'flush.ms', 'follower.replication.throttled.replicas',
      'index.interval.bytes', 'leader.replication.throttled.replicas', 'local.retention.bytes', 'local.retention.ms',
      'max.compaction.lag.ms', 'max.message.bytes', 'message.downconversion.enable', 'message.format.version',
      'message.timestamp.after.max.ms', 'message.timestamp.before.max.ms', 'message.timestamp.difference.max.ms',
      'message.timestamp.type', 'min.cleanable.dirty.ratio', 'min.compaction.lag.ms', 'min.insync.replicas', 'preallocate',
      'remote.log.copy.disable', 'remote.log.delete.on.disable', 'remote.storage.enable', 'retention.bytes', 'retention.ms',
      'segment.bytes', 'segment.index.bytes', 'segment.jitter.ms', 'segment.ms', 'unclean.leader.election.enable',
    ];
    expect(LOG_CONFIG_DEFINITIONS.map((d) => d.name).sort()).toEqual([...kafka39, 'oxbow.fsync.on.append'].sort());
    const byName = new Map(LOG_CONFIG_DEFINITIONS.map((d) => [d.name, d]));
    expect(byName.get('min.insync.replicas')).toMatchObject({ type: 'int', defaultValue: '1' });
    expect(byName.get('compression.type')).toMatchObject({ type: 'string', defaultValue: 'producer' });
    expect(byName.get('message.timestamp.after.max.ms')).toMatchObject({ type: 'long', defaultValue: '9223372036854775807' });
    expect(byName.get('leader.replication.throttled.replicas')).toMatchObject({ type: 'list', defaultValue: '' });
    expect(byName.get('local.retention.ms')).toMatchObject({ type: 'long', defaultValue: '-2' });
    // What Oxbow stores without acting on says so.
    for (const name of ['follower.replication.throttled.replicas', 'leader.replication.throttled.replicas', 'local.retention.ms',
      'local.retention.bytes', 'remote.storage.enable', 'message.downconversion.enable', 'preallocate']) {
      expect(byName.get(name)?.documentation).toContain('NB:');
    }
    // Enforced by acks=all produce since replication.
    expect(byName.get('min.insync.replicas')?.documentation).not.toContain('NB:');
  });

  it('parses the configs applications set routinely', () => {
    const config = parseLogConfig({
      'min.insync.replicas': '2',
      'compression.type': 'zstd',
      'compression.zstd.level': '-5',
      'compression.gzip.level': '9',
      'unclean.leader.election.enable': 'true',
      'preallocate': 'true',
      'message.timestamp.before.max.ms': '3600000',
      'message.downconversion.enable': 'false',
      'leader.replication.throttled.replicas': '0:1, 1:2',
      'follower.replication.throttled.replicas': '*',
      'local.retention.ms': '-1',
      'remote.storage.enable': 'false',
      'message.format.version': '2.8',
    });
    expect(config).toMatchObject({
      minInsyncReplicas: 2, compressionType: 'zstd', compressionZstdLevel: -5, compressionGzipLevel: 9, uncleanLeaderElectionEnable: true,
      preallocate: true, messageTimestampBeforeMaxMs: 3600000, messageDownconversionEnable: false,
      leaderReplicationThrottledReplicas: ['0:1', '1:2'], followerReplicationThrottledReplicas: ['*'], localRetentionMs: -1,
      messageFormatVersion: '2.8',
    });
    expect(describeLogConfig(config)).toMatchObject({
      'leader.replication.throttled.replicas': '0:1,1:2', 'follower.replication.throttled.replicas': '*', 'compression.type': 'zstd',
    });
  });

  it('takes the deprecated message.timestamp.difference.max.ms for a bound left at its default (KIP-937)', () => {
    expect([timestampBeforeMaxMs(DEFAULT_LOG_CONFIG), timestampAfterMaxMs(DEFAULT_LOG_CONFIG)]).toEqual([Infinity, Infinity]);
    const difference = parseLogConfig({ 'message.timestamp.difference.max.ms': '1000' });
    expect([timestampBeforeMaxMs(difference), timestampAfterMaxMs(difference)]).toEqual([1000, 1000]);
    const both = parseLogConfig({ 'message.timestamp.difference.max.ms': '1000', 'message.timestamp.after.max.ms': '50' });
    expect([timestampBeforeMaxMs(both), timestampAfterMaxMs(both)]).toEqual([1000, 50]);
    expect(describeLogConfig(both)['message.timestamp.before.max.ms']).toBe('9223372036854775807');
  });

  it('lists every known name with its default, and describes a config back under those names', () => {
    const names = LOG_CONFIG_DEFINITIONS.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['segment.bytes', 'retention.ms', 'cleanup.policy', 'flush.messages', 'oxbow.fsync.on.append']));
    const described = describeLogConfig(DEFAULT_LOG_CONFIG);
    for (const d of LOG_CONFIG_DEFINITIONS) expect(described[d.name]).toBe(d.defaultValue);
    expect(described['flush.ms']).toBe('9223372036854775807');
  });

  it('parses overrides on top of a base and keeps what was overridden', () => {
    const config = parseLogConfig({ 'retention.ms': '-1', 'cleanup.policy': 'delete, compact', 'min.cleanable.dirty.ratio': '0.1' });
    expect(config.retentionMs).toBe(-1);
    expect(config.cleanupPolicy).toBe('compact,delete');
    expect(isCompacted(config) && isDeleteEnabled(config)).toBe(true);
    expect(config.minCleanableDirtyRatio).toBe(0.1);
    expect(config.overrides).toEqual({ 'retention.ms': '-1', 'cleanup.policy': 'delete, compact', 'min.cleanable.dirty.ratio': '0.1' });
    const broker = parseLogConfig({ 'segment.bytes': '1000' });
    expect(parseLogConfig({ 'retention.bytes': '5' }, broker)).toMatchObject({ segmentBytes: 1000, retentionBytes: 5 });
  });

  it.each([
    ['segment.bytes', '10', /at least 14/],
    ['segment.bytes', '3000000000', /range of a int/],
    ['retention.ms', 'week', /must be an integer/],
    ['min.cleanable.dirty.ratio', '1.5', /between 0 and 1/],
    ['cleanup.policy', 'archive', /one of/],
    ['message.timestamp.type', 'createtime', /one of/],
    ['no.such.config', '1', /unknown topic config "no.such.config"/],
    ['min.insync.replicas', '0', /at least 1/],
    ['compression.type', 'brotli', /one of uncompressed \| zstd \| lz4 \| snappy \| gzip \| producer/],
    ['compression.type', 'GZIP', /one of/],
    ['compression.gzip.level', '0', /between 1 and 9 or equal to -1/],
    ['compression.gzip.level', '10', /between 1 and 9 or equal to -1/],
    ['compression.lz4.level', '18', /at most 17/],
    ['compression.zstd.level', '23', /at most 22/],
    ['compression.zstd.level', '-131073', /at least -131072/],
    ['unclean.leader.election.enable', 'yes', /true or false/],
    ['message.timestamp.before.max.ms', '-1', /at least 0/],
    ['message.timestamp.after.max.ms', 'soon', /must be an integer/],
    ['leader.replication.throttled.replicas', 'all', /literal '\*'/],
    ['follower.replication.throttled.replicas', '0:1,*', /literal '\*'/],
    ['local.retention.bytes', '-3', /at least -2/],
    ['remote.storage.enable', 'true', /tiered storage is disabled/],
    ['message.format.version', 'latest', /Kafka version/],
  ])('rejects %s=%s with INVALID_CONFIG', (name, value, message) => {
    let error: unknown;
    try {
      parseLogConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(KafkaError);
    expect((error as KafkaError).errorName).toBe('INVALID_CONFIG');
    expect((error as KafkaError).message).toMatch(message);
    expect((error as KafkaError).message).toContain(name);
  });

  it('treats a long past 2^53 as forever', () => {
    expect(parseLogConfig({ 'flush.messages': '9223372036854775807' }).flushMessages).toBe(Infinity);
    expect(parseLogConfig({ 'flush.messages': '1000' }).flushMessages).toBe(1000);
  });
});
